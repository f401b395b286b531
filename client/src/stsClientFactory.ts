/**
 * The production STS client: a time limit per attempt, a bounded number of attempts with exponential
 * backoff for the faults worth retrying (network, 5xx, throttling), cancellation by the user, and the
 * endpoint that really answered recorded (the console sign-in refuses sessions not issued by AWS).
 *
 * Retries are done here rather than by the SDK so that every attempt gets a hard deadline (the SDK's
 * `requestTimeout` only logs a warning unless opted in, so a server that never answers hung the command)
 * and so that a cancel also ends a backoff wait. Cancellation reaches the client through
 * {@link withCancellation} (AsyncLocalStorage), so the credential service needs no extra parameter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { STSClient } from '@aws-sdk/client-sts';
import { addRgwErrorCodeMiddleware, isTransientStsError, StsLensError } from './errors';
import type { StsClientFactory, StsClientOptions } from './credentialService';

export interface StsCallLimits {
  /** Requests per call, the first included. */
  maxAttempts: number;
  /** Time limit of one attempt, connection included. */
  attemptTimeoutMs: number;
  /** Time limit of the TCP/TLS connection phase. */
  connectTimeoutMs: number;
  /** Backoff before retry n (1-based) is min(maxDelayMs, baseDelayMs * 2^(n-1)), with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_STS_CALL_LIMITS: StsCallLimits = { maxAttempts: 3, attemptTimeoutMs: 10_000, connectTimeoutMs: 5_000, baseDelayMs: 300, maxDelayMs: 5_000 };

export interface StsCallHooks {
  /** Waits between attempts; resolves early (and the call ends) when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** 0 <= x < 1, for the jitter; tests pass () => 1 - Number.EPSILON to see the full delay. */
  random?: () => number;
  /** Told before each retry (the log says why a call is slow). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

const cancellation = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` so that every STS call made inside it ends when `signal` aborts (the user pressed Cancel). */
export function withCancellation<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return cancellation.run(signal, fn);
}

const endpointsUsed = new WeakMap<object, string>();

/** The endpoint (`https://host[:port]`) the last request of a client from this factory went to. */
export function endpointUsedBy(client: object): string | undefined {
  return endpointsUsed.get(client);
}

export function backoffDelay(attempt: number, limits: Pick<StsCallLimits, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const cap = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(cap * random());
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // an 'abort' listener added after the abort never fires
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function cancelledError(): StsLensError {
  return new StsLensError({ code: 'Cancelled', message: 'The request to STS was cancelled; nothing changed.', nextStep: 'Run the command again when ready.', retryable: false });
}

function timeoutError(limits: StsCallLimits, attempts: number): StsLensError {
  return new StsLensError({
    code: 'Timeout',
    message: `STS did not answer within ${seconds(limits.attemptTimeoutMs)} s (${attempts} attempt${attempts === 1 ? '' : 's'}); nothing changed.`,
    nextStep: 'Check the network, proxy and the stsLens.stsEndpoint setting, then retry.',
    retryable: true,
  });
}

const seconds = (ms: number) => (ms % 1000 ? (ms / 1000).toFixed(1) : String(ms / 1000));

type Send = Pick<STSClient, 'send'>['send'];

export function createStsClientFactory(limits: StsCallLimits = DEFAULT_STS_CALL_LIMITS, hooks: StsCallHooks = {}): StsClientFactory {
  const sleep = hooks.sleep ?? abortableSleep;
  const random = hooks.random ?? Math.random;
  return ({ region, endpoint, credentials }: StsClientOptions) => {
    const client = addRgwErrorCodeMiddleware(
      new STSClient({
        region,
        endpoint: endpoint || undefined,
        credentials,
        maxAttempts: 1,
        requestHandler: { connectionTimeout: limits.connectTimeoutMs, requestTimeout: limits.attemptTimeoutMs, throwOnRequestTimeout: true },
      }),
    );
    const wrapper = {} as Pick<STSClient, 'send'>;
    client.middlewareStack.add(
      (next) => async (args) => {
        const req = (args as { request?: { protocol?: string; hostname?: string; port?: number } }).request;
        if (req?.hostname) endpointsUsed.set(wrapper, `${req.protocol ?? 'https:'}//${req.hostname}${req.port ? `:${req.port}` : ''}`);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'stsLensEndpointUsed' },
    );
    const send = async (command: Parameters<Send>[0]) => {
      const cancel = cancellation.getStore();
      for (let attempt = 1; ; attempt++) {
        if (cancel?.aborted) throw cancelledError();
        const attemptCtl = new AbortController();
        const timer = setTimeout(() => attemptCtl.abort(), limits.attemptTimeoutMs);
        const onCancel = () => attemptCtl.abort();
        cancel?.addEventListener('abort', onCancel, { once: true });
        try {
          return await client.send(command as never, { abortSignal: attemptCtl.signal });
        } catch (e) {
          if (cancel?.aborted) throw cancelledError();
          const timedOut = attemptCtl.signal.aborted;
          if (!timedOut && !isTransientStsError(e)) throw e;
          if (attempt >= limits.maxAttempts) {
            if (timedOut) throw timeoutError(limits, attempt);
            throw Object.assign(e as object, { $stsLensAttempts: attempt });
          }
          const delayMs = backoffDelay(attempt, limits, random);
          hooks.onRetry?.({ attempt, delayMs, reason: timedOut ? 'timeout' : describeFault(e) });
          await sleep(delayMs, cancel);
          if (cancel?.aborted) throw cancelledError();
        } finally {
          clearTimeout(timer);
          cancel?.removeEventListener('abort', onCancel);
        }
      }
    };
    wrapper.send = send as Send;
    return wrapper;
  };
}

function describeFault(e: unknown): string {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  return [err.code ?? err.name, err.$metadata?.httpStatusCode ? `HTTP ${err.$metadata.httpStatusCode}` : ''].filter(Boolean).join(' ');
}

/** The factory the extension uses. */
export const defaultStsClientFactory: StsClientFactory = createStsClientFactory();
