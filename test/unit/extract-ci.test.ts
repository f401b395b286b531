/** CI files: YAML scalars mapped to their characters, configure-aws-credentials inputs, shell steps. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isMap, isScalar, parseDocument } from 'yaml';
import { ciYamlExtractor } from '../../server/src/analysis/extract/ciYaml';
import { remapSites, type Region } from '../../server/src/analysis/extract/embedded';
import { scalarOffsets } from '../../server/src/analysis/extract/yamlScalars';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite } from '../../server/src/analysis/types';
import { arg, at, mapped, num, str } from './extractHelpers';

before(() => loadGrammars(ciYamlExtractor.grammars));

const extract = (text: string): CallSite[] => ciYamlExtractor.extract(text);

/** The first scalar value of a one-key YAML document, with the source character under each decoded one. */
function aligned(yaml: string): { value: string; source: string } | undefined {
  const doc = parseDocument(yaml, { keepSourceTokens: true });
  const pair = isMap(doc.contents) ? doc.contents.items[0] : undefined;
  const node = pair?.value;
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const offsets = scalarOffsets(node, yaml);
  if (!offsets) return undefined;
  return { value: node.value, source: [...node.value].map((_, i) => yaml.charAt(offsets[i] ?? -1)).join('') };
}

describe('YAML scalar alignment', () => {
  const cases: [string, string][] = [
    ['plain', 'k: aws sts get-session-token --duration-seconds 900\n'],
    ['single-quoted with a doubled quote', "k: 'it''s --role-session-name a'\n"],
    ['double-quoted with escapes', 'k: "tab\\there \\"q\\" \\u0041"\n'],
    ['literal block', 'k: |\n  aws sts assume-role \\\n    --role-arn x\n  echo done\n'],
    ['folded block', 'k: >\n  aws sts assume-role\n  --role-arn x\n\n  next\n'],
    ['multi-line plain', 'k: aws sts\n  get-session-token\n'],
  ];
  for (const [name, yaml] of cases) {
    it(`maps every visible character of a ${name} scalar to the same source character`, () => {
      const a = aligned(yaml);
      assert.ok(a, 'aligned');
      for (let i = 0; i < a.value.length; i++) {
        const c = a.value.charAt(i);
        if (/\s/.test(c)) continue;
        // Escaped characters map to their backslash; everything else to itself.
        assert.ok(a.source.charAt(i) === c || a.source.charAt(i) === '\\', `char ${i} "${c}" maps to "${a.source.charAt(i)}"`);
      }
    });
  }
});

describe('CI YAML extractor', () => {
  it('turns configure-aws-credentials inputs into a web identity call (no keys) with literal values only', () => {
    const text = `jobs:
  d:
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::111122223333:role/deploy
          role-session-name: \${{ github.run_id }}
          role-duration-seconds: 7200
          role-external-id: "ext-1"
`;
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.equal(site?.kind, 'AssumeRoleWithWebIdentity');
    assert.equal(at(text, site!.span), 'aws-actions/configure-aws-credentials@v4');
    assert.equal(mapped(text, str(arg(site, 'RoleArn')?.value)), 'arn:aws:iam::111122223333:role/deploy');
    assert.equal(arg(site, 'RoleSessionName')?.value.kind, 'unknown');
    assert.equal(num(arg(site, 'DurationSeconds')?.value), 7200);
    assert.equal(mapped(text, str(arg(site, 'ExternalId')?.value)), 'ext-1');
    assert.equal(site?.chainedVia, undefined);
  });

  it('calls AssumeRole when access keys are given, chained when role-chaining is true; a role name is not checked as an ARN', () => {
    const text = `steps:
  - uses: aws-actions/configure-aws-credentials@v4
    with:
      aws-access-key-id: \${{ secrets.KEY }}
      aws-secret-access-key: \${{ secrets.SECRET }}
      role-to-assume: deploy-role
  - uses: aws-actions/configure-aws-credentials@v4
    with:
      role-to-assume: arn:aws:iam::111122223333:role/next
      role-chaining: true
      managed-session-policies: |
        arn:aws:iam::aws:policy/ReadOnlyAccess
        arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
`;
    const [keys, chained] = extract(text);
    assert.equal(keys?.kind, 'AssumeRole');
    assert.equal(keys?.chainedVia, undefined);
    assert.equal(arg(keys, 'RoleArn')?.value.kind, 'unknown');
    assert.equal(chained?.kind, 'AssumeRole');
    assert.match(chained?.chainedVia ?? '', /role-chaining: true \(line 10\)/);
    const list = arg(chained, 'PolicyArns')?.value;
    assert.equal(list?.kind, 'array');
    assert.deepEqual(
      list.kind === 'array' ? list.items.map((v) => mapped(text, str(v))) : [],
      ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    );
  });

  it('ignores a step that only sets access keys (no role: no STS call)', () => {
    const text = `steps:\n  - uses: aws-actions/configure-aws-credentials@v4\n    with:\n      aws-region: us-east-1\n      role-duration-seconds: 99999\n`;
    assert.deepEqual(extract(text), []);
  });

  it('reads shell in run blocks, script lists and commands, with offsets in the YAML file', () => {
    const text = `script:
  - echo start
  - aws sts get-session-token
    --duration-seconds 1000
run: |
  aws sts assume-role --role-arn "\${{ vars.ROLE }}" --role-session-name 'x-\${{ github.sha }}' --duration-seconds 901
`;
    const [gst, ar] = extract(text);
    assert.equal(gst?.kind, 'GetSessionToken');
    assert.equal(at(text, gst!.span), 'get-session-token');
    assert.equal(at(text, arg(gst, 'DurationSeconds')!.value), '1000');
    assert.equal(ar?.kind, 'AssumeRole');
    assert.equal(arg(ar, 'RoleArn')?.value.kind, 'unknown');
    assert.equal(arg(ar, 'RoleSessionName')?.value.kind, 'unknown', 'a single-quoted ${{ }} is filled in by the runner');
    assert.equal(at(text, arg(ar, 'DurationSeconds')!.value), '901');
  });

  it('runs pwsh steps through the PowerShell extractor', () => {
    const text = `steps:\n  - pwsh: Use-STSRole -RoleArn arn:aws:iam::111122223333:role/a -RoleSessionName b1 -DurationInSeconds 99999\n`;
    const [site] = extract(text);
    assert.equal(site?.kind, 'AssumeRole');
    assert.equal(at(text, arg(site, 'DurationSeconds')!.value), '99999');
  });
});

describe('remapSites', () => {
  it('renumbers "line N" in a chaining explanation to the host line', () => {
    const region: Region = { text: 'a\nb\n', offsets: [10, 11, 12, 13, 14] };
    const host = '0\n1\n2\n3\n4\n5\n6\n7\n';
    const site: CallSite = { kind: 'AssumeRole', span: { offset: 2, length: 1 }, args: [], argsComplete: false, nameStyle: 'kebab', chainedVia: 'from line 2' };
    const [moved] = remapSites([site], region, host);
    assert.equal(moved?.span.offset, 12);
    assert.equal(moved?.chainedVia, 'from line 7');
  });
});
