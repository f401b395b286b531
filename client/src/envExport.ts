/** Credentials as environment exports for a shell, every value quoted so no character is interpreted. */
import type { TemporaryCredentials } from './session';

export type Shell = 'bash' | 'fish' | 'powershell';

export const SHELLS: readonly { id: Shell; label: string }[] = [
  { id: 'bash', label: 'bash / zsh' },
  { id: 'fish', label: 'fish' },
  { id: 'powershell', label: 'PowerShell' },
];

/** The variables the AWS CLI and SDKs read. */
export function credentialVariables(creds: TemporaryCredentials, region?: string): [string, string][] {
  const vars: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_SESSION_TOKEN', creds.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', creds.expiration.toISOString()],
  ];
  if (region) vars.push(['AWS_REGION', region]);
  return vars;
}

/** POSIX single quotes: nothing inside is special; a quote is closed, escaped and reopened. */
export function quotePosix(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/** fish single quotes: only \\ and \' are special inside. */
export function quoteFish(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** PowerShell single quotes: a quote (including the typographic ones PowerShell accepts) is doubled. */
export function quotePowerShell(v: string): string {
  return `'${v.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

export function formatExports(creds: TemporaryCredentials, shell: Shell, region?: string): string {
  const vars = credentialVariables(creds, region);
  switch (shell) {
    case 'bash':
      return vars.map(([k, v]) => `export ${k}=${quotePosix(v)}`).join('\n') + '\n';
    case 'fish':
      return vars.map(([k, v]) => `set -gx ${k} ${quoteFish(v)}`).join('\n') + '\n';
    case 'powershell':
      return vars.map(([k, v]) => `$Env:${k} = ${quotePowerShell(v)}`).join('\n') + '\n';
  }
}
