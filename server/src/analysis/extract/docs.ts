/**
 * Documentation: fenced code blocks in Markdown (```` ```lang ```` and `~~~`) and code directives in
 * reStructuredText (`.. code-block:: lang`, `.. code:: lang`, and `::` literal blocks that start with
 * an `aws` command) are analysed by their language's extractor, offsets mapped back into the document.
 * Shell blocks lose their `$ ` prompts; a `console` block keeps only its prompted lines (the rest is
 * output). How severe findings in docs are is a setting (see docsSeverity.ts).
 */
import type { CallSite, Extractor } from '../types';
import { extractRegions, RegionBuilder, type Region } from './embedded';

/** Info strings / directive arguments to language ids. */
const FENCE_LANGUAGES: Record<string, string> = {
  sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', zsh: 'shellscript', shellscript: 'shellscript', console: 'console',
  'shell-session': 'console', shellsession: 'console', terminal: 'console',
  python: 'python', py: 'python', python3: 'python',
  js: 'javascript', javascript: 'javascript', node: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  ts: 'typescript', typescript: 'typescript', tsx: 'typescriptreact',
  go: 'go', golang: 'go', java: 'java', cs: 'csharp', csharp: 'csharp', 'c#': 'csharp', rb: 'ruby', ruby: 'ruby',
  powershell: 'powershell', ps1: 'powershell', pwsh: 'powershell', ps: 'powershell',
  yaml: 'yaml', yml: 'yaml', json: 'json', jsonc: 'jsonc', hcl: 'terraform', terraform: 'terraform', tf: 'terraform',
  ini: 'aws-config', toml: 'aws-config', cfg: 'aws-config', makefile: 'makefile', make: 'makefile', dockerfile: 'dockerfile', docker: 'dockerfile',
  groovy: 'groovy', jenkinsfile: 'groovy',
};

interface Block {
  language: string;
  region: Region;
}

/** The extractor for a documentation language; `extractorFor` finds the extractor of each block's language. */
export function docsExtractor(kind: 'markdown' | 'restructuredtext', extractorFor: (languageId: string) => Extractor | undefined, grammars: () => readonly string[]): Extractor {
  return {
    get grammars() {
      return grammars();
    },
    extract(text, uri) {
      const blocks = kind === 'markdown' ? markdownBlocks(text) : rstBlocks(text);
      const byLanguage = new Map<string, Region[]>();
      for (const b of blocks) {
        const list = byLanguage.get(b.language);
        if (list) list.push(b.region);
        else byLanguage.set(b.language, [b.region]);
      }
      const sites: CallSite[] = [];
      for (const [language, regions] of byLanguage) {
        const extractor = extractorFor(language);
        if (extractor) sites.push(...extractRegions(extractor, regions, text, uri));
      }
      return sites.sort((a, b) => a.span.offset - b.span.offset);
    },
  };
}

interface Line {
  start: number;
  /** Offset of the line break (or the end of text). */
  end: number;
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    out.push({ start, end, text: text.slice(start, end).replace(/\r$/, '') });
    if (end === text.length) break;
    start = end + 1;
  }
  return out;
}

/** `lang` from an info string: the first word, without braces or attributes (`{.python}`, `bash title="x"`). */
function languageOf(info: string): string | undefined {
  const word = info.trim().replace(/^\{?\.?/, '').split(/[\s{},]/)[0]?.toLowerCase() ?? '';
  return FENCE_LANGUAGES[word];
}

/** Builds a block's region from its body lines, removing `indent` columns and shell prompts. */
function bodyRegion(body: Line[], indent: number, language: string): Block | undefined {
  const shell = language === 'shellscript' || language === 'console';
  const b = new RegionBuilder();
  let continued = false;
  for (const line of body) {
    let from = line.start;
    let strip = 0;
    while (strip < indent && (line.text.charAt(strip) === ' ' || line.text.charAt(strip) === '\t')) strip++;
    from += strip;
    let rest = line.text.slice(strip);
    if (shell && !continued) {
      const prompt = /^(?:[\w@.~:/-]*\$|PS [^>]*>)\s+/.exec(rest);
      if (prompt) {
        from += prompt[0].length;
        rest = rest.slice(prompt[0].length);
      } else if (language === 'console') {
        b.put('\n', line.end); // output, not a command
        continue;
      }
    }
    for (let i = 0; i < rest.length; i++) b.put(rest.charAt(i), from + i);
    b.put('\n', line.end);
    continued = shell && /\\$/.test(rest);
  }
  const last = body[body.length - 1];
  const built = b.finish(last ? last.end : 0);
  return { language: language === 'console' ? 'shellscript' : language, region: { ...built, unknownZones: placeholderZones(built) } };
}

/**
 * Placeholders docs write for the reader to fill in (`{service}`, `<account-id>`, `${ROLE}`,
 * `YOUR_ROLE_ARN`): a value that holds one is not a literal.
 */
// `\$\{[^{}\n]*\}`, not `[^}\n]*`: an unclosed `${` then stops at the next `{` instead of rescanning the line.
const PLACEHOLDER = /\{[A-Za-z_][\w-]*\}|<[A-Za-z][\w .-]*>|\$\{[^{}\n]*\}|\b(?:YOUR|MY)_[A-Z_]+\b/g;

function placeholderZones(region: Region): { offset: number; length: number }[] {
  const zones: { offset: number; length: number }[] = [];
  for (const m of region.text.matchAll(PLACEHOLDER)) {
    const from = region.offsets[m.index] ?? 0;
    const to = (region.offsets[m.index + m[0].length - 1] ?? from) + 1;
    zones.push({ offset: from, length: to - from });
  }
  return zones;
}

/**
 * A fence opening line (`​``` sh`, `  - ~~~`, `> 1. ```): [whole, container prefix, fence, info].
 * Read by hand: as one regex the repeated container markers rescanned a long run of `~` or spaces.
 */
function fenceOpening(t: string): [string, string, string, string] | undefined {
  const space = (k: number): boolean => /\s/.test(t.charAt(k));
  let i = 0;
  for (;;) {
    while (i < t.length && space(i)) i++;
    const c = t.charAt(i);
    if ((c === '-' || c === '*' || c === '+') && space(i + 1)) {
      i++;
      continue;
    }
    if (c === '>') {
      i++;
      continue;
    }
    let k = i;
    while (k < t.length && /\d/.test(t.charAt(k))) k++;
    if (k > i && (t.charAt(k) === '.' || t.charAt(k) === ')') && space(k + 1)) {
      i = k + 1;
      continue;
    }
    break;
  }
  const fenceChar = t.charAt(i);
  if (fenceChar !== '`' && fenceChar !== '~') return undefined;
  let k = i;
  while (t.charAt(k) === fenceChar) k++;
  if (k - i < 3 || /[\n\r\u2028\u2029]/.test(t.slice(k))) return undefined;
  return [t, t.slice(0, i), t.slice(i, k), t.slice(k)];
}

export function markdownBlocks(text: string): Block[] {
  const all = lines(text);
  const blocks: Block[] = [];
  for (let i = 0; i < all.length; i++) {
    const line = all[i] as Line;
    const open = fenceOpening(line.text);
    if (!open) continue;
    const fence = open[2] ?? '```';
    const info = open[3] ?? '';
    if (fence.startsWith('`') && info.includes('`')) continue;
    const indent = (open[1] ?? '').length;
    const body: Line[] = [];
    let j = i + 1;
    for (; j < all.length; j++) {
      const l = all[j] as Line;
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(l.text);
      if (close && close[1]?.charAt(0) === fence.charAt(0) && (close[1]?.length ?? 0) >= fence.length) break;
      body.push(l);
    }
    const language = languageOf(info);
    if (language && body.length > 0) {
      const block = bodyRegion(body, indent, language);
      if (block) blocks.push(block);
    }
    i = j;
  }
  return blocks;
}

export function rstBlocks(text: string): Block[] {
  const all = lines(text);
  const blocks: Block[] = [];
  for (let i = 0; i < all.length; i++) {
    const line = all[i] as Line;
    const directive = /^(\s*)\.\.\s+(?:code-block|code|sourcecode)::\s*(\S*)/.exec(line.text);
    const literal = !directive && /::\s*$/.test(line.text) && !/^\s*\.\./.test(line.text);
    if (!directive && !literal) continue;
    const baseIndent = (directive?.[1] ?? /^\s*/.exec(line.text)?.[0] ?? '').length;
    let j = i + 1;
    // Directive options (`:linenos:`) and blank lines before the body.
    while (j < all.length && (/^\s*$/.test((all[j] as Line).text) || (directive && /^\s+:\w[\w-]*:/.test((all[j] as Line).text)))) j++;
    const first = all[j];
    if (!first) continue;
    const indent = /^\s*/.exec(first.text)?.[0].length ?? 0;
    if (indent <= baseIndent) continue;
    const body: Line[] = [];
    for (; j < all.length; j++) {
      const l = all[j] as Line;
      if (!/^\s*$/.test(l.text) && (/^\s*/.exec(l.text)?.[0].length ?? 0) < indent) break;
      body.push(l);
    }
    while (body.length > 0 && /^\s*$/.test((body[body.length - 1] as Line).text)) body.pop();
    let language = directive ? languageOf(directive[2] ?? '') : undefined;
    // A bare literal block is shell when it starts with an AWS CLI or AWS Tools command.
    if (!directive && body[0] && /^\s*(?:\$\s+)?(?:aws\s|Use-STS|Get-STS)/.test(body[0].text)) language = 'shellscript';
    if (!directive && body[0] && /^\s*(?:PS [^>]*>\s*)?(?:Use-STS|Get-STS)/.test(body[0].text)) language = 'powershell';
    if (language && body.length > 0) {
      const block = bodyRegion(body, indent, language);
      if (block) blocks.push(block);
    }
    i = j - 1;
  }
  return blocks;
}
