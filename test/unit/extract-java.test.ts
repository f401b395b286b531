/** Java extractor (SDK v2 builders and consumers, SDK v1 requests): shapes, values, offsets, chaining, no false positives. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { javaExtractor } from '../../server/src/analysis/extract/java';
import { arg, at, mapped, str, num } from './extractHelpers';

before(() => loadGrammars(javaExtractor.grammars));

const extract = (text: string): CallSite[] => javaExtractor.extract(text);

const wrap = (body: string) => `import software.amazon.awssdk.services.sts.model.*;
class A {
  static final String ROLE = "arn:aws:iam::111122223333:role/deploy";
  static final int HOURS = 3;
  void f(StsClient sts, String name) {
${body}
  }
}
`;

describe('java extractor', () => {
  it('is registered for the java language id', () => {
    assert.equal(extractorFor('java'), javaExtractor);
  });

  it('reads a v2 builder chain: kind, span, camel names, values, offsets, insert point before build()', () => {
    const text = wrap(`    sts.assumeRole(AssumeRoleRequest.builder().roleArn("arn:aws:iam::111122223333:role/x").roleSessionName("ci").durationSeconds(7200).build());`);
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.equal(site?.kind, 'AssumeRole');
    assert.equal(at(text, site!.span), 'AssumeRoleRequest');
    assert.equal(site!.nameStyle, 'camel');
    assert.equal(site!.argsComplete, true);
    assert.deepEqual(site!.args.map((a) => [a.name, a.sourceName]), [['RoleArn', 'roleArn'], ['RoleSessionName', 'roleSessionName'], ['DurationSeconds', 'durationSeconds']]);
    const roleArn = arg(site, 'RoleArn')!;
    assert.equal(at(text, roleArn.keySpan), 'roleArn');
    assert.equal(at(text, stringSpan(str(roleArn.value))), 'arn:aws:iam::111122223333:role/x');
    const d = arg(site, 'DurationSeconds')!;
    assert.equal(num(d.value), 7200);
    assert.equal(at(text, d.value), '7200');
    assert.equal(site!.insertAt?.offset, text.indexOf('.build()'));
    assert.equal(site!.insertAt?.prefix, '.');
    assert.equal(site!.insertAt?.assign, '(');
  });

  it('is complete only from builder() to build() with setters alone', () => {
    const text = wrap(`    AssumeRoleRequest.Builder b = AssumeRoleRequest.builder().roleArn(ROLE);
    sts.assumeRole(AssumeRoleRequest.builder().roleArn(ROLE).applyMutation(m).build());`);
    const sites = extract(text);
    assert.equal(sites.length, 2);
    assert.equal(sites[0]?.argsComplete, false, 'no build(): more setters can follow');
    assert.equal(sites[1]?.argsComplete, false, 'applyMutation may set anything');
  });

  it('reads consumer builders, provider refresh requests, tags and other request types', () => {
    const text = wrap(`    sts.getSessionToken(r -> r.durationSeconds(HOURS * 3600).serialNumber("arn:aws:iam::111122223333:mfa/me").tokenCode("123456"));
    StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(r -> r.roleArn(ROLE).roleSessionName("p").tags(Tag.builder().key("team").value("infra").build())).build();
    GetFederationTokenRequest.builder().name("fed").policyArns(PolicyDescriptorType.builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build()).build();
    AssumeRoleWithWebIdentityRequest.builder().webIdentityToken(name).build();
    AssumeRoleWithSamlRequest.builder().samlAssertion("x").build();`);
    const sites = extract(text);
    assert.deepEqual(sites.map((s) => s.kind), ['GetSessionToken', 'AssumeRole', 'GetFederationToken', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);
    assert.equal(at(text, sites[0]!.span), 'getSessionToken');
    const d = arg(sites[0], 'DurationSeconds')!.value;
    assert.equal(num(d), 10800);
    assert.equal(d.kind === 'number' ? d.raw : undefined, 'HOURS * 3600');
    assert.equal(at(text, sites[1]!.span), 'refreshRequest');
    const tags = arg(sites[1], 'Tags')?.value;
    assert.equal(tags?.kind, 'array', 'one varargs tag is a list of one');
    const tag = tags?.kind === 'array' ? tags.items[0] : undefined;
    assert.deepEqual(tag?.kind === 'object' ? tag.props.map((p) => [p.key, str(p.value).value]) : [], [['Key', 'team'], ['Value', 'infra']]);
    const policyArns = arg(sites[2], 'PolicyArns')?.value;
    assert.equal(policyArns?.kind === 'array' ? policyArns.items.length : 0, 1);
    assert.equal(arg(sites[3], 'WebIdentityToken')?.value.kind, 'unknown');
    assert.equal(str(arg(sites[4], 'SAMLAssertion')?.value).value, 'x');
  });

  it('reads v1 requests with withX chains and setX calls on the variable', () => {
    const text = wrap(`    com.amazonaws.services.securitytoken.model.AssumeRoleRequest r = new com.amazonaws.services.securitytoken.model.AssumeRoleRequest().withRoleArn(ROLE).withDurationSeconds(50000);
    r.setRoleSessionName("v1");
    GetSessionTokenRequest g = new GetSessionTokenRequest();
    g.setDurationSeconds(600);`);
    const [a, g] = extract(text);
    assert.equal(a?.kind, 'AssumeRole');
    assert.equal(at(text, a!.span), 'AssumeRoleRequest');
    assert.deepEqual(a!.args.map((x) => [x.name, x.sourceName]), [['RoleArn', 'withRoleArn'], ['DurationSeconds', 'withDurationSeconds'], ['RoleSessionName', 'setRoleSessionName']]);
    const roleArn = str(arg(a, 'RoleArn')?.value);
    assert.equal(roleArn.value, 'arn:aws:iam::111122223333:role/deploy');
    assert.equal(at(text, roleArn), 'ROLE', 'a constant is reported where it is used');
    assert.equal(a!.argsComplete, true);
    assert.equal(g?.kind, 'GetSessionToken');
    assert.equal(num(arg(g, 'DurationSeconds')?.value), 600);
  });

  it('maps escapes back to the source; non-literals are unknown', () => {
    const text = wrap(`    AssumeRoleRequest.builder().roleSessionName("a\\tb").externalId(name).policy("""
      {}""").build();`);
    const [site] = extract(text);
    const v = str(arg(site, 'RoleSessionName')?.value);
    assert.equal(v.value, 'a\tb');
    assert.equal(mapped(text, v), 'a\\b');
    assert.equal(arg(site, 'ExternalId')?.value.kind, 'unknown');
    assert.equal(arg(site, 'Policy')?.value.kind, 'unknown', 'text blocks are not mapped');
  });

  it('marks a request sent with a client built from an assumed-role provider as chained', () => {
    const text = wrap(`    StsAssumeRoleCredentialsProvider p = StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(r -> r.roleArn(ROLE).roleSessionName("a")).build();
    StsClient chained = StsClient.builder().credentialsProvider(p).build();
    AssumeRoleRequest req = AssumeRoleRequest.builder().roleArn(ROLE).roleSessionName("b").build();
    chained.assumeRole(req);
    sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("c"));`);
    const sites = extract(text);
    assert.equal(sites.length, 3);
    assert.equal(sites[0]?.chainedVia, undefined);
    assert.match(sites[1]?.chainedVia ?? '', /StsAssumeRoleCredentialsProvider on line 6/);
    assert.equal(sites[2]?.chainedVia, undefined);
  });

  it('ignores comments, other SDKs and other APIs with the same method names, and broken code', () => {
    const text = `import com.aliyuncs.sts.model.v20150401.AssumeRoleRequest;
class B {
  void f() {
    // AssumeRoleRequest.builder().durationSeconds(1).build();
    /* new GetSessionTokenRequest().withDurationSeconds(1); */
    AssumeRoleRequest r = new AssumeRoleRequest();
    r.setDurationSeconds(100000L);
    iam.assumeRole(x -> x.foo());
    other.AssumeRoleRequest.builder().build();
  }
}
`;
    assert.deepEqual(extract(text), []);
    assert.doesNotThrow(() => extract('class { void f( { AssumeRoleRequest.builder().roleArn("x".build(); '));
  });
});
