// Child of bench/cold.ts: node [--liftoff-only] parseTiers.cjs <grammar dir> <grammar> <file> <iterations>
// Prints "best <ms>" of full parses once V8 has finished compiling (TurboFan runs in the background).
const fs = require('node:fs');
const path = require('node:path');
const { Parser, Language } = require('web-tree-sitter');

async function main() {
  const [dir, grammar, file, iterations] = process.argv.slice(2);
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(fs.readFileSync(path.join(dir, grammar))));
  const text = fs.readFileSync(file, 'utf8');
  for (let i = 0; i < 5; i++) parser.parse(text).delete();
  // Wait for background compiles (TurboFan of a lexer takes seconds of CPU, more on a loaded machine):
  // until the process uses under 5% of a core for two seconds in a row (at most 4 minutes).
  let quiet = 0;
  for (let waited = 0; waited < 240000 && quiet < 2; waited += 1000) {
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const used = process.cpuUsage(before);
    quiet = (used.user + used.system) / 1000 < 50 ? quiet + 1 : 0;
    if (quiet === 0) parser.parse(text).delete();
  }
  const samples = [];
  for (let i = 0; i < Number(iterations); i++) {
    const t0 = performance.now();
    parser.parse(text).delete();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  // The fastest run: on a shared machine the others only measure how often we were descheduled.
  console.log(`best ${samples[0]}`);
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
