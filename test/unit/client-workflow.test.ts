/**
 * The daily workflow's pure parts: regions and partitions, console destinations, the workspace profile
 * and which session the status bar names, the Sessions view rows, and the package.json contributions
 * (view, menus, terminal profile, walkthrough) against the code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONSOLE_SERVICES, destinationRefusal, serviceDestination } from '../../client/src/consoleDestinations';
import { CREDENTIAL_COMMANDS } from '../../client/src/commandIds';
import { isRegionId, partitionOfRegion, REGIONS, regionRefusal } from '../../client/src/regions';
import type { Session } from '../../client/src/session';
import { sessionRow } from '../../client/src/sessionRow';
import { SESSIONS_VIEW_ID, TERMINAL_PROFILE_ID, WORKFLOW_COMMANDS } from '../../client/src/workflowCommandIds';
import { profileOfDotEnv, profileOfLaunchJson, statusFocus, workspaceProfile } from '../../client/src/workspaceProfile';

const ROOT = path.join(__dirname, '..', '..');
const NOW = new Date('2030-01-01T10:00:00Z');

function session(over: Partial<Session> = {}): Session {
  return {
    id: 's1',
    label: 'deploy',
    kind: 'AssumeRole',
    credentials: { accessKeyId: 'ASIAX', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(NOW.getTime() + 42 * 60_000) },
    request: { kind: 'AssumeRole', roleArn: 'arn:aws:iam::123456789012:role/ci/deploy', roleSessionName: 'me', source: { type: 'chain' }, profile: 'prod' },
    arn: 'arn:aws:sts::123456789012:assumed-role/deploy/me',
    account: '123456789012',
    sourceText: 'default credential chain',
    chained: false,
    region: 'eu-west-1',
    createdAt: NOW,
    ...over,
  };
}

describe('regions', () => {
  it('every listed region is a region id of its partition', () => {
    for (const [partition, list] of Object.entries(REGIONS)) for (const r of list) assert.equal(partitionOfRegion(r.id), partition, r.id);
    assert.ok(isRegionId('us-gov-west-1') && isRegionId('cn-northwest-1') && !isRegionId('Europe') && !isRegionId('eu-west'));
  });
  it('a region of another partition is refused for a session, with the reason', () => {
    assert.equal(regionRefusal('eu-central-1', 'aws'), undefined);
    assert.match(regionRefusal('cn-north-1', 'aws')!, /partition aws-cn, but the session was issued in aws/);
    assert.match(regionRefusal('us-gov-east-1', 'aws')!, /aws-us-gov/);
    assert.match(regionRefusal('frankfurt', undefined)!, /not a region id/);
  });
});

describe('console destinations', () => {
  it('a service opens in the session region and partition', () => {
    assert.equal(serviceDestination('s3', 'aws', 'eu-west-1'), 'https://console.aws.amazon.com/s3/home?region=eu-west-1');
    assert.equal(serviceDestination('lambda', 'aws-cn', 'cn-north-1'), 'https://console.amazonaws.cn/lambda/home?region=cn-north-1');
    assert.equal(serviceDestination('iam', 'aws-us-gov', 'us-gov-west-1'), 'https://console.amazonaws-us-gov.com/iam/home');
    assert.equal(serviceDestination('nope', 'aws', 'x'), undefined);
    assert.ok(CONSOLE_SERVICES.length >= 10);
  });
  it('any console URL of the partition is accepted; other hosts, http and credentials in the URL are not', () => {
    assert.equal(destinationRefusal('https://eu-west-1.console.aws.amazon.com/ec2/home#Instances', 'aws'), undefined);
    assert.equal(destinationRefusal('https://console.aws.amazon.com/', 'aws'), undefined);
    assert.match(destinationRefusal('https://console.aws.amazon.com.evil.example/', 'aws')!, /console page of the aws partition/);
    assert.match(destinationRefusal('https://evilconsole.aws.amazon.com/', 'aws')!, /console page/);
    assert.match(destinationRefusal('http://console.aws.amazon.com/', 'aws')!, /https/);
    assert.match(destinationRefusal('https://u:p@console.aws.amazon.com/', 'aws')!, /user name or password/);
    assert.match(destinationRefusal('https://console.aws.amazon.com/', 'aws-cn')!, /console\.amazonaws\.cn/);
    assert.match(destinationRefusal('s3', 'aws')!, /full URL/);
  });
});

describe('the profile the workspace uses', () => {
  it('.env: AWS_PROFILE with export, quotes and comments; it wins over AWS_DEFAULT_PROFILE', () => {
    assert.equal(profileOfDotEnv('# AWS_PROFILE=commented\nexport AWS_DEFAULT_PROFILE=old\nAWS_PROFILE="dev" \n'), 'dev');
    assert.equal(profileOfDotEnv("AWS_PROFILE='stage'  # the stage account\n"), 'stage');
    assert.equal(profileOfDotEnv('AWS_PROFILE=prod # note'), 'prod');
    assert.equal(profileOfDotEnv('AWS_REGION=eu-west-1\n'), undefined);
  });
  it('launch.json (with comments and trailing commas): the first configuration that sets it', () => {
    const text = '{\n // debug\n "configurations": [\n  {"name": "tests", "env": {}},\n  {"name": "Debug app", "env": {"AWS_PROFILE": "dev"},},\n ],\n}';
    assert.deepEqual(profileOfLaunchJson(text), { profile: 'dev', configuration: 'Debug app' });
    assert.equal(profileOfLaunchJson('not json'), undefined);
  });
  it('the terminal env setting first, then .env, then launch.json', () => {
    assert.deepEqual(workspaceProfile({ terminalEnv: { setting: 'terminal.integrated.env.linux', env: { AWS_PROFILE: 'a' } }, dotEnv: 'AWS_PROFILE=b' }), { profile: 'a', from: 'terminal.integrated.env.linux' });
    assert.deepEqual(workspaceProfile({ terminalEnv: { setting: 'x', env: undefined }, dotEnv: 'AWS_PROFILE=b', launchJson: '{"configurations":[{"name":"n","env":{"AWS_PROFILE":"c"}}]}' }), { profile: 'b', from: '.env' });
    assert.deepEqual(workspaceProfile({ launchJson: '{"configurations":[{"name":"n","env":{"AWS_PROFILE":"c"}}]}' }), { profile: 'c', from: 'launch.json (n)' });
    assert.equal(workspaceProfile({}), undefined);
  });
  it('the status bar names the active terminal\'s session, else the workspace profile\'s, else the active one', () => {
    const prod = session();
    const dev = session({ id: 's2', label: 'dev', request: { ...prod.request, profile: 'dev' } as Session['request'] });
    const sessions = [prod, dev];
    assert.deepEqual(statusFocus({ sessions, active: prod, terminalSessionId: 's2', terminalName: 'AWS dev' }), { session: dev, why: 'The active terminal "AWS dev" uses this session.' });
    const ws = statusFocus({ sessions, active: prod, workspace: { profile: 'dev', from: '.env' } });
    assert.equal(ws.session, dev);
    assert.equal(ws.why, 'The workspace uses AWS_PROFILE=dev (.env).');
    const missing = statusFocus({ sessions, active: prod, workspace: { profile: 'qa', from: 'launch.json (x)' } });
    assert.equal(missing.session, prod);
    assert.match(missing.why!, /AWS_PROFILE=qa .* has no session here/);
    assert.deepEqual(statusFocus({ sessions, active: dev }), { session: dev });
  });
});

describe('Sessions view rows', () => {
  it('account, role, region and time left', () => {
    const row = sessionRow(session(), NOW);
    assert.equal(row.description, '123456789012 · deploy · eu-west-1 · 42m');
    assert.match(row.tooltip, /ARN: arn:aws:sts::123456789012:assumed-role\/deploy\/me/);
    assert.match(row.tooltip, /Region: eu-west-1/);
  });
  it('a session token, a session without account id, an expired one', () => {
    const gst = session({ kind: 'GetSessionToken', account: undefined, arn: undefined, request: { kind: 'GetSessionToken', source: { type: 'chain' } }, credentials: { ...session().credentials, expiration: new Date(NOW.getTime() - 1000) } });
    assert.equal(sessionRow(gst, NOW).description, 'no account id · session token · eu-west-1 · expired');
    assert.match(sessionRow(gst, NOW).tooltip, /^Session token deploy/);
  });
});

describe('package.json contributions of the workflow', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const c = pkg.contributes;
  const commands = new Map<string, { category?: string }>(c.commands.map((x: { command: string }) => [x.command, x]));

  it('every workflow command is contributed under STS Lens', () => {
    for (const id of Object.values(WORKFLOW_COMMANDS)) assert.equal(commands.get(id)?.category, 'STS Lens', id);
  });
  it('the Sessions view sits in its own container, and every menu entry names a contributed command', () => {
    assert.ok(c.views.stsLens.some((v: { id: string }) => v.id === SESSIONS_VIEW_ID));
    assert.ok(c.viewsContainers.activitybar.some((v: { id: string; icon: string }) => v.id === 'stsLens' && fs.existsSync(path.join(ROOT, v.icon))));
    const entries = [...c.menus['view/title'], ...c.menus['view/item/context']];
    for (const e of entries) assert.ok(commands.has(e.command), e.command);
    const inline = c.menus['view/item/context'].filter((e: { group: string }) => e.group.startsWith('inline')).map((e: { command: string }) => e.command);
    assert.deepEqual(inline, [CREDENTIAL_COMMANDS.refresh, WORKFLOW_COMMANDS.openConsoleAt, WORKFLOW_COMMANDS.openSessionTerminal, CREDENTIAL_COMMANDS.clearSession]);
    const context = new Set(c.menus['view/item/context'].map((e: { command: string }) => e.command));
    for (const id of [CREDENTIAL_COMMANDS.switchSession, CREDENTIAL_COMMANDS.refresh, CREDENTIAL_COMMANDS.openConsole, CREDENTIAL_COMMANDS.copyCredentials, CREDENTIAL_COMMANDS.writeProfile, CREDENTIAL_COMMANDS.clearSession, WORKFLOW_COMMANDS.pickRegion]) assert.ok(context.has(id), `${id} is an action of a session row`);
  });
  it('the terminal profile id is the one the code registers', () => {
    assert.deepEqual(c.terminal.profiles.map((p: { id: string }) => p.id), [TERMINAL_PROFILE_ID]);
  });
  it('the walkthrough: its steps, their media files (shipped) and commands exist', () => {
    const [w] = c.walkthroughs;
    assert.equal(`${pkg.publisher}.${pkg.name}#${w.id}`, 'sts-lens.sts-lens#stsLens.gettingStarted');
    assert.deepEqual(w.steps.map((s: { id: string }) => s.id), ['checks', 'assume', 'sessions', 'region']);
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/\*\*$/m);
    for (const s of w.steps) {
      assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
      for (const m of String(s.description).matchAll(/\(command:([\w.]+)\)/g)) {
        const id = m[1]!;
        assert.ok(commands.has(id) || id.startsWith('workbench.') || id === `${SESSIONS_VIEW_ID}.focus`, id);
      }
    }
  });
});

describe('hostile workspace files and stored state', () => {
  it('junk .env / launch.json / recent lists / console URLs give an answer or nothing, never a throw', async () => {
    const { recordReliability } = await import('../reliability/record');
    const { parseRecent } = await import('../../client/src/assumePlan');
    const junk = [
      '\u0000\u0001\u0002binary\uFFFD'.repeat(1000),
      'AWS_PROFILE=' + 'x'.repeat(200_000),
      '{"configurations": [' + '['.repeat(5000),
      '{"configurations": {"env": {"AWS_PROFILE": 1}}}',
      '{"configurations": [null, 1, "s", {"env": null}, {"env": {"AWS_PROFILE": ["a"]}}]}',
      'AWS_PROFILE="unterminated\nAWS_PROFILE=\'\'\n',
      '\uD800\uDFFF'.repeat(10_000),
    ];
    let n = 0;
    for (const text of junk) {
      assert.doesNotThrow(() => profileOfDotEnv(text));
      assert.doesNotThrow(() => profileOfLaunchJson(text));
      assert.doesNotThrow(() => destinationRefusal(text, 'aws'));
      assert.doesNotThrow(() => parseRecent((() => { try { return JSON.parse(text); } catch { return text; } })()));
      n += 4;
    }
    assert.equal(profileOfLaunchJson(junk[4]!), undefined, 'non-string AWS_PROFILE values are ignored');
    assert.equal(profileOfDotEnv(junk[5]!), 'unterminated', 'an unterminated quote reads up to the line end');
    recordReliability({ area: 'hostile input', input: 'binary, huge, deeply nested and mistyped .env / launch.json, stored recent lists and console URLs', count: n, held: 'a value or nothing, no exception', test: __filename });
  });
});

describe('Sessions view rows of source sessions', () => {
  it('an IAM Identity Center session shows the role of its assumed-role ARN', () => {
    const sso = session({ kind: 'SSO', request: { kind: 'Source' } as unknown as Session['request'], arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc/alice' });
    assert.equal(sessionRow(sso, NOW).description, '123456789012 · AWSReservedSSO_Admin_abc · eu-west-1 · 42m');
    assert.match(sessionRow(sso, NOW).tooltip, /^SSO session deploy/);
  });
});
