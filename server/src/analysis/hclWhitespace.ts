/**
 * Long runs of spaces in HCL code, made cheap to parse. The tree-sitter HCL grammar lexes whitespace
 * inside brackets one character per token and its external scanner re-skips the rest of the run each
 * time: a line with 40,000 spaces inside `{ }` took 35 s, growing with the square of the run.
 *
 * Before parsing, each run of at least {@link LONG_RUN} spaces and tabs in code (not in a string,
 * heredoc or comment) becomes a block comment of exactly the same length (` /*    *\/ `), which the
 * lexer reads as one token. Offsets, lines and columns do not move; only a node's own text would show
 * the comment markers, and no literal value can contain such a run (strings are left alone).
 */

/** Shorter runs are left as they are: real files indent with a few dozen spaces at most. */
export const LONG_RUN = 64;

/** The text to hand the HCL parser: `text` itself when it has no long run. */
export function tameHclWhitespace(text: string): string {
  if (!hasLongRun(text)) return text;
  let out = '';
  let copied = 0;
  /** Open template interpolations (`${ ... }` inside a string): the brace depth of each one's code. */
  const frames: number[] = [];
  let inString = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */ || c === 10) inString = false;
      else if ((c === 36 /* $ */ || c === 37 /* % */) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) i += 2; // `$${` is literal
      else if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === 123 /* { */) {
        frames.push(0);
        inString = false;
        i++;
      }
      continue;
    }
    if (c === 34) {
      inString = true;
    } else if (c === 35 /* # */ || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 1;
    } else if (c === 60 /* < */ && text.charCodeAt(i + 1) === 60) {
      i = heredocEnd(text, i);
    } else if (c === 123) {
      if (frames.length > 0) frames[frames.length - 1]!++;
    } else if (c === 125 /* } */) {
      if (frames.length > 0) {
        if (frames[frames.length - 1] === 0) {
          frames.pop();
          inString = true;
        } else frames[frames.length - 1]!--;
      }
    } else if (c === 32 || c === 9) {
      let j = i;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      if (j - i >= LONG_RUN) {
        out += text.slice(copied, i) + ' /*' + ' '.repeat(j - i - 6) + '*/ ';
        copied = j;
      }
      i = j - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function hasLongRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      if (++run >= LONG_RUN) return true;
    } else run = 0;
  }
  return false;
}

/** Index of the last character of a heredoc opening at `i` (`<<EOF` / `<<-EOF`), or `i + 1` if none. */
function heredocEnd(text: string, i: number): number {
  let k = i + 2;
  if (text.charCodeAt(k) === 45 /* - */) k++;
  const idStart = k;
  while (k < text.length && /[A-Za-z0-9_]/.test(text.charAt(k))) k++;
  const id = text.slice(idStart, k);
  const nl = text.indexOf('\n', k);
  if (!id || nl < 0) return i + 1;
  // The heredoc ends at the first line that holds only the identifier (indentation allowed).
  for (let lineStart = nl + 1; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (text.slice(lineStart, lineEnd).trim() === id) return lineEnd - 1;
    lineStart = lineEnd + 1;
  }
  return text.length;
}
