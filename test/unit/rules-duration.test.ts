/**
 * Duration rules on both sides of every bound (reference/sts-limits.md, "Durations"):
 * duration-out-of-range, duration-exceeds-role-max, role-chaining-duration, console-session-duration,
 * max-session-duration-out-of-range. Driven through analyzeAsync with query URLs, ~/.aws/config and
 * CLI-input JSON; max-session-duration-out-of-range also through its check() with a hand-built site.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAsync, NO_ROLE_FACTS, RoleFactTable, type AnalyzeOptions } from '../../server/src/analysis/analyze';
import { maxSessionDurationOutOfRangeRule } from '../../server/src/analysis/rules/max-session-duration-out-of-range';
import type { CallSite, Finding, RuleContext, Severity } from '../../server/src/analysis/types';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

function run(text: string, languageId: string, options?: AnalyzeOptions): Promise<Finding[]> {
  return analyzeAsync(text, languageId, undefined, options);
}
function slice(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}
function describeAll(text: string, fs: Finding[]): string {
  return JSON.stringify(fs.map((f) => ({ ruleId: f.ruleId, at: slice(text, f), message: f.message })), null, 1);
}
/** Exactly one finding overall, of this rule; returns it. */
function single(text: string, fs: Finding[], ruleId: string): Finding {
  assert.equal(fs.length, 1, `expected exactly one ${ruleId} finding, got ${describeAll(text, fs)}`);
  const f = fs[0]!;
  assert.equal(f.ruleId, ruleId, describeAll(text, fs));
  return f;
}
function none(text: string, fs: Finding[]): void {
  assert.deepEqual(fs, [], `expected no findings, got ${describeAll(text, fs)}`);
}
function url(action: string, params: Record<string, string | number>): string {
  const q = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  return `https://sts.amazonaws.com/?Version=2011-06-15&Action=${action}${q.map((p) => `&${p}`).join('')}`;
}

/** Asserts the user-visible shape of a clamping duration finding. */
function assertClamp(text: string, f: Finding, raw: string, clamped: number, range: string[], severity: Severity = 'error'): void {
  assert.equal(slice(text, f), raw, 'range covers the value characters');
  assert.equal(f.severity, severity);
  assert.ok(f.message.includes(raw), `message names the value ${raw}: ${f.message}`);
  for (const r of range) assert.ok(f.message.includes(r), `message names the allowed ${r}: ${f.message}`);
  assert.equal(f.data?.['clamped'], clamped);
  assert.equal(f.data?.replacement, String(clamped));
  assert.deepEqual(f.data?.['replaceSpan'], { offset: f.offset, length: f.length });
}

/** The other required parameters so that only the duration is in question. */
const REQUIRED: Record<string, Record<string, string>> = {
  AssumeRole: { RoleArn: ROLE, RoleSessionName: 'ci' },
  AssumeRoleWithWebIdentity: { RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: 'eyJhbGciOi' },
  AssumeRoleWithSAML: { RoleArn: ROLE, PrincipalArn: 'arn:aws:iam::123456789012:saml-provider/okta', SAMLAssertion: 'PHNhbWw6' },
  GetSessionToken: {},
  GetFederationToken: { Name: 'bob', 'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
  AssumeRoot: { TargetPrincipal: '123456789012', TaskPolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
  GetWebIdentityToken: {},
};

const BOUNDS: [api: string, min: number, max: number][] = [
  ['AssumeRole', 900, 43200],
  ['AssumeRoleWithWebIdentity', 900, 43200],
  ['AssumeRoleWithSAML', 900, 43200],
  ['GetSessionToken', 900, 129600],
  ['GetFederationToken', 900, 129600],
  ['AssumeRoot', 0, 900],
  ['GetWebIdentityToken', 60, 3600],
];

describe('duration-out-of-range (query API URLs)', () => {
  for (const [api, min, max] of BOUNDS) {
    const req = REQUIRED[api]!;
    it(`${api}: ${min} and ${max} pass`, async () => {
      for (const d of [min, max]) {
        const text = url(api, { ...req, DurationSeconds: d });
        none(text, await run(text, 'plaintext'));
      }
    });
    it(`${api}: ${min - 1} fails, clamped to ${min}`, async () => {
      const text = url(api, { ...req, DurationSeconds: min - 1 });
      const f = single(text, await run(text, 'plaintext'), 'duration-out-of-range');
      assertClamp(text, f, String(min - 1), min, [`${min}–${max}`]);
      assert.ok(f.message.includes(api), f.message);
      assert.ok(f.message.includes('below the minimum'), f.message);
    });
    it(`${api}: ${max + 1} fails, clamped to ${max}`, async () => {
      const text = url(api, { ...req, DurationSeconds: max + 1 });
      const f = single(text, await run(text, 'plaintext'), 'duration-out-of-range');
      assertClamp(text, f, String(max + 1), max, [`${min}–${max}`]);
      assert.ok(f.message.includes('above the maximum'), f.message);
    });
  }

  it('a value that is not a literal number says nothing', async () => {
    for (const d of ['${DURATION}', '12h', '']) {
      const text = url('AssumeRole', { ...REQUIRED['AssumeRole'], DurationSeconds: d });
      assert.deepEqual((await run(text, 'plaintext')).filter((f) => f.ruleId === 'duration-out-of-range'), [], d);
    }
  });
});

describe('duration-out-of-range (other extractors)', () => {
  it('~/.aws/config duration_seconds 43200 passes, 43201 fails in the user\'s spelling', async () => {
    const cfg = (d: number) => `[profile deploy]\nrole_arn = ${ROLE}\nsource_profile = default\nduration_seconds = ${d}\n\n[default]\nregion = eu-west-1\n`;
    none(cfg(43200), await run(cfg(43200), 'aws-config'));
    const text = cfg(43201);
    const f = single(text, await run(text, 'aws-config'), 'duration-out-of-range');
    assertClamp(text, f, '43201', 43200, ['900–43200']);
    assert.ok(f.message.startsWith('duration_seconds 43201'), f.message);
  });

  it('~/.aws/config duration_seconds 900 passes, 899 fails', async () => {
    const cfg = (d: number) => `[profile deploy]\nrole_arn = ${ROLE}\nduration_seconds = ${d}\n`;
    none(cfg(900), await run(cfg(900), 'aws-config'));
    const f = single(cfg(899), await run(cfg(899), 'aws-config'), 'duration-out-of-range');
    assertClamp(cfg(899), f, '899', 900, ['900–43200']);
  });

  it('CLI input JSON: a number literal 899 fails with its exact range, 900 passes', async () => {
    const json = (d: number) => `{\n  "RoleArn": "${ROLE}",\n  "RoleSessionName": "ci",\n  "DurationSeconds": ${d}\n}\n`;
    none(json(900), await run(json(900), 'json'));
    const f = single(json(899), await run(json(899), 'json'), 'duration-out-of-range');
    assertClamp(json(899), f, '899', 900, ['900–43200']);
  });

  it('CLI input JSON for get-session-token (DurationSeconds beside SerialNumber): 129600 passes, 129601 fails', async () => {
    const json = (d: number) => `{"DurationSeconds": ${d}, "SerialNumber": "arn:aws:iam::123456789012:mfa/alice", "TokenCode": "123456"}`;
    none(json(129600), await run(json(129600), 'json'));
    const f = single(json(129601), await run(json(129601), 'json'), 'duration-out-of-range');
    assertClamp(json(129601), f, '129601', 129600, ['900–129600', 'GetSessionToken']);
  });

  it('CLI input JSON: a web identity input (WebIdentityToken) uses its own API name', async () => {
    const text = `{"RoleArn": "${ROLE}", "RoleSessionName": "ci", "WebIdentityToken": "eyJ0", "DurationSeconds": 43201}`;
    const f = single(text, await run(text, 'json'), 'duration-out-of-range');
    assert.ok(f.message.includes('AssumeRoleWithWebIdentity'), f.message);
  });
});

describe('role-chaining-duration', () => {
  const chained = (d: number | string) =>
    `[profile base]\nrole_arn = arn:aws:iam::123456789012:role/base\nsource_profile = creds\n\n` +
    `[profile creds]\nregion = eu-west-1\n\n` +
    `[profile target]\nrole_arn = ${ROLE}\nsource_profile = base\nduration_seconds = ${d}\n`;

  it('a chained profile at 3600 passes', async () => {
    none(chained(3600), await run(chained(3600), 'aws-config'));
  });

  it('a chained profile at 3601 fails, names the chain, clamps to 3600', async () => {
    const text = chained(3601);
    const f = single(text, await run(text, 'aws-config'), 'role-chaining-duration');
    assertClamp(text, f, '3601', 3600, ['3600']);
    assert.ok(f.message.includes('source_profile "base"'), f.message);
    assert.ok(f.message.includes('arn:aws:iam::123456789012:role/base'), f.message);
  });

  it('a chained profile above 43200 is reported once, by duration-out-of-range', async () => {
    const text = chained(43201);
    single(text, await run(text, 'aws-config'), 'duration-out-of-range');
  });

  it('a chained profile below 900 is reported by duration-out-of-range only', async () => {
    const text = chained(899);
    single(text, await run(text, 'aws-config'), 'duration-out-of-range');
  });

  it('the same 7200 without chaining (source profile holds user keys) passes', async () => {
    const text = `[profile creds]\nregion = eu-west-1\n\n[profile target]\nrole_arn = ${ROLE}\nsource_profile = creds\nduration_seconds = 7200\n`;
    none(text, await run(text, 'aws-config'));
  });

  it('credential_source Ec2InstanceMetadata and EcsContainer are role sessions; Environment is not', async () => {
    for (const source of ['Ec2InstanceMetadata', 'EcsContainer']) {
      const text = `[profile target]\nrole_arn = ${ROLE}\ncredential_source = ${source}\nduration_seconds = 3601\n`;
      const f = single(text, await run(text, 'aws-config'), 'role-chaining-duration');
      assert.equal(slice(text, f), '3601');
      assert.ok(f.message.includes(source), f.message);
      const ok = text.replace('3601', '3600');
      none(ok, await run(ok, 'aws-config'));
    }
    const env = `[profile target]\nrole_arn = ${ROLE}\ncredential_source = Environment\nduration_seconds = 3601\n`;
    none(env, await run(env, 'aws-config'));
  });

  it('a profile that names itself as source_profile is not a chain', async () => {
    const text = `[profile me]\nrole_arn = ${ROLE}\nsource_profile = me\nduration_seconds = 7200\n`;
    none(text, await run(text, 'aws-config'));
  });
});

describe('duration-exceeds-role-max', () => {
  const facts = (max: number, arn: string | undefined = ROLE, roleName = 'deploy') =>
    new RoleFactTable([{ roleName, arn, maxSessionDuration: max, source: 'template.yaml' }]);
  const req = (d: number, roleArn = ROLE) => url('AssumeRole', { RoleArn: roleArn, RoleSessionName: 'ci', DurationSeconds: d });

  it('at the role maximum 7200 passes, 7201 fails and names the role, its source and the maximum', async () => {
    none(req(7200), await run(req(7200), 'plaintext', { roleFacts: facts(7200) }));
    const text = req(7201);
    const f = single(text, await run(text, 'plaintext', { roleFacts: facts(7200) }), 'duration-exceeds-role-max');
    assertClamp(text, f, '7201', 7200, ['7200']);
    assert.ok(f.message.includes('deploy') && f.message.includes('template.yaml'), f.message);
    assert.equal(f.data?.['roleMax'], 7200);
  });

  it('the default role maximum 3600: 3600 passes, 3601 fails', async () => {
    none(req(3600), await run(req(3600), 'plaintext', { roleFacts: facts(3600) }));
    single(req(3601), await run(req(3601), 'plaintext', { roleFacts: facts(3600) }), 'duration-exceeds-role-max');
  });

  it('finds the role by name when only the name is known (ARN with a path)', async () => {
    const text = req(7201, 'arn:aws:iam::123456789012:role/team/deploy');
    single(text, await run(text, 'plaintext', { roleFacts: facts(7200, undefined) }), 'duration-exceeds-role-max');
  });

  it('says nothing for an unknown role, or without facts', async () => {
    const text = req(43200);
    none(text, await run(text, 'plaintext', { roleFacts: facts(3600, 'arn:aws:iam::123456789012:role/other', 'other') }));
    none(text, await run(text, 'plaintext', { roleFacts: NO_ROLE_FACTS }));
    none(text, await run(text, 'plaintext'));
  });

  it('above 43200 only duration-out-of-range speaks; in a chain only role-chaining-duration', async () => {
    single(req(43201), await run(req(43201), 'plaintext', { roleFacts: facts(7200) }), 'duration-out-of-range');
    const chain = `[profile base]\nrole_arn = arn:aws:iam::123456789012:role/base\n\n[profile target]\nrole_arn = ${ROLE}\nsource_profile = base\nduration_seconds = 3601\n`;
    single(chain, await run(chain, 'aws-config', { roleFacts: facts(3600) }), 'role-chaining-duration');
  });

  it('applies to AssumeRoleWithWebIdentity (CLI input JSON) too', async () => {
    const text = `{"RoleArn": "${ROLE}", "RoleSessionName": "ci", "WebIdentityToken": "eyJ0", "DurationSeconds": 7201}`;
    const f = single(text, await run(text, 'json', { roleFacts: facts(7200) }), 'duration-exceeds-role-max');
    assert.equal(slice(text, f), '7201');
  });

  it('uses a RoleDefinition in the same document (its MaxSessionDuration becomes a fact)', async () => {
    const text = `MaxSessionDuration: 7200\n${req(7201)}\n`;
    const roleDef: CallSite = {
      kind: 'RoleDefinition',
      span: { offset: 0, length: 18 },
      args: [
        { name: 'RoleName', sourceName: 'RoleName', span: { offset: 0, length: 0 }, keySpan: { offset: 0, length: 0 }, value: { kind: 'string', value: 'deploy', offset: 0, length: 0 } },
        { name: 'MaxSessionDuration', sourceName: 'MaxSessionDuration', span: { offset: 0, length: 24 }, keySpan: { offset: 0, length: 18 }, value: { kind: 'number', value: 7200, offset: 20, length: 4 } },
      ],
      argsComplete: true,
      nameStyle: 'pascal',
    };
    const { extractSites } = await import('../../server/src/analysis/analyze');
    const sites = [roleDef, ...extractSites(text, 'plaintext')];
    const f = single(text, await run(text, 'plaintext', { sites }), 'duration-exceeds-role-max');
    assert.equal(slice(text, f), '7201');
    assert.ok(f.message.includes('this file'), f.message);
  });
});

describe('console-session-duration', () => {
  const signin = (d: number) =>
    `https://signin.aws.amazon.com/federation?Action=getSigninToken&SessionDuration=${d}&Session=%7B%22sessionId%22%3A%22ASIA%22%7D`;
  for (const [ok, bad, clamped] of [
    [900, 899, 900],
    [43200, 43201, 43200],
  ] as const) {
    it(`${ok} passes, ${bad} fails clamped to ${clamped}`, async () => {
      none(signin(ok), await run(signin(ok), 'plaintext'));
      const text = signin(bad);
      const f = single(text, await run(text, 'plaintext'), 'console-session-duration');
      assertClamp(text, f, String(bad), clamped, ['900–43200']);
      assert.ok(f.message.includes('SessionDuration'), f.message);
    });
  }
  it('DurationSeconds rules do not apply to a sign-in request', async () => {
    const text = `https://signin.aws.amazon.com/federation?Action=getSigninToken&DurationSeconds=5&SessionDuration=3600`;
    none(text, await run(text, 'plaintext'));
  });
});

describe('max-session-duration-out-of-range', () => {
  /** A role definition `MaxSessionDuration: <value>` as CloudFormation/Terraform extractors report it. */
  function roleDefinition(raw: string, asString: boolean): { text: string; site: CallSite } {
    const text = `Resources:\n  Deploy:\n    Type: AWS::IAM::Role\n    Properties:\n      MaxSessionDuration: ${asString ? `"${raw}"` : raw}\n`;
    const keyOffset = text.indexOf('MaxSessionDuration');
    const valueOffset = keyOffset + 'MaxSessionDuration: '.length;
    const value = asString
      ? { kind: 'string' as const, value: raw, offset: valueOffset, length: raw.length + 2 }
      : { kind: 'number' as const, value: Number(raw), offset: valueOffset, length: raw.length };
    const site: CallSite = {
      kind: 'RoleDefinition',
      span: { offset: text.indexOf('Deploy'), length: 6 },
      args: [
        { name: 'MaxSessionDuration', sourceName: 'MaxSessionDuration', span: { offset: keyOffset, length: valueOffset + value.length - keyOffset }, keySpan: { offset: keyOffset, length: 18 }, value },
      ],
      argsComplete: true,
      nameStyle: 'pascal',
      label: 'Deploy',
    };
    return { text, site };
  }
  function check(text: string, site: CallSite): Finding[] {
    const out: Finding[] = [];
    const ctx: RuleContext = {
      text,
      languageId: 'yaml',
      sites: [site],
      roleFacts: NO_ROLE_FACTS,
      report: (f) => out.push({ ...f, ruleId: maxSessionDurationOutOfRangeRule.id, severity: f.severity ?? maxSessionDurationOutOfRangeRule.defaultSeverity }),
    };
    maxSessionDurationOutOfRangeRule.check(ctx);
    return out;
  }

  for (const [ok, bad, clamped] of [
    [3600, 3599, 3600],
    [43200, 43201, 43200],
  ] as const) {
    it(`${ok} passes, ${bad} fails clamped to ${clamped} (number literal)`, () => {
      const good = roleDefinition(String(ok), false);
      assert.deepEqual(check(good.text, good.site), []);
      const { text, site } = roleDefinition(String(bad), false);
      const fs = check(text, site);
      assert.equal(fs.length, 1, describeAll(text, fs));
      assertClamp(text, fs[0]!, String(bad), clamped, ['3600–43200']);
    });
  }

  it('a quoted "43201" is checked, with the range and replacement on the digits', () => {
    const { text, site } = roleDefinition('43201', true);
    const fs = check(text, site);
    assert.equal(fs.length, 1);
    assertClamp(text, fs[0]!, '43201', 43200, ['3600–43200']);
  });

  it('through analyzeAsync with the sites given: same finding, and it is not a DurationSeconds', async () => {
    const { text, site } = roleDefinition('900', false);
    const f = single(text, await run(text, 'yaml', { sites: [site] }), 'max-session-duration-out-of-range');
    assertClamp(text, f, '900', 3600, ['3600–43200']);
    const ok = roleDefinition('7200', false);
    none(ok.text, await run(ok.text, 'yaml', { sites: [ok.site] }));
  });

  it('only RoleDefinition sites are checked', () => {
    const { text, site } = roleDefinition('100', false);
    assert.deepEqual(check(text, { ...site, kind: 'AssumeRole' }), []);
  });
});
