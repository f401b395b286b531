/**
 * Where a session's credentials may be sent for a console sign-in. The federation endpoint receives the
 * secret key and the session token, so it must be the sign-in service of the partition that issued the
 * session, and the session must have been issued by AWS itself. A session from another STS server (Ceph
 * RGW, MinIO, a test double behind stsLens.stsEndpoint) is refused before any request: sending its
 * secret to AWS would hand it to a third party, and AWS could not sign it in anyway.
 */
import type { Session } from './session';

/** The partition whose STS a host belongs to, or undefined when the host is not an AWS STS endpoint. */
export function awsStsPartitionOfHost(host: string): 'aws' | 'aws-cn' | 'aws-us-gov' | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  const region = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d';
  // sts.amazonaws.com (global), sts[-fips].<region>.amazonaws.com, sts.<region>.api.aws (dual-stack),
  // and VPC interface endpoints vpce-<id>.sts.<region>.vpce.amazonaws.com
  const commercial = new RegExp(`^(?:sts\\.amazonaws\\.com|sts(?:-fips)?\\.(${region})\\.(?:amazonaws\\.com|api\\.aws)|vpce-[a-z0-9-]+\\.sts\\.(${region})\\.vpce\\.amazonaws\\.com)$`);
  const china = new RegExp(`^(?:sts\\.(cn-[a-z]+-\\d)\\.amazonaws\\.com\\.cn|vpce-[a-z0-9-]+\\.sts\\.(cn-[a-z]+-\\d)\\.vpce\\.amazonaws\\.com\\.cn)$`);
  if (china.test(h)) return 'aws-cn';
  const m = commercial.exec(h);
  if (!m) return undefined;
  const r = m[1] ?? m[2];
  if (r?.startsWith('us-gov-')) return 'aws-us-gov';
  if (r && /-iso[a-z]?-/.test(r)) return undefined; // isolated partitions have no public console sign-in
  return 'aws';
}

/**
 * Why the session may not be sent to the console federation endpoint of `partition`, or undefined when
 * it may. `endpoint` is the STS endpoint that issued the session (undefined: the SDK's default, AWS).
 */
export function federationRefusalForIssuer(session: Pick<Session, 'endpoint' | 'arn'>, partition: string): string | undefined {
  const endpoint = session.endpoint?.trim();
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
    } catch {
      url = undefined;
    }
    const issuer = url && url.protocol === 'https:' ? awsStsPartitionOfHost(url.hostname) : undefined;
    if (!issuer) {
      return `This session was issued by ${url ? url.host : 'a custom STS endpoint'} (stsLens.stsEndpoint), not by AWS: the AWS console cannot sign it in, and its credentials are not sent to AWS's sign-in service. Nothing was sent.`;
    }
    if (issuer !== partition) {
      return `This session was issued by the ${issuer} STS endpoint ${url!.host} but its ARN is in partition ${partition}: the console sign-in needs both to agree. Nothing was sent.`;
    }
  }
  // AWS puts the 12-digit account id in every assumed-role ARN; servers that imitate STS often leave it empty
  if (session.arn && !/^arn:[^:]+:(?:sts|iam)::\d{12}:/.test(session.arn)) {
    return `The session ARN ${session.arn} has no AWS account id, so it was not issued by AWS STS: the AWS console cannot sign it in and its credentials are not sent there. Nothing was sent.`;
  }
  return undefined;
}
