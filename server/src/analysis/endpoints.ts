/**
 * Which STS server a call goes to. AWS's limits are AWS's: a call aimed at another STS (MinIO, Ceph
 * RGW, LocalStack, Alibaba Cloud's `sts.aliyuncs.com` with its `acs:ram::` ARNs) follows that server's
 * own rules, so the checks stay silent on it rather than report AWS limits it does not have.
 */
import type { CallSite } from './types';
import { getArg, literalString } from './values';

/** Host names of AWS STS and sign-in endpoints in every partition (commercial, China, GovCloud, ISO, EU). */
const AWS_HOST = /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|amazonaws\.cn|amazonaws-us-gov\.com|api\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|amazonaws\.eu|aws\.amazon\.com)$/i;

/** Whether a URL (or a bare host) is an AWS endpoint; false for anything else, including text that is not a URL. */
export function isAwsEndpoint(url: string): boolean {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url.trim());
  const host = m?.[1] ?? '';
  return host !== '' && AWS_HOST.test(host.replace(/\.$/, ''));
}

/**
 * Why a site is not judged by AWS's limits, or undefined when it is an AWS call (or nothing says
 * otherwise). `site.endpoint` is set by extractors that see where the call goes: a URL's host, the
 * CLI's `--endpoint-url`, an SDK client's endpoint option, a profile's `endpoint_url`; an empty string
 * means an endpoint is set but is not a literal.
 */
export function notAwsReason(site: CallSite): string | undefined {
  if (site.endpoint !== undefined) {
    if (site.endpoint === '') return 'its endpoint is set at run time';
    if (!isAwsEndpoint(site.endpoint)) return `it goes to ${site.endpoint}, not AWS`;
  }
  const role = literalString(getArg(site, 'RoleArn')?.value);
  if (role?.startsWith('acs:')) return 'its role is an Alibaba Cloud (acs:ram) role';
  const version = literalString(getArg(site, 'Version')?.value);
  if (version !== undefined && version !== '2011-06-15') return `it uses API version ${version}, not AWS STS's 2011-06-15`;
  return undefined;
}
