/**
 * The JSON text a program actually sends for a policy written as an object literal, and a minifier
 * for policies written as JSON text. Whitespace and escapes differ between JSON.stringify,
 * Python's json.dumps and Terraform's jsonencode, and the 2048-character limit counts what is sent.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { ObjectValue, Value } from '../types';

export type Serialization = NonNullable<ObjectValue['serialization']>;

export interface Serialized {
  text: string;
  /** False when part of the value is not a literal: `text` then holds `0` for each unknown part (a lower bound on the size). */
  exact: boolean;
}

export function serializeValue(value: Value, style: Serialization = 'compact'): Serialized {
  let exact = true;
  const item = style === 'python' ? ', ' : ',';
  const colon = style === 'python' ? ': ' : ':';
  const write = (v: Value): string => {
    switch (v.kind) {
      case 'string':
        return quote(v.value, style);
      case 'number':
        return Number.isFinite(v.value) ? String(v.value) : 'null';
      case 'boolean':
        return v.value ? 'true' : 'false';
      case 'null':
        return 'null';
      case 'array':
        if (!v.complete) exact = false;
        return '[' + v.items.map(write).join(item) + ']';
      case 'object': {
        if (!v.complete) exact = false;
        // A literal with a repeated key keeps the first position and the last value.
        const order: string[] = [];
        const last = new Map<string, Value>();
        for (const p of v.props) {
          if (!last.has(p.key)) order.push(p.key);
          last.set(p.key, p.value);
        }
        return '{' + order.map((k) => quote(k, style) + colon + write(last.get(k) as Value)).join(item) + '}';
      }
      case 'unknown':
        exact = false;
        return '0';
    }
  };
  const text = write(value);
  return { text, exact };
}

function quote(s: string, style: Serialization): string {
  let out = JSON.stringify(s);
  if (style === 'python') {
    // json.dumps(ensure_ascii=True) writes every non-ASCII UTF-16 unit as \uXXXX.
    out = out.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  } else if (style === 'terraform') {
    out = out.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  return out;
}

/**
 * Removes the whitespace between JSON tokens, keeping every token as written (no re-escaping, key
 * order kept). Undefined when the text is not valid JSON (comments, unterminated strings...).
 */
export function minifyPolicy(text: string): string | undefined {
  const scanner = createScanner(text, false);
  let out = '';
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (scanner.getTokenError() !== 0) return undefined;
    switch (kind) {
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        continue;
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia:
      case SyntaxKind.Unknown:
        return undefined;
      default:
        out += text.substr(scanner.getTokenOffset(), scanner.getTokenLength());
    }
  }
  return out;
}
