/**
 * Role facts across files: the MaxSessionDuration of roles defined in the workspace (CloudFormation /
 * SAM templates, Terraform `aws_iam_role`) and in the `stsLens.roleMaxDurations` setting. Pure: the
 * caller reads the files and hands in their text.
 */
import { extractSites, prepare, roleFactsOfSite, roleNameOfArn } from './analyze';
import type { RoleFact } from './types';

export interface RoleFactSource {
  uri: string;
  text: string;
  languageId: string;
}

/** Only documents that spell a role maximum can define one; the rest are skipped before parsing. */
const MENTIONS_ROLE_MAX = /MaxSessionDuration|max_session_duration/;

/** The role facts the given documents define (role definitions with a literal MaxSessionDuration). */
export async function collectRoleFacts(files: readonly RoleFactSource[], onError?: (where: string, error: unknown) => void): Promise<RoleFact[]> {
  const facts: RoleFact[] = [];
  for (const file of files) {
    if (!MENTIONS_ROLE_MAX.test(file.text)) continue;
    try {
      await prepare(file.languageId);
    } catch (e) {
      onError?.(`grammar for ${file.languageId}`, e);
      continue;
    }
    const sites = extractSites(file.text, file.languageId, file.uri, onError);
    for (const site of sites) facts.push(...roleFactsOfSite(site, file.uri));
  }
  return facts;
}

export const ROLE_MAX_DURATIONS_SETTING = 'stsLens.roleMaxDurations';

/**
 * Facts from the `stsLens.roleMaxDurations` setting: keys are role ARNs
 * (`arn:aws:iam::111122223333:role/deploy`) or bare role names, values are seconds. Entries that are
 * not a positive whole number of seconds are left out (the settings schema reports them).
 */
export function factsFromSettings(map: Readonly<Record<string, unknown>> | undefined, source = `setting ${ROLE_MAX_DURATIONS_SETTING}`): RoleFact[] {
  const facts: RoleFact[] = [];
  for (const [key, seconds] of Object.entries(map ?? {})) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) continue;
    const trimmed = key.trim();
    const fromArn = roleNameOfArn(trimmed);
    if (fromArn) facts.push({ roleName: fromArn, arn: trimmed, maxSessionDuration: seconds, source });
    else if (trimmed && !trimmed.startsWith('arn:')) facts.push({ roleName: trimmed, maxSessionDuration: seconds, source });
  }
  return facts;
}
