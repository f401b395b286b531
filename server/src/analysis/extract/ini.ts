/**
 * `~/.aws/config` and `~/.aws/credentials`: each profile that assumes a role becomes a call site
 * (AssumeRole, or AssumeRoleWithWebIdentity with `web_identity_token_file`). Role chaining follows
 * `source_profile` (a source profile that itself assumes a role) and `credential_source` values that
 * are role sessions (EC2 instance profile, ECS task role).
 */
import type { Argument, CallSite, Extractor, Span, StringValue } from '../types';
import { namedChildren, parse, type Node } from '../treesitter';

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

function readProfiles(text: string, flavor: 'config' | 'credentials'): Profile[] {
  const tree = parse(GRAMMAR, text);
  if (!tree) return [];
  const profiles: Profile[] = [];
  for (const section of namedChildren(tree.rootNode)) {
    if (section.type !== 'section') continue;
    const header = namedChildren(section).find((c) => c.type === 'section_name');
    const nameNode = header && namedChildren(header).find((c) => c.type === 'text');
    if (!nameNode) continue;
    const raw = nameNode.text.trim();
    let name: string | undefined;
    if (flavor === 'credentials') name = raw;
    else if (raw === 'default') name = 'default';
    else if (raw.startsWith('profile ')) name = raw.slice('profile '.length).trim();
    if (!name) continue; // [sso-session x], [services x], ...
    const settings = new Map<string, Setting>();
    for (const s of namedChildren(section)) {
      if (s.type !== 'setting') continue;
      const setting = readSetting(s);
      if (setting && !settings.has(setting.name)) settings.set(setting.name, setting);
    }
    profiles.push({ name, headerSpan: { offset: nameNode.startIndex, length: nameNode.endIndex - nameNode.startIndex }, settings, end: section.endIndex });
  }
  return profiles;
}

function readSetting(node: Node): Setting | undefined {
  const nameNode = namedChildren(node).find((c) => c.type === 'setting_name');
  const valueNode = namedChildren(node).find((c) => c.type === 'setting_value');
  if (!nameNode || !valueNode) return undefined;
  const rawValue = valueNode.text;
  const lead = rawValue.length - rawValue.trimStart().length;
  const value = rawValue.trim();
  const start = valueNode.startIndex + lead;
  const name = nameNode.text.trim();
  return {
    name,
    nameSpan: { offset: nameNode.startIndex, length: name.length },
    value: { kind: 'string', value, offset: start, length: value.length, map: (i) => start + i },
    span: { offset: node.startIndex, length: valueNode.endIndex - node.startIndex },
  };
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
    });
  }
  return sites;
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
