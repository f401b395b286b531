/**
 * The server's one logger: everything goes through `redact` (access keys, secret keys and session
 * tokens never reach the log), and internal errors (a rule or extractor that throws) are reported
 * once per place and message, not on every keystroke.
 */
export interface LogSink {
  log(message: string): void;
  error(message: string): void;
}

const ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
const SECRET_ASSIGNMENT = /((?:aws_)?(?:secret_access_key|session_token|secretAccessKey|sessionToken|SecretAccessKey|SessionToken)["']?\s*[:=]\s*["']?)[^\s"',}]+/g;
const LONG_BASE64 = /\b[A-Za-z0-9/+]{40,}={0,2}/g;

export function redact(message: string): string {
  return message.replace(SECRET_ASSIGNMENT, '$1«redacted»').replace(ACCESS_KEY, (k) => `${k.slice(0, 4)}…«redacted»`).replace(LONG_BASE64, '«redacted»');
}

export class ServerLog {
  private readonly reported = new Set<string>();

  constructor(private readonly sink: LogSink) {}

  info(message: string): void {
    this.sink.log(redact(message));
  }

  /** Logs an internal error once per (where, message). */
  internalError(where: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const key = `${where}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const stack = error instanceof Error && error.stack ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : '';
    this.sink.error(redact(`STS Lens: ${where} failed: ${message}${stack} (further identical errors are not logged)`));
  }
}
