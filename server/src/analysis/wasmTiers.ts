/**
 * Which V8 compiler tiers run the tree-sitter grammars' WebAssembly.
 *
 * By default V8 compiles wasm with Liftoff (a fast baseline compiler) and re-compiles hot functions
 * with TurboFan in the background. A grammar's lexer is one enormous function (a switch over every
 * token state), which is hot after a single line of input; TurboFan then spends 0.5 s (Bash) to 10 s
 * (PowerShell) of CPU on it in the background, and a CLI cannot exit until that compile is done.
 * Measured: `sts-lens check examples` 15 s with TurboFan, 0.4 s with Liftoff alone, same findings.
 * Liftoff code parses about 1.3-1.8x slower than TurboFan code (docs/performance.md has the figure
 * for this machine), which costs less than any compile it saves: the CLI parses only the files that
 * pass the prefilter, and the language server re-parses incrementally (well under a millisecond a
 * keystroke), so neither ever recovers 10 s of compiling. Both therefore run Liftoff only.
 *
 * `STS_LENS_WASM_TIERS=turbofan` keeps V8's default (the bench uses it to measure the trade-off).
 * The flag is read when a module is compiled, so it must be set before the first grammar loads.
 */
import { setFlagsFromString } from 'node:v8';

export type WasmTiers = 'liftoff' | 'turbofan';

let applied: WasmTiers | undefined;

/** Sets the tiers once, before the first wasm compile; later calls are no-ops. */
export function applyWasmTiers(tiers: WasmTiers = process.env.STS_LENS_WASM_TIERS === 'turbofan' ? 'turbofan' : 'liftoff'): WasmTiers {
  if (applied) return applied;
  applied = tiers;
  if (tiers === 'liftoff') setFlagsFromString('--liftoff-only');
  return applied;
}
