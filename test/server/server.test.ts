/**
 * The language server in process over a stream pair: what an editor sees for open, change, hover,
 * completion, code actions, settings changes, cancellation, and a rule that throws.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CancellationTokenSource, type CodeAction, type CompletionItem, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { RULES } from '../../server/src/analysis/rules';
import type { Rule } from '../../server/src/analysis/types';
import { codes, offsetAt, positionAt, startTestServer, type TestClient } from './harness';

const FIXTURE = path.join(__dirname, '..', '..', 'examples', '.aws', 'config');
const TEAM = fs.readFileSync(FIXTURE, 'utf8');
const TEAM_CODES = ['role-chaining-duration', 'role-chaining-duration', 'invalid-role-arn', 'duration-out-of-range', 'invalid-session-name', 'invalid-external-id', 'invalid-mfa-serial', 'duration-out-of-range'];

let n = 0;
function uri(): string {
  return `file:///work/ws/${++n}/.aws/config`;
}

/** Offset of the `nth` occurrence of `needle` (plus `delta`). */
function at(text: string, needle: string, delta = 0, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} not in text`);
  }
  return i + delta;
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as MarkupContent).value;
}

const clients: TestClient[] = [];
async function server(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestClient> {
  const c = await startTestServer(opts);
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.close()));

describe('language server over a stream pair', () => {
  it('publishes the fixture findings on open, with positions and codes', async () => {
    const c = await server();
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    const p = await c.waitForDiagnostics(u);
    assert.equal(p.version, 1);
    assert.deepEqual(codes(p.diagnostics).sort(), [...TEAM_CODES].sort());
    const sandbox = p.diagnostics.find((d) => d.code === 'duration-out-of-range' && d.message.includes('600'));
    assert.ok(sandbox);
    assert.deepEqual(sandbox.range, { start: { line: 45, character: 19 }, end: { line: 45, character: 22 } });
    assert.equal(sandbox.severity, 1);
    assert.equal(sandbox.source, 'sts-lens');
    assert.ok(c.configurationRequests.includes(u), 'settings are read for the document scope');
  });

  it('re-validates incremental changes; only the latest version is published', async () => {
    const c = await server({ settings: { debounceMs: 30 } });
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    await c.waitForDiagnostics(u);
    // Type "900" over "600" one keystroke at a time, faster than the debounce.
    const start = at(c.text(u), 'duration_seconds = 600', 'duration_seconds = '.length);
    c.edit(u, start, start + 3, '');
    c.edit(u, start, start, '9');
    c.edit(u, start + 1, start + 1, '0');
    c.edit(u, start + 2, start + 2, '0');
    const p = await c.waitForDiagnostics(u, (d) => d.version === 5);
    assert.equal(codes(p.diagnostics).filter((x) => x === 'duration-out-of-range').length, 1, 'the sandbox finding is gone, the web one stays');
    assert.ok(!p.diagnostics.some((d) => d.message.includes(' 600 ')));
    const versions = c.published.filter((x) => x.uri === u).map((x) => x.version);
    assert.deepEqual(versions, [1, 5], 'intermediate versions are never published');

    // A line break inserted before a finding moves it down a line.
    const secStart = at(c.text(u), '[profile sandbox]');
    c.edit(u, secStart, secStart, '# moved\n');
    const moved = await c.waitForDiagnostics(u, (d) => d.version === 6);
    const session = moved.diagnostics.find((d) => d.code === 'invalid-session-name');
    assert.equal(session?.range.start.line, 47);
  });

  it('hovers a duration with its human form and the range that applies here', async () => {
    const c = await server();
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    await c.waitForDiagnostics(u);
    const text = c.text(u);
    const security = hoverText(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(text, at(text, '43200', 1)) }));
    assert.match(security, /43200 s = 12 h; AssumeRole allows 900 s–role max \(default 1 h\)/);
    const chained = hoverText(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(text, at(text, 'duration_seconds = 7200', 2)) }));
    assert.match(chained, /7200 s = 2 h; AssumeRole allows 900 s–3600 s \(role chaining\)/);
    assert.match(chained, /source_profile "security"/);
    const arn = hoverText(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(text, at(text, 'role/SecurityAudit')) }));
    assert.match(arn, /RoleArn/);
    assert.match(arn, /arn:<partition>:iam::/);
    const nothing = await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 3 } });
    assert.equal(nothing, null);
  });

  it('uses stsLens.roleMaxDurations in hovers, findings and completions', async () => {
    const c = await server({ settings: { debounceMs: 0, roleMaxDurations: { 'arn:aws:iam::111122223333:role/SecurityAudit': 7200 } } });
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    const p = await c.waitForDiagnostics(u);
    const over = p.diagnostics.find((d) => d.code === 'duration-exceeds-role-max');
    assert.ok(over, 'the 43200 s session exceeds the 7200 s role max from settings');
    const text = c.text(u);
    const hover = hoverText(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(text, at(text, '43200', 1)) }));
    assert.match(hover, /AssumeRole allows 900 s–7200 s \(role max, from setting stsLens.roleMaxDurations\)/);
    const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: over.range, context: { diagnostics: [over] } })) as CodeAction[];
    const toMax = actions.find((a) => /role's maximum 7200/.test(a.title));
    assert.ok(toMax, `titles: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(toMax.edit?.changes?.[u]?.[0]?.newText, '7200');
    // Duration values valid here: the quarter-hour steps up to the role max, each with its human form.
    const valuePos = positionAt(text, at(text, '43200'));
    const items = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: valuePos })) as CompletionItem[];
    assert.deepEqual(items.map((i) => i.label), ['900', '1800', '3600', '7200']);
    assert.deepEqual(items.map((i) => i.labelDetails?.detail), [' (15 min)', ' (30 min)', ' (1 h)', ' (2 h)']);
    assert.match(items[3]?.labelDetails?.description ?? '', /role's MaxSessionDuration \(setting stsLens.roleMaxDurations\)/);
  });

  it('completes profile settings that are not written yet', async () => {
    const c = await server();
    const u = uri();
    const text = '[profile vendor]\nrole_arn = arn:aws:iam::777788889999:role/vendor-access\nsource_profile = admin\n\n[profile admin]\nregion = eu-west-1\n';
    c.open(u, 'aws-config', text);
    await c.waitForDiagnostics(u);
    const items = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: { line: 3, character: 0 } })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('duration_seconds') && labels.includes('role_session_name') && labels.includes('external_id'));
    assert.ok(!labels.includes('role_arn') && !labels.includes('source_profile'), 'settings already present are not offered');
    assert.equal(items.find((i) => i.label === 'duration_seconds')?.insertText, 'duration_seconds = ');
    // After "duration_seconds = " the valid values for an unchained AssumeRole without a known role max.
    c.edit(u, offsetAt(text, { line: 3, character: 0 }), offsetAt(text, { line: 3, character: 0 }), 'duration_seconds = ');
    const values = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: { line: 3, character: 19 } })) as CompletionItem[];
    assert.deepEqual(values.map((i) => i.label), ['900', '1800', '3600', '7200', '14400', '28800', '43200']);
    assert.equal(values.find((i) => i.label === '3600')?.labelDetails?.description, 'the default');
    assert.match(values.find((i) => i.label === '7200')?.labelDetails?.description ?? '', /needs the role's MaxSessionDuration ≥ 2 h/);
  });

  it('offers quick fixes from finding data and applies the clamp', async () => {
    const c = await server();
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    const p = await c.waitForDiagnostics(u);
    const sandbox = p.diagnostics.find((d) => d.code === 'duration-out-of-range' && d.message.includes('600'));
    assert.ok(sandbox);
    const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: sandbox.range, context: { diagnostics: [sandbox] } })) as CodeAction[];
    const clamp = actions.find((a) => a.isPreferred);
    assert.ok(clamp);
    assert.match(clamp.title, /Clamp to 900 \(15 min\)/);
    const edit = clamp.edit?.changes?.[u]?.[0];
    assert.ok(edit);
    assert.deepEqual(edit.range, sandbox.range);
    const text = c.text(u);
    c.edit(u, offsetAt(text, edit.range.start), offsetAt(text, edit.range.end), edit.newText);
    const fixed = await c.waitForDiagnostics(u, (d) => d.version === 2);
    assert.ok(!fixed.diagnostics.some((d) => d.message.includes(' 600 ')));
    const disable = actions.find((a) => a.title === 'Disable duration-out-of-range for this line');
    assert.equal(disable?.edit?.changes?.[u]?.[0]?.newText, '# sts-lens-disable-next-line duration-out-of-range\n');
  });

  it('removes a Policy from an unsigned call, or marks it as sent through a trusted intermediary', async () => {
    const c = await server();
    const u = 'file:///work/ws/main.tf';
    const text = [
      'provider "aws" {',
      '  assume_role_with_web_identity {',
      '    role_arn                = "arn:aws:iam::111122223333:role/web"',
      '    session_name            = "web"',
      '    web_identity_token_file = "/var/run/token"',
      '    policy                  = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}"',
      '  }',
      '}',
      '',
    ].join('\n');
    c.open(u, 'terraform', text);
    const p = await c.waitForDiagnostics(u);
    const unsigned = p.diagnostics.find((d) => d.code === 'unsigned-call-policy');
    assert.ok(unsigned, `got ${codes(p.diagnostics).join(', ')}`);
    const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: unsigned.range, context: { diagnostics: [unsigned] } })) as CodeAction[];
    const remove = actions.find((a) => /^Remove policy from this unsigned call/.test(a.title));
    assert.ok(remove, actions.map((a) => a.title).join(' | '));
    const rm = remove.edit?.changes?.[u]?.[0];
    assert.ok(rm);
    assert.deepEqual([rm.range.start, rm.range.end, rm.newText], [{ line: 5, character: 0 }, { line: 6, character: 0 }, ''], 'the whole line goes');
    const keep = actions.find((a) => /trusted intermediary/.test(a.title));
    assert.equal(keep?.edit?.changes?.[u]?.[0]?.newText, '    # sts-lens-disable-next-line unsigned-call-policy -- sent through a trusted intermediary\n');
    const kept = keep?.edit?.changes?.[u]?.[0];
    assert.ok(kept);
    const o = offsetAt(text, kept.range.start);
    c.edit(u, o, o, kept.newText);
    const after = await c.waitForDiagnostics(u, (d) => d.version === 2);
    assert.ok(!codes(after.diagnostics).includes('unsigned-call-policy'), 'the comment silences the warning');
  });

  it('adds a missing required parameter', async () => {
    const c = await server();
    const u = 'file:///work/ws/requests.http';
    const text = 'GET https://sts.amazonaws.com/?Version=2011-06-15&Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fdeploy\n';
    c.open(u, 'plaintext', text);
    const p = await c.waitForDiagnostics(u);
    const missing = p.diagnostics.find((d) => d.code === 'missing-required-parameter');
    assert.ok(missing, `got ${codes(p.diagnostics).join(', ')}`);
    const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: missing.range, context: { diagnostics: [missing] } })) as CodeAction[];
    const add = actions.find((a) => /^Add missing RoleSessionName/.test(a.title));
    assert.ok(add, actions.map((a) => a.title).join(' | '));
    assert.match(add.edit?.changes?.[u]?.[0]?.newText ?? '', /RoleSessionName=/);
  });

  it('completes parameter names inside an SDK call and removes a Policy line from it', async () => {
    const c = await server();
    const u = 'file:///work/ws/src/assume.ts';
    const text = [
      "import { STSClient, AssumeRoleCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';",
      'const sts = new STSClient({});',
      "await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/deploy', RoleSessionName: 'deploy',  }));",
      'await sts.send(new AssumeRoleWithWebIdentityCommand({',
      "  RoleArn: 'arn:aws:iam::111122223333:role/web',",
      "  RoleSessionName: 'web',",
      '  WebIdentityToken: token,',
      "  Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),",
      '}));',
      '',
    ].join('\n');
    c.open(u, 'typescript', text);
    const p = await c.waitForDiagnostics(u);
    const items = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: positionAt(text, at(text, "'deploy',  ", 10)) })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('DurationSeconds') && labels.includes('ExternalId'), labels.join(','));
    assert.ok(!labels.includes('RoleArn'));
    assert.match(items.find((i) => i.label === 'DurationSeconds')?.insertText ?? '', /^DurationSeconds: ?$/);
    const unsigned = p.diagnostics.find((d) => d.code === 'unsigned-call-policy');
    assert.ok(unsigned, codes(p.diagnostics).join(', '));
    const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: unsigned.range, context: { diagnostics: [unsigned] } })) as CodeAction[];
    const rm = actions.find((a) => a.title === 'Remove Policy from this unsigned call')?.edit?.changes?.[u]?.[0];
    assert.deepEqual(rm && [rm.range.start, rm.range.end], [{ line: 7, character: 0 }, { line: 8, character: 0 }]);
    const keep = actions.find((a) => /trusted intermediary/.test(a.title))?.edit?.changes?.[u]?.[0];
    assert.equal(keep?.newText, '  // sts-lens-disable-next-line unsigned-call-policy -- sent through a trusted intermediary\n');
  });

  it('wires policy hovers and completions inside a policy document', async () => {
    const c = await server();
    const u = 'file:///work/ws/policies/read.json';
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}\n';
    c.open(u, 'json', text);
    await c.waitForDiagnostics(u);
    const h = hoverText(await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(text, at(text, 'GetObject')) }));
    assert.match(h, /s3:GetObject/);
    assert.match(h, /Access level/);
    const items = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: positionAt(text, at(text, 's3:Get', 6)) })) as CompletionItem[];
    assert.ok(items.some((i) => i.label === 's3:GetObjectAcl'), `${items.length} items`);
  });

  it('re-validates when settings change: severities, ignore, languages, exclude', async () => {
    const c = await server();
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    await c.waitForDiagnostics(u, (d) => d.diagnostics.length === TEAM_CODES.length);
    c.changeSettings({ debounceMs: 0, rules: { 'duration-out-of-range': 'ignore', 'invalid-role-arn': 'info' } });
    const changed = await c.waitForDiagnostics(u, (d) => !codes(d.diagnostics).includes('duration-out-of-range'));
    assert.equal(changed.diagnostics.find((d) => d.code === 'invalid-role-arn')?.severity, 3);
    assert.equal(changed.diagnostics.length, TEAM_CODES.length - 2);
    c.changeSettings({ debounceMs: 0, languages: ['terraform'] });
    await c.waitForDiagnostics(u, (d) => d.diagnostics.length === 0);
    c.changeSettings({ debounceMs: 0 });
    await c.waitForDiagnostics(u, (d) => d.diagnostics.length === TEAM_CODES.length);
    c.changeSettings({ debounceMs: 0, exclude: ['**/ws/*/.aws/**'] });
    await c.waitForDiagnostics(u, (d) => d.diagnostics.length === 0);
  });

  it('answers a cancelled request with RequestCancelled', async () => {
    const c = await server();
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    await c.waitForDiagnostics(u);
    c.edit(u, 0, 0, '#'); // a new version, so the hover must analyze (and read settings) again
    const source = new CancellationTokenSource();
    const pending = c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(c.text(u), at(c.text(u), '43200')) }, source.token);
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    // The server is still serving.
    const h = await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(c.text(u), at(c.text(u), '43200')) });
    assert.match(hoverText(h as Hover), /43200 s = 12 h/);
  });

  it('survives a rule that throws: the other findings still arrive, the error is logged once', async () => {
    const throwing: Rule = {
      id: 'long-term-access-key',
      description: 'test rule that throws',
      limit: 'none',
      defaultSeverity: 'error',
      check() {
        throw new Error('boom from a test rule');
      },
    };
    const c = await server({ server: { rules: [...RULES.filter((r) => r.id !== 'long-term-access-key'), throwing] } });
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    const p = await c.waitForDiagnostics(u);
    assert.deepEqual(codes(p.diagnostics).sort(), [...TEAM_CODES].sort());
    c.edit(u, 0, 0, '#');
    await c.waitForDiagnostics(u, (d) => d.version === 2 && d.diagnostics.length === TEAM_CODES.length);
    const errors = c.logs.filter((l) => l.message.includes('boom from a test rule'));
    assert.equal(errors.length, 1, 'logged once, not per keystroke');
    assert.equal(errors[0]?.type, 1);
    assert.match(errors[0]?.message ?? '', /rule long-term-access-key/);
  });

  it('serves pull diagnostics when the client supports them, and does not push', async () => {
    const c = await server({ capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } } });
    const u = uri();
    c.open(u, 'aws-config', TEAM);
    const report = (await c.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } })) as { kind: string; items: { code: string }[] };
    assert.equal(report.kind, 'full');
    assert.deepEqual(report.items.map((d) => d.code).sort(), [...TEAM_CODES].sort());
    assert.equal(c.published.filter((p) => p.uri === u).length, 0);
  });
});
