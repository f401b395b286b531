/** ~/.aws/config as botocore reads it: profiles, settings, nested values, comments, CRLF, chains. */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { extractSites, prepare } from '../../server/src/analysis/analyze';
import { getArg, literalString } from '../../server/src/analysis/values';

before(() => prepare('aws-config'));

const arg = (text: string, profile: string, name: string) => {
  const site = extractSites(text, 'aws-config').find((s) => s.label === `profile ${profile}`);
  return site && getArg(site, name);
};

it('reads name = value lines; indented lines belong to the nested value above, comment lines to nobody', () => {
  const text = '[profile app]\nrole_arn = arn:aws:iam::111122223333:role/app\ns3 =\n  duration_seconds = 99999\n# duration_seconds = 88888\n; external_id = commented\nduration_seconds=1800\n';
  assert.equal(literalString(arg(text, 'app', 'DurationSeconds')?.value), '1800');
  assert.equal(arg(text, 'app', 'ExternalId'), undefined);
  const d = arg(text, 'app', 'DurationSeconds')!;
  assert.equal(text.slice(d.value.offset, d.value.offset + d.value.length), '1800');
  assert.equal(text.slice(d.keySpan.offset, d.keySpan.offset + d.keySpan.length), 'duration_seconds');
});

it('the first occurrence of a setting wins; CRLF line ends stay out of values and spans', () => {
  const text = '[profile w]\r\nrole_arn = arn:aws:iam::111122223333:role/w\r\nduration_seconds = 900\r\nduration_seconds = 7200\r\n';
  const d = arg(text, 'w', 'DurationSeconds')!;
  assert.equal(literalString(d.value), '900');
  assert.equal(text.slice(d.span.offset, d.span.offset + d.span.length), 'duration_seconds = 900');
});

it('only [default] and [profile x] are profiles in config; sso-session and services sections are not', () => {
  const text = '[sso-session corp]\nrole_arn = arn:aws:iam::111122223333:role/no\n[services s]\nrole_arn = arn:aws:iam::111122223333:role/no\n[default]\nrole_arn = arn:aws:iam::111122223333:role/d\n[profile p]\nrole_arn = arn:aws:iam::111122223333:role/p\nsource_profile = default\n';
  const sites = extractSites(text, 'aws-config');
  assert.deepEqual(sites.map((s) => s.label), ['profile default', 'profile p']);
  assert.match(sites[1]!.chainedVia ?? '', /source_profile "default" itself assumes arn:aws:iam::111122223333:role\/d/);
});

it('web_identity_token_file makes the profile an AssumeRoleWithWebIdentity', () => {
  const text = '[profile eks]\nrole_arn = arn:aws:iam::111122223333:role/eks\nweb_identity_token_file = /var/run/token\n';
  assert.equal(extractSites(text, 'aws-config')[0]?.kind, 'AssumeRoleWithWebIdentity');
});
