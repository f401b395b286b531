/** What a Sessions view row shows of a session. Pure, so tests read it without VS Code. */
import { roleNameFromArn, type Session } from './session';
import { timeLeftText } from './statusModel';

/** What a row shows: "123456789012 · deploy · eu-west-1 · 42m". Pure, for tests. */
export function sessionRow(s: Session, now: Date): { description: string; tooltip: string } {
  const role = s.kind === 'GetSessionToken' ? 'session token' : s.request.kind === 'AssumeRole' ? roleNameFromArn(s.request.roleArn) : roleOfSessionArn(s.arn) ?? s.kind;
  const left = timeLeftText(s.credentials.expiration.getTime() - now.getTime());
  const description = [s.account ?? 'no account id', role, s.region, left].join(' · ');
  const tooltip = [
    `${s.kind === 'GetSessionToken' ? 'Session token' : s.kind === 'AssumeRole' ? 'Role session' : `${s.kind} session`} ${s.label}`,
    s.arn ? `ARN: ${s.arn}` : undefined,
    `Account: ${s.account ?? '-'}`,
    `Region: ${s.region}`,
    `Source: ${s.sourceText}${s.chained ? ' (role chaining)' : ''}`,
    `${left === 'expired' ? 'Expired' : 'Expires'}: ${s.credentials.expiration.toLocaleString()}`,
  ].filter(Boolean);
  return { description, tooltip: tooltip.join('\n') };
}

/** `arn:aws:sts::123456789012:assumed-role/deploy/me` -> `deploy` (sessions from SSO, web identity, SAML). */
function roleOfSessionArn(arn: string | undefined): string | undefined {
  return /:assumed-role\/([^/]+)\//.exec(arn ?? '')?.[1];
}
