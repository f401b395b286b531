/**
 * A role's maximum session duration set in code: AWS CDK in every CDK language
 * (`maxSessionDuration: Duration.hours(16)`, `max_session_duration=Duration.hours(13)`,
 * `.maxSessionDuration(Duration.hours(n))`, `MaxSessionDuration = Duration.Hours(n)`,
 * `MaxSessionDuration: awscdk.Duration_Hours(jsii.Number(n))`), Pulumi (`maxSessionDuration: 86400`,
 * `pulumi.Int(86400)`) and IAM CreateRole/UpdateRole calls (`MaxSessionDuration=7200`). Each becomes a
 * RoleDefinition site checked against IAM's 3600..43200. The setting's name is found in the text and
 * confirmed in the tree (an identifier, not a comment or a string; the file is parsed again only when it
 * spells the setting); its value is a literal number or a
 * CDK Duration of literal numbers, anything else is not a literal and says nothing.
 */
import { parse } from '../treesitter';
import type { CallSite, Extractor, NumberValue } from '../types';

const GRAMMARS: Record<string, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  typescriptreact: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  javascriptreact: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  java: 'tree-sitter-java.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
  go: 'tree-sitter-go.wasm',
};

const KEY = /\b(maxSessionDuration|MaxSessionDuration|max_session_duration)\b/g;
/** After the key: `:`, `=`, `(` (Java builders) and the value up to its end. */
const ASSIGN = /^\s*(?::|=|\()\s*/;
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
/** `[cdk.]Duration.hours(16)`, `Duration.Hours(16)`, `awscdk.Duration_Hours(jsii.Number(16))`. */
const DURATION = /^(?:[A-Za-z_]\w*\.)*Duration(?:\.|_)(seconds|minutes|hours|days)\(\s*(?:jsii\.Number\(\s*(\d+(?:\.\d+)?)\s*\)|(\d+(?:\.\d+)?))\s*\)/i;
/** `86400`, `pulumi.Int(86400)`, `aws.Int(86400)`, `jsii.Number(86400)`, followed by the end of the value. */
const NUMBER = /^(?:(?:pulumi|aws|jsii)\.(?:Int|Float64|Number)\(\s*(\d+)\s*\)|(\d+))(?=\s*[,;)}\]\n]|\s*$)/;
const NOT_CODE = /comment|string|template/;

export function roleMaxInCodeExtractor(languageId: string): Extractor | undefined {
  const grammar = GRAMMARS[languageId];
  if (!grammar) return undefined;
  return {
    grammars: [grammar],
    extract(text) {
      if (!/max_?session_?duration/i.test(text)) return [];
      const tree = parse(grammar, text);
      if (!tree) return [];
      const sites: CallSite[] = [];
      for (const m of text.matchAll(KEY)) {
        const key = m[1] ?? '';
        const node = tree.rootNode.descendantForIndex(m.index, m.index + key.length);
        if (!node || NOT_CODE.test(node.type) || (node.parent && NOT_CODE.test(node.parent.type))) continue;
        const after = m.index + key.length;
        const assign = ASSIGN.exec(text.slice(after, after + 40));
        if (!assign) continue;
        const valueStart = after + assign[0].length;
        const rest = text.slice(valueStart, valueStart + 120);
        let value: NumberValue | undefined;
        const d = DURATION.exec(rest);
        if (d) {
          const seconds = Number(d[2] ?? d[3]) * (UNIT_SECONDS[(d[1] ?? '').toLowerCase()] ?? 1);
          value = { kind: 'number', value: seconds, raw: d[0], offset: valueStart, length: d[0].length };
        } else {
          const n = NUMBER.exec(rest);
          if (n) {
            const digits = n[1] ?? n[2] ?? '';
            const at = valueStart + n[0].indexOf(digits);
            value = { kind: 'number', value: Number(digits), offset: at, length: digits.length };
          }
        }
        if (!value) continue;
        const keySpan = { offset: m.index, length: key.length };
        sites.push({
          kind: 'RoleDefinition',
          span: keySpan,
          args: [{ name: 'MaxSessionDuration', sourceName: key, span: { offset: m.index, length: value.offset + value.length - m.index }, keySpan, value }],
          argsComplete: false,
          nameStyle: key.includes('_') ? 'snake' : key.charAt(0) === 'm' ? 'camel' : 'pascal',
          label: key,
        });
      }
      return sites;
    },
  };
}
