/**
 * Dockerfiles: the shell form of `RUN` (with `\` continuations; comment lines inside a continued
 * instruction are dropped, as Docker drops them) and `RUN <<EOF` heredocs. The exec form
 * (`RUN ["aws", …]`) runs no shell and is left alone.
 */
import type { Extractor } from '../types';
import { extractRegions, RegionBuilder, type Region } from './embedded';
import { shellExtractor } from './shell';

const MENTIONS_STS = /\bsts\b/;

export const dockerfileExtractor: Extractor = {
  grammars: shellExtractor.grammars,
  extract(text, uri) {
    if (!MENTIONS_STS.test(text)) return [];
    return extractRegions(shellExtractor, dockerShellRegions(text), text, uri);
  },
};

export function dockerShellRegions(text: string): Region[] {
  const regions: Region[] = [];
  const escape = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 500)) ? '`' : '\\';
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 ? text.length : nl;
    const m = /^\s*RUN\s+/i.exec(text.slice(i, lineEnd));
    if (!m) {
      i = lineEnd + 1;
      continue;
    }
    const start = i + m[0].length;
    const heredoc = /^<<-?\s*["']?(\w+)["']?[^\n]*/.exec(text.slice(start, lineEnd));
    if (heredoc) {
      const bodyStart = lineEnd + 1;
      // `[ \t]*`, not `\s*`: `\s` spans line breaks, and the search then rescans every blank line.
      const close = new RegExp(`^[ \\t]*${heredoc[1]}[ \\t]*$`, 'm');
      const rest = text.slice(bodyStart);
      const found = close.exec(rest);
      const bodyEnd = found ? bodyStart + found.index : text.length;
      const b = new RegionBuilder().take(text, bodyStart, bodyEnd);
      regions.push(b.finish(bodyEnd));
      i = found ? bodyStart + found.index + found[0].length + 1 : text.length;
      continue;
    }
    if (text.charAt(start) === '[') {
      i = lineEnd + 1;
      continue;
    }
    const b = new RegionBuilder();
    let at = start;
    let end = lineEnd;
    for (;;) {
      const lineText = text.slice(at, end).replace(/\r$/, '');
      const continued = lineText.trimEnd().endsWith(escape);
      if (continued) {
        const cut = at + lineText.trimEnd().length - 1;
        // The shell sees a plain backslash-newline whatever Docker's escape character is.
        b.take(text, at, cut).put('\\', cut).put('\n', end);
      } else {
        b.take(text, at, end);
      }
      if (!continued || end >= text.length) break;
      // Docker drops comment lines and empty lines inside a continued instruction.
      let next = end + 1;
      for (;;) {
        const nextEnd = text.indexOf('\n', next) < 0 ? text.length : text.indexOf('\n', next);
        if (/^\s*(#.*)?\r?$/.test(text.slice(next, nextEnd)) && nextEnd < text.length) next = nextEnd + 1;
        else break;
      }
      at = next;
      end = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
    }
    if (MENTIONS_STS.test(b.finish(end).text)) regions.push(b.finish(end));
    i = end + 1;
  }
  return regions;
}
