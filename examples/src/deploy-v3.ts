#!/usr/bin/env -S npx tsx
/**
 * Deploys the web stack into each workload account: assumes the deploy role there, then runs the
 * CloudFormation update with those credentials.
 */
import { STSClient, AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { CloudFormationClient, UpdateStackCommand } from '@aws-sdk/client-cloudformation';

const HOUR = 3600;
const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/ci/deploy';
const AUDIT_ROLE = 'arn:aws:iam::12345678901:role/audit';

const sts = new STSClient({ region: process.env.AWS_REGION ?? 'eu-west-1' });

async function deployTo(account: string, stackName: string): Promise<void> {
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/ci/deploy`,
      RoleSessionName: `deploy-${stackName}`,
      DurationSeconds: 36 * HOUR,
      Tags: [
        { Key: 'pipeline', Value: 'web' },
        { Key: 'stack', Value: stackName },
      ],
      TransitiveTagKeys: ['pipeline', 'owner'],
    }),
  );
  const cfn = new CloudFormationClient({
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken,
    },
  });
  await cfn.send(new UpdateStackCommand({ StackName: stackName, UsePreviousTemplate: true }));
}

async function audit(): Promise<void> {
  // The audit session name must be unique per run but stay readable in CloudTrail.
  await sts.send(new AssumeRoleCommand({ RoleArn: AUDIT_ROLE, RoleSessionName: 'nightly audit' }));
}

async function mfaSession(code: string) {
  return sts.send(
    new GetSessionTokenCommand({
      SerialNumber: 'arn:aws:iam::123456789012:mfa/release-manager',
      TokenCode: code,
      DurationSeconds: 60 * 60 * 40,
    }),
  );
}

export const releaseCredentials = fromTemporaryCredentials({
  params: { RoleArn: DEPLOY_ROLE, RoleSessionName: 'release', DurationSeconds: 2 * HOUR },
  masterCredentials: fromTemporaryCredentials({
    params: { RoleArn: 'arn:aws:iam::123456789012:role/ci/entry', RoleSessionName: 'entry' },
  }),
});

async function missingSessionName(): Promise<void> {
  await sts.send(new AssumeRoleCommand({
    RoleArn: DEPLOY_ROLE,
    DurationSeconds: 900,
  }));
}

void deployTo('210987654321', 'web');
void audit();
void mfaSession(process.argv[2] ?? '');
void missingSessionName();
