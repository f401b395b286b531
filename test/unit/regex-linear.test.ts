/**
 * Every regular expression in server/src and client/src is checked for super-linear backtracking with
 * recheck (its automaton and fuzz checkers; status must be 'safe'). Literals are found by parsing the
 * sources with the TypeScript compiler; a regex built at run time (`new RegExp(...)`) must be listed in
 * DYNAMIC below with the instances it builds, so a new one cannot slip past unchecked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { check } from 'recheck';
import * as ts from 'typescript';
import { STRING_LIMITS } from '../../server/src/analysis/limits';
import { awsStsPartitionOfHost } from '../../client/src/consolePolicy';
import { recordReliability } from '../reliability/record';

const root = path.resolve(__dirname, '..', '..');

interface Found {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Regexes built at run time, by file and by the text of the constructor's first argument: the
 * instances they build (every one for a fixed set; representative hostile ones otherwise).
 */
const DYNAMIC: Record<string, Record<string, () => RegExp[]>> = {
  'server/src/analysis/limits.ts': {
    '*': () => Object.values(STRING_LIMITS).flatMap((l) => ('chars' in l && l.chars ? [l.chars] : [])),
  },
  // The heredoc terminator: an identifier (`\w+`) between optional blanks.
  'server/src/analysis/extract/dockerfile.ts': {
    '*': () => ['EOF', 'END_OF_SCRIPT', 'x'].map((id) => new RegExp(`^[ \\t]*${id}[ \\t]*$`, 'm')),
  },
  // Orphaned temp files of the credentials writer: `.<target name>.<pid>.<hex>.tmp`.
  'client/src/atomicFile.ts': {
    '*': () => [new RegExp(`^\\.(?:credentials|config|credentials\\.bak)\\.\\d+\\.[0-9a-f]{8}\\.tmp$`)],
  },
  // A `[services name]` section header of ~/.aws/config, for the name a profile's `services` names.
  'server/src/analysis/extract/ini.ts': {
    '*': () => ['my-services', 'a.b+c'].map((name) => new RegExp(`^\\[\\s*services\\s+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\]`, 'm')),
  },
  // Whether a literal array is changed in place later (`tags.push(`, `tags[0] =`, `Object.assign(tags`).
  'server/src/analysis/extract/jsValue.ts': {
    '*': () =>
      ['tags', 'policyArns', '$x'].map((name) => {
        const n = name.replace(/\$/g, '\\$');
        return new RegExp(`(?<![\\w$.])${n}\\s*(?:\\.\\s*(?:push|unshift|splice|fill|sort|reverse|copyWithin|pop|shift)\\s*\\(|\\[[^\\]\\n]*\\]\\s*=(?!=))|Object\\.assign\\(\\s*${n}\\b`);
      }),
  },
  'client/src/consolePolicy.ts': {
    '*': () => capture(() => void awsStsPartitionOfHost('sts.us-east-1.amazonaws.com')),
  },
  'client/src/logger.ts': {
    '*': () => capture(() => {
      const id = require.resolve('../../client/src/logger');
      delete require.cache[id];
      require(id);
    }),
  },
};

/** The regexes `run` builds with `new RegExp` / `RegExp()` (the global constructor is swapped for a spy meanwhile). */
function capture(run: () => void): RegExp[] {
  const seen: RegExp[] = [];
  const Original = globalThis.RegExp;
  const spy = function (pattern: string | RegExp, flags?: string): RegExp {
    const re = new Original(pattern, flags);
    seen.push(re);
    return re;
  } as unknown as RegExpConstructor;
  Object.defineProperty(spy, 'prototype', { value: Original.prototype });
  globalThis.RegExp = spy;
  try {
    run();
  } finally {
    globalThis.RegExp = Original;
  }
  assert.ok(seen.length > 0, 'the capture saw no RegExp built');
  return seen;
}

function collect(): { literals: Found[]; dynamic: { where: string; file: string; arg: string }[] } {
  const literals: Found[] = [];
  const dynamic: { where: string; file: string; arg: string }[] = [];
  for (const file of [...sourceFiles(path.join(root, 'server', 'src')), ...sourceFiles(path.join(root, 'client', 'src'))]) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const where = `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
      if (ts.isRegularExpressionLiteral(node)) {
        const text = node.text;
        const slash = text.lastIndexOf('/');
        literals.push({ where, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(sf) === 'RegExp') {
        dynamic.push({ where, file: rel, arg: node.arguments?.[0]?.getText(sf) ?? '' });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { literals, dynamic };
}

/**
 * recheck's fuzzer stops its search phases on wall-clock timeouts by default, so on a busy machine it
 * could find an attack in one run and not the next. Here the search is bounded by step counts only
 * (its default limits) with a fixed seed. The recall phase keeps its timeout: it confirms an attack by
 * running it, and a run that takes too long confirms it (without it, a real quadratic such as
 * `^[ \t]*\[[^\]\n]*\]` with `m` on `[\r[\r…` passed). The overall timeout only guards against a hang.
 */
const DETERMINISTIC = { timeout: 300_000, randomSeed: 20261129, attackTimeout: null, incubationTimeout: null, seedingTimeout: null } as const;

/** recheck on each, a few at a time (the native checker runs in its own process). */
async function unsafe(regexes: Found[]): Promise<string[]> {
  const bad: string[] = [];
  const queue = [...regexes];
  const worker = async (): Promise<void> => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      const result = await check(r.source, r.flags, DETERMINISTIC);
      if (result.status !== 'safe') {
        const detail = result.status === 'vulnerable' ? `${result.complexity.summary}, attack ${JSON.stringify(result.attack.pattern)}` : result.status === 'unknown' ? `unknown (${result.error.kind})` : '';
        bad.push(`${r.where} /${r.source}/${r.flags}: ${result.status} ${detail}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 3 }, worker));
  return bad;
}

describe('regular expressions are linear', () => {
  const { literals, dynamic } = collect();

  it('every run-time regex is registered with its instances', () => {
    const missing = dynamic.filter((d) => !DYNAMIC[d.file]?.['*'] && !DYNAMIC[d.file]?.[d.arg]);
    assert.deepEqual(missing.map((d) => `${d.where}: RegExp(${d.arg})`), [], 'list these in DYNAMIC with the regexes they build');
  });

  it('recheck finds no super-linear backtracking in any regex literal or registered instance', { timeout: 600_000 }, async () => {
    assert.ok(literals.length > 100, `found only ${literals.length} regex literals: is the scan broken?`);
    const instances: Found[] = [];
    for (const [file, byArg] of Object.entries(DYNAMIC)) {
      for (const [arg, build] of Object.entries(byArg)) for (const re of build()) instances.push({ where: `${file} (${arg})`, source: re.source, flags: re.flags });
    }
    const bad = await unsafe([...literals, ...instances]);
    assert.deepEqual(bad, [], 'rewrite these so no input makes them backtrack (anchor, make alternatives disjoint, or scan by hand)');
    recordReliability({
      area: 'hostile input',
      input: 'every regular expression in server/src and client/src checked by recheck',
      count: literals.length + instances.length,
      held: "status 'safe' (no exponential or polynomial backtracking)",
      test: __filename,
    });
  });
});
