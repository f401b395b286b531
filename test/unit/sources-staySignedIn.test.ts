/**
 * Staying signed in: the automatic refresh runs before the expiry warning only when the refresh needs
 * nothing from the user, the tooltip says how the session stays signed in, and the source commands are
 * contributed.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from '../../client/src/session';
import { statusView } from '../../client/src/statusModel';
import { AutoRefresher, refreshAt } from '../../client/src/sources/staySignedIn';

const T0 = Date.parse('2030-01-01T10:00:00Z');

function session(id: string, minutes: number, kind: Session['kind'] = 'SSO'): Session {
  return {
    id,
    label: id,
    kind,
    credentials: { accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't', expiration: new Date(T0 + minutes * 60_000) },
    request: { kind: 'Source', source: { type: 'sso', profile: id } },
    sourceText: `IAM Identity Center profile ${id}`,
    chained: false,
    region: 'eu-west-1',
    createdAt: new Date(T0),
  };
}

function fakeScheduler() {
  const timers = new Map<number, { at: number; cb: () => void }>();
  let n = 0;
  let now = T0;
  return {
    now: () => new Date(now),
    scheduler: { set: (cb: () => void, ms: number) => (timers.set(++n, { at: now + ms, cb }), n), clear: (h: unknown) => void timers.delete(h as number) },
    pending: () => [...timers.values()].map((t) => t.at).sort(),
    /** Runs the timers due up to `to`, in order. */
    async advance(to: number) {
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > to) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].cb();
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
      }
      now = to;
    },
  };
}

test('refreshAt: a minute before the expiry warning, never in the first half of the session', () => {
  assert.equal(refreshAt(session('a', 60), 5).getTime(), T0 + 54 * 60_000);
  assert.equal(refreshAt(session('a', 60), 0).getTime(), T0 + 59 * 60_000);
  // 10-minute session, warning at 5: 6 min lead would be before half-time; half-time wins
  assert.equal(refreshAt(session('a', 10), 5).getTime(), T0 + 5 * 60_000);
});

test('AutoRefresher refreshes silent sessions before expiry and leaves the others to the warning', async () => {
  const clock = fakeScheduler();
  const held = new Map<string, Session>([
    ['silent', session('silent', 60)],
    ['mfa', session('mfa', 60, 'AssumeRole')],
    ['failing', session('failing', 30)],
  ]);
  const refreshed: string[] = [];
  const log: string[] = [];
  let enabled = true;
  const service = {
    sessions: () => [...held.values()],
    get: (id: string) => held.get(id),
    canRefreshSilently: async (id: string) => id !== 'mfa',
    refresh: async (id: string) => {
      if (id === 'failing') throw Object.assign(new Error('sign-in expired'), { name: 'StsLensError' });
      refreshed.push(id);
      const next = { ...held.get(id)!, credentials: { ...held.get(id)!.credentials, expiration: new Date(clock.now().getTime() + 3600_000) }, createdAt: clock.now() };
      held.set(id, next);
      return next;
    },
  };
  const auto = new AutoRefresher({ service, clock: clock.now, scheduler: clock.scheduler, warningMinutes: () => 5, enabled: () => enabled, log: (l) => log.push(l) });
  auto.reschedule();
  assert.deepEqual(clock.pending(), [T0 + 24 * 60_000, T0 + 54 * 60_000, T0 + 54 * 60_000]);
  await clock.advance(T0 + 54 * 60_000);
  assert.deepEqual(refreshed, ['silent']);
  assert.ok(log.some((l) => /failing: automatic refresh failed \(StsLensError\)/.test(l)));
  assert.ok(log.some((l) => /mfa: refresh needs you/.test(l)));
  assert.equal(held.get('silent')!.credentials.expiration.getTime(), T0 + 114 * 60_000);
  // only the refreshed session is planned again: the others are not retried for the same expiry
  assert.deepEqual(clock.pending(), [T0 + 108 * 60_000]);
  await clock.advance(T0 + 108 * 60_000);
  assert.deepEqual(refreshed, ['silent', 'silent']);
  // switched off: the due refresh does nothing
  enabled = false;
  await clock.advance(T0 + 200 * 60_000);
  assert.deepEqual(refreshed, ['silent', 'silent']);
  // a removed session's timer goes away
  held.clear();
  auto.reschedule();
  assert.deepEqual(clock.pending(), []);
  auto.dispose();
});

test('the tooltip names the kind of session, its source, the time left and how it stays signed in', () => {
  const s = session('dev', 42);
  const v = statusView(s, new Date(T0), 5, (d) => d.toISOString(), 'by itself at 10:36, no prompt (IAM Identity Center sign-in valid until 18:00)');
  assert.equal(v.text, 'dev · 42m');
  assert.match(v.tooltip, /^STS Lens: IAM Identity Center session dev$/m);
  assert.match(v.tooltip, /^Source: IAM Identity Center profile dev$/m);
  assert.match(v.tooltip, /^Refresh: by itself at 10:36, no prompt \(IAM Identity Center sign-in valid until 18:00\)$/m);
  assert.doesNotMatch(statusView(s, new Date(T0)).tooltip, /Refresh:/);
  for (const [kind, text] of [['AssumeRoleWithSAML', 'SAML role session'], ['AssumeRoleWithWebIdentity', 'web identity role session'], ['CredentialProcess', 'credential_process session']] as const) {
    assert.match(statusView(session('x', 30, kind), new Date(T0)).tooltip, new RegExp(`^STS Lens: ${text} x$`, 'm'));
  }
});

test('the source commands and the autoRefresh setting are contributed', async () => {
  const { SOURCE_COMMANDS } = await import('../../client/src/sources/sourceCommands').catch(() => ({ SOURCE_COMMANDS: undefined }));
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const ids = new Map<string, { category?: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
  // sourceCommands imports vscode, which only exists in the extension host: check the ids by name
  const expected = SOURCE_COMMANDS ? Object.values(SOURCE_COMMANDS) : ['stsLens.signInSso', 'stsLens.sessionFromProfile', 'stsLens.assumeRoleWithWebIdentity', 'stsLens.assumeRoleWithSAML'];
  for (const id of expected) assert.equal(ids.get(id)?.category, 'STS Lens', id);
  const src = fs.readFileSync(path.join(__dirname, '..', '..', 'client', 'src', 'sources', 'sourceCommands.ts'), 'utf8');
  for (const id of expected) assert.ok(src.includes(`'${id}'`), id);
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const props = Object.assign({}, ...sections.map((s: { properties: object }) => s.properties));
  assert.equal(props['stsLens.autoRefresh'].default, true);
});
