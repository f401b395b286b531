/**
 * Policy checks on both sides of each bound, with ranges checked against the characters they point
 * at, through the public API (policyFromValue / checkPolicy / checkPolicySize) and through analyze.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAsync } from '../../server/src/analysis/analyze';
import {
  checkPolicy,
  checkPolicySize,
  minifyPolicy,
  policyCompletions,
  policyFromValue,
  policyHover,
  problemsOfSite,
  type PolicyProblem,
  type PolicySource,
} from '../../server/src/analysis/policy';
import type { CallSite, ObjectValue, StringValue, Value } from '../../server/src/analysis/types';

/** A document with a JS double-quoted string literal at `offset`; the StringValue maps escapes back. */
function jsString(doc: string, offset: number): StringValue {
  assert.equal(doc[offset], '"');
  let value = '';
  const starts: number[] = [];
  let i = offset + 1;
  while (doc[i] !== '"') {
    starts.push(i);
    if (doc[i] === '\\') {
      const c = doc[i + 1];
      if (c === 'u') {
        value += String.fromCharCode(parseInt(doc.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        value += c === 'n' ? '\n' : c === 't' ? '\t' : (c ?? '');
        i += 2;
      }
    } else value += doc[i++];
  }
  const escaped = value.length !== i - offset - 1;
  return { kind: 'string', value, offset, length: i + 1 - offset, ...(escaped ? { map: (k: number) => starts[Math.min(k, starts.length - 1)] ?? offset + 1 } : {}) };
}

/** A document that is just `Policy: "<json>"` with JSON.stringify quoting (escapes `"`). */
function docWithPolicy(json: string): { doc: string; value: StringValue } {
  const doc = `const p = ${JSON.stringify(json)};\n`;
  return { doc, value: jsString(doc, doc.indexOf('"')) };
}

function source(v: Value): PolicySource {
  const s = policyFromValue(v);
  assert.ok(!('error' in s), 'policy parses');
  return s;
}

function problemsOf(json: string, session = true): { doc: string; problems: PolicyProblem[] } {
  const { doc, value } = docWithPolicy(json);
  const site: CallSite = {
    kind: session ? 'AssumeRole' : 'PolicyDocument',
    span: { offset: 0, length: 1 },
    args: [{ name: 'Policy', sourceName: 'Policy', span: value, keySpan: value, value }],
    argsComplete: true,
    nameStyle: 'pascal',
  };
  return { doc, problems: problemsOfSite(site) };
}

const at = (doc: string, p: PolicyProblem): string => doc.slice(p.offset, p.offset + p.length);
const codes = (ps: PolicyProblem[]): string[] => ps.map((p) => p.code).sort();

const OK_STATEMENT = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example/*' };

/** A valid compact policy of exactly `n` characters (padding in the Sid). */
function policyOfLength(n: number): string {
  const base = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, ...OK_STATEMENT }] });
  const text = base('S'.repeat(n - base('').length));
  assert.equal(text.length, n);
  return text;
}

describe('session-policy-too-large: 2048 characters as sent', () => {
  it('accepts 2048 and rejects 2049 characters of JSON text', () => {
    assert.deepEqual(codes(problemsOf(policyOfLength(2048)).problems), []);
    const { doc, problems } = problemsOf(policyOfLength(2049));
    assert.deepEqual(codes(problems), ['too-large']);
    const p = problems[0]!;
    assert.match(p.message, /2049 characters as sent; AWS accepts at most 2048/);
    assert.equal(at(doc, p), doc.slice(doc.indexOf('"') + 1, doc.lastIndexOf('"')), 'range is the string content');
  });

  it('offers the minified policy as fix data only when it fits', () => {
    const statements = Array.from({ length: 22 }, (_, i) => ({ Sid: `S${i}`, ...OK_STATEMENT }));
    const pretty = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    assert.ok(pretty.length > 2048 && minifyPolicy(pretty)!.length <= 2048, `${pretty.length}`);
    const doc = `p = '${pretty}'`;
    const value: StringValue = { kind: 'string', value: pretty, offset: 4, length: pretty.length + 2 };
    const [p] = checkPolicySize(source(value), { value });
    assert.equal(p?.code, 'too-large');
    assert.equal(p?.data?.replacement, minifyPolicy(pretty));
    assert.equal(p?.data?.replacement, JSON.stringify({ Version: '2012-10-17', Statement: statements }));
    assert.equal(doc.slice(p!.offset, p!.offset + p!.length), pretty, 'replacement range is the content');
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [...statements, ...statements.slice(0, 3)] }, null, 2);
    assert.ok(minifyPolicy(big)!.length > 2048);
    const v2: StringValue = { kind: 'string', value: big, offset: 4, length: big.length + 2 };
    const [p2] = checkPolicySize(source(v2), { value: v2 });
    assert.equal(p2?.code, 'too-large');
    assert.equal(p2?.data?.replacement, undefined);
  });

  it('counts an object literal as serialized: compact for JSON.stringify, ", " and ": " for json.dumps', () => {
    const compact = JSON.parse(policyOfLength(2040)) as object;
    const value = toValue(compact) as ObjectValue;
    assert.equal(source(value).sizeAsSent, 2040);
    assert.deepEqual(checkPolicySize(source(value), { value }), []);
    const py = { ...value, serialization: 'python' as const };
    const src = source(py);
    assert.equal(src.text, pythonDumps(compact));
    assert.ok(src.sizeAsSent > 2048);
    assert.deepEqual(checkPolicySize(src, { value: py }).map((p) => p.code), ['too-large']);
  });

  it('accepts U+00FF and rejects U+0100, pointing at the character through escapes', () => {
    const ok = problemsOf(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', ...OK_STATEMENT, Resource: 'arn:aws:s3:::example/caf\u00ff' }] }));
    assert.deepEqual(codes(ok.problems), []);
    const json = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...OK_STATEMENT, Resource: 'arn:aws:s3:::example/\u0100' }] });
    const doc = `x = "${json.replace(/"/g, '\\"').replace('\u0100', '\\u0100')}"`;
    const value = jsString(doc, 4);
    const src = source(value);
    const problems = checkPolicySize(src, { value });
    assert.deepEqual(problems.map((p) => p.code), ['invalid-character']);
    assert.equal(at(doc, problems[0]!), '\\u0100', 'the escape sequence in the source');
    assert.match(problems[0]!.message, /U\+0100/);
  });

  it('warns when the packed estimate with many tags nears the limit, not with a few', () => {
    const { value } = docWithPolicy(policyOfLength(1500));
    const src = source(value);
    assert.deepEqual(checkPolicySize(src, { value, tags: [{ key: 'team', value: 'web' }] }), []);
    let seed = 42;
    const noise = (n: number) => Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648), 'abcdefghijklmnopqrstuvwxyz0123456789'[seed % 36])).join('');
    const tags = Array.from({ length: 50 }, () => ({ key: noise(128), value: noise(256) }));
    assert.deepEqual(checkPolicySize(src, { value, tags }).map((p) => [p.code, p.severity]), [['packed-size-near-limit', 'warning']]);
  });
});

describe('session-policy-invalid: JSON and grammar', () => {
  it('points a JSON syntax error at the right character inside an escaped string', () => {
    const { doc, problems } = problemsOf('{"Version": "2012-10-17", "Statement": {"Effect": "Allow" "Action": "*"}}');
    assert.deepEqual(codes(problems), ['json-syntax']);
    assert.equal(at(doc, problems[0]!), '\\"Action\\"', 'the "Action" token, escapes included');
  });

  it('1 Sid is fine, 2 equal Sids are not', () => {
    const one = problemsOf(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', ...OK_STATEMENT }, { Sid: 'Write', ...OK_STATEMENT, Action: 's3:PutObject' }] }));
    assert.deepEqual(codes(one.problems), []);
    const two = problemsOf(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', ...OK_STATEMENT }, { Sid: 'Read', ...OK_STATEMENT }] }));
    assert.deepEqual(codes(two.problems), ['duplicate-sid']);
    assert.equal(at(two.doc, two.problems[0]!), 'Read');
    assert.ok(two.problems[0]!.offset > two.doc.indexOf('Read'), 'the second Sid');
  });

  it('Sid: letters and digits only', () => {
    assert.deepEqual(codes(problemsOf(JSON.stringify({ Version: '2012-10-17', Statement: { Sid: 'ReadS3', ...OK_STATEMENT } })).problems), []);
    const { doc, problems } = problemsOf(JSON.stringify({ Version: '2012-10-17', Statement: { Sid: 'Read_S3', ...OK_STATEMENT } }));
    assert.deepEqual(codes(problems), ['invalid-sid']);
    assert.equal(at(doc, problems[0]!), 'Read_S3');
  });

  it('Version: present and valid, legacy accepted, missing is a warning, other values an error', () => {
    assert.deepEqual(codes(problemsOf(JSON.stringify({ Version: '2008-10-17', Statement: OK_STATEMENT })).problems), []);
    const missing = problemsOf(JSON.stringify({ Statement: OK_STATEMENT })).problems;
    assert.deepEqual(missing.map((p) => [p.code, p.severity]), [['missing-version', 'warning']]);
    const bad = problemsOf(JSON.stringify({ Version: '2012-10-18', Statement: OK_STATEMENT }));
    assert.deepEqual(codes(bad.problems), ['invalid-version']);
    assert.equal(at(bad.doc, bad.problems[0]!), '2012-10-18');
  });

  it('Principal: rejected in a session policy, allowed in a resource policy file', () => {
    const json = JSON.stringify({ Version: '2012-10-17', Statement: { ...OK_STATEMENT, Principal: { AWS: '111122223333' } } });
    const session = problemsOf(json, true);
    assert.deepEqual(codes(session.problems), ['principal-in-session-policy']);
    assert.equal(at(session.doc, session.problems[0]!), 'Principal');
    assert.deepEqual(codes(problemsOf(json, false).problems), []);
  });

  it('exactly one of Action/NotAction and of Resource/NotResource; Effect Allow|Deny; types', () => {
    const s = (st: object) => codes(problemsOf(JSON.stringify({ Version: '2012-10-17', Statement: st })).problems);
    assert.deepEqual(s({ Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }), []);
    assert.deepEqual(s({ Effect: 'Deny', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' }), ['action-and-not-action']);
    assert.deepEqual(s({ Effect: 'Deny', Resource: '*' }), ['missing-action']);
    assert.deepEqual(s({ Effect: 'Deny', Action: 's3:GetObject' }), ['missing-resource']);
    assert.deepEqual(s({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*', NotResource: '*' }), ['resource-and-not-resource']);
    assert.deepEqual(s({ Action: 's3:GetObject', Resource: '*' }), ['missing-effect']);
    assert.deepEqual(s({ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }), ['invalid-effect']);
    assert.deepEqual(s({ Effect: 'Deny', Action: [true], Resource: '*' }), ['wrong-type']);
    assert.deepEqual(s({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Conditions: {} }), ['unknown-key']);
    assert.deepEqual(s({ Effect: 'Deny', Action: 's3 GetObject', Resource: '*' }), ['invalid-action-format']);
  });

  it('reports a duplicate key at the second occurrence', () => {
    const json = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}}';
    const { doc, problems } = problemsOf(json);
    assert.deepEqual(codes(problems), ['duplicate-key']);
    assert.equal(at(doc, problems[0]!), 'Effect');
    assert.ok(problems[0]!.offset > doc.indexOf('Effect'));
  });
});

describe('catalog and security checks', () => {
  const st = (s: object, session = true) => problemsOf(JSON.stringify({ Version: '2012-10-17', Statement: s }), session);

  it('unknown action with a suggestion; known action passes', () => {
    assert.deepEqual(codes(st({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }).problems), []);
    const { doc, problems } = st({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' });
    assert.deepEqual(codes(problems), ['unknown-action']);
    assert.equal(at(doc, problems[0]!), 's3:GetObjekt');
    assert.equal(problems[0]!.data?.replacement, 's3:GetObject');
  });

  it('unknown service prefix points at the prefix', () => {
    const { doc, problems } = st({ Effect: 'Allow', Action: 'dynamodbb:Query', Resource: '*' });
    assert.deepEqual(codes(problems), ['unknown-service']);
    assert.equal(at(doc, problems[0]!), 'dynamodbb');
    assert.equal(problems[0]!.data?.replacement, 'dynamodb');
  });

  it('wildcards: s3:Get* matches, s3:Got* matches nothing, ? is one character', () => {
    assert.deepEqual(codes(st({ Effect: 'Allow', Action: ['s3:Get*', 's3:GetObjec?'], Resource: '*' }).problems), []);
    assert.deepEqual(codes(st({ Effect: 'Allow', Action: ['s3:Got*', 's3:GetObjec??'], Resource: '*' }).problems), ['wildcard-matches-nothing', 'wildcard-matches-nothing']);
  });

  it('condition operators with IfExists and set prefixes; unknown and miscased ones', () => {
    const cond = (op: string) => st({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [op]: { 'aws:RequestedRegion': 'eu-west-1' } } }).problems;
    for (const op of ['StringEquals', 'StringLikeIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringNotLikeIfExists', 'ArnLike', 'Null']) assert.deepEqual(codes(cond(op)), [], op);
    assert.deepEqual(cond('StringEqual').map((p) => [p.code, p.severity ?? 'rule']), [['unknown-condition-operator', 'rule']]);
    assert.deepEqual(cond('NullIfExists').map((p) => p.code), ['unknown-condition-operator']);
    assert.deepEqual(cond('stringequals').map((p) => [p.code, p.severity, p.data?.replacement]), [['unknown-condition-operator', 'warning', 'StringEquals']]);
  });

  it('condition keys: global, tag templates, service keys the actions support; unknown and inapplicable ones', () => {
    const key = (k: string, action = 's3:ListBucket') => codes(st({ Effect: 'Allow', Action: action, Resource: '*', Condition: { StringLike: { [k]: 'x' } } }).problems);
    assert.deepEqual(key('aws:SourceVpce'), []);
    assert.deepEqual(key('aws:PrincipalTag/team'), []);
    assert.deepEqual(key('aws:ResourceTag/team'), []);
    assert.deepEqual(key('s3:prefix'), []);
    assert.deepEqual(key('s3:ExistingObjectTag/classification', 's3:GetObject'), []);
    assert.deepEqual(key('aws:SourceVpcee'), ['unknown-condition-key']);
    assert.deepEqual(key('s3:prefix', 's3:GetObject'), ['condition-key-not-applicable']);
    assert.deepEqual(key('dynamodb:LeadingKeys'), ['condition-key-not-applicable']);
  });

  it('resource ARNs: service and shape fit the actions', () => {
    const r = (resource: string, action = 'dynamodb:GetItem') => codes(st({ Effect: 'Allow', Action: action, Resource: resource }).problems);
    assert.deepEqual(r('arn:aws:dynamodb:us-east-1:111122223333:table/Orders'), []);
    assert.deepEqual(r('arn:aws:dynamodb:*:*:table/*'), []);
    assert.deepEqual(r('arn:aws:dynamodb:us-east-1:111122223333:*'), []);
    assert.deepEqual(r('arn:aws:dynamodb:us-east-1:111122223333:tabel/Orders'), ['resource-arn-mismatch']);
    assert.deepEqual(r('arn:aws:s3:::bucket/*'), ['resource-arn-mismatch']);
    assert.deepEqual(r('arn:aws:dynamodb:us-east-1:1111:table/Orders'), ['resource-arn-mismatch']);
    assert.deepEqual(r('arn:amazon:dynamodb:us-east-1:111122223333:table/Orders'), ['resource-arn-mismatch']);
    assert.deepEqual(r('Orders'), ['resource-arn-mismatch']);
  });

  it('Allow + NotAction is a risk, Deny + NotAction is not', () => {
    assert.deepEqual(codes(st({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }).problems), []);
    const { doc, problems } = st({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    assert.deepEqual(codes(problems), ['allow-not-action']);
    assert.equal(at(doc, problems[0]!), 'NotAction');
  });

  it('Action "*" on Resource "*" narrows nothing in a session policy (not in a policy file, not with a Condition)', () => {
    assert.deepEqual(codes(st({ Effect: 'Allow', Action: '*', Resource: '*' }).problems), ['grants-everything']);
    assert.deepEqual(codes(st({ Effect: 'Allow', Action: '*', Resource: '*' }, false).problems), []);
    assert.deepEqual(codes(st({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }).problems), []);
    assert.deepEqual(codes(st({ Effect: 'Allow', Action: 's3:*', Resource: '*' }).problems), []);
  });
});

describe('through analyze', () => {
  it('JSON.stringify({...}) and an escaped JSON string in TypeScript map findings to the source', async () => {
    const text = [
      "import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';",
      'const sts = new STSClient({});',
      "await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/app', RoleSessionName: 'web',",
      "  Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjet', Resource: '*', Principal: '*' }] }) }));",
      "await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/app', RoleSessionName: 'web',",
      '  Policy: "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": {\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:PutObjet\\", \\"Resource\\": \\"*\\"}}" }));',
    ].join('\n');
    const findings = await analyzeAsync(text, 'typescript');
    const shown = findings.map((f) => [f.ruleId, text.slice(f.offset, f.offset + f.length)]);
    assert.deepEqual(shown, [
      ['policy-unknown-action', 's3:GetObjet'],
      ['session-policy-invalid', 'Principal'],
      ['policy-unknown-action', 's3:PutObjet'],
    ]);
  });

  it('the valid corpus has no findings (also run as fixtures)', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(__dirname, '..', 'fixtures', 'policies', 'valid');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));
    assert.ok(files.length >= 30, `${files.length} valid policies`);
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.deepEqual(await analyzeAsync(text, 'json', f), [], f);
      // And as session policies (string argument), except resource/trust policies with Principal.
      if (!text.includes('"Principal"')) {
        const value: StringValue = { kind: 'string', value: text, offset: 0, length: text.length + 2 };
        const src = source(value);
        assert.deepEqual([...src.problems, ...checkPolicy(src.root, { session: true }).filter((p) => p.code !== 'grants-everything')], [], f);
      }
    }
  });

  it('checks a 2,000-character policy in a few milliseconds once the catalog is warm', () => {
    const statements = [];
    for (let i = 0; statements.length < 40; i++) statements.push({ Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject', 'dynamodb:Query', 'sqs:SendMessage', 'ec2:Describe*'][i % 4], Resource: '*' });
    let text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    while (text.length > 2000) statements.pop(), (text = JSON.stringify({ Version: '2012-10-17', Statement: statements }));
    const value: StringValue = { kind: 'string', value: text, offset: 0, length: text.length + 2 };
    const run = () => {
      const src = source(value);
      return [...checkPolicy(src.root, { session: true }), ...checkPolicySize(src, { value })];
    };
    run();
    const t = performance.now();
    for (let i = 0; i < 20; i++) assert.deepEqual(run(), []);
    const perRun = (performance.now() - t) / 20;
    assert.ok(perRun < 20, `${perRun.toFixed(2)} ms per check`);
  });
});

describe('editing helpers', () => {
  const json = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObj", "Resource": "*", "Condition": {"StringEquals": {"s3:Exi": "x"}}}}';
  const value: StringValue = { kind: 'string', value: json, offset: -1, length: json.length + 2 };
  const root = source(value).root;

  it('completes actions of the typed service and condition keys of the statement', () => {
    const items = policyCompletions(root, json.indexOf('s3:GetObj') + 9);
    assert.ok(items.some((i) => i.label === 's3:GetObject' && i.kind === 'action'));
    assert.ok(items.every((i) => i.label.toLowerCase().startsWith('s3:getobj')));
    assert.deepEqual(items[0]?.range, { offset: json.indexOf('s3:GetObj'), length: 9 });
    const keys = policyCompletions(root, json.indexOf('s3:Exi') + 3);
    assert.ok(keys.some((i) => i.label === 's3:ExistingObjectTag/<key>'), keys.map((k) => k.label).join());
    const services = policyCompletions(root, json.indexOf('s3:GetObj') + 1);
    assert.ok(services.some((i) => i.label === 's3:'));
  });

  it('hovers an action with its description and access level', () => {
    const doc = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*"}}';
    const r = source({ kind: 'string', value: doc, offset: -1, length: doc.length + 2 }).root;
    const h = policyHover(r, doc.indexOf('GetObject'));
    assert.match(h?.contents ?? '', /s3:GetObject.*\n\nGrants permission to retrieve objects/s);
    assert.match(h?.contents ?? '', /Access level: \*\*Read\*\*/);
    assert.match(policyHover(r, doc.indexOf('List*'))?.contents ?? '', /Matches \d+ actions/);
    assert.equal(policyHover(r, doc.indexOf('Resource')), undefined);
  });

  it('minifies without touching string contents; undefined for invalid JSON', () => {
    assert.equal(minifyPolicy('{\n  "Sid" : "a b",\n  "x": [ 1 , 2 ]\n}\n'), '{"Sid":"a b","x":[1,2]}');
    assert.equal(minifyPolicy('{ // c\n}'), undefined);
  });
});

/** A JS value as the core's Value tree (offsets are irrelevant for size checks). */
function toValue(x: unknown): Value {
  if (typeof x === 'string') return { kind: 'string', value: x, offset: 0, length: x.length + 2 };
  if (typeof x === 'number') return { kind: 'number', value: x, offset: 0, length: 1 };
  if (typeof x === 'boolean') return { kind: 'boolean', value: x, offset: 0, length: 1 };
  if (Array.isArray(x)) return { kind: 'array', items: x.map(toValue), complete: true, offset: 0, length: 1 };
  if (x && typeof x === 'object') return { kind: 'object', props: Object.entries(x).map(([key, v]) => ({ key, keySpan: { offset: 0, length: key.length }, value: toValue(v) })), complete: true, offset: 0, length: 1 };
  return { kind: 'null', offset: 0, length: 4 };
}

/** What Python's json.dumps writes for ASCII data. */
function pythonDumps(x: unknown): string {
  return JSON.stringify(x).replace(/("(?:[^"\\]|\\.)*")|([,:])/g, (_m, str: string | undefined, sep: string | undefined) => str ?? `${sep} `);
}
