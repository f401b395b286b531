/** The CLI as a CI pipeline uses it: formats, severities, exit codes, .gitignore, bad input. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli';
import { recordReliability } from '../reliability/record';

const root = path.resolve(__dirname, '..', '..');
let dir: string;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-cli-'));
  fs.mkdirSync(path.join(dir, '.aws'));
  fs.writeFileSync(path.join(dir, '.aws', 'config'), '[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 50000\n');
  fs.writeFileSync(path.join(dir, 'notes.md'), 'Federation: Action=getSigninToken&SessionDuration=600\n');
  fs.writeFileSync(path.join(dir, 'clean.md'), 'Nothing about credentials here.\n');
  fs.mkdirSync(path.join(dir, 'build'));
  fs.writeFileSync(path.join(dir, 'build', 'generated.md'), 'Action=getSigninToken&SessionDuration=1\n');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
  fs.writeFileSync(path.join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 0x41, 0x4b, 0x49, 0x41]));
  fs.writeFileSync(path.join(dir, 'warn-only.md'), 'AssumeRoleWithSAML: Action=AssumeRoleWithSAML&RoleArn=arn:aws:iam::111122223333:role/s&PrincipalArn=arn:aws:iam::111122223333:saml-provider/idp&SAMLAssertion=PHNhbWw%2B&PolicyArns.member.1.arn=arn:aws:iam::aws:policy/ReadOnlyAccess\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sts-lens check', () => {
  it('--docs-severity lowers or drops findings in docs only; a bad value is a usage error', async () => {
    const notes = path.join(dir, 'notes.md');
    const info = await run(['check', notes, '--docs-severity', 'info']);
    assert.equal(info.code, 0, info.out);
    assert.match(info.out, /notes\.md:1:51 info console-session-duration/);
    const ignored = await run(['check', notes, '--docs-severity=ignore']);
    assert.equal(ignored.out, '');
    assert.equal(ignored.code, 0);
    const config = await run(['check', path.join(dir, '.aws', 'config'), '--docs-severity', 'info']);
    assert.match(config.out, /error duration-out-of-range/, 'code and config files keep their severity');
    const bad = await run(['check', notes, '--docs-severity', 'loud']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--docs-severity must be one of same, info, warning, ignore/);
  });

  it('walks .github workflows, CI files, Makefiles, Dockerfiles, Jenkinsfiles and docs (and still honours .gitignore)', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-reach-'));
    try {
      const write = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
        fs.writeFileSync(path.join(repo, rel), text);
      };
      const cmd = 'aws sts get-session-token --duration-seconds 200000';
      write('.github/workflows/ci.yml', `jobs:\n  a:\n    steps:\n      - run: ${cmd}\n`);
      write('.gitlab-ci.yml', `job:\n  script:\n    - ${cmd}\n`);
      write('Makefile', `creds:\n\t${cmd}\n`);
      write('docker/Dockerfile', `FROM x\nRUN ${cmd}\n`);
      write('Jenkinsfile', `node { sh '${cmd}' }\n`);
      write('docs/setup.md', `\`\`\`sh\n${cmd}\n\`\`\`\n`);
      write('docs/setup.rst', `Run::\n\n    ${cmd}\n`);
      write('ignored/Makefile', `x:\n\t${cmd}\n`);
      write('.gitignore', 'ignored/\n');
      const r = await run(['check', repo, '--format', 'json']);
      const files = (JSON.parse(r.out) as { file: string; ruleId: string }[]).map((f) => path.relative(repo, path.resolve(f.file)).split(path.sep).join('/'));
      assert.deepEqual(files.sort(), ['.github/workflows/ci.yml', '.gitlab-ci.yml', 'Jenkinsfile', 'Makefile', 'docker/Dockerfile', 'docs/setup.md', 'docs/setup.rst']);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('prints file:line:col severity ruleId message and exits 1 on errors', async () => {
    const r = await run(['check', dir]);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.some((l) => /\.aws\/config:3:20 error duration-out-of-range duration_seconds 50000 is above the maximum/.test(l)), r.out);
    assert.ok(lines.some((l) => /notes\.md:1:51 error console-session-duration SessionDuration 600/.test(l)), r.out);
    assert.ok(lines.some((l) => /warn-only\.md:1:\d+ warning unsigned-call-policy/.test(l)), r.out);
    assert.match(r.err, /3 errors|2 errors/);
  });

  it('respects .gitignore and skips binary files without failing', async () => {
    const r = await run(['check', dir]);
    assert.doesNotMatch(r.out, /generated\.md/);
    assert.doesNotMatch(r.out, /blob\.bin/);
    assert.match(r.err, /blob\.bin: skipped: binary file/);
  });

  it('--format json gives 1-based positions with ends', async () => {
    const r = await run(['check', path.join(dir, '.aws', 'config'), '--format', 'json']);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.out) as { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; ruleId: string; message: string }[];
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.deepEqual([f.line, f.column, f.endLine, f.endColumn, f.severity, f.ruleId], [3, 20, 3, 25, 'error', 'duration-out-of-range']);
    assert.ok(f.file.endsWith('.aws/config'));
    assert.deepEqual(Object.keys(f).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'ruleId', 'severity']);
  });

  it('--format sarif is SARIF 2.1.0 with rules and regions', async () => {
    const r = await run(['check', dir, '--format=sarif']);
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'sts-lens');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ruleIds.includes('duration-out-of-range'));
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'duration-out-of-range');
    assert.equal(res.level, 'error');
    assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'duration-out-of-range');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 3, startColumn: 20, endLine: 3, endColumn: 25 });
    assert.equal(run0.results.find((x: { ruleId: string }) => x.ruleId === 'unsigned-call-policy').level, 'warning');
  });

  it('--severity error hides warnings; warnings alone exit 0', async () => {
    const errorsOnly = await run(['check', dir, '--severity', 'error']);
    assert.doesNotMatch(errorsOnly.out, /unsigned-call-policy/);
    const warnOnly = await run(['check', path.join(dir, 'warn-only.md')]);
    assert.equal(warnOnly.code, 0);
    assert.match(warnOnly.out, /warning unsigned-call-policy/);
  });

  it('a clean file exits 0 with no output', async () => {
    const r = await run(['check', path.join(dir, 'clean.md')]);
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
  });

  it('a bad path is a clear message and exit 2, never a stack trace', async () => {
    const r = await run(['check', path.join(dir, 'missing.txt')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing\.txt: no such file or directory/);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
  });

  it('a FIFO or a device named on the command line is refused (exit 2), not read or waited on', async () => {
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    try {
      for (const p of [fifo, '/dev/zero']) {
        const r = await run(['check', p]);
        assert.equal(r.code, 2, p);
        assert.match(r.err, /not a regular file/);
      }
    } finally {
      fs.rmSync(fifo);
    }
    recordReliability({ area: 'hostile input', input: 'CLI given a FIFO and /dev/zero as paths', count: 2, held: 'refused at once with "not a regular file", exit 2', test: __filename });
  });

  it('usage errors exit 2 with the usage text', async () => {
    for (const args of [['frobnicate'], ['check', '--format', 'xml'], ['check', '--severity'], ['check', '--nope']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /Usage: sts-lens check/);
    }
  });

  it('the bundled binary runs the same way', () => {
    if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
    const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', path.join(dir, '.aws', 'config')], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /duration-out-of-range/);
  });
});
