/**
 * The one logger the client writes through. Secret access keys and session tokens never reach a sink:
 * every value registered with {@link RedactingLogger.addSecret} is replaced, and anything that looks like
 * a secret (40-char secret keys, long session tokens, `aws_secret_access_key = ...`) is masked as well,
 * so an error object from the SDK cannot leak one by accident.
 */

export type LogSink = (line: string) => void;
export type LogLevel = 'info' | 'warn' | 'error';

const REDACTED = '***';

/**
 * Registered values shorter than this are not masked: real secret keys are 40 characters and session
 * tokens hundreds, while a short value (a test stub, a truncated field) would mask ordinary words such as
 * error codes wherever they appear.
 */
export const MIN_SECRET_LENGTH = 16;

/** Names whose value is a secret: INI, env exports, JSON, query strings, the console federation's
 * Session JSON (sessionKey, sessionToken) and its login URL (SigninToken). */
const SECRET_KEYS = String.raw`(?:aws_)?secret_?access_?key|aws_session_token|session_?token|x-amz-security-token|sessionKey|SigninToken`;

/** Masks applied even when the value was never registered, in this order. */
const SECRET_PATTERNS: [RegExp, string][] = [
  // key: "value" / key = 'value': the whole quoted value
  [new RegExp(String.raw`(${SECRET_KEYS})(["']?\s*[:=]\s*)(["'])(?:(?!\3)[^\n])*\3`, 'gi'), `$1$2$3${REDACTED}$3`],
  // the same inside a URL: %22sessionKey%22%3A%22<value>%22, SessionToken%3D<value>
  [new RegExp(String.raw`(${SECRET_KEYS})((?:%22)?%3[AD](?:%22)?)(?:(?!%22)[^&\s"'])+`, 'gi'), `$1$2${REDACTED}`],
  // key=value unquoted (query strings, INI)
  [new RegExp(String.raw`(${SECRET_KEYS})(["']?\s*[:=]\s*)(?!\*\*\*)[^\s"'&,}]+`, 'gi'), `$1$2${REDACTED}`],
  // fish and PowerShell forms: set -gx AWS_SESSION_TOKEN 'value', $Env:AWS_SECRET_ACCESS_KEY = 'value'
  [/(AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)(\s+)(["'])(?:(?!\3)[^\n])*\3/g, `$1$2$3${REDACTED}$3`],
  [/(AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)(\s+)(?![=*'"])[^\s'"]+/g, `$1$2${REDACTED}`],
  // the getSigninToken query parameter holds the whole session JSON
  [/([?&]Session=)[^&\s#]+/g, `$1${REDACTED}`],
];

export class RedactingLogger {
  private readonly secrets = new Set<string>();

  constructor(private readonly sink: LogSink, private readonly now: () => Date = () => new Date()) {}

  /**
   * Registers a value that must never be written (a secret key, a session token), with the encoded
   * forms it takes inside a URL or a query string.
   */
  addSecret(value: string | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    const encoded = encodeURIComponent(value);
    for (const form of [value, encoded, encoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), new URLSearchParams({ v: value }).toString().slice(2)]) this.secrets.add(form);
  }

  redact(text: string): string {
    let out = text;
    // longest first so a token containing another secret is masked whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    for (const [pattern, mask] of SECRET_PATTERNS) out = out.replace(pattern, mask);
    return out;
  }

  info(message: string, ...details: unknown[]): void {
    this.write('info', message, details);
  }
  warn(message: string, ...details: unknown[]): void {
    this.write('warn', message, details);
  }
  error(message: string, ...details: unknown[]): void {
    this.write('error', message, details);
  }

  private write(level: LogLevel, message: string, details: unknown[]): void {
    const rest = details.map(describe).filter(Boolean).join(' ');
    const line = `[${this.now().toISOString()}] [${level}] ${message}${rest ? ' ' + rest : ''}`;
    this.sink(this.redact(line));
  }
}

/** A loggable form of a value; errors show name, message and HTTP status only (never the request). */
function describe(value: unknown): string {
  if (value instanceof Error) {
    const status = (value as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return `${value.name}: ${value.message}${status ? ` (HTTP ${status})` : ''}`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
