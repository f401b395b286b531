/**
 * What the client does when the language server dies: restart it, a bounded number of times in a time
 * window, and tell the user once. vscode-languageclient's default handler shows a toast for every
 * restart ("Connection to server got closed. Server will restart.") once the output channel is set to
 * reveal on info, and its give-up message points at an output channel most users never open. Pure: the
 * clock is injected and the vscode adapter lives in languageClient.ts.
 */

import { OUTPUT_CHANNELS } from './outputChannels';

export interface CrashDecision {
  restart: boolean;
  /** A message to show the user now, or undefined to stay quiet (the log always gets `log`). */
  notify?: string;
  log: string;
}

export interface CrashPolicyOptions {
  /** Restarts allowed within `windowMs`; one more crash in the window stops the server. */
  maxRestarts: number;
  windowMs: number;
  clock?: () => number;
}

/** Errors on one connection before it is given up (a crash is reported by closed(), not here). */
export const MAX_CONNECTION_ERRORS = 50;

export const DEFAULT_CRASH_POLICY: CrashPolicyOptions = { maxRestarts: 4, windowMs: 3 * 60_000 };

export class ServerCrashPolicy {
  private readonly crashes: number[] = [];
  private told = false;
  private readonly clock: () => number;

  constructor(private readonly options: CrashPolicyOptions = DEFAULT_CRASH_POLICY) {
    this.clock = options.clock ?? Date.now;
  }

  /** Total crashes seen (for the log and tests). */
  get count(): number {
    return this.crashes.length;
  }

  /** The server's connection closed without a stop request. */
  closed(): CrashDecision {
    const now = this.clock();
    this.crashes.push(now);
    const recent = this.crashes.filter((t) => now - t <= this.options.windowMs).length;
    if (recent > this.options.maxRestarts) {
      const minutes = Math.round(this.options.windowMs / 60_000);
      return {
        restart: false,
        notify: `STS Lens: the language server stopped ${recent} times in ${minutes} minutes and will not be restarted; STS checks are off in the editor until the window is reloaded (Developer: Reload Window). The "${OUTPUT_CHANNELS.languageServer}" output has the details.`,
        log: `language server crashed (${recent} times in ${minutes} min): not restarting`,
      };
    }
    const first = !this.told;
    this.told = true;
    return {
      restart: true,
      // said once per window: a server that keeps crashing must not bury the user in toasts
      notify: first ? `STS Lens: the language server stopped unexpectedly and was restarted. Diagnostics continue; the "${OUTPUT_CHANNELS.languageServer}" output has the details.` : undefined,
      log: `language server crashed (crash ${this.crashes.length}); restarting`,
    };
  }

  /**
   * An error on the connection (a write failed, a message could not be read). A killed server makes every
   * pending write fail (EPIPE), often more than three times: shutting down then (the library's default)
   * turned a crash into "will not be restarted". Continue, and let closed() decide; only a connection that
   * keeps failing while the process lives is shut down.
   */
  error(count: number | undefined): { shutdown: boolean } {
    return { shutdown: count !== undefined && count > MAX_CONNECTION_ERRORS };
  }
}
