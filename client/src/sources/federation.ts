/**
 * The two unsigned AssumeRole flavours: AssumeRoleWithWebIdentity (an OIDC/OAuth token from a file, a
 * web_identity_token_file profile or pasted) and AssumeRoleWithSAML (a base64 SAML response from a file
 * or the clipboard). Inputs are checked against the documented limits before anything is sent; tokens
 * and assertions never reach a log or a message. The STS client gets no credentials: both calls are
 * unsigned.
 */
import * as fs from 'node:fs/promises';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, type Credentials } from '@aws-sdk/client-sts';
import { STRING_LIMITS } from '../../../server/src/analysis/limits';
import { mapStsError, serverErrorCode, StsLensError, type StsProblem } from '../errors';
import type { TemporaryCredentials } from '../session';
import { checkDuration, checkRoleArn, checkRoleSessionName } from '../validation';

type Send = { send(command: unknown): Promise<unknown> };
export type UnsignedStsFactory = (o: { region: string; endpoint?: string }) => Send;

/** A token or assertion file is small; a larger one is not what the user meant to pick. */
const MAX_TOKEN_FILE_BYTES = 256 * 1024;

function invalid(message: string, nextStep = 'Correct the input; nothing was sent to STS.'): StsLensError {
  return new StsLensError({ code: 'Validation', message, nextStep, retryable: false });
}

/** Reads a token / assertion file: a regular file, at most 256 KB, text, trimmed. */
export async function readSecretFile(file: string, what: string): Promise<string> {
  let st;
  try {
    st = await fs.stat(file);
  } catch {
    throw invalid(`The ${what} file ${file} does not exist or cannot be read.`, 'Check the path.');
  }
  if (!st.isFile()) throw invalid(`The ${what} file ${file} is not a regular file.`, 'Choose the file that holds it.');
  if (st.size > MAX_TOKEN_FILE_BYTES) throw invalid(`The ${what} file ${file} is ${st.size} bytes: too large to be one.`, 'Choose the file that holds it.');
  const buf = await fs.readFile(file);
  if (buf.includes(0)) throw invalid(`The ${what} file ${file} is binary.`, 'Choose the text file that holds it.');
  return buf.toString('utf8').trim();
}

export interface JwtFacts {
  issuer?: string;
  subject?: string;
  audience?: string;
  expiresAt?: Date;
}

/** The claims that matter for messages and refresh (no signature check: STS does that). */
export function jwtFacts(token: string): JwtFacts | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const aud = Array.isArray(claims.aud) ? claims.aud.join(',') : typeof claims.aud === 'string' ? claims.aud : undefined;
    return {
      issuer: typeof claims.iss === 'string' ? claims.iss : undefined,
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
      audience: aud,
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
    };
  } catch {
    return undefined;
  }
}

export function checkWebIdentityToken(token: string, now: Date): StsLensError | undefined {
  const { min, max } = STRING_LIMITS.WebIdentityToken;
  if (token.length < min || token.length > max) return invalid(`The web identity token is ${token.length} characters; AWS accepts ${min}..${max}.`);
  if (/\s/.test(token)) return invalid('The web identity token contains spaces or line breaks; it must be one token.');
  const facts = jwtFacts(token);
  if (facts?.expiresAt && facts.expiresAt.getTime() <= now.getTime()) {
    return invalid(`The web identity token expired at ${facts.expiresAt.toISOString()}.`, 'Get a fresh token from the identity provider.');
  }
  return undefined;
}

/** Maps a federation error; token problems (AWS: 400 codes, Ceph RGW: 403 for all) say so plainly. */
export function mapFederationError(e: unknown, operation: 'AssumeRoleWithWebIdentity' | 'AssumeRoleWithSAML', roleArn: string, region: string, rgw: boolean): StsProblem {
  const code = serverErrorCode(e);
  const what = operation === 'AssumeRoleWithSAML' ? 'SAML assertion' : 'web identity token';
  const base = { serverCode: code, httpStatus: (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode };
  if (code === 'ExpiredTokenException' || code === 'ExpiredToken') {
    return { ...base, code: 'ExpiredToken', message: `The ${what} has expired.`, nextStep: `Get a new ${what} from the identity provider and try again.`, retryable: false };
  }
  if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim' || code === 'IDPCommunicationError') {
    const reason = code === 'IDPCommunicationError' ? 'STS could not reach the identity provider to check it' : 'STS did not accept it';
    return { ...base, code: 'AccessDenied', message: `The ${what} was refused (${code}): ${reason}.`, nextStep: `Check the issuer, audience and expiry of the ${what}, and that the provider is registered in IAM.`, retryable: code === 'IDPCommunicationError' };
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    return { ...base, code: 'AccessDenied', message: `Access denied for ${operation} ${roleArn}.`, nextStep: `Check that the role's trust policy allows sts:${operation} for this identity provider and that its conditions (audience, subject) match the ${what}.`, retryable: false };
  }
  if (rgw && base.httpStatus === 403) {
    return { ...base, code: 'AccessDenied', message: `The server refused the ${what} or the role's trust policy does not allow it (${roleArn}).`, nextStep: `Check the token's issuer, audience (client id), subject and expiry, and the role's trust policy.`, retryable: false };
  }
  const p = mapStsError(e, { operation: 'AssumeRole', roleArn, region });
  return { ...p, message: p.message.replace(/\bAssumeRole\b/g, operation), nextStep: p.nextStep.replace(/\bAssumeRole\b/g, operation) };
}

export interface FederatedResult {
  credentials: TemporaryCredentials;
  arn?: string;
  /** Web identity: the token's subject / the SAML NameID. */
  subject?: string;
  /** Web identity: provider and audience as STS reported them. */
  provider?: string;
  audience?: string;
}

function fromSdk(c: Credentials | undefined): TemporaryCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new StsLensError({ code: 'Unknown', message: 'STS answered without complete credentials.', nextStep: 'Retry; if it persists, check the STS endpoint setting.', retryable: true });
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration) };
}

export interface WebIdentityRequest {
  roleArn: string;
  roleSessionName: string;
  token: string;
  durationSeconds?: number;
  /** OAuth 2.0 providers only (www.amazon.com, graph.facebook.com); not for OIDC tokens. */
  providerId?: string;
  policy?: string;
}

export async function assumeRoleWithWebIdentity(
  req: WebIdentityRequest,
  o: { sts: UnsignedStsFactory; region: string; endpoint?: string; now: Date },
): Promise<FederatedResult> {
  const problem =
    checkRoleArn(req.roleArn, Boolean(o.endpoint)) ?? checkRoleSessionName(req.roleSessionName) ?? (req.durationSeconds !== undefined ? checkDuration('AssumeRole', req.durationSeconds) : undefined);
  if (problem) throw invalid(problem.message);
  const tokenProblem = checkWebIdentityToken(req.token, o.now);
  if (tokenProblem) throw tokenProblem;
  if (req.providerId !== undefined && (req.providerId.length < STRING_LIMITS.ProviderId.min || req.providerId.length > STRING_LIMITS.ProviderId.max)) {
    throw invalid(`ProviderId must be ${STRING_LIMITS.ProviderId.min}..${STRING_LIMITS.ProviderId.max} characters.`);
  }
  const client = o.sts({ region: o.region, endpoint: o.endpoint });
  let out: { Credentials?: Credentials; AssumedRoleUser?: { Arn?: string }; SubjectFromWebIdentityToken?: string; Provider?: string; Audience?: string };
  try {
    out = (await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: req.roleArn,
        RoleSessionName: req.roleSessionName,
        WebIdentityToken: req.token,
        DurationSeconds: req.durationSeconds,
        ProviderId: req.providerId,
        Policy: req.policy,
      }),
    )) as typeof out;
  } catch (e) {
    throw new StsLensError(mapFederationError(e, 'AssumeRoleWithWebIdentity', req.roleArn, o.region, Boolean(o.endpoint)));
  }
  return { credentials: fromSdk(out.Credentials), arn: out.AssumedRoleUser?.Arn, subject: out.SubjectFromWebIdentityToken, provider: out.Provider, audience: out.Audience };
}

// ---- SAML ---------------------------------------------------------------------------------------

export interface SamlRolePair {
  roleArn: string;
  principalArn: string;
}

/**
 * Normalises an assertion as pasted or saved: the base64 SAMLResponse (spaces and line breaks removed),
 * or the SAML Response XML itself (encoded here). Returns the base64 text STS wants and the XML.
 */
export function normaliseSamlAssertion(input: string): { base64: string; xml: string } {
  const text = input.trim();
  let xml: string;
  let base64: string;
  if (text.startsWith('<')) {
    xml = text;
    base64 = Buffer.from(text, 'utf8').toString('base64');
  } else {
    // a SAMLResponse copied from a form post may still be URL-encoded
    const decoded = /%[0-9A-Fa-f]{2}/.test(text) ? safeDecodeUri(text) : text;
    base64 = decoded.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid('The SAML assertion is neither base64 nor SAML XML.', 'Copy the SAMLResponse value of the sign-in form post, or save the SAML response to a file.');
    xml = Buffer.from(base64, 'base64').toString('utf8');
  }
  const { min, max } = STRING_LIMITS.SAMLAssertion;
  if (base64.length < min || base64.length > max) throw invalid(`The SAML assertion is ${base64.length} base64 characters; AWS accepts ${min}..${max}.`);
  if (!/<(?:\w+:)?(?:Response|Assertion)\b/.test(xml)) throw invalid('The text is base64 but not a SAML Response (no <Response> or <Assertion> element).', 'Copy the SAMLResponse value of the sign-in form post.');
  return { base64, xml };
}

function safeDecodeUri(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The role/provider pairs of the `https://aws.amazon.com/SAML/Attributes/Role` attribute. */
export function samlRolePairs(xml: string): SamlRolePair[] {
  // Tag by tag with patterns that stop at the next `<` or `>`: one regex spanning the attribute
  // (`[^>]*…[\s\S]*?`) backtracked polynomially on a hostile assertion.
  let body: string | undefined;
  for (const open of xml.matchAll(/<(?:\w+:)?Attribute\b[^<>]*>/g)) {
    if (!open[0].includes('Name="https://aws.amazon.com/SAML/Attributes/Role"')) continue;
    const from = open.index + open[0].length;
    const close = /<\/(?:\w+:)?Attribute>/g;
    close.lastIndex = from;
    const end = close.exec(xml);
    if (end) body = xml.slice(from, end.index);
    break;
  }
  if (body === undefined) return [];
  const out: SamlRolePair[] = [];
  for (const m of body.matchAll(/<(?:\w+:)?AttributeValue\b[^<>]*>([^<]*)<\/(?:\w+:)?AttributeValue>/g)) {
    const parts = m[1]!.split(',').map((p) => p.trim());
    const role = parts.find((p) => /:role\//.test(p));
    const principal = parts.find((p) => /:saml-provider\//.test(p));
    if (role && principal) out.push({ roleArn: role, principalArn: principal });
  }
  return out;
}

/** The NotOnOrAfter of the assertion's subject confirmation or conditions, when present. */
export function samlNotOnOrAfter(xml: string): Date | undefined {
  const m = /NotOnOrAfter="([^"]+)"/.exec(xml);
  const d = m ? new Date(m[1]!) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

export interface SamlRequest {
  roleArn: string;
  principalArn: string;
  assertion: string;
  durationSeconds?: number;
  policy?: string;
}

export function checkPrincipalArn(v: string): string | undefined {
  const { min, max } = STRING_LIMITS.RoleArn;
  if (v.length < min || v.length > max) return `PrincipalArn must be ${min}..${max} characters.`;
  if (!/^arn:[^:]+:iam::[^:]*:saml-provider\/.+$/.test(v)) return 'PrincipalArn must look like arn:aws:iam::123456789012:saml-provider/name.';
  return undefined;
}

export async function assumeRoleWithSaml(req: SamlRequest, o: { sts: UnsignedStsFactory; region: string; endpoint?: string; now: Date }): Promise<FederatedResult> {
  const problem = checkRoleArn(req.roleArn, Boolean(o.endpoint)) ?? (req.durationSeconds !== undefined ? checkDuration('AssumeRole', req.durationSeconds) : undefined);
  if (problem) throw invalid(problem.message);
  const principalProblem = checkPrincipalArn(req.principalArn);
  if (principalProblem) throw invalid(principalProblem);
  const { base64, xml } = normaliseSamlAssertion(req.assertion);
  const notAfter = samlNotOnOrAfter(xml);
  if (notAfter && notAfter.getTime() <= o.now.getTime()) {
    throw invalid(`The SAML assertion was valid until ${notAfter.toISOString()}; it has expired.`, 'Sign in at the identity provider again and copy the new assertion.');
  }
  const client = o.sts({ region: o.region, endpoint: o.endpoint });
  let out: { Credentials?: Credentials; AssumedRoleUser?: { Arn?: string }; Subject?: string };
  try {
    out = (await client.send(
      new AssumeRoleWithSAMLCommand({ RoleArn: req.roleArn, PrincipalArn: req.principalArn, SAMLAssertion: base64, DurationSeconds: req.durationSeconds, Policy: req.policy }),
    )) as typeof out;
  } catch (e) {
    throw new StsLensError(mapFederationError(e, 'AssumeRoleWithSAML', req.roleArn, o.region, Boolean(o.endpoint)));
  }
  return { credentials: fromSdk(out.Credentials), arn: out.AssumedRoleUser?.Arn, subject: out.Subject };
}
