/**
 * The CLI over whole trees against `rg -l` of the trigger words on the same tree: a generated
 * workspace mixing every language, a real repository (awsdocs/aws-doc-sdk-examples, when present),
 * and a generated monorepo at growing sizes (scaling and peak RSS, plotted into docs/).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TRIGGER_WORDS, writeMixedWorkspace } from './generate';
import { meets, ms, note, quick, ratio, row, stats } from './report';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const rssFile = path.join(os.tmpdir(), 'sts-lens-bench-rss');

function rg(paths: string[]): { ms: number; found: number } {
  const t0 = performance.now();
  const r = spawnSync('rg', ['-l', ...TRIGGER_WORDS.flatMap((w) => ['-e', w]), ...paths], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - t0, found: r.stdout.split('\n').filter(Boolean).length };
}

/** One cold CLI run: wall time and the process's peak RSS (worker threads included). */
function ours(paths: string[], cwd?: string): { ms: number; rssMb: number; findings: number } {
  fs.rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', path.join(__dirname, 'rss.cjs'), cli, 'check', ...paths, '--format', 'json'], { cwd, encoding: 'utf8', env: { ...process.env, BENCH_RSS_FILE: rssFile }, maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`sts-lens check failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { ms: elapsed, rssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024, findings: (JSON.parse(r.stdout) as unknown[]).length };
}

/** Alternating runs of ours and rg (noise hits both alike); medians. */
function versusRg(paths: string[], runs: number, cwd?: string): { ours: number; rg: number; rssMb: number; found: number; findings: number } {
  const a: number[] = [];
  const b: number[] = [];
  let rssMb = 0;
  let found = 0;
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const r = rg(paths);
    b.push(r.ms);
    found = r.found;
    const o = ours(paths, cwd);
    a.push(o.ms);
    rssMb = Math.max(rssMb, o.rssMb);
    findings = o.findings;
  }
  return { ours: stats(a).median, rg: stats(b).median, rssMb, found, findings };
}

/** The generated workspace: every language, 1% of the files with an STS call. */
export function mixedWorkspace(): void {
  const files = quick ? 600 : 10000;
  const ws = path.join(os.tmpdir(), `sts-lens-bench-mixed-${files}`);
  writeMixedWorkspace(ws, files, 0.01);
  const r = versusRg([ws], quick ? 1 : 3);
  row(
    `CLI over a ${files}-file workspace mixing every language (1% STS; rg found ${r.found}, we report ${r.findings} findings) / \`rg -l\` of the trigger words; ${os.availableParallelism()} threads, peak RSS ${r.rssMb.toFixed(0)} MB`,
    `${ms(r.ours)} ms`,
    `${ms(r.rg)} ms`,
    ratio(r.ours, r.rg),
    '≤ 3×',
    meets(r.ours / r.rg, 3),
  );
  note(`The CLI walks in the main thread, then reads, prefilters, extracts and analyzes on worker threads, one per core from 400 files up (server/src/cliPool.ts); results merge by file index, so the output does not depend on the thread count. \`rg\` runs with its defaults (all cores); both cold, page cache warm.`);
}

/** A real repository with every SDK language: awsdocs/aws-doc-sdk-examples, when a checkout is at hand. */
export function realRepository(): void {
  const repo = process.env.STS_LENS_BENCH_REPO ?? path.join(os.tmpdir(), 'aws-doc-sdk-examples');
  if (quick && !process.env.STS_LENS_BENCH_REPO) {
    note('Real repository: not run in quick mode (set STS_LENS_BENCH_REPO to include it).');
    return;
  }
  if (!fs.existsSync(repo)) {
    note(`Real repository: not measured; no checkout at ${repo}. Set STS_LENS_BENCH_REPO to a checkout of awsdocs/aws-doc-sdk-examples to include it.`);
    return;
  }
  const count = spawnSync('rg', ['--files', repo], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout.split('\n').filter(Boolean).length;
  const r = versusRg([repo], quick ? 1 : 2);
  row(
    `CLI over a real repository, ${path.basename(repo)} (${count} files rg walks; rg found ${r.found}, we report ${r.findings} findings) / \`rg -l\` of the trigger words; peak RSS ${r.rssMb.toFixed(0)} MB`,
    `${ms(r.ours)} ms`,
    `${ms(r.rg)} ms`,
    ratio(r.ours, r.rg),
    '≤ 3×',
    meets(r.ours / r.rg, 3),
  );
}

/**
 * A generated monorepo (1,000 files a package) checked at growing sizes by naming the first k packages:
 * time per file should stay flat and peak RSS bounded. Writes an SVG plot next to the report.
 */
export function monorepoScaling(outDir: string): void {
  const total = quick ? 2400 : 100000;
  const sizes = quick ? [600, 1200, 2400] : [12500, 25000, 50000, 100000];
  const mono = path.join(os.tmpdir(), `sts-lens-bench-mono-${total}`);
  writeMixedWorkspace(mono, total, 0.01, 13);
  // writeMixedWorkspace puts 100 files in each pkg<i/1000>/mod<i/100 % 10>: a size is its first modules.
  const unitsOf = (files: number): string[] => Array.from({ length: Math.ceil(files / 100) }, (_, u) => path.join(mono, `pkg${Math.floor(u / 10)}`, `mod${u % 10}`));
  const points: { files: number; ms: number; rg: number; rssMb: number }[] = [];
  for (const files of sizes) {
    const paths = unitsOf(files);
    const r = versusRg(paths, 1);
    points.push({ files, ms: r.ours, rg: r.rg, rssMb: r.rssMb });
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const exponent = Math.log(last.ms / first.ms) / Math.log(last.files / first.files);
  const peak = Math.max(...points.map((p) => p.rssMb));
  row(
    `monorepo scaling: CLI at ${sizes.map((s) => s.toLocaleString('en-US')).join(' / ')} mixed files (exponent of time in files; peak RSS ${peak.toFixed(0)} MB; at ${last.files.toLocaleString('en-US')} files ${ratio(last.ms, last.rg)} \`rg -l\`)`,
    points.map((p) => `${ms(p.ms)} ms`).join(' / '),
    'linear; RSS < 400 MB',
    `exponent ${exponent.toFixed(2)}`,
    '≈ 1.0, < 400 MB',
    exponent <= 1.15 && peak < 400 ? 'meets' : 'short',
  );
  const svg = scalingSvg(points);
  const file = path.join(outDir, 'performance-scaling.svg');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(file, svg);
  note(`Scaling plot: [performance-scaling.svg](performance-scaling.svg) (CLI and \`rg -l\` wall time against files; the dashed line is linear through the smallest run).`);
}

function scalingSvg(points: { files: number; ms: number; rg: number; rssMb: number }[]): string {
  const W = 640;
  const H = 360;
  const pad = { l: 70, r: 50, t: 30, b: 50 };
  const maxX = Math.max(...points.map((p) => p.files));
  const first = points[0]!;
  const linearAtMax = (first.ms / first.files) * maxX;
  const maxY = Math.max(linearAtMax, ...points.map((p) => p.ms)) * 1.1;
  const x = (v: number): number => pad.l + (v / maxX) * (W - pad.l - pad.r);
  const y = (v: number): number => H - pad.b - (v / maxY) * (H - pad.t - pad.b);
  const line = (key: 'ms' | 'rg'): string => points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.files).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const dots = (key: 'ms' | 'rg', color: string): string => points.map((p) => `<circle cx="${x(p.files).toFixed(1)}" cy="${y(p[key]).toFixed(1)}" r="4" fill="${color}"/>`).join('');
  const ticksX = points.map((p) => `<text x="${x(p.files).toFixed(1)}" y="${H - pad.b + 18}" text-anchor="middle">${p.files.toLocaleString('en-US')}</text>`).join('');
  const ticksY = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${pad.l - 8}" y="${(y(f * maxY) + 4).toFixed(1)}" text-anchor="end">${((f * maxY) / 1000).toFixed(1)} s</text>`).join('');
  const labels = points.map((p) => `<text x="${x(p.files).toFixed(1)}" y="${(y(p.ms) - 10).toFixed(1)}" text-anchor="middle">${p.rssMb.toFixed(0)} MB</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">sts-lens check on a generated monorepo: wall time (labels: peak RSS)</text>
<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="black"/>
<line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="black"/>
${ticksX}${ticksY}
<text x="${W / 2}" y="${H - 10}" text-anchor="middle">files</text>
<path d="M${x(0)},${y(0)} L${x(maxX).toFixed(1)},${y(linearAtMax).toFixed(1)}" stroke="#999" stroke-dasharray="6,4" fill="none"/>
<path d="${line('ms')}" stroke="#1f6feb" stroke-width="2" fill="none"/>${dots('ms', '#1f6feb')}
<path d="${line('rg')}" stroke="#d1242f" stroke-width="2" fill="none"/>${dots('rg', '#d1242f')}
${labels}
<text x="${pad.l + 10}" y="${pad.t + 14}" fill="#1f6feb">sts-lens check</text>
<text x="${pad.l + 10}" y="${pad.t + 30}" fill="#d1242f">rg -l (trigger words)</text>
<text x="${pad.l + 10}" y="${pad.t + 46}" fill="#999">linear</text>
</svg>
`;
}
