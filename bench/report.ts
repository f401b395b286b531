/** Shared by the bench modules: statistics, timing helpers and the rows of docs/performance.md. */

export const quick = process.argv.includes('--quick');
export const ITER = quick ? 5 : 30;

export interface Stat {
  median: number;
  p95: number;
}

export function stats(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}

/** Times `fn` after warm-up runs; interleaving with the baseline keeps drift out of the ratio. */
export function time(fn: () => unknown, iterations = ITER, warmup = 3): Stat {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** Runs two measurements interleaved (a, b, a, b, …) so machine noise hits both alike. */
export function pair(a: () => unknown, b: () => unknown, iterations = ITER): [Stat, Stat] {
  for (let i = 0; i < 3; i++) {
    a();
    b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let t0 = performance.now();
    a();
    sa.push(performance.now() - t0);
    t0 = performance.now();
    b();
    sb.push(performance.now() - t0);
  }
  return [stats(sa), stats(sb)];
}

export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
export const meets = (value: number, goal: number): string => (value <= goal ? 'meets' : 'short');

export const rows: string[][] = [];
export const notes: string[] = [];

export function row(figure: string, ours: string, baseline: string, r: string, goal: string, verdict: string): void {
  rows.push([figure, ours, baseline, r, goal, verdict]);
  console.log(`${figure}: ${ours} vs ${baseline} = ${r} (goal ${goal}) ${verdict}`);
}

export function note(text: string): void {
  notes.push(text);
  console.log(`note: ${text}`);
}
