/**
 * The workspace scan for role facts at start: walks the workspace folders for files that can define
 * an IAM role (CloudFormation / SAM templates, Terraform), reads them in parallel, keeps only those
 * that mention a role maximum (one RegExp before any parsing), and hands their text to
 * `collectRoleFacts`. Skips dependency and build folders and the `stsLens.exclude` globs.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { languageIdForPath } from '../analysis/languages';
import type { RoleFactSource } from '../analysis/roleFacts';
import { isExcluded } from './settings';

const CANDIDATE = /\.(ya?ml|json|template|tf)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'build', '.terraform', '.venv', 'venv', '__pycache__', 'target', 'vendor', 'cdk.out', '.aws-sam']);
const MENTIONS_ROLE_MAX = /MaxSessionDuration|max_session_duration/;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ScanOptions {
  exclude?: readonly string[];
  /** Stop after this many candidate files (a huge monorepo should not stall the server start). */
  maxFiles?: number;
}

export async function findRoleFactSources(folders: readonly string[], options: ScanOptions = {}): Promise<RoleFactSource[]> {
  const maxFiles = options.maxFiles ?? 20000;
  const candidates: string[] = [];
  const queue = [...folders];
  while (queue.length > 0 && candidates.length < maxFiles) {
    const dir = queue.shift() as string;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !isExcluded(full, options.exclude ?? [], folders)) queue.push(full);
      } else if (e.isFile() && CANDIDATE.test(e.name) && !isExcluded(full, options.exclude ?? [], folders)) {
        candidates.push(full);
      }
    }
  }
  const out: RoleFactSource[] = [];
  const BATCH = 64;
  for (let i = 0; i < candidates.length; i += BATCH) {
    const texts = await Promise.all(
      candidates.slice(i, i + BATCH).map(async (file) => {
        try {
          const stat = await fs.stat(file);
          if (stat.size > MAX_FILE_BYTES) return undefined;
          const text = await fs.readFile(file, 'utf8');
          return MENTIONS_ROLE_MAX.test(text) ? { file, text } : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    for (const t of texts) if (t) out.push({ uri: pathToFileURL(t.file).toString(), text: t.text, languageId: languageIdForPath(t.file) });
  }
  return out;
}
