/**
 * The cheap test run before any parsing: a document that mentions none of these words cannot hold an
 * STS call, a role setting, a policy or an access key, and costs one RegExp scan.
 */
const TRIGGERS =
  /STS|[Ss]ts[A-Z.:(]|\bsts\b|[Aa]ssume[_-]?[Rr]ole|AssumeRoot|assume_root|[Ss]ession[_-]?[Tt]oken|[Ff]ederation|[Dd]uration|role_arn|[Rr]oleArn|MaxSessionDuration|max_session_duration|getSigninToken|"Statement"|Statement|AKIA|Use-STSRole|Get-STS|configure-aws-credentials/;

export function mightMentionSts(text: string): boolean {
  return TRIGGERS.test(text);
}
