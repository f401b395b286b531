/**
 * `~/.aws/config` and `~/.aws/credentials`: each profile that assumes a role becomes a call site
 * (AssumeRole, or AssumeRoleWithWebIdentity with `web_identity_token_file`). Role chaining follows
 * `source_profile` (a source profile that itself assumes a role) and `credential_source` values that
 * are role sessions (EC2 instance profile, ECS task role).
 */
import type { Argument, CallSite, Extractor, Span, StringValue } from '../types';
import { parse } from '../treesitter';
import type { Language, TreeCursor } from 'web-tree-sitter';

const GRAMMAR = 'tree-sitter-ini.wasm';

/** INI setting -> canonical STS parameter. */
const SETTING_PARAMS: Record<string, string> = {
  role_arn: 'RoleArn',
  role_session_name: 'RoleSessionName',
  duration_seconds: 'DurationSeconds',
  external_id: 'ExternalId',
  mfa_serial: 'SerialNumber',
  source_identity: 'SourceIdentity',
};

/** credential_source values whose credentials are themselves role sessions. */
const ROLE_SESSION_SOURCES: Record<string, string> = {
  Ec2InstanceMetadata: 'the EC2 instance profile role',
  EcsContainer: 'the ECS task role',
};

interface Setting {
  name: string;
  nameSpan: Span;
  value: StringValue;
  span: Span;
}

interface Profile {
  name: string;
  headerSpan: Span;
  settings: Map<string, Setting>;
  end: number;
}

export function iniExtractor(flavor: 'config' | 'credentials'): Extractor {
  return {
    grammars: [GRAMMAR],
    extract: (text) => extractProfiles(text, flavor),
  };
}

/**
 * Sections come from the tree (its top level only: one cursor step per section); the settings of a
 * section are read from its lines, the way botocore's config parser reads them: `name = value` on a
 * line of its own, `#`/`;` comment lines skipped, and indented lines belonging to the setting above
 * (`s3 =` followed by `  max_concurrent_requests = 20` is one nested value, not a profile setting).
 * Walking every setting node of the tree cost more than parsing the file.
 */
function readProfiles(text: string, flavor: 'config' | 'credentials'): Profile[] {
  const tree = parse(GRAMMAR, text);
  if (!tree) return [];
  const profiles: Profile[] = [];
  const ids = typeIds(tree.language);
  const cursor = tree.rootNode.walk();
  if (cursor.gotoFirstChild()) {
    do {
      if (!ids.section.has(cursor.nodeTypeId)) continue;
      const sectionEnd = cursor.endIndex;
      let nameSpan: Span | undefined;
      let bodyStart = sectionEnd;
      if (cursor.gotoFirstChild()) {
        if (ids.section_name.has(cursor.nodeTypeId)) {
          nameSpan = firstChildSpan(cursor, ids.text);
          bodyStart = cursor.endIndex;
        }
        cursor.gotoParent();
      }
      if (!nameSpan) continue;
      const raw = text.slice(nameSpan.offset, nameSpan.offset + nameSpan.length).trim();
      let name: string | undefined;
      if (flavor === 'credentials') name = raw;
      else if (raw === 'default') name = 'default';
      else if (raw.startsWith('profile ')) name = raw.slice('profile '.length).trim();
      if (!name) continue; // [sso-session x], [services x], ...
      profiles.push({ name, headerSpan: nameSpan, settings: readSettings(text, bodyStart, sectionEnd), end: sectionEnd });
    } while (cursor.gotoNextSibling());
  }
  cursor.delete();
  return profiles;
}

/** The `name = value` lines in [from, to); the first occurrence of a name wins, as in botocore. */
function readSettings(text: string, from: number, to: number): Map<string, Setting> {
  const settings = new Map<string, Setting>();
  for (let lineStart = from; lineStart < to; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    const next = lineEnd + 1;
    if (text.charCodeAt(lineEnd - 1) === 13) lineEnd--; // CRLF
    const first = text.charCodeAt(lineStart);
    // Indented (continuation / nested value), comment or blank lines hold no setting of their own.
    if (first !== 32 && first !== 9 && first !== 35 /* # */ && first !== 59 /* ; */ && lineEnd > lineStart) {
      const eq = text.indexOf('=', lineStart);
      if (eq >= 0 && eq < lineEnd) {
        const name = text.slice(lineStart, eq).trim();
        const rawValue = text.slice(eq + 1, lineEnd);
        const value = rawValue.trim();
        if (name && value && !settings.has(name)) {
          const start = eq + 1 + (rawValue.length - rawValue.trimStart().length);
          settings.set(name, {
            name,
            nameSpan: { offset: lineStart, length: name.length },
            value: { kind: 'string', value, offset: start, length: value.length, map: (i) => start + i },
            span: { offset: lineStart, length: start + value.length - lineStart },
          });
        }
      }
    }
    lineStart = next;
  }
  return settings;
}

type TypeIds = Record<'section' | 'section_name' | 'text', ReadonlySet<number>>;

const typeIdCache = new WeakMap<Language, TypeIds>();

/**
 * The symbol ids of the named node types read here: comparing the cursor's type id costs one call
 * into the parser, where `nodeIsNamed` + `nodeType` cost two.
 */
function typeIds(language: Language): TypeIds {
  let ids = typeIdCache.get(language);
  if (ids) return ids;
  const named = (type: string): Set<number> => {
    const out = new Set<number>();
    language.types.forEach((t, id) => {
      if (t === type && language.nodeTypeIsNamed(id)) out.add(id);
    });
    return out;
  };
  ids = { section: named('section'), section_name: named('section_name'), text: named('text') };
  typeIdCache.set(language, ids);
  return ids;
}

/** The span of the cursor node's first child of one of `types`; the cursor is left where it was. */
function firstChildSpan(cursor: TreeCursor, types: ReadonlySet<number>): Span | undefined {
  let span: Span | undefined;
  if (!cursor.gotoFirstChild()) return undefined;
  do {
    if (types.has(cursor.nodeTypeId)) {
      span = { offset: cursor.startIndex, length: cursor.endIndex - cursor.startIndex };
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return span;
}

function extractProfiles(text: string, flavor: 'config' | 'credentials'): CallSite[] {
  const profiles = readProfiles(text, flavor);
  const byName = new Map(profiles.map((p) => [p.name, p]));
  const sites: CallSite[] = [];
  for (const profile of profiles) {
    const roleArn = profile.settings.get('role_arn');
    if (!roleArn) continue;
    const args: Argument[] = [];
    for (const [setting, param] of Object.entries(SETTING_PARAMS)) {
      const s = profile.settings.get(setting);
      if (s) args.push({ name: param, sourceName: setting, span: s.span, keySpan: s.nameSpan, value: s.value });
    }
    const webIdentity = profile.settings.get('web_identity_token_file');
    sites.push({
      kind: webIdentity ? 'AssumeRoleWithWebIdentity' : 'AssumeRole',
      span: profile.headerSpan,
      args,
      // The CLI fills in the session name and the rest itself: a profile is never "missing" a parameter.
      argsComplete: false,
      nameStyle: 'snake',
      chainedVia: chainOf(profile, byName),
      insertAt: { offset: lineEndBefore(text, profile.end), prefix: '\n', suffix: '', assign: ' = ', quote: '' },
      label: `profile ${profile.name}`,
      ...endpointOf(profile, text),
    });
  }
  return sites;
}

/**
 * The STS endpoint a profile sends to: its own `endpoint_url`, or the `sts` entry of the `[services x]`
 * section its `services = x` names (AWS CLI service-specific endpoints).
 */
function endpointOf(profile: Profile, text: string): { endpoint?: string } {
  const services = profile.settings.get('services')?.value.value;
  if (services) {
    const section = new RegExp(`^\\[\\s*services\\s+${services.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\]`, 'm').exec(text);
    if (section) {
      const bodyStart = section.index + section[0].length;
      const next = text.slice(bodyStart).search(/^\[/m);
      const body = text.slice(bodyStart, next < 0 ? text.length : bodyStart + next);
      const sts = /^sts[ \t]*=[ \t]*\r?\n((?:[ \t][^\n]*\n)*)/m.exec(body + '\n');
      const url = sts ? /^[ \t]+endpoint_url[ \t]*=[ \t]*(\S+)/m.exec(sts[1] ?? '') : null;
      if (url?.[1]) return { endpoint: url[1] };
    }
  }
  const own = profile.settings.get('endpoint_url')?.value.value;
  return own ? { endpoint: own } : {};
}

function chainOf(profile: Profile, byName: Map<string, Profile>): string | undefined {
  const source = profile.settings.get('source_profile')?.value.value;
  if (source && source !== profile.name) {
    const src = byName.get(source);
    const srcRole = src?.settings.get('role_arn')?.value.value;
    if (srcRole) return `source_profile "${source}" itself assumes ${srcRole}`;
    return undefined;
  }
  const credentialSource = profile.settings.get('credential_source')?.value.value;
  if (credentialSource && ROLE_SESSION_SOURCES[credentialSource]) {
    return `credential_source ${credentialSource} gives credentials of ${ROLE_SESSION_SOURCES[credentialSource]}`;
  }
  return undefined;
}

/** The end of the last non-empty line before `end` (where a new setting line can go). */
function lineEndBefore(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text.charAt(i - 1))) i--;
  return i;
}
