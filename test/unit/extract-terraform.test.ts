/** Terraform extractor: provider / backend assume_role blocks, aws_iam_role, value semantics and offsets. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseGoDuration, terraformExtractor } from '../../server/src/analysis/extract/terraform';
import { extractorFor } from '../../server/src/analysis/extract';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { arg, at, mapped } from './extractHelpers';

before(() => loadGrammars(terraformExtractor.grammars));

const extract = (text: string): CallSite[] => terraformExtractor.extract(text);

describe('terraform extractor', () => {
  it('is registered for the terraform language id', () => {
    assert.equal(extractorFor('terraform'), terraformExtractor);
  });

  it('turns a provider assume_role block into an AssumeRole site with canonical arguments', () => {
    const text = `provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn            = "arn:aws:iam::111122223333:role/deploy"
    session_name        = "terraform"
    external_id         = "ext-123"
    duration            = "1h30m"
    source_identity     = "alice"
    policy_arns         = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    tags                = { Team = "platform", "cost-center" = "42" }
    transitive_tag_keys = ["Team"]
  }
}
`;
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.ok(site);
    assert.equal(site.kind, 'AssumeRole');
    assert.equal(site.nameStyle, 'snake');
    assert.equal(at(text, site.span), 'assume_role');
    assert.deepEqual(site.args.map((a) => [a.name, a.sourceName]), [
      ['RoleArn', 'role_arn'],
      ['RoleSessionName', 'session_name'],
      ['ExternalId', 'external_id'],
      ['DurationSeconds', 'duration'],
      ['PolicyArns', 'policy_arns'],
      ['Tags', 'tags'],
      ['TransitiveTagKeys', 'transitive_tag_keys'],
      ['SourceIdentity', 'source_identity'],
    ]);
    const duration = arg(site, 'DurationSeconds');
    assert.deepEqual(duration?.value.kind === 'number' && [duration.value.value, duration.value.raw], [5400, '"1h30m"']);
    assert.equal(at(text, duration!.value), '"1h30m"');
    assert.equal(at(text, duration!.span), 'duration            = "1h30m"');
    const tags = arg(site, 'Tags')?.value;
    assert.equal(tags?.kind, 'object');
    if (tags?.kind === 'object') {
      assert.deepEqual(tags.props.map((p) => [p.key, at(text, p.keySpan)]), [['Team', 'Team'], ['cost-center', 'cost-center']]);
    }
    const arns = arg(site, 'PolicyArns')?.value;
    assert.equal(arns?.kind === 'array' && arns.items.length, 1);
    // A new argument goes on its own line after the last one, with the block's indentation.
    assert.deepEqual(site.insertAt && { ...site.insertAt, offset: text.slice(site.insertAt.offset - 9, site.insertAt.offset) }, {
      offset: '["Team"]'.padStart(9, ' '),
      prefix: '\n    ',
      suffix: '',
      assign: ' = ',
      quote: '"',
    });
  });

  it('reads the deprecated duration_seconds number, and prefers duration when both are set', () => {
    const [old] = extract('provider "aws" {\n  assume_role {\n    role_arn = "arn:aws:iam::111122223333:role/x"\n    duration_seconds = 7200\n  }\n}\n');
    assert.deepEqual(arg(old, 'DurationSeconds')?.value.kind === 'number' && [arg(old, 'DurationSeconds')?.sourceName, (arg(old, 'DurationSeconds')?.value as { value: number }).value], ['duration_seconds', 7200]);
    const [both] = extract('provider "aws" {\n  assume_role {\n    duration_seconds = 7200\n    duration = "2h30m"\n  }\n}\n');
    const d = arg(both, 'DurationSeconds');
    assert.equal(d?.sourceName, 'duration');
    assert.equal(d?.value.kind === 'number' && d.value.value, 9000);
  });

  it('treats variables, locals, interpolations and function calls as unknown', () => {
    const text = `provider "aws" {
  assume_role {
    role_arn     = var.role_arn
    session_name = "tf-\${terraform.workspace}"
    external_id  = local.external_id
    duration     = "\${var.hours}h"
    policy       = file("policy.json")
  }
}
`;
    const [site] = extract(text);
    for (const name of ['RoleArn', 'RoleSessionName', 'ExternalId', 'DurationSeconds', 'Policy']) {
      assert.equal(arg(site, name)?.value.kind, 'unknown', name);
    }
    assert.equal(at(text, arg(site, 'RoleArn')!.value), 'var.role_arn');
  });

  it('reads jsonencode policies as objects serialized by Terraform, heredocs as strings', () => {
    const text = `provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/a"
    policy = jsonencode({
      Version   = "2012-10-17"
      "Statement" = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
    })
  }
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/b"
    policy   = <<-EOT
      {
        "Version": "2012-10-17"
      }
    EOT
  }
}
`;
    const [a, b] = extract(text);
    const policy = arg(a, 'Policy')?.value;
    assert.equal(policy?.kind, 'object');
    if (policy?.kind === 'object') {
      assert.equal(policy.serialization, 'terraform');
      assert.deepEqual(policy.props.map((p) => p.key), ['Version', 'Statement']);
      const statement = policy.props[1]?.value;
      assert.equal(statement?.kind === 'array' && statement.items[0]?.kind, 'object');
    }
    const heredoc = arg(b, 'Policy')?.value;
    assert.equal(heredoc?.kind, 'string');
    if (heredoc?.kind === 'string') {
      assert.equal(heredoc.value, '{\n  "Version": "2012-10-17"\n}\n');
      // `<<-` strips the common indentation; the map skips it too.
      assert.equal(mapped(text, heredoc).replace(/\n/g, ''), heredoc.value.replace(/\n/g, ''));
      const v = heredoc.value.indexOf('"Version"');
      assert.equal(text.slice(heredoc.map!(v), heredoc.map!(v) + 9), '"Version"');
    }
  });

  it('decodes escapes in quoted strings and maps every character back to the source', () => {
    const text = 'provider "aws" {\n  assume_role {\n    session_name = "a\\"b\\u0041$${c}"\n  }\n}\n';
    const [site] = extract(text);
    const v = arg(site, 'RoleSessionName')?.value as StringValue;
    assert.equal(v.value, 'a"bA${c}');
    assert.deepEqual([...v.value].map((_, i) => text.charAt(v.map!(i))), ['a', '\\', 'b', '\\', '$', '{', 'c', '}']);
    assert.equal(at(text, stringSpan(v)), 'a\\"b\\u0041$${c}');
  });

  it('marks later assume_role blocks of one provider as role chaining', () => {
    const [first, second] = extract(`provider "aws" {
  alias = "target"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/hub"
  }
  assume_role {
    role_arn = "arn:aws:iam::444455556666:role/spoke"
    duration = "2h"
  }
}
`);
    assert.equal(first?.chainedVia, undefined);
    assert.match(second?.chainedVia ?? '', /role\/hub/);
    assert.equal(second?.label, 'provider aws.target');
  });

  it('reads assume_role_with_web_identity as AssumeRoleWithWebIdentity', () => {
    const [site] = extract(`provider "aws" {
  assume_role_with_web_identity {
    role_arn           = "arn:aws:iam::111122223333:role/gha"
    session_name       = "gha"
    web_identity_token = "eyJhbGciOi"
    duration           = "45m"
  }
}
`);
    assert.equal(site?.kind, 'AssumeRoleWithWebIdentity');
    assert.deepEqual(site?.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'WebIdentityToken']);
    assert.equal((arg(site, 'DurationSeconds')?.value as { value: number }).value, 2700);
  });

  it('reads the S3 backend assume_role block and the legacy flat settings', () => {
    const text = `terraform {
  backend "s3" {
    bucket = "state"
    assume_role {
      role_arn = "arn:aws:iam::111122223333:role/state"
      duration = "20m"
    }
  }
}
`;
    const [block] = extract(text);
    assert.equal(block?.kind, 'AssumeRole');
    assert.equal(block?.label, 'backend s3');
    assert.equal((arg(block, 'DurationSeconds')?.value as { value: number }).value, 1200);

    const legacy = `terraform {
  backend "s3" {
    role_arn                     = "arn:aws:iam::111122223333:role/state"
    session_name                 = "tf"
    external_id                  = "x-1"
    assume_role_duration_seconds = 1800
    assume_role_policy_arns      = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  }
}
`;
    const [flat, ...more] = extract(legacy);
    assert.equal(more.length, 0);
    assert.deepEqual(flat?.args.map((a) => [a.name, a.sourceName]), [
      ['RoleArn', 'role_arn'],
      ['RoleSessionName', 'session_name'],
      ['ExternalId', 'external_id'],
      ['DurationSeconds', 'assume_role_duration_seconds'],
      ['PolicyArns', 'assume_role_policy_arns'],
    ]);
    // Other backends and other providers are not STS calls.
    assert.deepEqual(extract('terraform {\n  backend "gcs" {\n    role_arn = "x"\n  }\n}\nprovider "google" {\n  assume_role {\n    role_arn = "x"\n  }\n}\n'), []);
  });

  it('turns aws_iam_role into a RoleDefinition with RoleName and MaxSessionDuration', () => {
    const text = `resource "aws_iam_role" "deploy" {
  name                 = "deploy"
  max_session_duration = 2 * 3600
  assume_role_policy   = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role" "other" {
  name_prefix          = "other-"
  max_session_duration = var.max
}
resource "aws_s3_bucket" "b" {
  bucket = "x"
}
`;
    const [deploy, other, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.equal(deploy?.kind, 'RoleDefinition');
    assert.equal(deploy?.label, 'deploy');
    assert.equal(at(text, deploy!.span), 'deploy');
    assert.equal((arg(deploy, 'RoleName')?.value as StringValue).value, 'deploy');
    const max = arg(deploy, 'MaxSessionDuration')?.value as Value;
    assert.deepEqual(max.kind === 'number' && [max.value, max.raw], [7200, '2 * 3600']);
    assert.equal(other?.label, 'other');
    assert.equal(arg(other, 'RoleName'), undefined);
    assert.equal(arg(other, 'MaxSessionDuration')?.value.kind, 'unknown');
  });

  it('parses Go duration strings the way the provider does', () => {
    assert.equal(parseGoDuration('2h'), 7200);
    assert.equal(parseGoDuration('1h30m'), 5400);
    assert.equal(parseGoDuration('3600s'), 3600);
    assert.equal(parseGoDuration('1.5h'), 5400);
    assert.equal(parseGoDuration('90m0s'), 5400);
    assert.equal(parseGoDuration('1500ms'), 1);
    assert.equal(parseGoDuration('13h'), 46800);
    assert.equal(parseGoDuration('2 hours'), undefined);
    assert.equal(parseGoDuration('3600'), undefined);
    assert.equal(parseGoDuration(''), undefined);
  });

  it('keeps an unparsable duration as a string (no rule fires on it)', () => {
    const [site] = extract('provider "aws" {\n  assume_role {\n    duration = "two hours"\n  }\n}\n');
    const d = arg(site, 'DurationSeconds')?.value;
    assert.equal(d?.kind === 'string' && d.value, 'two hours');
  });

  it('survives broken and empty input', () => {
    assert.deepEqual(extract(''), []);
    assert.doesNotThrow(() => extract('provider "aws" {\n  assume_role {\n    role_arn = \n'));
  });
});
