/**
 * The TypeScript/JavaScript extractor: which calls become STS call sites, with which arguments, values
 * and offsets; what stays unknown; role chaining; comments, broken syntax and speed.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { javascriptExtractor, tsxExtractor, typescriptExtractor } from '../../server/src/analysis/extract/typescript';
import { loadGrammars, parse } from '../../server/src/analysis/treesitter';
import type { Argument, CallSite, Span, Value } from '../../server/src/analysis/types';
import { stringOffset } from '../../server/src/analysis/values';

before(async () => {
  await loadGrammars([...typescriptExtractor.grammars, ...tsxExtractor.grammars, ...javascriptExtractor.grammars]);
});

const ts = (text: string): CallSite[] => typescriptExtractor.extract(text);
const js = (text: string): CallSite[] => javascriptExtractor.extract(text);
const at = (text: string, s: Span): string => text.slice(s.offset, s.offset + s.length);

function arg(site: CallSite | undefined, name: string): Argument {
  const a = site?.args.find((x) => x.name === name);
  assert.ok(a, `argument ${name} on ${site?.label}`);
  return a;
}

function only(sites: CallSite[]): CallSite {
  assert.equal(sites.length, 1, `expected one site, got ${sites.map((s) => s.label).join(', ')}`);
  return sites[0]!;
}

function num(v: Value): number | undefined {
  return v.kind === 'number' ? v.value : undefined;
}
function str(v: Value): string | undefined {
  return v.kind === 'string' ? v.value : undefined;
}

describe('SDK v3 commands', () => {
  it('reads a literal AssumeRoleCommand split over lines, with offsets on the right characters', () => {
    const text = `import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
const client = new STSClient({});
await client.send(
  new AssumeRoleCommand({
    RoleArn: "arn:aws:iam::123456789012:role/deploy",
    RoleSessionName: 'ci',
    DurationSeconds: 7200,
    ExternalId: \`ext-1\`,
  }),
);`;
    const site = only(ts(text));
    assert.equal(site.kind, 'AssumeRole');
    assert.equal(site.label, 'AssumeRoleCommand');
    assert.equal(site.nameStyle, 'pascal');
    assert.equal(at(text, site.span), 'AssumeRoleCommand');
    assert.equal(site.argsComplete, true);
    assert.deepEqual(site.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId']);
    const role = arg(site, 'RoleArn');
    assert.equal(str(role.value), 'arn:aws:iam::123456789012:role/deploy');
    assert.equal(at(text, role.value), '"arn:aws:iam::123456789012:role/deploy"');
    assert.equal(at(text, role.keySpan), 'RoleArn');
    assert.equal(at(text, role.span), 'RoleArn: "arn:aws:iam::123456789012:role/deploy"');
    assert.equal(at(text, arg(site, 'DurationSeconds').value), '7200');
    assert.equal(num(arg(site, 'DurationSeconds').value), 7200);
    assert.equal(str(arg(site, 'ExternalId').value), 'ext-1');
  });

  it('knows every STS command and maps it to its API', () => {
    const names = {
      AssumeRoleCommand: 'AssumeRole',
      AssumeRoleWithWebIdentityCommand: 'AssumeRoleWithWebIdentity',
      AssumeRoleWithSAMLCommand: 'AssumeRoleWithSAML',
      GetSessionTokenCommand: 'GetSessionToken',
      GetFederationTokenCommand: 'GetFederationToken',
      AssumeRootCommand: 'AssumeRoot',
      GetWebIdentityTokenCommand: 'GetWebIdentityToken',
    };
    const text = Object.keys(names).map((n) => `new ${n}({});`).join('\n');
    assert.deepEqual(ts(text).map((s) => [s.label, s.kind]), Object.entries(names));
  });

  it('follows import aliases and ignores same-named commands of other packages', () => {
    const text = `import { GetSessionTokenCommand as GST } from '@aws-sdk/client-sts';
import { GetFederationTokenCommand } from '@aws-sdk/client-connect';
function later() { return new GST({ DurationSeconds: 900 }); }
new GetFederationTokenCommand({ InstanceId: 'abc' });`;
    const site = only(ts(text));
    assert.equal(site.kind, 'GetSessionToken');
    assert.equal(site.label, 'GetSessionTokenCommand');
    assert.equal(at(text, site.span), 'GST');
  });

  it('evaluates constant arithmetic and keeps the source text as raw', () => {
    const site = only(ts('new AssumeRoleCommand({ DurationSeconds: 60 * 60 * 12, RoleArn: r, RoleSessionName: "s" });'));
    const v = arg(site, 'DurationSeconds').value;
    assert.equal(v.kind, 'number');
    assert.equal(num(v), 43200);
    assert.equal(v.kind === 'number' ? v.raw : undefined, '60 * 60 * 12');
  });

  it('resolves const identifiers, const argument objects and shorthand properties', () => {
    const text = `const HOUR = 3600;
const RoleArn = 'arn:aws:iam::123456789012:role/app';
const params = { RoleArn, RoleSessionName: 'app', DurationSeconds: 2 * HOUR };
new AssumeRoleCommand(params);`;
    const site = only(ts(text));
    assert.equal(site.argsComplete, true);
    assert.equal(str(arg(site, 'RoleArn').value), 'arn:aws:iam::123456789012:role/app');
    assert.equal(at(text, arg(site, 'RoleArn').value), "'arn:aws:iam::123456789012:role/app'");
    assert.equal(num(arg(site, 'DurationSeconds').value), 7200);
    // the insertion point is in the object literal the const names
    assert.equal(site.insertAt?.offset, text.indexOf('2 * HOUR') + '2 * HOUR'.length);
  });

  it('leaves non-literals unknown: let, parameters, calls, env, interpolation, other scopes', () => {
    const text = `let seconds = 3600;
const fromEnv = process.env.ROLE_ARN;
function f(RoleSessionName: string, name: string) {
  new AssumeRoleCommand({ RoleArn: fromEnv, RoleSessionName, DurationSeconds: seconds, ExternalId: \`x-\${name}\`, SourceIdentity: getId() });
}`;
    const site = only(ts(text));
    for (const n of ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SourceIdentity']) assert.equal(arg(site, n).value.kind, 'unknown', n);
    assert.equal(at(text, arg(site, 'RoleSessionName').value), 'RoleSessionName');
    assert.equal(at(text, arg(site, 'ExternalId').value), '`x-${name}`');
    assert.equal(site.argsComplete, true);
  });

  it('does not let a parameter that shadows a const resolve to the const', () => {
    const text = `const DURATION = 99999;
function make(DURATION: number) { return new AssumeRoleCommand({ RoleArn: a, RoleSessionName: b, DurationSeconds: DURATION }); }`;
    assert.equal(arg(only(ts(text)), 'DurationSeconds').value.kind, 'unknown');
  });

  it('marks spreads and computed keys as incomplete', () => {
    assert.equal(only(ts('new AssumeRoleCommand({ ...base, DurationSeconds: 900 });')).argsComplete, false);
    assert.equal(only(ts('new AssumeRoleCommand({ [k]: 1, RoleArn: "a" });')).argsComplete, false);
    assert.equal(only(ts('new AssumeRoleCommand(input);')).argsComplete, false);
    assert.equal(only(ts('new AssumeRoleCommand(makeInput());')).args.length, 0);
    // nothing passed at all: nothing is hidden either
    assert.equal(only(ts('new GetSessionTokenCommand();')).argsComplete, true);
  });

  it('reads Tags, PolicyArns and a JSON.stringify policy as structured values', () => {
    const text = `new AssumeRoleCommand({
  RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's',
  Tags: [{ Key: 'team', Value: 'web' }, ...more],
  PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
  Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
});`;
    const site = only(ts(text));
    const tags = arg(site, 'Tags').value;
    assert.equal(tags.kind, 'array');
    assert.equal(tags.kind === 'array' && tags.complete, false);
    const first = tags.kind === 'array' ? tags.items[0] : undefined;
    assert.equal(first?.kind, 'object');
    assert.deepEqual(first?.kind === 'object' ? first.props.map((p) => [p.key, str(p.value)]) : [], [['Key', 'team'], ['Value', 'web']]);
    const arns = arg(site, 'PolicyArns').value;
    assert.equal(arns.kind === 'array' && arns.items[0]?.kind, 'object');
    const policy = arg(site, 'Policy').value;
    assert.equal(policy.kind, 'object');
    assert.equal(policy.kind === 'object' ? policy.serialization : undefined, 'compact');
    assert.ok(at(text, policy).startsWith("{ Version: '2012-10-17'"));
  });

  it('decodes escapes and maps each character back to the document', () => {
    const text = `new AssumeRoleCommand({ RoleSessionName: 'a\\tb\\u0041c', RoleArn: 'x' });`;
    const v = arg(only(ts(text)), 'RoleSessionName').value;
    assert.equal(str(v), 'a\tbAc');
    assert.ok(v.kind === 'string');
    assert.equal(text[stringOffset(v, 0)], 'a');
    assert.equal(text.slice(stringOffset(v, 1), stringOffset(v, 1) + 2), '\\t');
    assert.equal(text.slice(stringOffset(v, 3), stringOffset(v, 3) + 6), '\\u0041');
    assert.equal(text[stringOffset(v, 4)], 'c');
  });

  it('uses UTF-16 offsets after non-ASCII text', () => {
    const text = `const note = "déploiement 🚀";\nnew AssumeRoleCommand({ DurationSeconds: 7200 });`;
    const site = only(ts(text));
    assert.equal(at(text, site.span), 'AssumeRoleCommand');
    assert.equal(at(text, arg(site, 'DurationSeconds').value), '7200');
  });
});

describe('insertion point for a missing parameter', () => {
  function insertAndReread(text: string): { out: string; site: CallSite } {
    const site = only(ts(text));
    const ins = site.insertAt;
    assert.ok(ins);
    const q = ins.quote ?? '"';
    const out = text.slice(0, ins.offset) + `${ins.prefix}RoleSessionName${ins.assign ?? ': '}${q}s${q}${ins.suffix}` + text.slice(ins.offset);
    const again = only(ts(out));
    assert.equal(str(arg(again, 'RoleSessionName').value), 's', out);
    assert.equal(again.argsComplete, true);
    return { out, site };
  }

  it('multi-line with a trailing comma keeps the layout', () => {
    const { out } = insertAndReread(`new AssumeRoleCommand({\n    RoleArn: 'a',\n    DurationSeconds: 900,\n});`);
    assert.equal(out, `new AssumeRoleCommand({\n    RoleArn: 'a',\n    DurationSeconds: 900,\n    RoleSessionName: 's',\n});`);
  });

  it('multi-line without a trailing comma', () => {
    const { out } = insertAndReread(`new AssumeRoleCommand({\n  RoleArn: "a"\n});`);
    assert.equal(out, `new AssumeRoleCommand({\n  RoleArn: "a",\n  RoleSessionName: "s"\n});`);
  });

  it('single line and empty objects', () => {
    assert.equal(insertAndReread(`new AssumeRoleCommand({ RoleArn: 'a' });`).out, `new AssumeRoleCommand({ RoleArn: 'a', RoleSessionName: 's' });`);
    assert.equal(insertAndReread(`new AssumeRoleCommand({});`).out, `new AssumeRoleCommand({ RoleSessionName: "s" });`);
  });
});

describe('clients and methods (v3 aggregated, v2)', () => {
  it('finds methods on receivers bound to an STS client, v2 callbacks and .promise()', () => {
    const text = `const AWS = require('aws-sdk');
const sts = new AWS.STS();
sts.assumeRole({ RoleArn: 'a', RoleSessionName: 'b', DurationSeconds: 900 }, (err, data) => {});
new AWS.STS({ region: 'eu-west-1' }).getSessionToken({ DurationSeconds: 129600 }).promise();
async function x() { await sts.getFederationToken({ Name: 'n' }).promise(); }`;
    const sites = js(text);
    assert.deepEqual(sites.map((s) => [s.kind, s.label, at(text, s.span)]), [
      ['AssumeRole', 'assumeRole', 'assumeRole'],
      ['GetSessionToken', 'getSessionToken', 'getSessionToken'],
      ['GetFederationToken', 'getFederationToken', 'getFederationToken'],
    ]);
    assert.equal(num(arg(sites[1], 'DurationSeconds').value), 129600);
  });

  it('v3 aggregated STS, class fields, constructor parameter properties and typed parameters', () => {
    const text = `import { STS, STSClient } from '@aws-sdk/client-sts';
class Broker {
  private readonly sts = new STS({});
  constructor(private readonly typed: STS) {}
  a() { return this.sts.assumeRole({ RoleArn: 'a', RoleSessionName: 'b' }); }
  b() { return this.typed.assumeRoleWithWebIdentity({ RoleArn: 'a', RoleSessionName: 'b', WebIdentityToken: 't' }); }
}
function viaParam(client: STS) { return client.getSessionToken({}); }
let later: STS | undefined;
later = new STS({});`;
    assert.deepEqual(ts(text).map((s) => s.kind), ['AssumeRole', 'AssumeRoleWithWebIdentity', 'GetSessionToken']);
  });

  it('says nothing about assumeRole on other objects or on receivers of unknown type', () => {
    const text = `class RoleManager { assumeRole(o: object) { return o; } }
new RoleManager().assumeRole({ RoleArn: 'x', DurationSeconds: 1 });
const mgr = new RoleManager(); mgr.assumeRole({ RoleArn: 'x' });
function f(sts) { sts.assumeRole({ RoleArn: 'x' }); }
const db = new AWS.DynamoDB(); db.getSessionToken({ DurationSeconds: 5 });
const iam = { assumeRole: (o: object) => o }; iam.assumeRole({});`;
    assert.deepEqual(ts(text), []);
  });

  it('a v2 client with bound params makes the call arguments incomplete', () => {
    const site = only(js(`const sts = new AWS.STS({ params: { RoleArn: 'a' } }); sts.assumeRole({ RoleSessionName: 'b' });`));
    assert.equal(site.argsComplete, false);
  });
});

describe('credential providers', () => {
  it('fromTemporaryCredentials reads params; RoleSessionName is optional there so args are not complete', () => {
    const text = `import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
const creds = fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/r', DurationSeconds: 3600 } });`;
    const site = only(ts(text));
    assert.equal(site.kind, 'AssumeRole');
    assert.equal(at(text, site.span), 'fromTemporaryCredentials');
    assert.equal(site.argsComplete, false);
    assert.deepEqual(site.args.map((a) => a.name), ['RoleArn', 'DurationSeconds']);
    assert.equal(site.chainedVia, undefined);
  });

  it('fromWebToken uses camelCase options and canonical names', () => {
    const site = only(ts(`fromWebToken({ roleArn: 'arn:aws:iam::123456789012:role/w', webIdentityToken: tok, durationSeconds: 900, clientConfig: {} });`));
    assert.equal(site.kind, 'AssumeRoleWithWebIdentity');
    assert.equal(site.nameStyle, 'camel');
    assert.deepEqual(site.args.map((a) => [a.name, a.sourceName]), [['RoleArn', 'roleArn'], ['WebIdentityToken', 'webIdentityToken'], ['DurationSeconds', 'durationSeconds']]);
  });

  it('ignores a fromTemporaryCredentials of another package', () => {
    assert.deepEqual(ts(`import { fromTemporaryCredentials } from 'my-auth'; fromTemporaryCredentials({ params: { RoleArn: 'a' } });`), []);
  });
});

describe('role chaining', () => {
  it('fromTemporaryCredentials with masterCredentials from another fromTemporaryCredentials', () => {
    const text = `const master = fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/a' } });
const chained = fromTemporaryCredentials({
  params: { RoleArn: 'arn:aws:iam::123456789012:role/b', DurationSeconds: 7200 },
  masterCredentials: master,
});`;
    const sites = ts(text);
    assert.equal(sites.length, 2);
    assert.equal(sites[0]!.chainedVia, undefined);
    assert.equal(sites[1]!.chainedVia, 'masterCredentials come from fromTemporaryCredentials on line 1');
  });

  it('a client whose credentials are an earlier AssumeRole result', () => {
    const text = `const base = new STSClient({});
const { Credentials } = await base.send(new AssumeRoleCommand({ RoleArn: 'a', RoleSessionName: 'b' }));
const next = new STSClient({ credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey! } });
const cmd = new AssumeRoleCommand({ RoleArn: 'c', RoleSessionName: 'd', DurationSeconds: 7200 });
await next.send(cmd);`;
    const sites = ts(text);
    assert.equal(sites.length, 2);
    assert.equal(sites[0]!.chainedVia, undefined);
    assert.equal(sites[1]!.chainedVia, "the client's credentials come from the AssumeRoleCommand result on line 2");
  });

  it('a client built with fromTemporaryCredentials credentials', () => {
    const text = `const client = new STSClient({ credentials: fromTemporaryCredentials({ params: { RoleArn: 'a' } }) });
await client.send(new AssumeRoleCommand({ RoleArn: 'b', RoleSessionName: 'c', DurationSeconds: 7200 }));`;
    const cmd = ts(text).find((s) => s.label === 'AssumeRoleCommand');
    assert.equal(cmd?.chainedVia, "the client's credentials come from fromTemporaryCredentials on line 1");
  });

  it('v2: credentialsFrom(data) of an assumeRole result', () => {
    const text = `const sts = new AWS.STS();
const data = await sts.assumeRole({ RoleArn: 'a', RoleSessionName: 'b' }).promise();
const next = new AWS.STS({ credentials: sts.credentialsFrom(data) });
next.assumeRole({ RoleArn: 'c', RoleSessionName: 'd', DurationSeconds: 7200 });`;
    const sites = js(text);
    assert.equal(sites[1]?.chainedVia, "the client's credentials come from the assumeRole result on line 2");
  });

  it('says nothing when the credentials might not be role credentials', () => {
    const text = `const a = new STSClient({ credentials: fromIni({ profile: 'ops' }) });
await a.send(new AssumeRoleCommand({ RoleArn: 'b', RoleSessionName: 'c' }));
const s = await a.send(new GetSessionTokenCommand({}));
const b = new STSClient({ credentials: { accessKeyId: s.Credentials!.AccessKeyId!, secretAccessKey: s.Credentials!.SecretAccessKey! } });
await b.send(new AssumeRoleCommand({ RoleArn: 'b', RoleSessionName: 'c' }));
const c = new STSClient({ credentials: { accessKeyId: process.env.KEY!, secretAccessKey: process.env.SECRET! } });
await c.send(new AssumeRoleCommand({ RoleArn: 'b', RoleSessionName: 'c' }));`;
    const sites = ts(text);
    assert.equal(sites.length, 4);
    assert.deepEqual(sites.map((s) => s.chainedVia), [undefined, undefined, undefined, undefined]);
  });
});

describe('comments, broken code, other grammars', () => {
  it('commented-out calls produce nothing', () => {
    const text = `// await sts.send(new AssumeRoleCommand({ DurationSeconds: 999999 }));
/* const sts = new AWS.STS(); sts.assumeRole({ RoleArn: 'x' }); */
/**
 * new GetSessionTokenCommand({ DurationSeconds: 1 })
 */
const s = "new AssumeRoleCommand({ DurationSeconds: 5 })";`;
    assert.deepEqual(ts(text), []);
  });

  it('syntax errors do not throw and well-formed calls are still found', () => {
    const text = `import { AssumeRoleCommand } from '@aws-sdk/client-sts';
function half( {
  const x = ;
new AssumeRoleCommand({ RoleArn: 'a', RoleSessionName: 'b', DurationSeconds: 50000 });
new AssumeRoleCommand({ RoleArn: 'a', `;
    const sites = ts(text);
    assert.ok(sites.some((s) => s.args.some((a) => a.name === 'DurationSeconds' && num(a.value) === 50000)));
    for (const garbage of ['new AssumeRoleCommand({', 'sts.assumeRole(', '({ ...', 'new AssumeRoleCommand({ RoleArn: `', ')))']) {
      assert.doesNotThrow(() => ts(garbage));
      assert.doesNotThrow(() => js(garbage));
    }
  });

  it('TSX and JavaScript grammars', () => {
    const tsx = `export function B() { const c = new STSClient({}); return <button onClick={() => c.send(new AssumeRoleCommand({ RoleArn: 'a', RoleSessionName: 'b' }))}>go</button>; }`;
    assert.equal(only(tsxExtractor.extract(tsx)).kind, 'AssumeRole');
    const cjs = `const { STSClient, AssumeRoleCommand: ARC } = require('@aws-sdk/client-sts');\nnew ARC({ RoleArn: 'a', RoleSessionName: 'b' });`;
    assert.equal(only(js(cjs)).label, 'AssumeRoleCommand');
  });
});

describe('speed', () => {
  it('a 5,000-line file with 40 calls costs about a parse', () => {
    const chunk = (i: number): string => `
export async function step${i}(input: { id: string }) {
  const started = Date.now();
  const items = await loadItems(input.id, { limit: 100, offset: ${i} });
  for (const item of items) {
    if (item.kind === 'a') { await handleA(item, { retries: 3 }); } else { await handleB(item); }
  }
  const creds = await client.send(new AssumeRoleCommand({
    RoleArn: 'arn:aws:iam::123456789012:role/step${i}',
    RoleSessionName: 'step-${i}',
    DurationSeconds: ${900 + i},
  }));
  log('done', { ms: Date.now() - started, creds: creds.Credentials?.Expiration });
  return items.map((x) => ({ ...x, step: ${i} }));
}
`;
    const filler = Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i}, [1, 2, 3], { a: 'x', b: \`y\${${i}}\` }); // filler ${i}\n`.repeat(110)).join('');
    let text = "import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';\nconst client = new STSClient({});\n";
    for (let i = 0; i < 40; i++) text += chunk(i) + filler.slice(0, filler.length / 40);
    assert.ok(text.split('\n').length >= 5000, `${text.split('\n').length} lines`);

    const time = (f: () => void): number => {
      let best = Infinity;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        f();
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const parseMs = time(() => parse('tree-sitter-typescript.wasm', text)?.delete());
    let sites: CallSite[] = [];
    const extractMs = time(() => (sites = ts(text)));
    assert.equal(sites.length, 40);
    if (process.env.STS_LENS_BENCH) console.log(`parse ${parseMs.toFixed(1)} ms, extract ${extractMs.toFixed(1)} ms`);
    assert.ok(extractMs < parseMs * 2 + 25, `extract ${extractMs.toFixed(1)} ms vs parse ${parseMs.toFixed(1)} ms`);
  });
});
