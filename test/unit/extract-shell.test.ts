/** Shell (AWS CLI) extractor: options in both spellings, quoting, lists, file:// references, chaining. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { extractorFor } from '../../server/src/analysis/extract';
import { fileRefPath, resolveFileRefs } from '../../server/src/analysis/extract/fileRefs';
import { shellExtractor } from '../../server/src/analysis/extract/shell';
import { loadGrammars } from '../../server/src/analysis/treesitter';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';
import { literalNumber, stringSpan } from '../../server/src/analysis/values';
import { arg, at, str } from './extractHelpers';

before(() => loadGrammars(shellExtractor.grammars));

const extract = (text: string): CallSite[] => shellExtractor.extract(text);
const mapped = (text: string, v: StringValue) => [...v.value].map((_, i) => text.charAt(v.map ? v.map(i) : v.offset + 1 + i)).join('');

describe('shell extractor', () => {
  it('is registered for the shellscript language id', () => {
    assert.equal(extractorFor('shellscript'), shellExtractor);
  });

  it('reads aws sts assume-role with --opt value, --opt=value, quotes and line continuations', () => {
    const text = `#!/bin/bash
aws --region eu-west-1 sts assume-role \\
  --role-arn "arn:aws:iam::111122223333:role/deploy" \\
  --role-session-name='ci run' \\
  --duration-seconds 7200 --external-id ext-123 \\
  --serial-number arn:aws:iam::111122223333:mfa/ci --token-code=123456 \\
  --source-identity al\\ice \\
  --query Credentials --output json
`;
    const [site, ...rest] = extract(text);
    assert.equal(rest.length, 0);
    assert.ok(site);
    assert.equal(site.kind, 'AssumeRole');
    assert.equal(at(text, site.span), 'assume-role');
    assert.equal(site.nameStyle, 'kebab');
    assert.equal(site.argsComplete, true);
    assert.equal(site.label, 'aws sts assume-role');
    assert.deepEqual(site.args.map((a) => a.name), ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'TokenCode', 'SourceIdentity']);

    const roleArn = arg(site, 'RoleArn')!;
    assert.equal(roleArn.sourceName, '--role-arn');
    assert.equal(at(text, roleArn.keySpan), '--role-arn');
    assert.equal(at(text, roleArn.span), '--role-arn "arn:aws:iam::111122223333:role/deploy"');
    assert.equal(at(text, stringSpan(str(roleArn.value))), 'arn:aws:iam::111122223333:role/deploy');

    const name = arg(site, 'RoleSessionName')!;
    assert.equal(at(text, name.keySpan), '--role-session-name');
    assert.equal(str(name.value).value, 'ci run');
    assert.equal(mapped(text, str(name.value)), 'ci run');
    assert.equal(at(text, stringSpan(str(name.value))), 'ci run');

    const duration = arg(site, 'DurationSeconds')!;
    assert.equal(duration.value.kind, 'number');
    assert.equal(literalNumber(duration.value), 7200);
    assert.equal(at(text, duration.value), '7200');

    const token = arg(site, 'TokenCode')!;
    assert.equal(str(token.value).value, '123456');
    assert.equal(at(text, stringSpan(str(token.value))), '123456');

    const ident = str(arg(site, 'SourceIdentity')?.value);
    assert.equal(ident.value, 'alice');
    // An escaped character maps to its escape (the backslash), like escapes in other languages.
    assert.equal(text.slice(ident.map!(2), ident.map!(2) + 2), '\\i');
    assert.equal(text.charAt(ident.map!(3)), 'c');

    // Inserting goes after the last word of the command, in CLI syntax.
    assert.equal(site.insertAt?.offset, text.lastIndexOf('json') + 4);
    assert.equal(site.insertAt?.assign, ' ');
  });

  it('knows every STS operation and nothing else', () => {
    const text = `aws sts get-session-token --duration-seconds 900
aws sts get-federation-token --name bob
aws sts assume-role-with-web-identity --role-arn a --role-session-name b --web-identity-token file://token
aws sts assume-role-with-saml --role-arn a --principal-arn p --saml-assertion x
aws sts assume-root --target-principal 111122223333 --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy
aws sts get-caller-identity
aws s3 cp a b --duration-seconds 5
aws iam get-role --role-name assume-role
echo aws sts assume-role --duration-seconds 99999
`;
    const sites = extract(text);
    assert.deepEqual(sites.map((s) => s.kind), ['GetSessionToken', 'GetFederationToken', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'AssumeRoot']);
    const saml = sites[3];
    assert.ok(arg(saml, 'SAMLAssertion'));
    assert.ok(arg(saml, 'PrincipalArn'));
    assert.equal(arg(sites[2], 'WebIdentityToken')?.fileRef, 'token');
  });

  it('treats $VAR, ${VAR}, $(...) and "$@" as unknown', () => {
    const text = `aws sts assume-role --role-arn "$ROLE" --role-session-name "ci-$(date +%s)" --duration-seconds=\${SECS} --external-id $EXT "$@"\n`;
    const [site] = extract(text);
    for (const n of ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId']) assert.equal(arg(site, n)?.value.kind, 'unknown', n);
    assert.equal(at(text, arg(site, 'RoleArn')!.value), '"$ROLE"');
    assert.equal(at(text, arg(site, 'DurationSeconds')!.keySpan), '--duration-seconds');
    assert.equal(site?.argsComplete, false, '"$@" may carry more options');
  });

  it('reads list options: shorthand tags, policy ARNs, transitive keys, and JSON lists', () => {
    const text = `aws sts assume-role --role-arn a --role-session-name b \\
  --tags Key=team,Value=web "Key=env,Value=prod" --transitive-tag-keys team env \\
  --policy-arns arn=arn:aws:iam::aws:policy/ReadOnlyAccess,arn=arn:aws:iam::aws:policy/job-function/ViewOnlyAccess
aws sts assume-role --role-arn a --role-session-name c --tags '[{"Key": "team", "Value": "web"}]'
`;
    const [shorthand, json] = extract(text);
    const tags = arg(shorthand, 'Tags')!.value;
    assert.ok(tags.kind === 'array' && tags.complete && tags.items.length === 2);
    const second = tags.items[1];
    assert.ok(second?.kind === 'object');
    const key = second.props.find((p) => p.key === 'Key')!;
    assert.equal(at(text, key.keySpan), 'Key');
    assert.equal(at(text, stringSpan(str(key.value))), 'env');
    assert.equal(at(text, stringSpan(str(second.props.find((p) => p.key === 'Value')?.value))), 'prod');
    const ttk = arg(shorthand, 'TransitiveTagKeys')!.value;
    assert.ok(ttk.kind === 'array');
    assert.deepEqual(ttk.items.map((i) => str(i).value), ['team', 'env']);
    const arns = arg(shorthand, 'PolicyArns')!.value;
    assert.ok(arns.kind === 'array' && arns.items.length === 2);
    const arn2 = arns.items[1];
    assert.ok(arn2?.kind === 'object');
    assert.equal(at(text, stringSpan(str(arn2.props[0]?.value))), 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess');
    const jsonTags = arg(json, 'Tags')!.value;
    assert.ok(jsonTags.kind === 'array' && jsonTags.items.length === 1);
    const obj = jsonTags.items[0];
    assert.ok(obj?.kind === 'object');
    assert.equal(at(text, stringSpan(str(obj.props[1]?.value))), 'web');
  });

  it('keeps an inline --policy as a string whose characters map into the quoted word', () => {
    const text = `aws sts get-federation-token --name bob --policy '{"Version":"2012-10-17","Statement":[]}'\n`;
    const [site] = extract(text);
    const p = str(arg(site, 'Policy')?.value);
    assert.equal(p.value, '{"Version":"2012-10-17","Statement":[]}');
    assert.equal(at(text, stringSpan(p, 12, 22)), '2012-10-17');
  });

  it('records file:// references, and resolveFileRefs reads them relative to the script', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-shell-'));
    try {
      const policy = '{"Version": "2012-10-17", "Statement": []}\n';
      fs.mkdirSync(path.join(dir, 'policies'));
      fs.writeFileSync(path.join(dir, 'policies', 'p.json'), policy);
      fs.writeFileSync(path.join(dir, 'tags.json'), '[{"Key": "a", "Value": "b"}]');
      const text = `aws sts assume-role --role-arn a --role-session-name b --policy file://policies/p.json --tags file://tags.json --external-id file://missing.txt\n`;
      const [site] = extract(text);
      const ref = arg(site, 'Policy')!;
      assert.equal(ref.fileRef, 'policies/p.json');
      assert.equal(ref.value.kind, 'unknown');
      assert.equal(at(text, ref.value), 'file://policies/p.json');

      const script = path.join(dir, 'deploy.sh');
      assert.equal(fileRefPath('policies/p.json', pathToFileURL(script).href), path.join(dir, 'policies', 'p.json'));
      const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined);
      const [resolved] = resolveFileRefs([site!], pathToFileURL(script).href, read);
      const value = str(arg(resolved, 'Policy')?.value);
      assert.equal(value.value, policy);
      // Findings about the whole policy cover the file:// word; parts point at its start.
      assert.equal(at(text, stringSpan(value)), 'file://policies/p.json');
      assert.equal(stringSpan(value, 2, 5).offset, ref.value.offset);
      const tags = arg(resolved, 'Tags')!.value;
      assert.ok(tags.kind === 'array' && tags.items.length === 1);
      assert.equal(arg(resolved, 'ExternalId')?.value.kind, 'unknown', 'an unreadable file stays unknown');
      // The input sites are not changed.
      assert.equal(arg(site, 'Policy')?.value.kind, 'unknown');
      // A plain path works as the script URI too.
      assert.equal(str(arg(resolveFileRefs([site!], script, read)[0], 'Policy')?.value).value, policy);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks assume-role chained after exporting a session token from an earlier assume-role', () => {
    const text = `#!/bin/bash
aws sts get-session-token --duration-seconds 900
creds=$(aws sts assume-role --role-arn a --role-session-name first --output json)
export AWS_ACCESS_KEY_ID=$(echo "$creds" | jq -r .Credentials.AccessKeyId)
export AWS_SESSION_TOKEN=$(echo "$creds" | jq -r .Credentials.SessionToken)
aws sts assume-role --role-arn b --role-session-name second
aws sts assume-role --profile base --role-arn b --role-session-name with-profile
unset AWS_SESSION_TOKEN AWS_ACCESS_KEY_ID
aws sts assume-role --role-arn c --role-session-name after-unset
read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<<"$(aws sts assume-role --role-arn d --role-session-name via-read --query '[Credentials.AccessKeyId]' --output text)"
aws sts assume-role --role-arn e --role-session-name after-read
`;
    const sites = extract(text);
    const by = (n: string) => sites.find((s) => { const v = arg(s, 'RoleSessionName')?.value; return v?.kind === 'string' && v.value === n; });
    assert.equal(by('first')?.chainedVia, undefined);
    assert.match(by('second')?.chainedVia ?? '', /aws sts assume-role on line 3/);
    assert.equal(by('with-profile')?.chainedVia, undefined);
    assert.equal(by('after-unset')?.chainedVia, undefined);
    assert.equal(by('via-read')?.chainedVia, undefined);
    assert.match(by('after-read')?.chainedVia ?? '', /line 10/);
  });

  it('skips commented-out lines and --cli-input-json requests are incomplete', () => {
    const text = `# aws sts assume-role --role-arn x --duration-seconds 99999\n  # aws sts get-session-token\naws sts assume-role --cli-input-json file://req.json\n`;
    const sites = extract(text);
    assert.equal(sites.length, 1);
    assert.equal(sites[0]?.argsComplete, false);
  });

  it('does not throw on broken scripts', () => {
    const broken = [`aws sts assume-role --role-arn "unterminated`, `creds=$(aws sts assume-role --duration-seconds`, `if then fi ((`, ``, `aws sts assume-role --tags '[{"Key": '`, `aws sts assume-role --tags Key=,Value= =x`];
    for (const b of broken) assert.doesNotThrow(() => extract(b), b);
  });
});
