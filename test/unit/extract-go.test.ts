/** Go extractor (SDK v2/v1): request structs, stscreds providers, durations, constants, chaining, no false positives. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { goExtractor } from '../../server/src/analysis/extract/go';
import { arg, at, mapped, str, num } from './extractHelpers';

before(() => loadGrammars(goExtractor.grammars));

const extract = (text: string): CallSite[] => goExtractor.extract(text);

const IMPORTS = `package main

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)
`;

describe('go extractor', () => {
  it('is registered for the go language id', () => {
    assert.equal(extractorFor('go'), goExtractor);
  });

  it('reads an sts.AssumeRoleInput literal: kind, span, canonical args, values and offsets', () => {
    const text = `${IMPORTS}
func f() {
	client.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/deploy"), RoleSessionName: aws.String("ci"), DurationSeconds: aws.Int32(7200)})
}
`;
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.ok(site);
    assert.equal(site.kind, 'AssumeRole');
    assert.equal(at(text, site.span), 'sts.AssumeRoleInput');
    assert.equal(site.nameStyle, 'pascal');
    assert.equal(site.argsComplete, true);
    assert.deepEqual(site.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds']);
    const roleArn = arg(site, 'RoleArn')!;
    assert.equal(at(text, roleArn.keySpan), 'RoleArn');
    assert.equal(at(text, roleArn.span), 'RoleArn: aws.String("arn:aws:iam::111122223333:role/deploy")');
    assert.equal(at(text, stringSpan(str(roleArn.value))), 'arn:aws:iam::111122223333:role/deploy');
    const duration = arg(site, 'DurationSeconds')!;
    assert.equal(num(duration.value), 7200);
    assert.equal(at(text, duration.value), '7200');
    // A missing parameter goes after the last field, wrapped the way Go needs it.
    assert.equal(site.insertAt?.offset, text.indexOf('aws.Int32(7200)') + 'aws.Int32(7200)'.length);
    assert.equal(site.insertAt?.prefix, ', ');
    assert.equal(site.insertAt?.assign, ': aws.String(');
    assert.equal(site.insertAt?.suffix, ')');
  });

  it('knows every sts.*Input type, v1 aws.Int64, tags, and field assignments on the same variable', () => {
    const text = `${IMPORTS}
func f() {
	a := &sts.GetSessionTokenInput{DurationSeconds: aws.Int64(129601)}
	a.SerialNumber = aws.String("arn:aws:iam::111122223333:mfa/me")
	b := sts.GetFederationTokenInput{Name: aws.String("fed")}
	c := sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String("r"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("infra")}}}
	d := sts.AssumeRoleWithSAMLInput{SAMLAssertion: aws.String("x")}
}
`;
    const sites = extract(text);
    assert.deepEqual(sites.map((s) => s.kind), ['GetSessionToken', 'GetFederationToken', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);
    assert.equal(num(arg(sites[0], 'DurationSeconds')?.value), 129601);
    assert.equal(str(arg(sites[0], 'SerialNumber')?.value).value, 'arn:aws:iam::111122223333:mfa/me');
    assert.equal(at(sites[0] ? text : '', arg(sites[0], 'SerialNumber')!.keySpan), 'SerialNumber');
    const tags = arg(sites[2], 'Tags')?.value;
    assert.equal(tags?.kind, 'array');
    const first = tags?.kind === 'array' ? tags.items[0] : undefined;
    assert.equal(first?.kind, 'object');
    assert.deepEqual(first?.kind === 'object' ? first.props.map((p) => [p.key, str(p.value).value]) : [], [['Key', 'team'], ['Value', 'infra']]);
  });

  it('reads stscreds.NewAssumeRoleProvider options, time.Duration in seconds with the raw text', () => {
    for (const [expr, seconds] of [['2 * time.Hour', 7200], ['90 * time.Minute', 5400], ['3600 * time.Second', 3600], ['time.Duration(900) * time.Second', 900]] as const) {
      const text = `${IMPORTS}
var p = stscreds.NewAssumeRoleProvider(client, "arn:aws:iam::111122223333:role/x", func(o *stscreds.AssumeRoleOptions) {
	o.Duration = ${expr}
	o.RoleSessionName = "x"
	o.ExternalID = aws.String("ext-1")
})
`;
      const [site] = extract(text);
      assert.equal(site?.kind, 'AssumeRole');
      assert.equal(at(text, site!.span), 'stscreds.NewAssumeRoleProvider');
      assert.equal(site!.argsComplete, false, 'the SDK fills in a session name');
      const d = arg(site, 'DurationSeconds')!;
      assert.equal(d.sourceName, 'Duration');
      assert.equal(num(d.value), seconds);
      assert.equal(d.value.kind === 'number' ? d.value.raw : undefined, expr);
      assert.equal(at(text, d.value), expr);
      assert.equal(str(arg(site, 'RoleArn')?.value).value, 'arn:aws:iam::111122223333:role/x');
      assert.equal(str(arg(site, 'ExternalId')?.value).value, 'ext-1');
      assert.equal(arg(site, 'ExternalId')?.sourceName, 'ExternalID');
    }
  });

  it('resolves constants and constant arithmetic; variables and calls are unknown', () => {
    const text = `${IMPORTS}
const role = "arn:aws:iam::111122223333:role/deploy"
const (
	hours = 3
	long  = hours * 3600 + 1
)
func f(name string) {
	_ = &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String(name), DurationSeconds: aws.Int32(long), ExternalId: aws.String(os.Getenv("X"))}
}
`;
    const [site] = extract(text);
    const roleArn = str(arg(site, 'RoleArn')?.value);
    assert.equal(roleArn.value, 'arn:aws:iam::111122223333:role/deploy');
    assert.equal(at(text, roleArn), 'role', 'a constant is reported where it is used');
    const d = arg(site, 'DurationSeconds')!.value;
    assert.equal(num(d), 10801);
    assert.equal(at(text, d), 'long');
    assert.equal(arg(site, 'RoleSessionName')?.value.kind, 'unknown');
    assert.equal(arg(site, 'ExternalId')?.value.kind, 'unknown');
  });

  it('maps escapes back to the source', () => {
    const text = `${IMPORTS}
var in = sts.AssumeRoleInput{RoleSessionName: aws.String("a\\tb c")}
`;
    const v = str(arg(extract(text)[0], 'RoleSessionName')?.value);
    assert.equal(v.value, 'a\tb c');
    assert.equal(mapped(text, v), 'a\\b c', 'the tab maps to its backslash');
    assert.equal(text.charAt(stringSpan(v, 3, 4).offset), ' ');
  });

  it('marks a call whose client runs on assumed-role credentials as chained', () => {
    const text = `${IMPORTS}
func f() {
	base := sts.NewFromConfig(cfg)
	provider := stscreds.NewAssumeRoleProvider(base, "arn:aws:iam::111122223333:role/a")
	cfg.Credentials = aws.NewCredentialsCache(provider)
	chained := sts.NewFromConfig(cfg)
	chained.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/b"), RoleSessionName: aws.String("b")})
	base.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/c"), RoleSessionName: aws.String("c")})
}
`;
    const sites = extract(text);
    assert.equal(sites.length, 3);
    assert.equal(sites[0]?.chainedVia, undefined);
    assert.match(sites[1]?.chainedVia ?? '', /NewAssumeRoleProvider on line 13/);
    assert.equal(sites[2]?.chainedVia, undefined);
  });

  it('ignores comments, look-alike types from other packages, and broken code', () => {
    const text = `package main

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"example.com/vendor/sts"
)

// x := &sts.AssumeRoleInput{DurationSeconds: aws.Int32(1)}
/* y := &sts.GetSessionTokenInput{} */
var z = sts.AssumeRoleInput{DurationSeconds: aws.Int32(1)}
var w = other.AssumeRoleInput{}
`;
    assert.deepEqual(extract(text), []);
    assert.doesNotThrow(() => extract(`package main\nfunc f() { x := &sts.AssumeRoleInput{RoleArn: aws.String("a", DurationSeconds: `));
    assert.doesNotThrow(() => extract('\u0000}}}{{{'));
  });
});
