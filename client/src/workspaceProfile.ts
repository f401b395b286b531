/**
 * The AWS profile the workspace really uses, from where programs get it: the integrated terminal's
 * environment setting, a `.env` file, or a launch configuration. Pure parsers; the vscode side reads
 * the files and settings and hands their text here.
 */
import { parse as parseJsonc } from 'jsonc-parser';

export interface WorkspaceProfile {
  profile: string;
  /** Where it was found, for the tooltip: "terminal.integrated.env.linux", ".env", "launch.json (Debug app)". */
  from: string;
}

/** AWS_PROFILE (or AWS_DEFAULT_PROFILE) of a dotenv file: `KEY=value`, `export KEY="value"`, comments. */
export function profileOfDotEnv(text: string): string | undefined {
  let found: { key: string; value: string } | undefined;
  for (const line of text.split(/\r?\n/)) {
    // The line trimmed first and the value read after the match: one regex with `\s*(.*?)\s*$`
    // split a run of blanks every possible way.
    const trimmed = line.trim();
    const m = /^(?:export\s+)?(AWS_PROFILE|AWS_DEFAULT_PROFILE)\s*=/.exec(trimmed);
    if (!m) continue;
    let value = trimmed.slice(m[0].length).trim();
    const q = /^(['"])(.*?)(?:\1|$)/.exec(value);
    // a quoted value ends at its closing quote (or, unterminated, at the line end); a bare one at a comment
    if (q) value = q[2] ?? '';
    else {
      const comment = value.search(/\s#/);
      if (comment >= 0) value = value.slice(0, comment).trimEnd();
    }
    // AWS_PROFILE wins over AWS_DEFAULT_PROFILE, as in the AWS CLI
    if (value && (!found || m[1] === 'AWS_PROFILE')) found = { key: m[1]!, value };
  }
  return found?.value;
}

/** AWS_PROFILE of an environment object (the terminal env setting, a launch configuration's env). */
export function profileOfEnv(env: unknown): string | undefined {
  if (typeof env !== 'object' || env === null) return undefined;
  const e = env as Record<string, unknown>;
  const v = e.AWS_PROFILE ?? e.AWS_DEFAULT_PROFILE;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** The first launch configuration that sets AWS_PROFILE in `env`, with its name. */
export function profileOfLaunchJson(text: string): { profile: string; configuration: string } | undefined {
  const doc = parseJsonc(text, [], { allowTrailingComma: true }) as { configurations?: unknown } | undefined;
  const list = Array.isArray(doc?.configurations) ? doc.configurations : [];
  for (const c of list) {
    if (typeof c !== 'object' || c === null) continue;
    const profile = profileOfEnv((c as { env?: unknown }).env);
    if (profile) return { profile, configuration: String((c as { name?: unknown }).name ?? 'unnamed') };
  }
  return undefined;
}

/** The first source that names a profile, in the order a developer's programs meet them. */
export function workspaceProfile(sources: { terminalEnv?: { setting: string; env: unknown }; dotEnv?: string; launchJson?: string }): WorkspaceProfile | undefined {
  const t = sources.terminalEnv ? profileOfEnv(sources.terminalEnv.env) : undefined;
  if (t) return { profile: t, from: sources.terminalEnv!.setting };
  const d = sources.dotEnv !== undefined ? profileOfDotEnv(sources.dotEnv) : undefined;
  if (d) return { profile: d, from: '.env' };
  const l = sources.launchJson !== undefined ? profileOfLaunchJson(sources.launchJson) : undefined;
  if (l) return { profile: l.profile, from: `launch.json (${l.configuration})` };
  return undefined;
}

/** Which held session the status bar names: the active terminal's, else the workspace profile's, else the active one. */
export function statusFocus<S extends { id: string; label: string; request: object }>(o: {
  sessions: readonly S[];
  active: S | undefined;
  terminalSessionId?: string;
  terminalName?: string;
  workspace?: WorkspaceProfile;
}): { session: S | undefined; why?: string } {
  if (o.terminalSessionId) {
    const s = o.sessions.find((x) => x.id === o.terminalSessionId);
    if (s) return { session: s, why: `The active terminal "${o.terminalName ?? s.label}" uses this session.` };
  }
  if (o.workspace) {
    const s = o.sessions.find((x) => (x.request as { profile?: string }).profile === o.workspace!.profile) ?? o.sessions.find((x) => x.label === o.workspace!.profile);
    if (s) return { session: s, why: `The workspace uses AWS_PROFILE=${o.workspace.profile} (${o.workspace.from}).` };
    return { session: o.active, why: `The workspace uses AWS_PROFILE=${o.workspace.profile} (${o.workspace.from}), which has no session here: Assume Role → ${o.workspace.profile}.` };
  }
  return { session: o.active };
}
