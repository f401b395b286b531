/**
 * credential_process: botocore's word splitting, the command run without a shell, output validation,
 * timeout, and the workspace rule. The commands are real processes (node scripts), not mocks.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialService } from '../../client/src/credentialService';
import { StsLensError } from '../../client/src/errors';
import { RedactingLogger } from '../../client/src/logger';
import { SourceRegistry } from '../../client/src/sources';
import { isWorkspaceFile, parseProcessOutput, runCredentialProcess, splitCommandLine } from '../../client/src/sources/credentialProcess';
import { recordReliability } from '../reliability/record';

const NOW = new Date('2030-01-01T10:00:00Z');
const GOOD = { Version: 1, AccessKeyId: 'ASIAPROCESS000000001', SecretAccessKey: 'processsecret0000000000000000000000000001', SessionToken: 'processsessiontoken-abcdef', Expiration: '2030-01-01T11:00:00Z' };

test('splitCommandLine follows shlex.split (POSIX) like botocore', () => {
  const cases: [string, string[]][] = [
    ['aws-vault export --format=json dev', ['aws-vault', 'export', '--format=json', 'dev']],
    ['"/opt/my tools/creds" --profile dev', ['/opt/my tools/creds', '--profile', 'dev']],
    ["sh -c 'echo $HOME | cat'", ['sh', '-c', 'echo $HOME | cat']],
    ['a\\ b c', ['a b', 'c']],
    ['"a \\"quoted\\" \\$x \\n"', ['a "quoted" $x \\n']],
    ["'it''s'", ['its']],
    ['x ""', ['x', '']],
    ['  spaced   out  ', ['spaced', 'out']],
    ['a|b; c', ['a|b;', 'c']],
    ['', []],
  ];
  for (const [line, words] of cases) assert.deepEqual(splitCommandLine(line), words, line);
  for (const bad of ['"open', "'open", 'trailing\\']) assert.throws(() => splitCommandLine(bad), /No closing quotation|No escaped character/);
});

test('parseProcessOutput validates the documented fields and never echoes a value', () => {
  assert.deepEqual(parseProcessOutput(JSON.stringify(GOOD), 'p', NOW), { accessKeyId: GOOD.AccessKeyId, secretAccessKey: GOOD.SecretAccessKey, sessionToken: GOOD.SessionToken, expiration: new Date(GOOD.Expiration) });
  const longTerm = parseProcessOutput(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAX', SecretAccessKey: 'sek' }), 'p', NOW);
  assert.equal(longTerm.expiration, undefined);
  const bad: [unknown, RegExp][] = [
    ['not json', /did not print JSON/],
    [[], /not a JSON object/],
    [{ ...GOOD, Version: 2 }, /"Version" must be 1/],
    [{ ...GOOD, Version: '1' }, /"Version" must be 1/],
    [{ ...GOOD, AccessKeyId: '' }, /"AccessKeyId" is missing/],
    [{ ...GOOD, SecretAccessKey: undefined }, /"SecretAccessKey" is missing/],
    [{ ...GOOD, SessionToken: 5 }, /"SessionToken" must be/],
    [{ ...GOOD, Expiration: 'tomorrow' }, /not an ISO 8601/],
    [{ ...GOOD, Expiration: '2030-01-01T09:59:59Z' }, /expired at/],
    [{ ...GOOD, SessionToken: undefined }, /"SessionToken" is missing/],
  ];
  for (const [out, re] of bad) {
    const text = typeof out === 'string' ? out : JSON.stringify(out);
    assert.throws(() => parseProcessOutput(text, 'p', NOW), (e: unknown) => e instanceof StsLensError && re.test(e.message) && !e.message.includes(GOOD.SecretAccessKey) && !e.message.includes(GOOD.SessionToken), text);
  }
  recordReliability({ area: 'hostile input', input: 'credential_process output: not JSON, wrong Version, missing/empty keys, bad or past Expiration', count: bad.length, held: 'refused with the field named, no secret in the message', test: __filename });
});

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!${process.execPath}\n${body}\n`, { mode: 0o755 });
  return file;
}

test('runCredentialProcess runs the program without a shell, with arguments, and reports failures plainly', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-proc-'));
  try {
    const good = script(dir, 'good.js', `const [a, b] = process.argv.slice(2); if (a !== 'dev profile' || b !== '$HOME') process.exit(3); console.log(${JSON.stringify(JSON.stringify(GOOD))});`);
    const c = await runCredentialProcess('p', `"${good}" 'dev profile' '$HOME'`, { now: () => NOW });
    assert.equal(c.accessKeyId, GOOD.AccessKeyId);
    // no shell: a pipe or a $(...) is just an argument, so the program sees it verbatim
    const marker = path.join(dir, 'touched');
    const echo = script(dir, 'args.js', `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'args.json'))}, JSON.stringify(process.argv.slice(2))); console.log(${JSON.stringify(JSON.stringify(GOOD))});`);
    await runCredentialProcess('p', `${echo} ; touch ${marker} | $(touch ${marker})`, { now: () => NOW });
    assert.equal(fs.existsSync(marker), false);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'args.json'), 'utf8')), [';', 'touch', marker, '|', `$(touch`, `${marker})`]);
    const failing: [string, RegExp][] = [
      [path.join(dir, 'missing'), /was not found/],
      [script(dir, 'exit.js', `console.error(${JSON.stringify(GOOD.SecretAccessKey)}); process.exit(4)`), /exit code 4/],
      [script(dir, 'garbage.js', `console.log('hello ${GOOD.SecretAccessKey}')`), /did not print JSON/],
      [script(dir, 'huge.js', `process.stdout.write('x'.repeat(2 * 1024 * 1024))`), /more than 1048576 bytes/],
      [script(dir, 'hang.js', 'setInterval(() => {}, 1000)'), /did not finish within 1 s/],
    ];
    fs.writeFileSync(path.join(dir, 'noexec.js'), 'x', { mode: 0o644 });
    failing.push([path.join(dir, 'noexec.js'), /not executable/]);
    for (const [cmd, re] of failing) {
      await assert.rejects(runCredentialProcess('p', cmd, { timeoutMs: 1000, now: () => NOW }), (e: unknown) => e instanceof StsLensError && re.test(e.message) && !e.message.includes(GOOD.SecretAccessKey), cmd);
    }
    recordReliability({ area: 'credential flow', input: 'credential_process missing, failing, garbage, 2 MB output, hanging, not executable', count: failing.length, held: 'plain error, process killed at the timeout, output never shown', test: __filename });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a credential_process profile is a session source and an Assume Role source; never from a workspace config', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-proc-'));
  try {
    const good = script(dir, 'good.js', `console.log(${JSON.stringify(JSON.stringify(GOOD))});`);
    const config = path.join(dir, 'config');
    fs.writeFileSync(config, `[profile proc]\ncredential_process = ${good}\nregion = eu-west-3\n`);
    const lines: string[] = [];
    const logger = new RedactingLogger((l) => lines.push(l));
    let folders: string[] = [];
    const sources = new SourceRegistry({ env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') }, home: dir, sts: () => { throw new Error('unused'); }, clock: () => NOW, workspaceFolders: () => folders, addSecret: (v) => logger.addSecret(v) });
    const service = new CredentialService({ sources, clock: () => NOW, logger });
    assert.deepEqual((await sources.listSources()).map((s) => [s.label, s.kind]), [['proc', 'CredentialProcess']]);
    const s = await service.startFromSource({ type: 'process', profile: 'proc' });
    assert.equal(s.kind, 'CredentialProcess');
    assert.equal(s.credentials.sessionToken, GOOD.SessionToken);
    assert.equal(s.region, 'eu-west-3');
    assert.equal(await service.canRefreshSilently(s.id), true);
    // the interface the workflow side uses: credentials, expiry, label, silent refresh, refresh()
    const r = await sources.resolveSource({ type: 'process', profile: 'proc' });
    assert.equal(r.label, 'proc');
    assert.equal(r.expiration.toISOString(), '2030-01-01T11:00:00.000Z');
    assert.equal(r.canRefreshSilently, true);
    assert.equal((await r.refresh()).credentials.accessKeyId, GOOD.AccessKeyId);
    logger.info(`debug ${GOOD.SecretAccessKey} ${GOOD.SessionToken}`);
    assert.ok(!lines.join('\n').includes(GOOD.SecretAccessKey) && !lines.join('\n').includes(GOOD.SessionToken));
    // as the source of another call (through defaultSourceResolver)
    const { defaultSourceResolver } = await import('../../client/src/credentialService');
    const resolved = await defaultSourceResolver({ AWS_CONFIG_FILE: config }, sources)({ type: 'profile', profile: 'proc' });
    assert.equal(resolved.text, 'credential_process of profile proc');
    assert.equal((resolved.credentials as { accessKeyId: string }).accessKeyId, GOOD.AccessKeyId);
    // the same config inside a workspace folder: not listed, not run
    folders = [dir];
    assert.deepEqual(await sources.listSources(), []);
    await assert.rejects(service.startFromSource({ type: 'process', profile: 'proc' }), /inside the workspace/);
    await assert.rejects(defaultSourceResolver({ AWS_CONFIG_FILE: config }, sources)({ type: 'profile', profile: 'proc' }), /inside the workspace/);
    assert.equal(isWorkspaceFile('/home/u/.aws/config', ['/home/u/project']), false);
    assert.equal(isWorkspaceFile('/home/u/project/.aws/config', ['/home/u/project']), true);
    assert.equal(isWorkspaceFile('/home/u/project2/config', ['/home/u/project']), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
