/** A document over the size limit is not analyzed: empty diagnostics, one log line, and the server stays responsive. */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { MAX_FILE_BYTES } from '../../server/src/checkFile';
import { startTestServer, type TestClient } from './harness';

let client: TestClient | undefined;
after(() => client?.close());

it('skips a huge document with a log message and keeps serving others', async () => {
  client = await startTestServer({ settings: { debounceMs: 0 } });
  const line = '[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 50000\n';
  const huge = line.repeat(Math.ceil((MAX_FILE_BYTES + 1) / line.length));
  client.open('file:///ws/huge/.aws/config', 'aws-config', huge);
  const published = await client.waitForDiagnostics('file:///ws/huge/.aws/config');
  assert.deepEqual(published.diagnostics, []);
  assert.ok(client.logs.some((l) => /over 5 MB and is not checked/.test(l.message)), JSON.stringify(client.logs));
  client.open('file:///ws/small/.aws/config', 'aws-config', line);
  const small = await client.waitForDiagnostics('file:///ws/small/.aws/config', (p) => p.diagnostics.length > 0);
  assert.deepEqual(small.diagnostics.map((d) => d.code), ['duration-out-of-range']);
});
