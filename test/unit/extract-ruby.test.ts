/** Ruby extractor (aws-sdk v3): client calls, credential providers, hashes, values, chaining, no false positives. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { rubyExtractor } from '../../server/src/analysis/extract/ruby';
import { arg, at, mapped, str, num } from './extractHelpers';

before(() => loadGrammars(rubyExtractor.grammars));

const extract = (text: string): CallSite[] => rubyExtractor.extract(text);

describe('ruby extractor', () => {
  it('is registered for the ruby language id', () => {
    assert.equal(extractorFor('ruby'), rubyExtractor);
  });

  it('reads Aws::STS::Client.new.assume_role keyword arguments: kind, span, names, values, offsets', () => {
    const text = `Aws::STS::Client.new.assume_role(role_arn: 'arn:aws:iam::111122223333:role/x', role_session_name: 'ci', duration_seconds: 7200)\n`;
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.equal(site?.kind, 'AssumeRole');
    assert.equal(at(text, site!.span), 'assume_role');
    assert.equal(site!.nameStyle, 'snake');
    assert.equal(site!.argsComplete, true);
    assert.deepEqual(site!.args.map((a) => [a.name, a.sourceName]), [['RoleArn', 'role_arn'], ['RoleSessionName', 'role_session_name'], ['DurationSeconds', 'duration_seconds']]);
    const roleArn = arg(site, 'RoleArn')!;
    assert.equal(at(text, roleArn.keySpan), 'role_arn');
    assert.equal(at(text, stringSpan(str(roleArn.value))), 'arn:aws:iam::111122223333:role/x');
    const d = arg(site, 'DurationSeconds')!;
    assert.equal(num(d.value), 7200);
    assert.equal(at(text, d.value), '7200');
    assert.equal(site!.insertAt?.offset, text.indexOf('7200') + 4);
    assert.equal(site!.insertAt?.prefix, ', ');
    assert.equal(site!.insertAt?.assign, ': ');
  });

  it('follows a client variable, literal hashes, constants, durations, and the other methods', () => {
    const text = `ROLE = 'arn:aws:iam::111122223333:role/deploy'.freeze
sts = Aws::STS::Client.new(region: 'us-east-1')
sts.get_session_token(duration_seconds: 2.hours, serial_number: 'arn:aws:iam::111122223333:mfa/me', token_code: '123456')
sts.assume_role({ role_arn: ROLE, 'role_session_name' => "s", tags: [{ key: 'team', value: 'infra' }] })
sts.get_federation_token(name: 'fed', duration_seconds: 36 * 60 * 60 + 1)
sts.assume_role_with_saml(role_arn: ROLE, principal_arn: 'p', saml_assertion: assertion)
`;
    const sites = extract(text);
    assert.deepEqual(sites.map((s) => s.kind), ['GetSessionToken', 'AssumeRole', 'GetFederationToken', 'AssumeRoleWithSAML']);
    const d = arg(sites[0], 'DurationSeconds')!.value;
    assert.equal(num(d), 7200);
    assert.equal(d.kind === 'number' ? d.raw : undefined, '2.hours');
    const roleArn = str(arg(sites[1], 'RoleArn')?.value);
    assert.equal(roleArn.value, 'arn:aws:iam::111122223333:role/deploy');
    assert.equal(at(text, roleArn), 'ROLE');
    assert.equal(str(arg(sites[1], 'RoleSessionName')?.value).value, 's');
    const tags = arg(sites[1], 'Tags')?.value;
    const tag = tags?.kind === 'array' ? tags.items[0] : undefined;
    assert.deepEqual(tag?.kind === 'object' ? tag.props.map((p) => [p.key, str(p.value).value]) : [], [['key', 'team'], ['value', 'infra']]);
    assert.equal(sites[1]?.insertAt?.offset, text.indexOf("'infra' }]") + "'infra' }]".length);
    assert.equal(num(arg(sites[2], 'DurationSeconds')?.value), 129601);
    assert.equal(arg(sites[3], 'SAMLAssertion')?.value.kind, 'unknown');
  });

  it('reads Aws::AssumeRoleCredentials.new without its client option', () => {
    const text = `creds = Aws::AssumeRoleCredentials.new(client: Aws::STS::Client.new, role_arn: 'arn:aws:iam::111122223333:role/x', role_session_name: 'p', duration_seconds: 900)\n`;
    const [site] = extract(text);
    assert.equal(site?.kind, 'AssumeRole');
    assert.equal(at(text, site!.span), 'AssumeRoleCredentials');
    assert.deepEqual(site!.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds']);
  });

  it('maps escapes back to the source; interpolation and splats are unknown or incomplete', () => {
    const text = `Aws::STS::Client.new.assume_role(role_arn: "r", role_session_name: "a\\tb", external_id: "x-#{id}", **more)\n`;
    const [site] = extract(text);
    const s = str(arg(site, 'RoleSessionName')?.value);
    assert.equal(s.value, 'a\tb');
    assert.equal(mapped(text, s), 'a\\b');
    assert.equal(arg(site, 'ExternalId')?.value.kind, 'unknown');
    assert.equal(site?.argsComplete, false);
  });

  it('marks a call on a client with AssumeRoleCredentials as chained', () => {
    const text = `first = Aws::AssumeRoleCredentials.new(role_arn: 'arn:aws:iam::111122223333:role/a', role_session_name: 'a')
chained = Aws::STS::Client.new(credentials: first)
chained.assume_role(role_arn: 'arn:aws:iam::111122223333:role/b', role_session_name: 'b')
plain = Aws::STS::Client.new
plain.assume_role(role_arn: 'arn:aws:iam::111122223333:role/c', role_session_name: 'c')
`;
    const sites = extract(text);
    assert.equal(sites.length, 3);
    assert.equal(sites[0]?.chainedVia, undefined);
    assert.match(sites[1]?.chainedVia ?? '', /Aws::AssumeRoleCredentials on line 1/);
    assert.equal(sites[2]?.chainedVia, undefined);
  });

  it('ignores comments, other clients with the same method names, and broken code', () => {
    const text = `# Aws::STS::Client.new.assume_role(role_arn: 'x', duration_seconds: 1)
=begin
Aws::STS::Client.new.get_session_token(duration_seconds: 1)
=end
iam = Aws::IAM::Client.new
iam.assume_role(role_arn: 'x', duration_seconds: 1)
other.get_session_token(duration_seconds: 1)
`;
    assert.deepEqual(extract(text), []);
    assert.doesNotThrow(() => extract(`Aws::STS::Client.new.assume_role(role_arn: 'x', duration_seconds: `));
  });
});
