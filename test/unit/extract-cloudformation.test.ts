/** CloudFormation / SAM extractor: YAML (with intrinsic tags) and JSON templates, IAM role definitions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTree } from 'jsonc-parser';
import { cloudFormationYamlExtractor, extractCloudFormationJson } from '../../server/src/analysis/extract/cloudformation';
import { extractorFor } from '../../server/src/analysis/extract';
import { analyze } from '../../server/src/analysis/analyze';
import type { CallSite, StringValue } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { arg, at } from './extractHelpers';

const yamlSites = (text: string): CallSite[] => cloudFormationYamlExtractor.extract(text);

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      MaxSessionDuration: 7200
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: sts:AssumeRole
  TaggedRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub 'app-\${Stage}'
      MaxSessionDuration: !If [IsProd, 3600, 43200]
  LongFormRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: { "Fn::Join": ["-", [a, b]] }
      MaxSessionDuration:
        Ref: MaxDuration
  QuotedRole:
    Type: 'AWS::IAM::Role'
    Properties:
      RoleName: 'it''s x'
      MaxSessionDuration: "\\x33600"
  NoPropsRole:
    Type: AWS::IAM::Role
`;

describe('CloudFormation YAML', () => {
  it('is registered for the yaml language id (beside the CI extractor)', () => {
    assert.deepEqual(
      extractorFor('yaml')?.extract(SAM).map((s) => s.label),
      cloudFormationYamlExtractor.extract(SAM).map((s) => s.label),
    );
  });

  it('turns each AWS::IAM::Role into a RoleDefinition with RoleName and MaxSessionDuration', () => {
    const sites = yamlSites(SAM);
    assert.deepEqual(sites.map((s) => [s.kind, s.label, at(SAM, s.span)]), [
      ['RoleDefinition', 'DeployRole', 'DeployRole'],
      ['RoleDefinition', 'TaggedRole', 'TaggedRole'],
      ['RoleDefinition', 'LongFormRole', 'LongFormRole'],
      ['RoleDefinition', 'QuotedRole', 'QuotedRole'],
      ['RoleDefinition', 'NoPropsRole', 'NoPropsRole'],
    ]);
    const deploy = sites[0];
    assert.equal(deploy?.nameStyle, 'pascal');
    const name = arg(deploy, 'RoleName');
    assert.equal(name?.value.kind === 'string' && name.value.value, 'deploy');
    assert.equal(at(SAM, stringSpan(name!.value as StringValue)), 'deploy');
    const max = arg(deploy, 'MaxSessionDuration');
    assert.equal(max?.value.kind === 'number' && max.value.value, 7200);
    assert.equal(at(SAM, max!.value), '7200');
    assert.equal(at(SAM, max!.span), 'MaxSessionDuration: 7200');
    assert.equal(at(SAM, max!.keySpan), 'MaxSessionDuration');
  });

  it('treats short-form tags and Fn::/Ref maps as unknown', () => {
    const [, tagged, longForm] = yamlSites(SAM);
    assert.equal(arg(tagged, 'RoleName')?.value.kind, 'unknown');
    assert.equal(at(SAM, arg(tagged, 'RoleName')!.value), "!Sub 'app-${Stage}'");
    assert.equal(arg(tagged, 'MaxSessionDuration')?.value.kind, 'unknown');
    assert.equal(arg(longForm, 'RoleName')?.value.kind, 'unknown');
    assert.equal(arg(longForm, 'MaxSessionDuration')?.value.kind, 'unknown');
  });

  it('maps quoted scalars with escapes back to the source', () => {
    const quoted = yamlSites(SAM)[3];
    const name = arg(quoted, 'RoleName')?.value as StringValue;
    assert.equal(name.value, "it's x");
    assert.deepEqual([...name.value].map((_, i) => name.map!(i) - SAM.indexOf("'it''s x'")), [1, 2, 3, 5, 6, 7]);
    const max = arg(quoted, 'MaxSessionDuration')?.value as StringValue;
    assert.equal(max.value, '3600');
    assert.deepEqual([...max.value].map((_, i) => SAM.charAt(max.map!(i))), ['\\', '6', '0', '0']);
  });

  it('offers an insertion point after the last property', () => {
    const deploy = yamlSites(SAM)[0];
    assert.ok(deploy?.insertAt);
    assert.equal(SAM.slice(deploy.insertAt.offset - 'sts:AssumeRole'.length, deploy.insertAt.offset), 'sts:AssumeRole');
    assert.equal(deploy.insertAt.prefix, '\n      ');
  });

  it('reports an out-of-range MaxSessionDuration through the rules', () => {
    const text = SAM.replace('MaxSessionDuration: 7200', 'MaxSessionDuration: 50000');
    const findings = analyze(text, 'yaml', 'file:///t/template.yaml');
    assert.deepEqual(findings.map((f) => [f.ruleId, at(text, f)]), [['max-session-duration-out-of-range', '50000']]);
    assert.deepEqual(analyze(SAM, 'yaml', 'file:///t/template.yaml'), []);
  });

  it('reads a Serverless Framework resources block', () => {
    const text = `service: api
provider:
  name: aws
resources:
  Resources:
    ApiRole:
      Type: AWS::IAM::Role
      Properties:
        MaxSessionDuration: 14400
`;
    const [site] = yamlSites(text);
    assert.equal(site?.label, 'ApiRole');
    assert.equal((arg(site, 'MaxSessionDuration')?.value as { value: number }).value, 14400);
  });

  it('returns [] for YAML that is not a template, without throwing on odd input', () => {
    assert.deepEqual(yamlSites('name: ci\non:\n  push: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), []);
    assert.deepEqual(yamlSites('Resources:\n  Thing:\n    Type: Custom::Thing\n'), []);
    assert.deepEqual(yamlSites('AWSTemplateFormatVersion: x\nResources: [1, 2]\n'), []);
    assert.doesNotThrow(() => yamlSites('AWSTemplateFormatVersion: x\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {MaxSessionDuration: [\n'));
    assert.doesNotThrow(() => yamlSites('AWSTemplateFormatVersion: x\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      MaxSessionDuration: !Whatever {a: 1}\n---\nb: 2\n'));
  });

  it('skips a large non-template YAML file quickly', () => {
    const big = Array.from({ length: 20000 }, (_, i) => `key${i}:\n  name: value-${i}\n  Type: Thing`).join('\n');
    const t0 = performance.now();
    assert.deepEqual(yamlSites(big), []);
    assert.ok(performance.now() - t0 < 50, 'the text check runs before any parsing');
  });
});

describe('CloudFormation JSON', () => {
  const JSON_TEMPLATE = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "PipelineRole": {
      "Type": "AWS::IAM::Role",
      "Properties": { "RoleName": "pipeline", "MaxSessionDuration": 14400 }
    },
    "RefRole": {
      "Type": "AWS::IAM::Role",
      "Properties": { "RoleName": { "Fn::Sub": "r-\${AWS::Region}" }, "MaxSessionDuration": { "Ref": "Max" } }
    },
    "Bucket": { "Type": "AWS::S3::Bucket" }
  }
}`;

  it('extracts role definitions from a JSON template', () => {
    const sites = extractCloudFormationJson(parseTree(JSON_TEMPLATE)!, JSON_TEMPLATE);
    assert.deepEqual(sites.map((s) => [s.label, at(JSON_TEMPLATE, s.span)]), [['PipelineRole', 'PipelineRole'], ['RefRole', 'RefRole']]);
    const max = arg(sites[0], 'MaxSessionDuration');
    assert.equal(at(JSON_TEMPLATE, max!.value), '14400');
    assert.equal(at(JSON_TEMPLATE, max!.keySpan), 'MaxSessionDuration');
    assert.equal(arg(sites[1], 'RoleName')?.value.kind, 'unknown');
    assert.equal(arg(sites[1], 'MaxSessionDuration')?.value.kind, 'unknown');
  });

  it('reads a JSON template opened as YAML (.template files) the same way', () => {
    const sites = yamlSites(JSON_TEMPLATE);
    assert.deepEqual(sites.map((s) => [s.label, at(JSON_TEMPLATE, s.span)]), [['PipelineRole', 'PipelineRole'], ['RefRole', 'RefRole']]);
    const max = arg(sites[0], 'MaxSessionDuration');
    assert.equal(at(JSON_TEMPLATE, max!.keySpan), 'MaxSessionDuration');
    assert.equal(at(JSON_TEMPLATE, max!.span), '"MaxSessionDuration": 14400');
    assert.equal(arg(sites[1], 'MaxSessionDuration')?.value.kind, 'unknown');
  });

  it('is reached through the JSON extractor, and leaves other JSON alone', () => {
    const json = extractorFor('json');
    assert.deepEqual(json?.extract(JSON_TEMPLATE).map((s) => s.label), ['PipelineRole', 'RefRole']);
    assert.deepEqual(extractCloudFormationJson(parseTree('{"Resources": {"a": {"Type": "x"}}}')!, ''), []);
    const policy = '{"Version": "2012-10-17", "Statement": []}';
    assert.deepEqual(json?.extract(policy).map((s) => s.kind), ['PolicyDocument']);
  });
});
