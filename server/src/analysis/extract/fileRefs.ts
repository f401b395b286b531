/**
 * `file://` values (the AWS CLI's `--policy file://policy.json`): extractors are synchronous and do
 * no I/O, so they leave such a value unknown and record the path on the argument. The CLI and the
 * server call {@link resolveFileRefs} with a reader to put the file's content in its place.
 *
 * The content is not in the document, so every character of it maps onto the `file://...` word: a
 * finding about the whole value covers the word, a finding about a part points at its first character.
 *
 * Only documents are read: the session policy and the list arguments (JSON in the file). A scalar such
 * as `--web-identity-token file://token` or `--external-id file://secret` usually holds a secret, and a
 * finding about it would quote it; it stays unknown. Where a file may be read, and how much of it, is
 * the reader's business (server/src/referencedFiles.ts): a refusal is recorded on the argument and
 * reported by the `file-reference-not-read` rule.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParseError } from 'jsonc-parser';
import { parseJsonTree } from './jsonDepth';
import type { Argument, CallSite, StringValue, Value } from '../types';
import { jsonNodeToValue } from './jsonValue';

/**
 * Reads a file by absolute path: its text, a refusal (`notRead`: why, in words that quote no content),
 * or undefined when there is nothing to say (the file does not exist yet).
 */
export type ReadFile = (absolutePath: string) => string | { notRead: string } | undefined;

/** Arguments whose content is a list or structure (JSON in the file) rather than a string. */
const STRUCTURED = new Set(['Tags', 'PolicyArns', 'TransitiveTagKeys', 'ProvidedContexts']);

/** Arguments whose referenced file is read: documents, never scalars (see above). */
const READ = new Set(['Policy', ...STRUCTURED]);

/** The absolute path a `file://` reference names, relative to the script's folder; undefined for `~` paths. */
export function fileRefPath(ref: string, scriptUri: string | undefined): string | undefined {
  if (ref.startsWith('~')) return undefined;
  if (path.isAbsolute(ref)) return ref;
  if (!scriptUri) return undefined;
  const script = scriptUri.startsWith('file:') ? fileURLToPath(scriptUri) : scriptUri;
  return path.resolve(path.dirname(script), ref);
}

/**
 * Returns the sites with each `file://` argument's value replaced by the file's content (a string;
 * JSON for list arguments). Arguments whose file cannot be read stay unknown. The input is not changed.
 */
export function resolveFileRefs(sites: readonly CallSite[], scriptUri: string | undefined, readFile: ReadFile): CallSite[] {
  return sites.map((site) => {
    if (!site.args.some((a) => a.fileRef !== undefined)) return site;
    return { ...site, args: site.args.map((a) => resolveArgument(a, scriptUri, readFile)) };
  });
}

function resolveArgument(arg: Argument, scriptUri: string | undefined, readFile: ReadFile): Argument {
  if (arg.fileRef === undefined || !READ.has(arg.name)) return arg;
  let content: ReturnType<ReadFile>;
  try {
    const file = fileRefPath(arg.fileRef, scriptUri);
    content = file ? readFile(file) : undefined;
  } catch {
    content = undefined;
  }
  if (content === undefined) return arg;
  if (typeof content !== 'string') return { ...arg, fileRefNotRead: content.notRead };
  // The AWS CLI strips nothing but a UTF-8 BOM is not part of the value either.
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  const word = { offset: arg.value.offset, length: Math.max(arg.value.length, 1) };
  const first = word.offset;
  const last = word.offset + word.length - 1;
  const text = content;
  const mapIndex = (i: number): number => (i >= text.length - 1 ? last : first);
  let value: Value = { kind: 'string', value: text, offset: word.offset, length: word.length, map: mapIndex } satisfies StringValue;
  if (STRUCTURED.has(arg.name)) {
    const errors: ParseError[] = [];
    const tree = parseJsonTree(text, errors);
    if (tree && errors.length === 0) {
      const parsed = jsonNodeToValue(tree, text, (o) => (o >= text.trimEnd().length - 1 ? last : first));
      value = { ...parsed, offset: word.offset, length: word.length };
    }
  }
  return { ...arg, value };
}
