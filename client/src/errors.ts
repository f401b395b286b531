/**
 * STS errors as plain messages with a next step. Real AWS answers with an awsQuery error whose name is
 * the code (AccessDenied, ValidationError, ExpiredToken, RegionDisabledException, Throttling...).
 * Ceph RGW answers with an S3-style body the awsQuery deserializer cannot read, so the SDK reports
 * `name "Unknown"`, `message "UnknownError"`: there we map by the HTTP status and by the code that
 * {@link addRgwErrorCodeMiddleware} copies from the body into the `x-rgw-error-code` header.
 * Messages never contain credentials: only codes, statuses, ARNs and numbers we already hold.
 */
import { Readable } from 'node:stream';
import { humanDuration, ROLE_CHAINING_MAX } from '../../server/src/analysis/limits';

export type ProblemCode =
  | 'AccessDenied'
  | 'DurationExceedsRoleMax'
  | 'ChainedDurationTooLong'
  | 'InvalidParameter'
  | 'MalformedPolicy'
  | 'PolicyTooLarge'
  | 'ExpiredToken'
  | 'InvalidCredentials'
  | 'RegionDisabled'
  | 'Throttling'
  | 'Network'
  | 'RoleNotFound'
  | 'NotSupported'
  | 'NoSourceCredentials'
  | 'Validation'
  | 'Timeout'
  | 'Cancelled'
  | 'ServerError'
  | 'MalformedResponse'
  | 'Unknown';

export interface StsProblem {
  code: ProblemCode;
  /** What went wrong, in plain words. */
  message: string;
  /** What to do about it. */
  nextStep: string;
  /** True when trying again unchanged may work (network, throttling). */
  retryable: boolean;
  /** The code the server sent, for the log. */
  serverCode?: string;
  httpStatus?: number;
}

/** An error whose message is already fit to show; thrown by the credential service. */
export class StsLensError extends Error {
  constructor(readonly problem: StsProblem) {
    super(`${problem.message} ${problem.nextStep}`.trim());
    this.name = 'StsLensError';
  }
}

export interface ErrorContext {
  operation: 'AssumeRole' | 'GetSessionToken' | 'GetCallerIdentity' | 'getSigninToken';
  roleArn?: string;
  durationSeconds?: number;
  chained?: boolean;
  externalId?: boolean;
  mfa?: boolean;
  region?: string;
  /** The request was signed with temporary credentials (a session token), which the server may reject. */
  temporarySource?: boolean;
}

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined>; statusCode?: number };
  $retryable?: unknown;
  /** Set by the STS client factory when the error is the last of several attempts. */
  $stsLensAttempts?: number;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT']);
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'RequestThrottled']);

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

/** Worth another attempt unchanged: the network, a server error, throttling. */
export function isTransientStsError(error: unknown): boolean {
  const e = (error ?? {}) as SdkLikeError;
  if (error instanceof StsLensError) return false;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (status !== undefined && TRANSIENT_STATUS.has(status)) return true;
  const code = serverErrorCode(error);
  if (code && THROTTLING.has(code)) return true;
  return status === undefined && isNetworkError(e);
}

/** The server's error code: the SDK's name for AWS, the recovered body code for Ceph. */
export function serverErrorCode(error: unknown): string | undefined {
  const e = (error ?? {}) as SdkLikeError;
  const rgw = e.$response?.headers?.['x-rgw-error-code'];
  if (rgw) return rgw;
  if (e.name && e.name !== 'Unknown' && e.name !== 'Error') return e.name;
  return e.Code ?? e.code;
}

export function mapStsError(error: unknown, ctx: ErrorContext): StsProblem {
  if (error instanceof StsLensError) return error.problem;
  const e = (error ?? {}) as SdkLikeError;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const code = serverErrorCode(error);
  const text = typeof e.message === 'string' && e.message !== 'UnknownError' ? e.message : '';
  const base = { serverCode: code, httpStatus: status };
  const attempts = e.$stsLensAttempts && e.$stsLensAttempts > 1 ? ` (${e.$stsLensAttempts} attempts)` : '';
  const role = ctx.roleArn ? ` ${ctx.roleArn}` : '';
  const dur = ctx.durationSeconds !== undefined ? humanDuration(ctx.durationSeconds) : undefined;

  if (e.name === 'CredentialsProviderError' || /Could not load credentials|Unable to find a valid source/i.test(text)) {
    return {
      ...base,
      code: 'NoSourceCredentials',
      message: 'No source credentials were found to sign the request.',
      nextStep: 'Configure a profile in ~/.aws/credentials or ~/.aws/config (or choose one as the source), then try again.',
      retryable: false,
    };
  }
  if (isNetworkError(e)) {
    return {
      ...base,
      code: 'Network',
      message: `The STS endpoint could not be reached${ctx.region ? ` (region ${ctx.region})` : ''}: ${e.code ?? e.name ?? 'network error'}${attempts}.`,
      nextStep: 'Check the network, proxy and the stsLens.stsEndpoint / stsLens.region settings, then retry.',
      retryable: true,
    };
  }
  if (code && THROTTLING.has(code)) {
    return { ...base, code: 'Throttling', message: `STS is throttling requests from this account${attempts}.`, nextStep: 'Wait a few seconds and retry.', retryable: true };
  }
  if (status !== undefined && status >= 500 && status <= 599) {
    return {
      ...base,
      code: 'ServerError',
      message: `The STS server failed to answer ${ctx.operation}: HTTP ${status}${code ? ` ${code}` : ''}${attempts}.`,
      nextStep: 'The server has a problem, not your request: retry in a minute; if it persists, check the stsLens.stsEndpoint server.',
      retryable: true,
    };
  }
  if (/Deserialization error|XML parse error|Unexpected end of|not well-formed/i.test(text) || e.name === 'SyntaxError') {
    return {
      ...base,
      code: 'MalformedResponse',
      message: `The STS server answered ${ctx.operation} with a response that could not be read${status ? ` (HTTP ${status})` : ''}; nothing was stored.`,
      nextStep: 'Check that stsLens.stsEndpoint points at an STS server (not a web page or a proxy error page), then retry.',
      retryable: true,
    };
  }
  if (code === 'RegionDisabledException') {
    return {
      ...base,
      code: 'RegionDisabled',
      message: `STS is not activated in region ${ctx.region ?? '(the selected region)'} for this account.`,
      nextStep: 'Activate the region in IAM > Account settings > Security Token Service, or set stsLens.region to an active region.',
      retryable: false,
    };
  }
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException') {
    return {
      ...base,
      code: 'ExpiredToken',
      message: 'The source credentials have expired.',
      nextStep: 'Refresh the session the source credentials come from (or sign in again), then retry.',
      retryable: false,
    };
  }
  if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch' || code === 'InvalidAccessKeyId' || code === 'UnrecognizedClientException') {
    return {
      ...base,
      code: 'InvalidCredentials',
      message: 'The source credentials were not accepted (unknown access key or wrong secret).',
      nextStep: 'Check the access key of the source profile, or choose another source.',
      retryable: false,
    };
  }
  if (code === 'MalformedPolicyDocument' || code === 'MalformedPolicyDocumentException') {
    return { ...base, code: 'MalformedPolicy', message: 'The session policy was rejected as malformed.', nextStep: 'Fix the policy JSON (STS Lens shows its findings in the editor) and try again.', retryable: false };
  }
  if (code === 'PackedPolicyTooLarge' || code === 'PackedPolicyTooLargeException') {
    return { ...base, code: 'PolicyTooLarge', message: 'The session policy and tags exceed the packed size limit.', nextStep: 'Shorten the session policy or use fewer session tags.', retryable: false };
  }
  if (code === 'NoSuchEntity' || code === 'NotFound' || status === 404) {
    return { ...base, code: 'RoleNotFound', message: `The role${role} does not exist.`, nextStep: 'Check the role ARN (account id, path and name).', retryable: false };
  }
  if (code === 'MethodNotAllowed' || code === 'NotImplemented' || status === 405 || status === 501) {
    return { ...base, code: 'NotSupported', message: `This STS server does not support ${ctx.operation}.`, nextStep: 'Use an operation the server implements (Ceph RGW has no GetCallerIdentity).', retryable: false };
  }
  const durationProblem = ctx.durationSeconds !== undefined && (/MaxSessionDuration|DurationSeconds/i.test(text) || ((code === 'InvalidArgument' || code === 'ValidationError' || (!code && status === 400)) && ctx.durationSeconds > 3600));
  if (durationProblem && ctx.operation === 'AssumeRole') {
    if (ctx.chained && ctx.durationSeconds! > ROLE_CHAINING_MAX) {
      return {
        ...base,
        code: 'ChainedDurationTooLong',
        message: `The duration ${dur} is too long for role chaining: the source credentials are a role session, and AWS allows at most ${humanDuration(ROLE_CHAINING_MAX)} then.`,
        nextStep: `Choose ${ROLE_CHAINING_MAX} seconds or less, or use long-term credentials as the source.`,
        retryable: false,
      };
    }
    return {
      ...base,
      code: 'DurationExceedsRoleMax',
      message: `The duration ${dur} exceeds the maximum session duration of the role${role}.`,
      nextStep: "Choose a shorter duration, or raise the role's MaxSessionDuration (IAM console: role > Summary > Maximum session duration).",
      retryable: false,
    };
  }
  if (ctx.temporarySource && (code === 'InvalidArgument' || (!code && status === 400))) {
    // Ceph RGW answers 400 InvalidArgument when it cannot decrypt the session token of the caller
    return {
      ...base,
      code: 'InvalidCredentials',
      message: `The server rejected the request to ${ctx.operation}: the source session token is not valid (altered, expired or issued by another server), or a parameter is wrong.`,
      nextStep: 'Refresh the source session (or choose long-term credentials as the source) and try again.',
      retryable: false,
    };
  }
  if (code === 'ValidationError' || code === 'InvalidArgument' || code === 'InvalidParameterValue' || code === 'InvalidParameter' || (!code && status === 400)) {
    return {
      ...base,
      code: 'InvalidParameter',
      message: `STS rejected a parameter of ${ctx.operation}${text ? `: ${text}` : ''}.`,
      nextStep: 'Check the duration, session name, external id and MFA values.',
      retryable: false,
    };
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException' || status === 403) {
    const hints: string[] = [];
    if (ctx.operation === 'AssumeRole') hints.push(`the role's trust policy allows your principal to call sts:AssumeRole`);
    if (ctx.operation === 'AssumeRole') hints.push(ctx.externalId ? 'the external id matches the sts:ExternalId condition of the trust policy' : 'whether the trust policy requires an external id (sts:ExternalId)');
    hints.push(ctx.mfa ? 'the MFA code is current and belongs to the serial number' : 'whether the policy requires MFA (aws:MultiFactorAuthPresent)');
    if (ctx.operation === 'GetSessionToken') hints.unshift('your identity policy allows sts:GetSessionToken (role and session credentials cannot call it)');
    return {
      ...base,
      code: 'AccessDenied',
      message: `Access denied for ${ctx.operation}${role}.`,
      nextStep: `Check ${hints.join('; ')}.`,
      retryable: false,
    };
  }
  return {
    ...base,
    code: 'Unknown',
    message: `${ctx.operation} failed${code ? ` (${code})` : ''}${status ? ` with HTTP ${status}` : ''}.`,
    nextStep: 'See the STS Lens output channel for details and retry.',
    retryable: status !== undefined && status >= 500,
  };
}

function isNetworkError(e: SdkLikeError): boolean {
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'AbortError') return true;
  if (e.$metadata?.httpStatusCode === undefined && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket hang up|timed? ?out/i.test(e.message ?? '')) return true;
  return false;
}

interface MiddlewareHost {
  middlewareStack: {
    addRelativeTo(mw: unknown, opts: { relation: 'after' | 'before'; toMiddleware: string; name: string }): void;
  };
}

/**
 * Ceph RGW sends STS/IAM errors as `<Error><Code>X</Code>...` which the awsQuery deserializer cannot
 * read. This middleware buffers the body of an error response and copies the code into the
 * `x-rgw-error-code` header, where {@link serverErrorCode} finds it. Harmless against AWS.
 */
export function addRgwErrorCodeMiddleware<T extends MiddlewareHost>(client: T): T {
  type Res = { statusCode: number; headers: Record<string, string>; body?: AsyncIterable<Uint8Array> | unknown };
  const mw = (next: (args: unknown) => Promise<{ response: Res }>) => async (args: unknown) => {
    const out = await next(args);
    const res = out.response;
    if (res && res.statusCode >= 300 && res.body && typeof (res.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
      const chunks: Buffer[] = [];
      for await (const c of res.body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
      const text = Buffer.concat(chunks).toString('utf8');
      res.body = Readable.from([Buffer.from(text)]);
      const m = /<Code>([^<]*)<\/Code>/.exec(text);
      if (m?.[1] && !/<ErrorResponse/.test(text)) res.headers['x-rgw-error-code'] = m[1];
    }
    return out;
  };
  client.middlewareStack.addRelativeTo(mw, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'stsLensRgwErrorCode' });
  return client;
}

/** One line for a notification: message and next step. */
export function formatProblem(p: StsProblem): string {
  return `${p.message} ${p.nextStep}`;
}
