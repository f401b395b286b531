// `npm run test:vscode-desktop`: the same mocha suite (test/e2e/suite) in desktop VS Code 1.100.3
// downloaded by @vscode/test-electron (`runTests`). Needs the network (update.code.visualstudio.com)
// and a display (on Linux without one: `xvfb-run -a npm run test:vscode-desktop`). Where VS Code
// cannot be downloaded it fails fast with the reason instead of hanging.
// The DOM-bridge tests (status bar text, screenshots) skip themselves here: only the code-server run
// (npm test, test/e2e/vscode.test.ts) has Chromium to read the DOM. The credential tests run when
// STS_LENS_E2E_STS_ENDPOINT / STS_LENS_E2E_ROLE_ARN / AWS_ACCESS_KEY_ID point at an STS server
// (e.g. `bash test/integration/ceph-rgw-sts.sh start`), else they skip with a message.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const VERSION = process.env.STS_LENS_VSCODE_VERSION || '1.100.3';
const DOWNLOAD_TIMEOUT_MS = Number(process.env.STS_LENS_VSCODE_DOWNLOAD_TIMEOUT_MS || 60000);

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
let executable;
try {
  executable = await Promise.race([
    downloadAndUnzipVSCode({ version: VERSION, timeout: 20000, cachePath: path.join(root, 'node_modules', '.cache', 'vscode-test') }),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)), DOWNLOAD_TIMEOUT_MS).unref()),
  ]);
} catch (e) {
  console.error(`\ntest:vscode-desktop: could not download VS Code ${VERSION} from update.code.visualstudio.com: ${e && e.message}`);
  console.error('This suite needs that download (a desktop machine with internet). Without it, run the same suite');
  console.error('inside code-server instead: `node --import tsx --test test/e2e/vscode.test.ts` (part of `npm test`).');
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-desktop-'));
const ws = path.join(tmp, 'workspace');
fs.cpSync(path.join(root, 'test', 'e2e', 'workspace'), ws, { recursive: true });
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test', 'e2e', 'suite', 'index.js'),
    launchArgs: [ws, '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'ext')],
    extensionTestsEnv: { AWS_CONFIG_FILE: path.join(ws, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'none') },
  });
  console.log('test:vscode-desktop: passed');
} catch (e) {
  console.error(`test:vscode-desktop: failed (${e && e.message})`);
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
