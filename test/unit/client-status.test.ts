import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nextChangeDelay, statusView, StatusTimer, timeLeftText, type Scheduler, type StatusView } from '../../client/src/statusModel';
import { RedactingLogger } from '../../client/src/logger';
import { CREDENTIAL_COMMANDS } from '../../client/src/commandIds';
import type { Session } from '../../client/src/session';

const T0 = new Date('2030-01-01T10:00:00Z').getTime();

function session(expiresInMs: number, over: Partial<Session> = {}): Session {
  return {
    id: 's1',
    label: 'deploy',
    kind: 'AssumeRole',
    credentials: { accessKeyId: 'ASIAX', secretAccessKey: 'SECRETKEYVALUE', sessionToken: 'TOKENVALUE', expiration: new Date(T0 + expiresInMs) },
    request: { kind: 'AssumeRole', roleArn: 'arn:aws:iam::123456789012:role/deploy', roleSessionName: 'me', source: { type: 'chain' } },
    arn: 'arn:aws:sts::123456789012:assumed-role/deploy/me',
    account: '123456789012',
    sessionName: 'me',
    sourceText: 'profile dev',
    chained: false,
    region: 'us-east-1',
    createdAt: new Date(T0),
    ...over,
  };
}

/** A scheduler driven by a fake clock: `advance` runs due callbacks in order. */
function fakeTime() {
  let now = T0;
  let seq = 0;
  const timers = new Map<number, { at: number; cb: () => void }>();
  const scheduler: Scheduler = {
    set: (cb, ms) => (timers.set(++seq, { at: now + ms, cb }), seq),
    clear: (h) => void timers.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].cb();
    }
    now = end;
  };
  return { scheduler, advance, clock: () => new Date(now), pending: () => timers.size };
}

test('text: minutes, hours, last-minute seconds, expired', () => {
  assert.equal(timeLeftText(42 * 60_000 + 30_000), '42m');
  assert.equal(timeLeftText(2 * 3600_000 + 5 * 60_000), '2h 05m');
  assert.equal(timeLeftText(59_999), '59s');
  assert.equal(timeLeftText(0), 'expired');
  assert.equal(statusView(session(42 * 60_000 + 1), new Date(T0)).text, 'deploy · 42m');
});

test('severity: normal, warning under the threshold, error when expired; tooltip has the details', () => {
  const now = new Date(T0);
  assert.equal(statusView(session(6 * 60_000), now, 5).severity, 'normal');
  assert.equal(statusView(session(5 * 60_000 - 1), now, 5).severity, 'warning');
  assert.equal(statusView(session(9 * 60_000), now, 10).severity, 'warning');
  const expired = statusView(session(-1), now, 5, (d) => d.toISOString());
  assert.equal(expired.severity, 'error');
  assert.equal(expired.text, 'deploy · expired');
  const tip = statusView(session(60_000), now, 5, (d) => `LOCAL ${d.toISOString()}`).tooltip;
  for (const part of ['ARN: arn:aws:sts::123456789012:assumed-role/deploy/me', 'Account: 123456789012', 'Session name: me', 'Source: profile dev', 'Expires: LOCAL 2030-01-01T10:01:00.000Z']) assert.ok(tip.includes(part), part);
  assert.ok(!tip.includes('SECRETKEYVALUE') && !tip.includes('TOKENVALUE'));
  assert.equal(statusView(undefined, now).visible, false);
});

test('next change: at the minute boundary, then every second in the last minute', () => {
  const at = (ms: number) => nextChangeDelay(new Date(T0 + ms), new Date(T0));
  assert.equal(at(42 * 60_000 + 30_000), 30_001);
  assert.equal(at(60_500), 501);
  assert.equal(at(59_500), 501);
  assert.equal(at(0), undefined);
});

test('timer renders each minute, each second in the last minute, warns once and expires once — without sleeping', () => {
  const t = fakeTime();
  const views: StatusView[] = [];
  const events: string[] = [];
  const timer = new StatusTimer({
    clock: t.clock,
    scheduler: t.scheduler,
    render: (v) => views.push(v),
    warningMinutes: () => 5,
    onExpiringSoon: (s) => events.push(`soon ${s.label}`),
    onExpired: (s) => events.push(`expired ${s.label}`),
  });
  timer.show(session(7 * 60_000));
  assert.equal(views.at(-1)!.text, 'deploy · 7m');
  t.advance(60_000);
  assert.equal(views.at(-1)!.text, 'deploy · 6m');
  assert.equal(views.at(-1)!.severity, 'normal');
  const before = views.length;
  t.advance(61_000);
  assert.equal(views.length - before, 2, 'one render per minute');
  assert.equal(views.at(-1)!.text, 'deploy · 4m');
  assert.equal(views.at(-1)!.severity, 'warning');
  assert.deepEqual(events, ['soon deploy']);
  t.advance(4 * 60_000);
  assert.equal(views.at(-1)!.text, 'deploy · 59s');
  const inLastMinute = views.length;
  t.advance(10_000);
  assert.equal(views.length - inLastMinute, 10, 'one render per second in the last minute');
  assert.equal(views.at(-1)!.text, 'deploy · 49s');
  t.advance(60_000);
  assert.equal(views.at(-1)!.text, 'deploy · expired');
  assert.equal(views.at(-1)!.severity, 'error');
  assert.deepEqual(events, ['soon deploy', 'expired deploy']);
  assert.equal(t.pending(), 0, 'no timer left after expiry');
  timer.show(undefined);
  assert.equal(views.at(-1)!.visible, false);
  timer.dispose();
});

test('redacting logger never writes registered secrets or secret-looking assignments', () => {
  const lines: string[] = [];
  const log = new RedactingLogger((l) => lines.push(l), () => new Date(T0));
  log.addSecret('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  log.addSecret('FwoGZXIvYXdzEXAMPLETOKEN');
  log.info('assumed', { SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', SessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN', AccessKeyId: 'ASIAVISIBLE' });
  log.error('failed', new Error('bad aws_secret_access_key = unregisteredSecret123 and X-Amz-Security-Token=abcdef'));
  log.warn("export AWS_SESSION_TOKEN='tok123456'");
  const all = lines.join('\n');
  for (const secret of ['wJalrXUtnFEMI', 'FwoGZXIvYXdz', 'unregisteredSecret123', 'abcdef', 'tok123456']) assert.ok(!all.includes(secret), secret);
  assert.ok(all.includes('ASIAVISIBLE'));
  assert.match(lines[0]!, /^\[2030-01-01T10:00:00.000Z\] \[info\] assumed/);
});

test('package.json contributes every credential command (category STS Lens) and the stsLens settings', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
  const commands = new Map<string, { category?: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
  for (const id of Object.values(CREDENTIAL_COMMANDS)) assert.equal(commands.get(id)?.category, 'STS Lens', id);
  const cfgs = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const props = Object.assign({}, ...cfgs.map((c: { properties: object }) => c.properties));
  for (const key of ['stsLens.region', 'stsLens.stsEndpoint', 'stsLens.console.sessionDuration', 'stsLens.console.destination', 'stsLens.expiryWarningMinutes', 'stsLens.defaultDurationSeconds']) assert.ok(props[key], key);
  assert.equal(props['stsLens.expiryWarningMinutes'].default, 5);
  assert.equal(props['stsLens.console.sessionDuration'].minimum, 900);
  assert.equal(props['stsLens.console.sessionDuration'].maximum, 43200);
  // the code reads the same keys it contributes
  const src = fs.readFileSync(path.join(__dirname, '../../client/src/credentialCommands.ts'), 'utf8');
  for (const key of Object.keys(props).filter((k) => k.startsWith('stsLens.') && ['region', 'stsEndpoint', 'console.', 'expiryWarning', 'defaultDuration'].some((p) => k.includes(p)))) {
    assert.ok(src.includes(`'${key.slice('stsLens.'.length)}'`), `${key} is read by the client`);
  }
});
