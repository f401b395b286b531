import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MIN_SECRET_LENGTH, RedactingLogger } from '../../client/src/logger';
import { signinTokenUrl, loginUrl } from '../../client/src/consoleFederation';
import { formatExports, SHELLS } from '../../client/src/envExport';
import type { Session } from '../../client/src/session';
import { recordReliability } from '../reliability/record';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjE/+abc=def&x==' + 'A'.repeat(300);

function logged(register: string[], ...messages: unknown[]): string {
  const lines: string[] = [];
  const log = new RedactingLogger((l) => lines.push(l), () => new Date('2030-01-01T00:00:00Z'));
  for (const s of register) log.addSecret(s);
  for (const m of messages) log.error('x', m);
  return lines.join('\n');
}

test('registered secrets are masked raw, URL-encoded (either hex case) and form-encoded', () => {
  const forms = [SECRET, TOKEN, encodeURIComponent(SECRET), encodeURIComponent(TOKEN), encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), new URLSearchParams({ t: TOKEN }).toString()];
  const out = logged([SECRET, TOKEN], ...forms.map((f) => `value ${f} end`));
  for (const f of [SECRET, TOKEN, encodeURIComponent(SECRET), encodeURIComponent(TOKEN)]) assert.ok(!out.includes(f), f.slice(0, 20));
  assert.ok(!out.includes('K7MDENG') && !out.includes('IQoJb3JpZ2lu'), out);
  assert.equal(out.split('\n').length, forms.length);
});

test('federation URLs and shell exports never survive the logger, even unregistered', () => {
  const s = {
    credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date() },
    arn: 'arn:aws:sts::123456789012:assumed-role/r/me',
    region: 'us-east-1',
  } as Pick<Session, 'credentials' | 'arn' | 'region'>;
  const texts = [signinTokenUrl(s, { sessionDuration: 3600 }), loginUrl(s, 'SIGNIN-TOKEN-SECRET-VALUE', { sessionDuration: 3600 }), ...SHELLS.map((sh) => formatExports(s.credentials, sh.id, 'us-east-1'))];
  for (const registered of [[], [SECRET, TOKEN]]) {
    const out = logged(registered, ...texts);
    assert.ok(!out.includes('K7MDENG'), `secret key leaked (registered: ${registered.length})\n${out}`);
    assert.ok(!out.includes('IQoJb3JpZ2lu'), `token leaked (registered: ${registered.length})`);
    assert.ok(!out.includes('SIGNIN-TOKEN-SECRET-VALUE'), 'sign-in token leaked');
    assert.ok(out.includes('ASIAEXAMPLE'), 'the access key id stays readable');
  }
  recordReliability({ area: 'credential flow', input: 'federation URLs, login URL and every shell export through the log, secrets registered and not', count: texts.length * 2, held: 'no secret key, session token or sign-in token written', test: __filename });
});

test('no over-redaction: error codes, words about tokens and short registered values stay readable', () => {
  const out = logged(
    ['Access', 'Denied', 'deny', 'short-value-15c'],
    'AssumeRole failed: AccessDenied (server code AccessDenied, HTTP 403)',
    'Access denied for AssumeRole arn:aws:iam:::role/x. Check the trust policy.',
    'The session token expired; SessionToken missing from the response.',
    'Throttling: Rate exceeded; SigninToken expected in the answer',
    'InvalidClientTokenId ExpiredToken short-value-15c',
  );
  assert.equal(MIN_SECRET_LENGTH, 16);
  for (const kept of ['AccessDenied (server code AccessDenied, HTTP 403)', 'Access denied for AssumeRole', 'The session token expired; SessionToken missing', 'SigninToken expected', 'InvalidClientTokenId ExpiredToken short-value-15c']) assert.ok(out.includes(kept), `${kept}\n${out}`);
  assert.ok(!out.includes('***'), out);
});
