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

test('write errors from a killed server (EPIPE on every pending message) do not stop the restart', () => {
  const policy = new ServerCrashPolicy();
  // seen in code-server: kill -9 gave four EPIPE errors before the close; the library default shut down at the 4th
  assert.deepEqual([1, 2, 3, 4, 10, 50, undefined].map((n) => policy.error(n).shutdown), [false, false, false, false, false, false, false]);
  assert.equal(policy.error(51).shutdown, true, 'a connection that keeps failing is given up');
  assert.equal(policy.closed().restart, true);
});
