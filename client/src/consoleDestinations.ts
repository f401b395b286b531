/**
 * Where the console opens after sign-in: a service from a list (its console page in the session's
 * region and partition) or any console URL the user gives, checked to be a console page of the
 * session's partition (the sign-in service redirects only there).
 */
import type { Partition } from './regions';

const CONSOLE_HOST: Record<Partition, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/** Console paths of the services people open most; `{region}` is filled in. */
export const CONSOLE_SERVICES: readonly { id: string; label: string; path: string }[] = [
  { id: 'home', label: 'Console home', path: '/console/home?region={region}' },
  { id: 'iam', label: 'IAM', path: '/iam/home' },
  { id: 's3', label: 'S3', path: '/s3/home?region={region}' },
  { id: 'ec2', label: 'EC2', path: '/ec2/home?region={region}' },
  { id: 'lambda', label: 'Lambda', path: '/lambda/home?region={region}' },
  { id: 'cloudformation', label: 'CloudFormation', path: '/cloudformation/home?region={region}' },
  { id: 'cloudwatch', label: 'CloudWatch', path: '/cloudwatch/home?region={region}' },
  { id: 'cloudtrail', label: 'CloudTrail', path: '/cloudtrail/home?region={region}' },
  { id: 'dynamodb', label: 'DynamoDB', path: '/dynamodbv2/home?region={region}' },
  { id: 'rds', label: 'RDS', path: '/rds/home?region={region}' },
  { id: 'ecs', label: 'ECS', path: '/ecs/v2/home?region={region}' },
  { id: 'eks', label: 'EKS', path: '/eks/home?region={region}' },
  { id: 'sqs', label: 'SQS', path: '/sqs/v3/home?region={region}' },
  { id: 'sns', label: 'SNS', path: '/sns/v3/home?region={region}' },
  { id: 'secretsmanager', label: 'Secrets Manager', path: '/secretsmanager/home?region={region}' },
  { id: 'kms', label: 'KMS', path: '/kms/home?region={region}' },
  { id: 'billing', label: 'Billing', path: '/billing/home' },
];

export function serviceDestination(serviceId: string, partition: Partition, region: string): string | undefined {
  const s = CONSOLE_SERVICES.find((x) => x.id === serviceId);
  if (!s) return undefined;
  return `https://${CONSOLE_HOST[partition]}${s.path.replace('{region}', encodeURIComponent(region))}`;
}

/**
 * Why `url` cannot be the destination of a console sign-in in `partition`, or undefined when it can:
 * https, and the partition's console host or one of its subdomains (`eu-west-1.console.aws.amazon.com`).
 */
export function destinationRefusal(url: string, partition: Partition): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return 'Enter a full URL, like https://console.aws.amazon.com/s3/home.';
  }
  const host = CONSOLE_HOST[partition];
  if (u.protocol !== 'https:') return 'The console URL must start with https://.';
  if (u.username || u.password) return 'The console URL must not contain a user name or password.';
  if (u.hostname !== host && !u.hostname.endsWith(`.${host}`)) return `The destination must be a console page of the ${partition} partition (https://${host}/… or a subdomain of it).`;
  return undefined;
}
