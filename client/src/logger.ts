/**
 * The one logger the client writes through. Secret access keys and session tokens never reach a sink:
 * every value registered with {@link RedactingLogger.addSecret} is replaced, and anything that looks like
 * a secret (40-char secret keys, long session tokens, `aws_secret_access_key = ...`) is masked as well,
 * so an error object from the SDK cannot leak one by accident.
 */

export type LogSink = (line: string) => void;
export type LogLevel = 'info' | 'warn' | 'error';

const REDACTED = '***';

/** Patterns masked even when the value was never registered. */
const SECRET_PATTERNS: RegExp[] = [
  // key = value forms (INI, env exports, JSON, query strings)
  /((?:aws_)?secret_?access_?key|SecretAccessKey|secretAccessKey|aws_session_token|SessionToken|sessionToken|session_token|X-Amz-Security-Token)(["']?\s*[:=]\s*["']?|=)([^\s"'&,}]+)/gi,
  // PowerShell / fish forms: $Env:AWS_SECRET_ACCESS_KEY = '...', set -gx AWS_SESSION_TOKEN '...'
  /(AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)(\s+|\s*=\s*)(['"]?)[^\s'"]+/g,
];

export class RedactingLogger {
  private readonly secrets = new Set<string>();

  constructor(private readonly sink: LogSink, private readonly now: () => Date = () => new Date()) {}

  /** Registers a value that must never be written (a secret key, a session token). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    // longest first so a token containing another secret is masked whole
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    out = out.replace(SECRET_PATTERNS[0]!, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
    out = out.replace(SECRET_PATTERNS[1]!, (_m, key: string, sep: string, q: string) => `${key}${sep}${q}${REDACTED}`);
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
