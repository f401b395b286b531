/**
 * What the CLI prints when a repository is hostile: control characters in values and file names,
 * workflow commands, SARIF that code scanning accepts, and internal errors that fail the run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli';
import { escapeControl, formatFindings, ruleName } from '../../server/src/cliOutput';
import type { PositionedFinding } from '../../server/src/checkFile';
import { RULES } from '../../server/src/analysis/rules';
import type { Rule } from '../../server/src/analysis/types';
import { recordReliability } from '../reliability/record';

const root = path.resolve(__dirname, '..', '..');
let dir: string;
let outside: string;

async function run(args: string[], hooks = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) }, hooks);
  return { code, out, err };
}

function finding(file: string, message: string, severity: PositionedFinding['severity'] = 'error'): PositionedFinding {
  return { file, message, severity, ruleId: 'invalid-role-arn', offset: 0, length: 1, line: 2, column: 3, endLine: 2, endColumn: 9 };
}

/** Every hostile string tried: newlines that forge lines, terminal escapes, bidi overrides, workflow commands. */
const HOSTILE = [
  'arn\n::error file=src/app.ts,line=1::forged finding',
  'arn\r\nsrc/forged.ts:1:1 error invalid-role-arn forged',
  'red \u001b[31mALERT\u001b[0m and title \u001b]0;pwned\u0007',
  'bidi \u202egnp.exe',
  'nul \u0000 del \u007f c1 \u009b31m',
  'line sep \u2028::warning::x',
  '%0A already encoded %25',
];

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-out-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-outside-'));
  // A decoded "\n" and "\u001b" in a string literal reach the message as real control characters.
  fs.writeFileSync(
    path.join(dir, 'app.ts'),
    'import { AssumeRoleCommand } from "@aws-sdk/client-sts";\nnew AssumeRoleCommand({ RoleArn: "arn:aws:iam::111122223333:role/x\\n::error file=a.ts::forged\\u001b[2J", RoleSessionName: "s", DurationSeconds: 50000 });\n',
  );
  fs.mkdirSync(path.join(dir, 'odd dir #1'));
  fs.writeFileSync(path.join(dir, 'odd dir #1', '100% [x].ini'), '[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 50000\n');
  fs.mkdirSync(path.join(outside, '.aws'));
  fs.writeFileSync(path.join(outside, '.aws', 'config'), '[profile q]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 60000\n');
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

/** No raw control character, and no line that a CI runner would take for a workflow command. */
function assertInert(output: string): void {
  const lines = output.split('\n');
  for (const line of lines) {
    assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, JSON.stringify(line));
    assert.doesNotMatch(line, /^\s*::/, line);
  }
}

describe('text output', () => {
  it('escapes control characters so a value cannot forge a line, a workflow command or a terminal escape', () => {
    const findings = HOSTILE.map((m, i) => finding(path.join(process.cwd(), `f${i}.ts`), m));
    const text = formatFindings(findings, 'text');
    assertInert(text);
    assert.equal(text.split('\n').length, HOSTILE.length, 'one line per finding');
    assert.match(text, /arn\\n::error file=src\/app\.ts/);
    assert.match(text, /red \\x1b\[31mALERT/);
    assert.match(text, /bidi \\u202egnp/);
    recordReliability({ area: 'output', input: 'finding messages with newlines, ESC/OSC sequences, C1 controls, bidi overrides, `::error`', count: HOSTILE.length, held: 'one escaped text line per finding, no raw control character, no line starting with ::', test: __filename });
  });

  it('a file name starting with :: or holding a newline does not start a workflow command', () => {
    const findings = [finding(path.join(process.cwd(), '::error file=x::boom.ts'), 'm'), finding(path.join(process.cwd(), 'a\n::warning::b.ts'), 'm')];
    const text = formatFindings(findings, 'text');
    assertInert(text);
    assert.match(text, /^\.\/::error file=x::boom\.ts:2:3 error/m);
    recordReliability({ area: 'output', input: 'file names starting with :: or containing a newline', count: 2, held: 'text lines start with ./ and stay one line each', test: __filename });
  });

  it('a document value with an escaped newline and ESC prints as one inert line, end to end', async () => {
    const r = await run(['check', path.join(dir, 'app.ts')]);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.length > 0);
    assertInert(r.out);
    assertInert(r.err);
    assert.ok(r.out.trim().split('\n').every((l) => l.includes('app.ts:2:')), r.out);
  });
});

describe('--format github', () => {
  it('prints workflow commands with data and properties escaped the way the runner reads them', () => {
    const text = formatFindings([finding(path.join(process.cwd(), 'dir,with:odd%name.ts'), 'bad\nvalue 100%\r::error::x\u001b[31m', 'warning'), finding(path.join(process.cwd(), 'a.ts'), 'fine', 'info')], 'github');
    const lines = text.split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], '::warning file=dir%2Cwith%3Aodd%25name.ts,line=2,col=3,endLine=2,endColumn=9,title=sts-lens invalid-role-arn::bad%0Avalue 100%25%0D::error::x\\x1b[31m');
    assert.equal(lines[1], '::notice file=a.ts,line=2,col=3,endLine=2,endColumn=9,title=sts-lens invalid-role-arn::fine');
    recordReliability({ area: 'output', input: 'GitHub workflow command data with %, CR, LF, ESC, `,` and `:` in file names', count: 2, held: 'each finding exactly one command line, data percent-encoded, controls escaped', test: __filename });
  });

  it('is the only format that prints workflow commands', async () => {
    const text = await run(['check', path.join(dir, 'app.ts')]);
    const github = await run(['check', path.join(dir, 'app.ts'), '--format', 'github']);
    assert.doesNotMatch(text.out, /^::/m);
    assert.equal(github.code, 1);
    const lines = github.out.trim().split('\n');
    assert.ok(lines.length >= 1 && lines.every((l) => /^::(error|warning|notice) file=/.test(l)), github.out);
  });
});

describe('--format sarif', () => {
  it('names rules in PascalCase apart from their ids', () => {
    assert.equal(ruleName('duration-out-of-range'), 'DurationOutOfRange');
    for (const r of RULES) assert.notEqual(ruleName(r.id), r.id);
  });

  it('percent-encodes relative URIs under %SRCROOT% and gives files outside the root an absolute file URI', () => {
    const findings = [finding(path.join(dir, 'odd dir #1', '100% [x].ini'), 'm'), finding(path.join(outside, '.aws', 'config'), 'm')];
    const sarif = JSON.parse(formatFindings(findings, 'sarif', dir));
    const run0 = sarif.runs[0];
    const [inside, out] = run0.results.map((r: { locations: { physicalLocation: { artifactLocation: unknown } }[] }) => r.locations[0]!.physicalLocation.artifactLocation);
    assert.deepEqual(inside, { uri: 'odd%20dir%20%231/100%25%20%5Bx%5D.ini', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(out, { uri: pathToFileURL(path.join(outside, '.aws', 'config')).href });
    assert.equal(run0.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(dir).href + '/');
    const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'invalid-role-arn');
    assert.equal(rule.name, 'InvalidRoleArn');
    assert.match(rule.helpUri, /^file:\/\/.*\/docs\/rules\.md#invalid-role-arn$/);
    assert.ok(fs.existsSync(new URL(rule.helpUri.replace(/#.*/, ''))));
  });

  it('passes sarif-multitool validate with no error and no warning', async () => {
    const previous = process.cwd();
    process.chdir(dir);
    let r;
    try {
      r = await run(['check', '.', path.join(outside, '.aws', 'config'), '--format', 'sarif']);
    } finally {
      process.chdir(previous);
    }
    assert.equal(r.code, 1, r.err);
    const sarif = JSON.parse(r.out);
    const uris = sarif.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('odd%20dir%20%231/100%25%20%5Bx%5D.ini'), uris.join(' '));
    assert.ok(uris.some((u: string) => u.startsWith('file:///')), uris.join(' '));
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, r.out);
    const tool = path.join(root, 'node_modules', '.bin', 'sarif-multitool');
    const v = spawnSync(tool, ['validate', file], { encoding: 'utf8' });
    const report = `${v.stdout}\n${v.stderr}`;
    assert.equal(v.status, 0, report);
    assert.doesNotMatch(report, /\b(error|warning) SARIF\d+/, report);
    assert.match(report, /Analysis completed successfully/);
    recordReliability({ area: 'output', input: 'SARIF for files with spaces, #, %, [] in their names and a file outside the root, through sarif-multitool validate', count: uris.length, held: 'no validation error or warning; relative URIs percent-encoded; outside file absolute', test: __filename });
  });
});

describe('internal errors', () => {
  const throwing: Rule = { ...RULES[0]!, check: () => { throw new Error('rule exploded'); } };
  const recursing: Rule = {
    ...RULES[0]!,
    check: () => {
      const deep = (n: number): number => deep(n + 1) + 1;
      deep(0);
    },
  };

  it('an exception while checking a file exits 2 and names the file on stderr, other findings still print', async () => {
    const r = await run(['check', path.join(dir, 'app.ts'), path.join(outside, '.aws', 'config')], { rules: [throwing, ...RULES.slice(1)] });
    assert.equal(r.code, 2);
    assert.match(r.err, /internal error in .*app\.ts: rule [a-z-]+: rule exploded/);
    assert.match(r.err, /internal error in .*config: rule/);
    assert.match(r.out, /invalid-role-arn|duration/);
  });

  it('a stack overflow is an internal error with exit 2, not a lost finding and exit 0', async () => {
    const r = await run(['check', path.join(outside, '.aws', 'config')], { rules: [recursing] });
    assert.equal(r.code, 2);
    assert.match(r.err, /internal error in .*config: rule [a-z-]+: the input is nested too deeply \(stack overflow\)/);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
    recordReliability({ area: 'output', input: 'a rule that throws, a rule that overflows the stack', count: 2, held: 'exit 2 and stderr names the file; other files still reported', test: __filename });
  });
});

it('escapeControl leaves ordinary text alone', () => {
  assert.equal(escapeControl('arn:aws:iam::1:role/x é ü 中'), 'arn:aws:iam::1:role/x é ü 中');
});
