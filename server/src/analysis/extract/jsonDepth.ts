/**
 * JSON parsed without recursion trouble. jsonc-parser descends recursively, so 5,000 nested brackets
 * overflow the stack and the whole file's findings are lost. Before parsing, every value nested deeper
 * than {@link MAX_JSON_DEPTH} is blanked out, keeping the text's length (offsets stay valid): the
 * over-deep value becomes `null` padded with spaces. No IAM policy or CLI input nests anywhere near
 * that deep, and everything around the blanked value is still checked.
 */
import { parseTree, type Node, type ParseError, type ParseOptions } from 'jsonc-parser';

export const MAX_JSON_DEPTH = 128;

/** {@link parseTree} over {@link capJsonDepth}'s text. */
export function parseJsonTree(text: string, errors?: ParseError[], options?: ParseOptions): Node | undefined {
  return parseTree(capJsonDepth(text), errors, options);
}

/**
 * The text with each value nested deeper than `max` replaced by `null` (or `0`) and spaces, the same
 * length; unchanged (the same string) when nothing is that deep. One pass; strings and comments skipped.
 */
export function capJsonDepth(text: string, max = MAX_JSON_DEPTH): string {
  // Cheap exit: fewer openers than the cap cannot nest past it.
  let openers = 0;
  for (let i = 0; i < text.length && openers <= max; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */ || c === 123 /* { */) openers++;
  }
  if (openers <= max) return text;

  const cuts: [number, number, boolean][] = []; // [start, end), closed
  let depth = 0;
  let cutStart = -1; // while >= 0 we are inside a value being cut
  let cutBase = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = skipString(text, i);
      continue;
    }
    if (c === 47 /* / */ && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) {
      i = skipComment(text, i);
      continue;
    }
    if (c === 91 || c === 123) {
      depth++;
      if (depth > max && cutStart < 0) {
        cutStart = i;
        cutBase = depth - 1;
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
      if (cutStart >= 0 && depth === cutBase) {
        cuts.push([cutStart, i + 1, true]);
        cutStart = -1;
      }
    }
  }
  if (cutStart >= 0) cuts.push([cutStart, text.length, false]);
  if (cuts.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [start, end, closed] of cuts) {
    parts.push(text.slice(at, start));
    const length = end - start;
    const stand = !closed ? '' : length >= 4 ? 'null' : '0';
    // Line breaks stay where they were (positions of later lines do not move either way, but a
    // document's line count then matches its text).
    parts.push(stand + text.slice(start + stand.length, end).replace(/[^\n\r]/g, ' '));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Index of the closing quote of the string opening at `i` (or the last index). */
function skipString(text: string, i: number): number {
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 92 /* \ */) k++;
    else if (c === 34 || c === 10) return k;
  }
  return text.length - 1;
}

/** Index of the last character of the comment opening at `i`. */
function skipComment(text: string, i: number): number {
  if (text.charCodeAt(i + 1) === 47) {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length - 1 : nl - 1;
  }
  const close = text.indexOf('*/', i + 2);
  return close < 0 ? text.length - 1 : close + 1;
}
