/** Python (boto3) extractor: which calls count, canonical arguments, values with offsets, scopes, chaining. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { pythonExtractor } from '../../server/src/analysis/extract/python';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { arg, at, mapped, str, num } from './extractHelpers';

before(() => loadGrammars(pythonExtractor.grammars));

const extract = (text: string): CallSite[] => pythonExtractor.extract(text);

describe('python extractor', () => {
  it('is registered for the python language id', () => {
    assert.equal(extractorFor('python'), pythonExtractor);
  });

  it('finds boto3.client("sts").assume_role with canonical arguments, values and offsets', () => {
    const text = `import boto3\nresp = boto3.client('sts').assume_role(RoleArn='arn:aws:iam::111122223333:role/deploy', RoleSessionName="ci", DurationSeconds=7200)\n`;
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.ok(site);
    assert.equal(site.kind, 'AssumeRole');
    assert.equal(at(text, site.span), 'assume_role');
    assert.equal(site.nameStyle, 'pascal');
    assert.equal(site.argsComplete, true);
    assert.equal(site.chainedVia, undefined);
    assert.deepEqual(site.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds']);
    const roleArn = arg(site, 'RoleArn');
    assert.equal(at(text, roleArn!.keySpan), 'RoleArn');
    assert.equal(at(text, roleArn!.span), `RoleArn='arn:aws:iam::111122223333:role/deploy'`);
    assert.equal(str(roleArn?.value).value, 'arn:aws:iam::111122223333:role/deploy');
    assert.equal(at(text, stringSpan(str(roleArn?.value))), 'arn:aws:iam::111122223333:role/deploy');
    const duration = arg(site, 'DurationSeconds')!;
    assert.equal(num(duration.value), 7200);
    assert.equal(at(text, duration.value), '7200');
    // insertAt: after the last argument, Python keyword syntax.
    assert.equal(site.insertAt?.offset, text.indexOf('7200') + 4);
    assert.equal(site.insertAt?.prefix, ', ');
    assert.equal(site.insertAt?.assign, '=');
  });

  it('knows every STS method and ignores other clients and unrelated objects', () => {
    const text = `import boto3
sts = boto3.client("sts", region_name="us-east-1")
s3 = boto3.client("s3")
sts.get_session_token(DurationSeconds=900)
sts.get_federation_token(Name="bob")
sts.assume_role_with_web_identity(RoleArn="a", RoleSessionName="b", WebIdentityToken="t")
sts.assume_role_with_saml(RoleArn="a", PrincipalArn="p", SAMLAssertion="x")
sts.assume_root(TargetPrincipal="111122223333", TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"})
sts.get_web_identity_token(DurationSeconds=60)
s3.assume_role(RoleArn="x")
thing.assume_role(RoleArn="x")
def f(client):
    client.assume_role(RoleArn="x")
`;
    const sites = extract(text);
    assert.deepEqual(
      sites.map((s) => s.kind),
      ['GetSessionToken', 'GetFederationToken', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'AssumeRoot', 'GetWebIdentityToken'],
    );
  });

  it('recognizes session clients, service_name=, aioboto3-style `with ... as`, and self attributes', () => {
    const text = `import boto3
session = boto3.Session(profile_name="dev")
a = session.client("sts")
a.assume_role(RoleArn="x", RoleSessionName="s1")
boto3.session.Session().client(service_name="sts").assume_role(RoleArn="x", RoleSessionName="s2")
async def g(s):
    async with s.client("sts") as sts:
        await sts.assume_role(RoleArn="x", RoleSessionName="s3")
class C:
    def __init__(self):
        self.sts = boto3.client("sts")
    def go(self):
        return self.sts.assume_role(RoleArn="x", RoleSessionName="s4")
`;
    const names = extract(text).map((s) => str(arg(s, 'RoleSessionName')?.value).value);
    assert.deepEqual(names, ['s1', 's2', 's3', 's4']);
  });

  it('resolves module constants, constant arithmetic and string concatenation', () => {
    const text = `import boto3
DURATION = 2 * 3600
PREFIX = "ci-"
def f():
    boto3.client("sts").assume_role(RoleArn="arn:aws:iam::1:role/x", RoleSessionName=PREFIX + "run", DurationSeconds=DURATION)
`;
    const [site] = extract(text);
    const d = arg(site, 'DurationSeconds')!.value;
    assert.equal(num(d), 7200);
    assert.equal(at(text, d), '2 * 3600');
    assert.equal(d.kind === 'number' && d.raw, '2 * 3600');
    const name = str(arg(site, 'RoleSessionName')?.value);
    assert.equal(name.value, 'ci-run');
    assert.equal(mapped(text, name), 'ci-run');
  });

  it('gives up (unknown) on parameters, env lookups, calls, f-strings, branches and reassigned names', () => {
    const text = `import boto3, os
D = 3600
if os.environ.get("LONG"):
    D = 43200
def f(role, n):
    name = "x"
    for name in ["a", "b"]:
        pass
    boto3.client("sts").assume_role(RoleArn=role, RoleSessionName=f"ci-{n}", DurationSeconds=D, ExternalId=os.environ["EXT"], SourceIdentity=name, SerialNumber=get())
`;
    const [site] = extract(text);
    for (const n of ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SourceIdentity', 'SerialNumber']) {
      assert.equal(arg(site, n)?.value.kind, 'unknown', n);
    }
    assert.equal(at(text, arg(site, 'ExternalId')!.value), 'os.environ["EXT"]');
  });

  it('decodes string literals: escapes, raw, triple quotes, f-strings without fields, implicit concatenation', () => {
    const text = `import boto3
sts = boto3.client('sts')
sts.assume_role(RoleArn=r'a\\nb', RoleSessionName='x\\ty', ExternalId="""tri-ple""", SourceIdentity=f"{{lit}}", SerialNumber='arn:aws:iam::1:' 'mfa/dev', TokenCode=u'\\x31\\u00323456')
`;
    const [site] = extract(text);
    const raw = str(arg(site, 'RoleArn')?.value);
    assert.equal(raw.value, 'a\\nb');
    assert.equal(mapped(text, raw), 'a\\nb');
    const tab = str(arg(site, 'RoleSessionName')?.value);
    assert.equal(tab.value, 'x\ty');
    // The tab maps to its escape's backslash; the 'y' after it to itself.
    assert.equal(text.slice(tab.map!(1), tab.map!(1) + 2), '\\t');
    assert.equal(text.charAt(tab.map!(2)), 'y');
    const triple = str(arg(site, 'ExternalId')?.value);
    assert.equal(triple.value, 'tri-ple');
    assert.equal(mapped(text, triple), 'tri-ple');
    assert.equal(str(arg(site, 'SourceIdentity')?.value).value, '{lit}');
    const concat = str(arg(site, 'SerialNumber')?.value);
    assert.equal(concat.value, 'arn:aws:iam::1:mfa/dev');
    assert.equal(mapped(text, concat), 'arn:aws:iam::1:mfa/dev');
    assert.equal(str(arg(site, 'TokenCode')?.value).value, '123456');
  });

  it('keeps UTF-16 offsets after non-ASCII text', () => {
    const text = `import boto3\n# répertoire 😀\nboto3.client("sts").assume_role(RoleArn="x", RoleSessionName="é b")\n`;
    const [site] = extract(text);
    const v = str(arg(site, 'RoleSessionName')?.value);
    assert.equal(at(text, stringSpan(v)), 'é b');
    assert.equal(at(text, site!.span), 'assume_role');
  });

  it('reads lists and dicts: Tags, PolicyArns, TransitiveTagKeys', () => {
    const text = `import boto3
boto3.client("sts").assume_role(RoleArn="a", RoleSessionName="b",
    Tags=[{'Key': 'team', 'Value': 'web'}, {"Key": "env", "Value": "prod"}],
    TransitiveTagKeys=('team',),
    PolicyArns=[{'arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess'}, *more])
`;
    const [site] = extract(text);
    const tags = arg(site, 'Tags')!.value;
    assert.equal(tags.kind, 'array');
    assert.ok(tags.kind === 'array' && tags.complete && tags.items.length === 2);
    const first = tags.kind === 'array' ? tags.items[0] : undefined;
    assert.ok(first?.kind === 'object');
    const key = first.props.find((p) => p.key === 'Key');
    assert.equal(at(text, key!.keySpan), 'Key');
    assert.equal(at(text, stringSpan(str(key?.value))), 'team');
    const ttk = arg(site, 'TransitiveTagKeys')!.value;
    assert.ok(ttk.kind === 'array' && ttk.items.length === 1);
    const arns = arg(site, 'PolicyArns')!.value;
    assert.ok(arns.kind === 'array' && !arns.complete && arns.items.length === 1, 'a *splat makes the list incomplete');
  });

  it('turns Policy=json.dumps({...}) into an object serialized the Python way', () => {
    const text = `import json, boto3
POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
sts = boto3.client("sts")
sts.assume_role(RoleArn="a", RoleSessionName="b", Policy=json.dumps(POLICY))
sts.assume_role(RoleArn="a", RoleSessionName="c", Policy=json.dumps({"Version": "2012-10-17"}, separators=(",", ":")))
sts.assume_role(RoleArn="a", RoleSessionName="d", Policy='{"Version": "2012-10-17"}')
`;
    const [a, b, c] = extract(text);
    const p = arg(a, 'Policy')!.value;
    assert.equal(p.kind, 'object');
    assert.ok(p.kind === 'object');
    assert.equal(p.serialization, 'python');
    assert.deepEqual(p.props.map((x) => x.key), ['Version', 'Statement']);
    // Offsets point into the dict literal where it is written.
    const version = p.props[0]!;
    assert.equal(at(text, stringSpan(str(version.value))), '2012-10-17');
    assert.equal(text.slice(0, version.keySpan.offset).split('\n').length, 2);
    const compact = arg(b, 'Policy')!.value;
    assert.ok(compact.kind === 'object' && compact.serialization === 'compact');
    assert.equal(str(arg(c, 'Policy')?.value).value, '{"Version": "2012-10-17"}');
  });

  it('expands **params from a dict literal bound in the same scope; otherwise marks the call incomplete', () => {
    const text = `import boto3
sts = boto3.client("sts")
def ok():
    params = {"RoleArn": "arn:aws:iam::1:role/x", "RoleSessionName": "ok"}
    return sts.assume_role(**params, DurationSeconds=900)
def via_dict_call():
    return sts.assume_role(**dict(RoleArn="a", RoleSessionName="dict"))
def mutated():
    params = {"RoleArn": "a"}
    params["RoleSessionName"] = "late"
    return sts.assume_role(**params)
def passed_in(params):
    return sts.assume_role(**params)
`;
    const [ok, dictCall, mutated, passedIn] = extract(text);
    assert.equal(ok?.argsComplete, true);
    assert.deepEqual(ok?.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds']);
    const name = arg(ok, 'RoleSessionName')!;
    assert.equal(at(text, name.keySpan), 'RoleSessionName');
    assert.equal(at(text, stringSpan(str(name.value))), 'ok');
    assert.equal(dictCall?.argsComplete, true);
    assert.equal(str(arg(dictCall, 'RoleSessionName')?.value).value, 'dict');
    assert.equal(mutated?.argsComplete, false);
    assert.equal(passedIn?.argsComplete, false);
    assert.equal(passedIn?.args.length, 0);
  });

  it('marks AssumeRole on a client built from an earlier assume_role response as chained', () => {
    const text = `import boto3
sts = boto3.client("sts")
resp = sts.assume_role(RoleArn="a", RoleSessionName="first")
creds = resp["Credentials"]
hop = boto3.client("sts", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
hop.assume_role(RoleArn="b", RoleSessionName="second", DurationSeconds=3600)
sess = boto3.Session(aws_access_key_id=resp["Credentials"]["AccessKeyId"], aws_secret_access_key="x", aws_session_token=resp.get("Credentials")["SessionToken"])
sess.client("sts").assume_role(RoleArn="c", RoleSessionName="third")
tok = sts.get_session_token()["Credentials"]
user = boto3.client("sts", aws_access_key_id=tok["AccessKeyId"], aws_session_token=tok["SessionToken"])
user.assume_role(RoleArn="d", RoleSessionName="not-chained")
hop.get_caller_identity()
`;
    const sites = extract(text);
    const by = (n: string) => sites.find((s) => arg(s, 'RoleSessionName')?.value.kind === 'string' && str(arg(s, 'RoleSessionName')?.value).value === n);
    assert.equal(by('first')?.chainedVia, undefined);
    assert.match(by('second')?.chainedVia ?? '', /assume_role on line 3/);
    assert.match(by('third')?.chainedVia ?? '', /assume_role on line 3/);
    assert.equal(by('not-chained')?.chainedVia, undefined);
  });

  it('keeps a trailing comma and the layout valid when inserting an argument', () => {
    const text = `import boto3
boto3.client("sts").assume_role(
    RoleArn="a",
    RoleSessionName="b",
)
`;
    const [site] = extract(text);
    const ins = site!.insertAt!;
    const edited = text.slice(0, ins.offset) + ins.prefix + 'DurationSeconds=900' + ins.suffix + text.slice(ins.offset);
    assert.equal(edited, `import boto3
boto3.client("sts").assume_role(
    RoleArn="a",
    RoleSessionName="b",
    DurationSeconds=900,
)
`);
  });

  it('ignores commented-out calls and does not throw on broken syntax', () => {
    assert.deepEqual(extract(`import boto3\n# boto3.client("sts").assume_role(RoleArn="x", DurationSeconds=99999)\n`), []);
    const broken = [
      `boto3.client("sts").assume_role(RoleArn="x", DurationSeconds=`,
      `sts = boto3.client("sts"\nsts.assume_role(RoleArn='unterminated)`,
      `def f(:\n  boto3.client("sts").assume_role(**)`,
      ``,
      `x = f"{`,
    ];
    for (const b of broken) assert.doesNotThrow(() => extract(b), b);
    // A call inside otherwise broken code is still found.
    const partial = extract(`import boto3\ndef f(:\n    pass\nboto3.client("sts").assume_role(RoleArn="a", RoleSessionName="b", DurationSeconds=900)\n`);
    assert.equal(partial.length, 1);
  });
});
