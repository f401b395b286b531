/**
 * Makefiles: recipe lines and `$(shell …)` calls are shell. Each recipe line runs in its own shell
 * (make's default), so each becomes its own region: the leading tab and `@`/`-`/`+` prefixes are not
 * shell, `$$` is a single `$`, and a continuation line loses its leading tab (make strips it) while
 * the backslash-newline goes to the shell as written. Make's own `$(VAR)` stays as written: the shell
 * sees a substitution, which is not a literal, and that is what it is.
 */
import type { Extractor } from '../types';
import { extractRegions, RegionBuilder, type Region } from './embedded';
import { shellExtractor } from './shell';

const MENTIONS_STS = /\bsts\b/;

export const makefileExtractor: Extractor = {
  grammars: shellExtractor.grammars,
  extract(text, uri) {
    if (!MENTIONS_STS.test(text)) return [];
    return extractRegions(shellExtractor, makeShellRegions(text), text, uri);
  },
};

/** The shell of a Makefile: recipe lines, and the commands of `$(shell …)` in any other line. */
export function makeShellRegions(text: string): Region[] {
  const regions: Region[] = [];
  let i = 0;
  while (i < text.length) {
    const end = logicalLineEnd(text, i);
    if (text.charAt(i) === '\t') {
      if (MENTIONS_STS.test(text.slice(i, end))) regions.push(recipeRegion(text, i, end));
    } else {
      regions.push(...shellCalls(text, i, end));
    }
    i = end + 1;
  }
  return regions;
}

/** The end (the newline, or the end of text) of the line starting at `start`, continuations included. */
function logicalLineEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    let backslashes = 0;
    for (let k = nl - 1 - (text.charAt(nl - 1) === '\r' ? 1 : 0); k >= start && text.charAt(k) === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return nl;
    i = nl + 1;
  }
}

function recipeRegion(text: string, start: number, end: number): Region {
  const b = new RegionBuilder();
  let i = start + 1;
  while (i < end && /[@+\- ]/.test(text.charAt(i))) i++;
  while (i < end) {
    const c = text.charAt(i);
    if (c === '$' && text.charAt(i + 1) === '$') {
      b.put('$', i);
      i += 2;
    } else if (c === '\n') {
      b.take(text, i, i + 1);
      i += 1;
      if (text.charAt(i) === '\t') i += 1;
    } else {
      b.take(text, i, i + 1);
      i += 1;
    }
  }
  return b.finish(end);
}

/** `$(shell aws sts …)` / `${shell …}`: the command between the function name and its closing bracket. */
function shellCalls(text: string, start: number, end: number): Region[] {
  const out: Region[] = [];
  const line = text.slice(start, end);
  for (const m of line.matchAll(/\$([({])shell\s+/g)) {
    const open = m[1] === '(' ? '(' : '{';
    const close = open === '(' ? ')' : '}';
    const from = start + m.index + m[0].length;
    let depth = 1;
    let k = from;
    for (; k < end && depth > 0; k++) {
      const c = text.charAt(k);
      if (c === open) depth++;
      else if (c === close) depth--;
    }
    const to = depth === 0 ? k - 1 : end;
    if (!MENTIONS_STS.test(text.slice(from, to))) continue;
    const b = new RegionBuilder();
    for (let i = from; i < to; ) {
      if (text.charAt(i) === '$' && text.charAt(i + 1) === '$') {
        b.put('$', i);
        i += 2;
      } else {
        b.take(text, i, i + 1);
        i += 1;
      }
    }
    out.push(b.finish(to));
  }
  return out;
}
