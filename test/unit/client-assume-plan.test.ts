/** The one-step Assume Role plan: the profile's own settings make the request; recent targets come first. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ago, MAX_RECENT, orderedTargets, parseRecent, planFromProfile, planSummary, rememberTarget } from '../../client/src/assumePlan';
import type { ProfileInfo } from '../../client/src/awsFiles';

const D = { sessionName: 'alice', durationSeconds: 3600 };
const prod: ProfileInfo = {
  name: 'prod-admin',
  roleArn: 'arn:aws:iam::123456789012:role/admin',
  sourceProfile: 'base',
  roleSessionName: 'alice-prod',
  durationSeconds: 7200,
  externalId: 'ext-1234',
  mfaSerial: 'arn:aws:iam::123456789012:mfa/alice',
  region: 'eu-west-1',
  hasKeys: false,
};
const dev: ProfileInfo = { name: 'dev', roleArn: 'arn:aws:iam::210987654321:role/dev', hasKeys: false };
const base: ProfileInfo = { name: 'base', hasKeys: true };

describe('planFromProfile', () => {
  it('uses every setting of the profile and asks only the MFA code', () => {
    const plan = planFromProfile(prod, D)!;
    assert.deepEqual(plan.request, {
      kind: 'AssumeRole',
      roleArn: prod.roleArn,
      roleSessionName: 'alice-prod',
      durationSeconds: 7200,
      externalId: 'ext-1234',
      serialNumber: prod.mfaSerial,
      source: { type: 'profile', profile: 'base' },
      profile: 'prod-admin',
      region: 'eu-west-1',
    });
    assert.equal(plan.needsMfaCode, true);
    assert.deepEqual(plan.fromProfile, ['role_session_name', 'duration_seconds', 'external_id', 'mfa_serial', 'source_profile', 'region']);
    assert.equal(planSummary(plan, (s) => `${s / 3600} h`), 'as alice-prod · 2 h · eu-west-1 · external id · asks the MFA code · from base');
  });

  it('a bare role profile gets the defaults, the default chain as source, and no question', () => {
    const plan = planFromProfile(dev, D)!;
    assert.equal(plan.request.roleSessionName, 'alice');
    assert.equal(plan.request.durationSeconds, 3600);
    assert.deepEqual(plan.request.source, { type: 'chain' });
    assert.equal(plan.request.externalId, undefined);
    assert.equal(plan.needsMfaCode, false);
    assert.deepEqual(plan.fromProfile, []);
  });

  it('a profile without role_arn is no target', () => {
    assert.equal(planFromProfile(base, D), undefined);
  });
});

describe('recent targets', () => {
  it('recent first (newest first), then the other role profiles; a deleted profile drops out', () => {
    let recent = rememberTarget([], planFromProfile(dev, D)!.request, 1000);
    recent = rememberTarget(recent, planFromProfile(prod, D)!.request, 2000);
    recent = rememberTarget(recent, { ...planFromProfile(dev, D)!.request, profile: 'gone' }, 500);
    const order = orderedTargets([base, dev, prod], recent, D);
    assert.deepEqual(order.map((t) => [t.label, Boolean(t.recent)]), [['prod-admin', true], ['dev', true]]);
    const onlyDevRecent = orderedTargets([base, dev, prod], rememberTarget([], planFromProfile(dev, D)!.request, 1), D);
    assert.deepEqual(onlyDevRecent.map((t) => [t.label, Boolean(t.recent)]), [['dev', true], ['prod-admin', false]]);
  });

  it('a profile is planned from its current settings, not from what was stored', () => {
    const recent = rememberTarget([], planFromProfile(prod, D)!.request, 1);
    assert.deepEqual(Object.keys(recent[0]!).sort(), ['key', 'lastUsed', 'profile', 'roleArn']);
    const edited = { ...prod, durationSeconds: 1800 };
    assert.equal(orderedTargets([edited], recent, D)[0]?.plan.request.durationSeconds, 1800);
  });

  it('an ARN target keeps its answers but never a policy, and a held session as source becomes the default chain', () => {
    const req = { kind: 'AssumeRole' as const, roleArn: 'arn:aws:iam::123456789012:role/x', roleSessionName: 'me', durationSeconds: 900, policy: '{"Version":"2012-10-17"}', source: { type: 'session' as const, sessionId: 's1' } };
    const [r] = rememberTarget([], req, 5);
    assert.equal(r?.key, 'arn:arn:aws:iam::123456789012:role/x|me');
    assert.equal((r as unknown as { policy?: string }).policy, undefined);
    assert.deepEqual(r?.source, { type: 'chain' });
    const [t] = orderedTargets([], [r!], D);
    assert.equal(t?.label, 'x as me');
    assert.equal(t?.plan.request.durationSeconds, 900);
  });

  it('keeps at most MAX_RECENT, without duplicates, and reads stored junk as nothing', () => {
    let list: ReturnType<typeof rememberTarget> = [];
    for (let i = 0; i < 20; i++) list = rememberTarget(list, { ...planFromProfile(dev, D)!.request, profile: `p${i % 10}` }, i);
    assert.equal(list.length, MAX_RECENT);
    assert.equal(new Set(list.map((r) => r.key)).size, MAX_RECENT);
    assert.equal(list[0]?.profile, 'p9');
    assert.deepEqual(parseRecent('x'), []);
    assert.deepEqual(parseRecent([{ key: 1 }, null, { key: 'k', roleArn: 'a', lastUsed: 1 }]), [{ key: 'k', roleArn: 'a', lastUsed: 1 }]);
  });

  it('ago', () => {
    assert.equal(ago(0, 30_000), 'just now');
    assert.equal(ago(0, 5 * 60_000), '5 min ago');
    assert.equal(ago(0, 3 * 3600_000), '3 h ago');
    assert.equal(ago(0, 86400_000), '1 day ago');
  });
});
