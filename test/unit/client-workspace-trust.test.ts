import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CREDENTIAL_COMMANDS } from '../../client/src/commandIds';
import { COMMANDS_ALLOWED_UNTRUSTED, untrustedRefusal } from '../../client/src/workspaceTrust';
import { recordReliability } from '../reliability/record';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const settings: Record<string, { scope?: string }> = Object.assign({}, ...[pkg.contributes.configuration].flat().map((c: { properties: object }) => c.properties));

test('package.json declares limited support for untrusted workspaces, with a description', () => {
  const u = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(u?.supported, 'limited');
  assert.match(u.description, /Restricted Mode/);
  assert.match(u.description, /credential commands .* are off/);
});

test('every setting a workspace could set (resource/window scope) that steers the checks is restricted; credential settings are application-scoped', () => {
  const restricted = new Set<string>(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations);
  for (const key of ['stsLens.exclude', 'stsLens.roleMaxDurations']) assert.ok(restricted.has(key), key);
  // Rule severities are the one thing a project legitimately sets for everyone (and they cannot send,
  // run or read anything); every other workspace-settable key must be listed or made application-scoped.
  const workspaceSettable = Object.entries(settings).filter(([k, v]) => !k.startsWith('stsLens.rules.') && !['application', 'machine'].includes(v.scope ?? 'window'));
  for (const [key] of workspaceSettable) assert.ok(restricted.has(key), `${key} can be set by a workspace: add it to capabilities.untrustedWorkspaces.restrictedConfigurations or make it application-scoped`);
  for (const key of restricted) assert.ok(settings[key], `${key} is restricted but not contributed`);
  for (const key of Object.keys(settings).filter((k) => /stsEndpoint|region|console\.|sso|profile|credential/i.test(k))) assert.equal(settings[key]!.scope, 'application', `${key} must never come from a workspace`);
});

test('credential commands are disabled in Restricted Mode, in the UI and in code; only showing and dropping sessions stay', () => {
  for (const c of pkg.contributes.commands as { command: string; enablement?: string }[]) {
    if (COMMANDS_ALLOWED_UNTRUSTED.has(c.command)) continue;
    assert.match(c.enablement ?? '', /isWorkspaceTrusted/, `${c.command}: add "enablement": "isWorkspaceTrusted" (or allow it in client/src/workspaceTrust.ts if it only shows or drops what the user holds)`);
  }
  const refused = [...Object.values(CREDENTIAL_COMMANDS), 'stsLens.someFutureCommand'].filter((id) => untrustedRefusal(id, false));
  assert.deepEqual(refused.sort(), [...Object.values(CREDENTIAL_COMMANDS).filter((id) => !COMMANDS_ALLOWED_UNTRUSTED.has(id)), 'stsLens.someFutureCommand'].sort());
  assert.ok(!refused.includes(CREDENTIAL_COMMANDS.clearSession));
  assert.match(untrustedRefusal(CREDENTIAL_COMMANDS.assumeRole, false)!, /Restricted Mode.*nothing from it is sent to STS, written or run/);
  for (const id of Object.values(CREDENTIAL_COMMANDS)) assert.equal(untrustedRefusal(id, true), undefined);
  // the one place credential commands are registered checks the gate before running anything
  const src = fs.readFileSync(path.join(ROOT, 'client', 'src', 'credentialCommands.ts'), 'utf8');
  assert.equal(src.split('registerCommand(').length - 1, 1, 'credential commands are registered through command() only');
  assert.match(src, /registerCommand\(id, async \(\.\.\.args: unknown\[\]\) => \{\s*if \(!trustedFor\(id\)\) return/);
  recordReliability({ area: 'workspace trust', input: 'every credential command and an unknown future command in Restricted Mode', count: refused.length, held: 'refused before running (enablement and a code gate); clear/switch/status menu still allowed', test: __filename });
});
