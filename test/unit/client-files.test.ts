import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialEntries, readProfile, removeProfile, setProfile, writeProfileFile } from '../../client/src/iniWriter';
import { configFilePath, credentialsFilePath, readProfiles, roleChainOf } from '../../client/src/awsFiles';
import { formatExports, quotePosix } from '../../client/src/envExport';
import { execFileSync } from 'node:child_process';

const creds = { accessKeyId: 'ASIATEST', secretAccessKey: "s'e\"c$r`e\\t", sessionToken: 'to/ken+==', expiration: new Date('2030-01-01T11:00:00Z') };

test('setProfile replaces our keys in place and keeps other profiles and comments byte for byte', () => {
  const before = '# my creds\n[default]\naws_access_key_id = AKIA1\naws_secret_access_key = x ; inline\n\n; team profile\n[dev]\n# keep me\naws_access_key_id = OLD\nregion = eu-west-1\naws_session_token = OLDTOKEN\n\n[prod]\naws_access_key_id = AKIA2\n';
  const after = setProfile(before, 'dev', credentialEntries(creds));
  assert.equal(
    after,
    '# my creds\n[default]\naws_access_key_id = AKIA1\naws_secret_access_key = x ; inline\n\n; team profile\n[dev]\n# keep me\naws_access_key_id = ASIATEST\naws_secret_access_key = s\'e"c$r`e\\t\naws_session_token = to/ken+==\nexpiration = 2030-01-01T11:00:00.000Z\nregion = eu-west-1\n\n[prod]\naws_access_key_id = AKIA2\n',
  );
  assert.deepEqual(readProfile(after, 'prod'), { aws_access_key_id: 'AKIA2' });
  const added = setProfile(before, 'new', { a: '1' });
  assert.ok(added.startsWith(before));
  assert.ok(added.endsWith('\n[new]\na = 1\n'));
  assert.equal(setProfile('', 'x', { a: '1' }), '[x]\na = 1\n');
  assert.equal(setProfile('[a]\r\nk = v\r\n', 'b', { z: '2' }), '[a]\r\nk = v\r\n\r\n[b]\r\nz = 2\r\n');
  assert.equal(removeProfile('[a]\nk = 1\n[b]\nk = 2\n', 'a'), '[b]\nk = 2\n');
});

test('writeProfileFile writes atomically with mode 0600 and leaves no temp file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-ini-'));
  const file = path.join(dir, 'aws', 'credentials');
  await writeProfileFile(file, 'deploy', credentialEntries(creds));
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  fs.chmodSync(file, 0o644);
  fs.appendFileSync(file, '\n# trailing comment\n[other]\nk = v\n');
  // replacing an existing session profile needs the user's confirmation (the command asks, modal)
  await assert.rejects(writeProfileFile(file, 'deploy', credentialEntries({ ...creds, accessKeyId: 'ASIANEW' })), /not confirmed/);
  await writeProfileFile(file, 'deploy', credentialEntries({ ...creds, accessKeyId: 'ASIANEW' }), { replaceExisting: true });
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(readProfile(text, 'deploy')?.aws_access_key_id, 'ASIANEW');
  assert.equal(readProfile(text, 'deploy')?.expiration, '2030-01-01T11:00:00.000Z');
  assert.match(text, /# trailing comment\n\[other\]\nk = v\n$/);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ['credentials', 'credentials.sts-lens.bak']);
  assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
  await assert.rejects(writeProfileFile(file, 'bad]name', {}), /profile name/);
  fs.rmSync(dir, { recursive: true });
});

test('AWS file locations honour AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE; profiles and chains are read', async () => {
  assert.equal(credentialsFilePath({ AWS_SHARED_CREDENTIALS_FILE: '/x/c' }), '/x/c');
  assert.equal(configFilePath({ AWS_CONFIG_FILE: '/x/cfg' }), '/x/cfg');
  assert.equal(credentialsFilePath({}, '/home/u'), '/home/u/.aws/credentials');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-cfg-'));
  fs.writeFileSync(path.join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile base]\nrole_arn = arn:aws:iam::123456789012:role/base\nsource_profile = default\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\nduration_seconds = 7200\n');
  fs.writeFileSync(path.join(dir, 'credentials'), '[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n');
  const env = { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') };
  const profiles = await readProfiles(env);
  assert.deepEqual(profiles.map((p) => p.name), ['base', 'default', 'deploy']);
  assert.equal(profiles.find((p) => p.name === 'default')?.hasKeys, true);
  assert.equal(profiles.find((p) => p.name === 'deploy')?.durationSeconds, 7200);
  assert.equal(profiles.find((p) => p.name === 'base')?.mfaSerial, 'arn:aws:iam::123456789012:mfa/me');
  assert.equal(roleChainOf('default', profiles), undefined);
  assert.match(roleChainOf('base', profiles)!, /profile base -> default assumes role/);
  fs.rmSync(dir, { recursive: true });
});

test('env exports quote every value so shells take it literally', () => {
  const bash = formatExports(creds, 'bash', 'eu-west-1');
  assert.match(bash, /^export AWS_ACCESS_KEY_ID='ASIATEST'\n/);
  assert.ok(bash.includes("export AWS_CREDENTIAL_EXPIRATION='2030-01-01T11:00:00.000Z'"));
  assert.ok(bash.includes("export AWS_REGION='eu-west-1'"));
  const out = execFileSync('bash', ['-c', `${bash}\nprintf %s "$AWS_SECRET_ACCESS_KEY"`]).toString();
  assert.equal(out, creds.secretAccessKey);
  assert.equal(quotePosix("a'b"), `'a'\\''b'`);
  const fish = formatExports(creds, 'fish');
  assert.ok(fish.includes(`set -gx AWS_SECRET_ACCESS_KEY 's\\'e"c$r\`e\\\\t'`));
  const ps = formatExports(creds, 'powershell');
  assert.ok(ps.includes(`$Env:AWS_SECRET_ACCESS_KEY = 's''e"c$r\`e\\t'`));
  assert.ok(ps.includes(`$Env:AWS_SESSION_TOKEN = 'to/ken+=='`));
});
