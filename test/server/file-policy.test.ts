/** A shell script's `--policy file://…` is checked in the editor too: findings land on the file:// word. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, it } from 'node:test';
import { codes, startTestServer, type TestClient } from './harness';

const SCRIPT = path.join(__dirname, '..', 'fixtures', 'shellscript', 'web-identity-file-policy.sh');
let client: TestClient | undefined;
after(() => client?.close());

it('resolves file:// policies relative to the script and reports their problems', async () => {
  client = await startTestServer({ settings: { debounceMs: 0 } });
  const uri = pathToFileURL(SCRIPT).href;
  const text = fs.readFileSync(SCRIPT, 'utf8');
  client.open(uri, 'shellscript', text);
  const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(codes(published.diagnostics).sort(), ['policy-unknown-action', 'session-policy-invalid']);
  const word = text.indexOf('file://narrow-policy.json');
  const line = text.slice(0, word).split('\n').length - 1;
  for (const d of published.diagnostics) assert.equal(d.range.start.line, line);
});
