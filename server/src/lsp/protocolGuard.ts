/**
 * The LSP rules vscode-languageserver leaves to the server:
 *
 * - Framing (stdio): every message starts with headers holding a non-negative integer Content-Length.
 *   The library's reader reports a missing or non-numeric length and then waits for more bytes forever
 *   (and reads a negative one as a body it can never complete): the server stays alive and deaf. Once
 *   framing is lost nothing after it can be trusted, so the server says why on stderr and exits 1, and
 *   the client can restart it.
 * - Shutdown: after `shutdown`, every further request is answered with InvalidRequest (-32600); only
 *   the `exit` notification is still served (exit code 0 after shutdown, 1 without, by the library).
 */
import { ErrorCodes, ResponseError, type Connection, type Message, type MessageStrategy, type RequestMessage } from 'vscode-languageserver/node';

/** Headers longer than this without the blank line that ends them are not LSP. */
const MAX_HEADER_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Follows the byte stream's framing alongside the library's reader and returns a description of the
 * first violation, or undefined while the stream is well framed.
 */
export class FramingValidator {
  private pending: Buffer = Buffer.alloc(0);
  /** Body bytes of the current message still to skip. */
  private bodyLeft = 0;
  private failed: string | undefined;

  push(chunk: Buffer): string | undefined {
    if (this.failed) return this.failed;
    let data = chunk;
    while (data.length > 0) {
      if (this.bodyLeft > 0) {
        const skip = Math.min(this.bodyLeft, data.length);
        this.bodyLeft -= skip;
        data = data.subarray(skip);
        continue;
      }
      this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
      data = Buffer.alloc(0);
      const end = this.pending.indexOf(HEADER_END);
      if (end === -1) {
        if (this.pending.length > MAX_HEADER_BYTES) return (this.failed = `message headers longer than ${MAX_HEADER_BYTES} bytes without the blank line that ends them`);
        return undefined;
      }
      const problem = contentLengthProblem(this.pending.subarray(0, end).toString('ascii'));
      if (typeof problem === 'string') return (this.failed = problem);
      this.bodyLeft = problem;
      data = this.pending.subarray(end + HEADER_END.length);
      this.pending = Buffer.alloc(0);
    }
    return undefined;
  }
}

/** The body length the headers announce, or what is wrong with them. */
function contentLengthProblem(headers: string): number | string {
  let length: number | undefined;
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a message header without "name: value" (${JSON.stringify(line.slice(0, 40))})`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,15}$/.test(value)) return `Content-Length is not a non-negative number (${JSON.stringify(value.slice(0, 40))})`;
    length = Number(value);
  }
  return length ?? 'a message without a Content-Length header';
}

/**
 * Watches stdin's framing and exits the process (code 1, reason on stderr) at the first violation.
 * Call after the connection listens: the check runs before the library's reader sees the bytes.
 */
export function exitOnBrokenFraming(input: NodeJS.ReadableStream, onBroken: (reason: string) => void): void {
  const validator = new FramingValidator();
  input.prependListener('data', (chunk: Buffer | string) => {
    const problem = validator.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (problem) onBroken(problem);
  });
}

const AFTER_SHUTDOWN = 'stsLens/internal/requestAfterShutdown';

/**
 * A message strategy (ConnectionOptions.messageStrategy) that turns every request after `shutdown`
 * into one the server answers with InvalidRequest; `install` registers that answer on the connection.
 */
export function shutdownGuard(): { messageStrategy: MessageStrategy; install(connection: Connection): void } {
  let shutdown = false;
  return {
    messageStrategy: {
      handleMessage(message: Message, next: (message: Message) => void): void {
        const request = message as Partial<RequestMessage>;
        const isRequest = typeof request.method === 'string' && request.id !== undefined && request.id !== null;
        if (isRequest && shutdown) {
          next({ ...message, method: AFTER_SHUTDOWN, params: { method: request.method } } as RequestMessage);
          return;
        }
        if (isRequest && request.method === 'shutdown') shutdown = true;
        next(message);
      },
    },
    install(connection: Connection): void {
      connection.onRequest(AFTER_SHUTDOWN, (params: { method?: string }) => {
        throw new ResponseError(ErrorCodes.InvalidRequest, `the server is shutting down: ${String(params.method)} is not served after shutdown`);
      });
    },
  };
}
