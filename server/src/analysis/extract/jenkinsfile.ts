/**
 * Jenkinsfiles (Groovy pipelines): the string given to `sh`, `powershell` or `pwsh` steps, in any of
 * Groovy's quotes (`'…'`, `"…"`, `'''…'''`, `"""…"""`), as `sh '…'`, `sh('…')` or `sh(script: '…')`.
 * Groovy escapes are decoded (each decoded character maps to its backslash). A GString's `${…}` and
 * `$name` are filled in by Groovy: the shell sees a variable of the same length (`$______`) and a value
 * that touches one is not a literal.
 */
import type { Extractor } from '../types';
import { extractRegions, RegionBuilder, type Region } from './embedded';
import { powershellExtractor } from './powershell';
import { shellExtractor } from './shell';

const STEP = /\b(sh|powershell|pwsh)\b\s*(?:\(\s*(?:script\s*:\s*)?)?('''|"""|'|")/g;
const GROOVY_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$' };
const MENTIONS_STS = /\bsts\b|-STS/i;

export const jenkinsfileExtractor: Extractor = {
  grammars: [...shellExtractor.grammars, ...powershellExtractor.grammars],
  extract(text, uri) {
    if (!MENTIONS_STS.test(text)) return [];
    const shell: Region[] = [];
    const pwsh: Region[] = [];
    for (const m of text.matchAll(STEP)) {
      const quote = m[2] ?? "'";
      const region = groovyString(text, m.index + m[0].length, quote);
      if (!region || !MENTIONS_STS.test(region.text)) continue;
      (m[1] === 'sh' ? shell : pwsh).push(region);
    }
    return [...extractRegions(shellExtractor, shell, text, uri), ...extractRegions(powershellExtractor, pwsh, text, uri)];
  },
};

/** The decoded content of a Groovy string literal whose content starts at `from`; undefined when it never closes. */
function groovyString(text: string, from: number, quote: string): Region | undefined {
  const b = new RegionBuilder();
  const single = quote.length === 1;
  const gstring = quote.startsWith('"');
  const zones: { offset: number; length: number }[] = [];
  for (let i = from; i < text.length; ) {
    if (text.startsWith(quote, i)) return b.finish(i, zones);
    const c = text.charAt(i);
    if (gstring && c === '$') {
      const interpolation = /^\$(\{[^}\n]*\}|[A-Za-z_][\w.]*)/.exec(text.slice(i, i + 200));
      if (interpolation) {
        const length = interpolation[0].length;
        b.put('$', i);
        for (let k = 1; k < length; k++) b.put('_', i + k);
        zones.push({ offset: i, length });
        i += length;
        continue;
      }
    }
    if (single && c === '\n') return undefined;
    if (c === '\\') {
      const next = text.charAt(i + 1);
      if (next === '\n') {
        i += 2; // an escaped line break joins the lines
        continue;
      }
      const decoded = GROOVY_ESCAPES[next];
      if (decoded !== undefined) {
        b.put(decoded, i);
        i += 2;
        continue;
      }
    }
    b.take(text, i, i + 1);
    i += 1;
  }
  return undefined;
}
