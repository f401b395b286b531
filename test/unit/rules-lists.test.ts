/**
 * List rules (reference/sts-limits.md, "Lists" and the tag row of "Strings"): too-many-tags,
 * transitive-tag-not-in-tags, invalid-tag, too-many-policy-arns. Query-API URLs with
 * `Tags.member.N.Key/Value`, `TransitiveTagKeys.member.N`, `PolicyArns.member.N.arn`, and CLI-input JSON.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAsync } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/types';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

function run(text: string, languageId = 'plaintext'): Promise<Finding[]> {
  return analyzeAsync(text, languageId);
}
function slice(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}
function describeAll(text: string, fs: Finding[]): string {
  return JSON.stringify(fs.map((f) => ({ ruleId: f.ruleId, at: slice(text, f).slice(0, 80), message: f.message })), null, 1);
}
function single(text: string, fs: Finding[], ruleId: string): Finding {
  assert.equal(fs.length, 1, `expected exactly one ${ruleId} finding, got ${describeAll(text, fs)}`);
  const f = fs[0]!;
  assert.equal(f.ruleId, ruleId, describeAll(text, fs));
  assert.equal(f.severity, 'error');
  return f;
}
function none(text: string, fs: Finding[]): void {
  assert.deepEqual(fs, [], `expected no findings, got ${describeAll(text, fs)}`);
}

interface Request {
  tags?: [key: string, value: string][];
  transitive?: string[];
  policyArns?: string[];
}
function url({ tags = [], transitive = [], policyArns = [] }: Request): string {
  const params = [`RoleArn=${ROLE}`, 'RoleSessionName=ci'];
  tags.forEach(([k, v], i) => params.push(`Tags.member.${i + 1}.Key=${k}`, `Tags.member.${i + 1}.Value=${v}`));
  transitive.forEach((k, i) => params.push(`TransitiveTagKeys.member.${i + 1}=${k}`));
  policyArns.forEach((a, i) => params.push(`PolicyArns.member.${i + 1}.arn=${a}`));
  return `https://sts.amazonaws.com/?Version=2011-06-15&Action=AssumeRole&${params.join('&')}`;
}
const tagsN = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [`k${i + 1}`, `v${i + 1}`]);
const x = (n: number, c = 'a') => c.repeat(n);

describe('too-many-tags', () => {
  it('50 session tags pass', async () => {
    const text = url({ tags: tagsN(50) });
    none(text, await run(text));
  });
  it('51 session tags fail; the range is the whole Tags list', async () => {
    const text = url({ tags: tagsN(51) });
    const f = single(text, await run(text), 'too-many-tags');
    const at = slice(text, f);
    assert.ok(at.startsWith('Tags.member.1.Key=k1&') && at.endsWith('Tags.member.51.Value=v51'), at);
    assert.ok(f.message.includes('51') && f.message.includes('at most 50'), f.message);
    assert.ok(f.message.includes('Drop 1'), f.message);
  });
  it('50 transitive keys pass, 51 fail (all of them tag keys)', async () => {
    const keys = tagsN(50).map(([k]) => k);
    const ok = url({ tags: tagsN(50), transitive: keys });
    none(ok, await run(ok));
    const text = url({ tags: tagsN(50), transitive: [...keys, 'k1'] });
    const f = single(text, await run(text), 'too-many-tags');
    const at = slice(text, f);
    assert.ok(at.startsWith('TransitiveTagKeys.member.1=k1') && at.endsWith('TransitiveTagKeys.member.51=k1'), at);
    assert.ok(f.message.includes('TransitiveTagKeys') && f.message.includes('51') && f.message.includes('50'), f.message);
  });
  it('CLI input JSON: 51 tags fail, the range is the key "Tags"', async () => {
    const tags = tagsN(51).map(([k, v]) => `{"Key": "${k}", "Value": "${v}"}`);
    const text = `{"RoleArn": "${ROLE}", "RoleSessionName": "ci", "Tags": [${tags.join(', ')}]}`;
    const f = single(text, await run(text, 'json'), 'too-many-tags');
    assert.equal(slice(text, f), 'Tags');
    const ok = text.replace(/, \{"Key": "k51", "Value": "v51"\}/, '');
    none(ok, await run(ok, 'json'));
  });
});

describe('transitive-tag-not-in-tags', () => {
  it('a transitive key that is a tag key passes, also when the case differs', async () => {
    const text = url({ tags: [['Project', 'apollo'], ['Team', 'core']], transitive: ['Project', 'team'] });
    none(text, await run(text));
  });
  it('a transitive key that is not a tag key fails at that key', async () => {
    const text = url({ tags: [['Project', 'apollo']], transitive: ['Project', 'CostCenter'] });
    const f = single(text, await run(text), 'transitive-tag-not-in-tags');
    assert.equal(slice(text, f), 'CostCenter');
    assert.ok(f.message.includes('"CostCenter"') && f.message.includes('Tags'), f.message);
  });
  it('transitive keys without any tags fail, the message says there are no tags', async () => {
    const text = url({ transitive: ['Project'] });
    const f = single(text, await run(text), 'transitive-tag-not-in-tags');
    assert.equal(slice(text, f), 'Project');
    assert.ok(f.message.includes('no session tags'), f.message);
  });
  it('when a tag key is not a literal it says nothing', async () => {
    const text = url({ tags: [['${KEY}', 'x']], transitive: ['Project'] });
    none(text, await run(text));
  });
});

describe('invalid-tag', () => {
  it('a 128-character key, a 256-character value, an empty value, spaces, Unicode letters and _.:/=+-@ pass', async () => {
    const text = url({
      tags: [
        [x(128), x(256)],
        ['Empty', ''],
        ['Cost+Center', 'R-D'],
        ['Kostenstelle-%C3%BC', 'M%C3%BCnchen'],
        ['aws-ish:team/sub=1.x_y@z', '%2B42'],
      ],
    });
    none(text, await run(text));
  });
  it('a 129-character key fails at the key', async () => {
    const text = url({ tags: [[x(129), 'v']] });
    const f = single(text, await run(text), 'invalid-tag');
    assert.equal(slice(text, f), x(129));
    assert.ok(f.message.includes('Tag key') && f.message.includes('129') && f.message.includes('128'), f.message);
  });
  it('a 257-character value fails at the value', async () => {
    const text = url({ tags: [['k', x(257)]] });
    const f = single(text, await run(text), 'invalid-tag');
    assert.equal(slice(text, f), x(257));
    assert.ok(f.message.includes('Tag value') && f.message.includes('257') && f.message.includes('256'), f.message);
  });
  it('disallowed characters in a key and a value fail, the range covers the escape', async () => {
    const text = url({ tags: [['Cost%23', 'ok'], ['k', 'a%2Cb']] });
    const fs = await run(text);
    assert.equal(fs.length, 2, describeAll(text, fs));
    assert.deepEqual(
      fs.map((f) => [f.ruleId, slice(text, f)]),
      [
        ['invalid-tag', 'Cost%23'],
        ['invalid-tag', 'a%2Cb'],
      ],
    );
    assert.ok(fs[0]!.message.includes('"Cost#"') && fs[0]!.message.includes('"#"'), fs[0]!.message);
    assert.ok(fs[1]!.message.includes('","'), fs[1]!.message);
  });
  it('an empty key fails', async () => {
    const text = url({ tags: [['', 'v']] });
    const f = single(text, await run(text), 'invalid-tag');
    assert.ok(f.message.includes('0 characters') && f.message.includes('at least 1'), f.message);
  });
  it('keys differing only in case are duplicates: the second is reported and names the first', async () => {
    const text = url({ tags: [['Project', 'a'], ['Team', 'b'], ['project', 'c']] });
    const f = single(text, await run(text), 'invalid-tag');
    assert.equal(f.offset, text.indexOf('Key=project') + 4);
    assert.equal(slice(text, f), 'project');
    assert.ok(f.message.includes('"project"') && f.message.includes('"Project"') && f.message.includes('case-insensitive'), f.message);
  });
  it('CLI input JSON: an escaped disallowed last character is inside the range', async () => {
    const text = `{"RoleArn": "${ROLE}", "RoleSessionName": "ci", "Tags": [{"Key": "a\\u0023", "Value": "x"}]}`;
    const f = single(text, await run(text, 'json'), 'invalid-tag');
    assert.equal(slice(text, f), 'a\\u0023');
  });
});

describe('too-many-policy-arns', () => {
  const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::123456789012:policy/p${i + 1}`);
  it('10 policy ARNs pass', async () => {
    const text = url({ policyArns: arns(10) });
    none(text, await run(text));
  });
  it('11 fail; the range is the whole PolicyArns list', async () => {
    const text = url({ policyArns: arns(11) });
    const f = single(text, await run(text), 'too-many-policy-arns');
    const at = slice(text, f);
    assert.ok(at.startsWith('PolicyArns.member.1.arn=') && at.endsWith('policy/p11'), at);
    assert.ok(f.message.includes('11') && f.message.includes('at most 10'), f.message);
  });
  it('CLI input JSON with [{arn}] objects: 11 fail at the key, 10 pass', async () => {
    const json = (n: number) => `{"RoleArn": "${ROLE}", "RoleSessionName": "ci", "PolicyArns": [${arns(n).map((a) => `{"arn": "${a}"}`).join(', ')}]}`;
    none(json(10), await run(json(10), 'json'));
    const f = single(json(11), await run(json(11), 'json'), 'too-many-policy-arns');
    assert.equal(slice(json(11), f), 'PolicyArns');
  });
});
