import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ServerCrashPolicy } from '../../client/src/serverCrashPolicy';
import { recordReliability } from '../reliability/record';

test('a crashing server is restarted and the user is told once, not once per restart', () => {
  let now = 0;
  const policy = new ServerCrashPolicy({ maxRestarts: 4, windowMs: 180_000, clock: () => now });
  const decisions = [];
  for (let i = 0; i < 4; i++) {
    decisions.push(policy.closed());
    now += 10_000;
  }
  assert.deepEqual(decisions.map((d) => d.restart), [true, true, true, true]);
  const shown = decisions.filter((d) => d.notify);
  assert.equal(shown.length, 1, 'one notification for four restarts');
  assert.match(shown[0]!.notify!, /stopped unexpectedly and was restarted\. Diagnostics continue/);
  assert.ok(decisions.every((d) => /crashed/.test(d.log)), 'every crash is logged');
  // the fifth crash within the window: bounded, no restart, one final message that says what to do
  const fifth = policy.closed();
  assert.equal(fifth.restart, false);
  assert.match(fifth.notify!, /5 times in 3 minutes and will not be restarted.*Reload Window/);
  recordReliability({ area: 'server faults', input: 'language server crashing 5 times in 40 s (client restart policy)', count: 5, held: '4 restarts with one notification, then stopped with one message saying how to recover', test: __filename });
});

test('crashes spread out over time keep being restarted, still without a new toast', () => {
  let now = 0;
  const policy = new ServerCrashPolicy({ maxRestarts: 4, windowMs: 180_000, clock: () => now });
  const decisions = [];
  for (let i = 0; i < 20; i++) {
    decisions.push(policy.closed());
    now += 60_000; // at most 4 in any 3-minute window
  }
  assert.ok(decisions.every((d) => d.restart));
  assert.equal(decisions.filter((d) => d.notify).length, 1);
  assert.equal(policy.count, 20);
});

test('connection errors: continue up to three, then shut down', () => {
  const policy = new ServerCrashPolicy();
  assert.deepEqual([1, 2, 3, 4, undefined].map((n) => policy.error(n).shutdown), [false, false, false, true, true]);
});
