/** PowerShell extractor (AWS.Tools.SecurityToken): cmdlets, parameters, splatting, values, chaining, no false positives. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { stringSpan } from '../../server/src/analysis/values';
import { powershellExtractor } from '../../server/src/analysis/extract/powershell';
import { arg, at, mapped, str, num } from './extractHelpers';

before(() => loadGrammars(powershellExtractor.grammars));

const extract = (text: string): CallSite[] => powershellExtractor.extract(text);

describe('powershell extractor', () => {
  it('is registered for the powershell language id', () => {
    assert.equal(extractorFor('powershell'), powershellExtractor);
  });

  it('reads the parameter aliases the AWS Tools declare (-DurationSeconds, -Tags, -PolicyArns, -TransitiveTagKeys) and a prefix shared by a parameter and its alias', () => {
    const text = `Use-STSRole -RoleArn arn:aws:iam::111122223333:role/x -RoleSessionName a1 -DurationSeconds 129600 -Tags @{Key='k';Value='v'} -PolicyArns @{arn='arn:aws:iam::aws:policy/ReadOnlyAccess'} -TransitiveTagKeys k\nGet-STSSessionToken -Dur 900\n`;
    const [role, token] = extract(text);
    assert.deepEqual(role!.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'Tags', 'PolicyArns', 'TransitiveTagKeys']);
    assert.equal(num(arg(role, 'DurationSeconds')?.value), 129600);
    assert.equal(arg(role, 'DurationSeconds')?.sourceName, '-DurationSeconds');
    assert.equal(num(arg(token, 'DurationSeconds')?.value), 900);
  });

  it('reads Use-STSRole parameters: kind, span, canonical and written names, values, offsets', () => {
    const text = `$r = Use-STSRole -RoleArn 'arn:aws:iam::111122223333:role/x' -RoleSessionName "ci" -DurationInSeconds 7200\n`;
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.equal(site?.kind, 'AssumeRole');
    assert.equal(at(text, site!.span), 'Use-STSRole');
    assert.equal(site!.nameStyle, 'pascal');
    assert.equal(site!.argsComplete, true);
    assert.deepEqual(site!.args.map((a) => [a.name, a.sourceName]), [['RoleArn', '-RoleArn'], ['RoleSessionName', '-RoleSessionName'], ['DurationSeconds', '-DurationInSeconds']]);
    const roleArn = arg(site, 'RoleArn')!;
    assert.equal(at(text, roleArn.keySpan), '-RoleArn');
    assert.equal(at(text, stringSpan(str(roleArn.value))), 'arn:aws:iam::111122223333:role/x');
    const d = arg(site, 'DurationSeconds')!;
    assert.equal(num(d.value), 7200);
    assert.equal(at(text, d.value), '7200');
    assert.equal(site!.insertAt?.offset, text.indexOf('7200') + 4);
    assert.equal(site!.insertAt?.prefix, ' -');
    assert.equal(site!.insertAt?.assign, ' ');
  });

  it('reads the other cmdlets, bare words, colon syntax, abbreviations, arithmetic, tags and string-typed numbers', () => {
    const text = `Get-STSSessionToken -DurationInSec:(36 * 3600 + 1) -SerialNumber arn:aws:iam::111122223333:mfa/me -TokenCode 012345
Get-STSFederationToken -Name fed -Policy '{"Version":"2012-10-17"}'
Use-STSWebIdentityRole -RoleArn r -RoleSessionName s -WebIdentityToken $token
AWS.Tools.SecurityToken\\Use-STSRoleWithSAML -RoleArn r -PrincipalArn p -SAMLAssertion $a -Tag @{Key='team';Value='infra'}
`;
    const sites = extract(text);
    assert.deepEqual(sites.map((s) => s.kind), ['GetSessionToken', 'GetFederationToken', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);
    const d = arg(sites[0], 'DurationSeconds')!;
    assert.equal(d.sourceName, '-DurationInSec');
    assert.equal(num(d.value), 129601);
    const serial = str(arg(sites[0], 'SerialNumber')?.value);
    assert.equal(serial.value, 'arn:aws:iam::111122223333:mfa/me');
    assert.equal(at(text, stringSpan(serial)), 'arn:aws:iam::111122223333:mfa/me');
    const code = str(arg(sites[0], 'TokenCode')?.value);
    assert.equal(code.value, '012345', 'the cmdlet binds the number as text');
    assert.equal(str(arg(sites[1], 'Name')?.value).value, 'fed');
    assert.equal(str(arg(sites[1], 'Policy')?.value).value, '{"Version":"2012-10-17"}');
    assert.equal(arg(sites[2], 'WebIdentityToken')?.value.kind, 'unknown');
    const tags = arg(sites[3], 'Tags')?.value;
    assert.equal(tags?.kind, 'array', 'one hashtable is a list of one tag');
    const tag = tags?.kind === 'array' ? tags.items[0] : undefined;
    assert.deepEqual(tag?.kind === 'object' ? tag.props.map((p) => [p.key, str(p.value).value]) : [], [['Key', 'team'], ['Value', 'infra']]);
  });

  it('reads splatted parameters from a hashtable literal; an unknown splat is incomplete', () => {
    const text = `$p = @{
    RoleArn           = 'arn:aws:iam::111122223333:role/x'
    RoleSessionName   = "s"
    DurationInSeconds = 900
}
Use-STSRole @p -ExternalId ext-1
Use-STSRole @elsewhere -RoleArn r
`;
    const [a, b] = extract(text);
    assert.deepEqual(a?.args.map((x) => [x.name, x.sourceName]), [['RoleArn', 'RoleArn'], ['RoleSessionName', 'RoleSessionName'], ['DurationSeconds', 'DurationInSeconds'], ['ExternalId', '-ExternalId']]);
    assert.equal(at(text, arg(a, 'DurationSeconds')!.value), '900');
    assert.equal(a?.argsComplete, true);
    assert.equal(b?.argsComplete, false);
  });

  it('maps backtick and doubled-quote escapes; variables and expansions are unknown', () => {
    const text = "Use-STSRole -RoleSessionName \"a`tb\" -ExternalId 'it''s' -SourceIdentity \"u-$env:USER\" -RoleArn $role\n";
    const [site] = extract(text);
    const s = str(arg(site, 'RoleSessionName')?.value);
    assert.equal(s.value, 'a\tb');
    assert.equal(mapped(text, s), 'a`b');
    const e = str(arg(site, 'ExternalId')?.value);
    assert.equal(e.value, "it's");
    assert.equal(arg(site, 'SourceIdentity')?.value.kind, 'unknown');
    assert.equal(arg(site, 'RoleArn')?.value.kind, 'unknown');
  });

  it('marks a role assumed with earlier role credentials as chained (-Credential or Set-AWSCredential)', () => {
    const text = `$first = Use-STSRole -RoleArn a -RoleSessionName a
Use-STSRole -RoleArn b -RoleSessionName b -Credential $first.Credentials
Use-STSRole -RoleArn c -RoleSessionName c
Set-AWSCredential -Credential $first.Credentials
Use-STSRole -RoleArn d -RoleSessionName d
`;
    const sites = extract(text);
    assert.equal(sites.length, 4);
    assert.equal(sites[0]?.chainedVia, undefined);
    assert.match(sites[1]?.chainedVia ?? '', /Use-STSRole on line 1/);
    assert.equal(sites[2]?.chainedVia, undefined);
    assert.match(sites[3]?.chainedVia ?? '', /Use-STSRole on line 1/);
  });

  it('ignores comments, other cmdlets, and broken code', () => {
    const text = `# Use-STSRole -RoleArn x -DurationInSeconds 1
<#
Get-STSSessionToken -DurationInSeconds 1
#>
Get-IAMRole -RoleName deploy
Use-STSRoleHelper -DurationInSeconds 1
`;
    assert.deepEqual(extract(text), []);
    assert.doesNotThrow(() => extract('Use-STSRole -RoleArn "x -DurationInSeconds (3 *'));
  });
});
