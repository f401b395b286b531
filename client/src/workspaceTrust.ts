/**
 * Restricted Mode (an untrusted workspace): only the analysis runs. The credential commands read files
 * the user picks in the workspace (session policies), follow what the workspace configures and send
 * requests to STS, write ~/.aws/credentials and set terminal environments, so they are refused until the
 * workspace is trusted. Dropping a held session stays possible: it only removes a secret.
 *
 * The settings a hostile workspace could use against the analysis are listed in package.json
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` (VS Code then ignores the workspace's
 * value); credential settings are application-scoped and never come from a workspace at all.
 */
import { CREDENTIAL_COMMANDS } from './commandIds';

/** Commands that only show or drop what the user already holds: allowed in Restricted Mode. */
export const COMMANDS_ALLOWED_UNTRUSTED: ReadonlySet<string> = new Set([CREDENTIAL_COMMANDS.clearSession, CREDENTIAL_COMMANDS.switchSession, CREDENTIAL_COMMANDS.statusMenu]);

/** Why `commandId` may not run now, or undefined when it may. Unknown (newer) commands are refused too. */
export function untrustedRefusal(commandId: string, workspaceTrusted: boolean): string | undefined {
  if (workspaceTrusted || COMMANDS_ALLOWED_UNTRUSTED.has(commandId)) return undefined;
  return 'STS Lens: credential commands are off in Restricted Mode. This workspace is not trusted, so nothing from it is sent to STS, written or run; the checks in the editor keep working. Trust the workspace to use them.';
}

/** The VS Code command that opens the trust editor. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';
