/** C# extractor (AWS SDK for .NET): request initializers, AssumeRoleAWSCredentials, values, chaining, no false positives. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { csharpExtractor } from '../../server/src/analysis/extract/csharp';
import { arg, at, mapped, str, num } from './extractHelpers';

before(() => loadGrammars(csharpExtractor.grammars));

const extract = (text: string): CallSite[] => csharpExtractor.extract(text);

const wrap = (body: string) => `using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

class A
{
    const string Role = "arn:aws:iam::111122223333:role/deploy";
    const int Hours = 3;
    async Task F(IAmazonSecurityTokenService sts, string name)
    {
${body}
    }
}
`;

describe('csharp extractor', () => {
  it('is registered for the csharp language id', () => {
    assert.equal(extractorFor('csharp'), csharpExtractor);
  });

  it('reads an object initializer: kind, span, names, values, offsets, insert point', () => {
    const text = wrap(`        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111122223333:role/x", RoleSessionName = "ci", DurationSeconds = 7200 });`);
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.equal(site?.kind, 'AssumeRole');
    assert.equal(at(text, site!.span), 'AssumeRoleRequest');
    assert.equal(site!.nameStyle, 'pascal');
    assert.equal(site!.argsComplete, true);
    assert.deepEqual(site!.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds']);
    const roleArn = arg(site, 'RoleArn')!;
    assert.equal(at(text, roleArn.span), 'RoleArn = "arn:aws:iam::111122223333:role/x"');
    assert.equal(at(text, stringSpan(str(roleArn.value))), 'arn:aws:iam::111122223333:role/x');
    const d = arg(site, 'DurationSeconds')!;
    assert.equal(num(d.value), 7200);
    assert.equal(at(text, d.value), '7200');
    assert.equal(site!.insertAt?.offset, text.indexOf('7200') + 4);
    assert.equal(site!.insertAt?.prefix, ', ');
    assert.equal(site!.insertAt?.assign, ' = ');
  });

  it('reads other request types, property assignments, collections, TimeSpan seconds and constants', () => {
    const text = wrap(`        var req = new GetSessionTokenRequest();
        req.DurationSeconds = (int)TimeSpan.FromHours(Hours).TotalSeconds;
        req.TokenCode = "123456";
        await sts.GetSessionTokenAsync(req);
        var fed = new GetFederationTokenRequest { Name = "fed", PolicyArns = { new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/ReadOnlyAccess" } } };
        var web = new Amazon.SecurityToken.Model.AssumeRoleWithWebIdentityRequest { RoleArn = Role, WebIdentityToken = name, Tags = new List<Tag> { new Tag { Key = "team", Value = "infra" } } };`);
    const [g, f, w] = extract(text);
    assert.equal(g?.kind, 'GetSessionToken');
    assert.equal(num(arg(g, 'DurationSeconds')?.value), 10800);
    assert.equal(str(arg(g, 'TokenCode')?.value).value, '123456');
    assert.equal(g?.argsComplete, true);
    assert.equal(f?.kind, 'GetFederationToken');
    const arns = arg(f, 'PolicyArns')?.value;
    assert.equal(arns?.kind, 'array');
    assert.equal(w?.kind, 'AssumeRoleWithWebIdentity');
    const roleArn = str(arg(w, 'RoleArn')?.value);
    assert.equal(roleArn.value, 'arn:aws:iam::111122223333:role/deploy');
    assert.equal(at(text, roleArn), 'Role');
    assert.equal(arg(w, 'WebIdentityToken')?.value.kind, 'unknown');
    const tags = arg(w, 'Tags')?.value;
    const tag = tags?.kind === 'array' ? tags.items[0] : undefined;
    assert.deepEqual(tag?.kind === 'object' ? tag.props.map((p) => [p.key, str(p.value).value]) : [], [['Key', 'team'], ['Value', 'infra']]);
  });

  it('reads AssumeRoleAWSCredentials with its options', () => {
    const text = wrap(`        var creds = new AssumeRoleAWSCredentials(source, Role, "session", new AssumeRoleAWSCredentialsOptions { DurationSeconds = 2 * 3600, ExternalId = "ext-1" });`);
    const [site] = extract(text);
    assert.equal(site?.kind, 'AssumeRole');
    assert.equal(at(text, site!.span), 'AssumeRoleAWSCredentials');
    assert.deepEqual(site!.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId']);
    assert.equal(num(arg(site, 'DurationSeconds')?.value), 7200);
    assert.equal(site!.argsComplete, true);
  });

  it('maps regular and verbatim string escapes back to the source; interpolation is unknown', () => {
    const text = wrap(`        var r = new AssumeRoleRequest { RoleSessionName = "a\\tb", ExternalId = @"x""y", SourceIdentity = $"u-{name}" };`);
    const [site] = extract(text);
    const s = str(arg(site, 'RoleSessionName')?.value);
    assert.equal(s.value, 'a\tb');
    assert.equal(mapped(text, s), 'a\\b');
    const e = str(arg(site, 'ExternalId')?.value);
    assert.equal(e.value, 'x"y');
    assert.equal(mapped(text, e), 'x"y');
    assert.equal(at(text, stringSpan(e)), 'x""y');
    assert.equal(arg(site, 'SourceIdentity')?.value.kind, 'unknown');
  });

  it('marks a request sent with a client on AssumeRoleAWSCredentials as chained', () => {
    const text = wrap(`        var roleCreds = new AssumeRoleAWSCredentials(source, Role, "first");
        var chained = new AmazonSecurityTokenServiceClient(roleCreds);
        await chained.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Role, RoleSessionName = "second" });
        await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Role, RoleSessionName = "third" });`);
    const sites = extract(text);
    assert.equal(sites.length, 3);
    assert.equal(sites[0]?.chainedVia, undefined);
    assert.match(sites[1]?.chainedVia ?? '', /AssumeRoleAWSCredentials on line 11/);
    assert.equal(sites[2]?.chainedVia, undefined);
  });

  it('ignores comments, other SDKs with the same type names, and broken code', () => {
    const text = `using Aliyun.Acs.Sts.Model.V20150401;

class B
{
    void F()
    {
        // var r = new Amazon.SecurityToken.Model.AssumeRoleRequest { DurationSeconds = 1 };
        var r = new AssumeRoleRequest { DurationSeconds = 100000 };
    }
}
`;
    assert.deepEqual(extract(text), []);
    assert.doesNotThrow(() => extract('class { void F( { new AssumeRoleRequest { RoleArn = "x", '));
  });
});
