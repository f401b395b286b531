// Extension-tests entry: the extension host of code-server (or of desktop VS Code under
// @vscode/test-electron) require()s this file and calls run(). Resolve = exit code 0, reject = 1.
// Runs every *.e2e.js beside it in name order (they share one window, so order matters:
// activation is measured before anything else opens a file). The suite files are not named
// *.test.js on purpose: scripts/test.mjs hands every *.test.js to node's test runner, where
// require('vscode') does not exist.
const path = require('path');
const fs = require('fs');
const mochaModule = require('mocha');
const Mocha = mochaModule.default || mochaModule.Mocha || mochaModule;

async function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.e2e.js')).sort()) mocha.addFile(path.join(__dirname, f));
  await mocha.loadFilesAsync();
  const results = { startedAt: new Date().toISOString(), passes: [], failures: [], pending: [], metrics: global.__stsLensE2eMetrics = {} };
  const out = process.env.STS_LENS_E2E_RESULTS;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.finishedAt = new Date().toISOString();
      results.failuresCount = failures;
      if (out) {
        fs.writeFileSync(out + '.tmp', JSON.stringify(results, null, 2));
        fs.renameSync(out + '.tmp', out); // atomic: the outer process may poll for it
      }
      failures ? reject(new Error(`${failures} e2e tests failed`)) : resolve();
    });
    runner.on('pass', (t) => results.passes.push({ title: t.fullTitle(), ms: t.duration }));
    runner.on('pending', (t) => results.pending.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failures.push({ title: t.fullTitle(), err: String(err && err.stack || err) }));
  });
}
module.exports = { run };
