/**
 * The regions of each partition an STS Lens user can pick (aws, aws-cn, aws-us-gov), and the partition
 * of a region. The picked region drives the STS endpoint the SDK uses, the console link and the
 * AWS_REGION / AWS_DEFAULT_REGION of exports and terminals.
 */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export const PARTITION_NAMES: Record<Partition, string> = {
  aws: 'AWS (commercial)',
  'aws-cn': 'AWS China',
  'aws-us-gov': 'AWS GovCloud (US)',
};

export const REGIONS: Record<Partition, readonly { id: string; name: string }[]> = {
  aws: [
    { id: 'us-east-1', name: 'US East (N. Virginia)' },
    { id: 'us-east-2', name: 'US East (Ohio)' },
    { id: 'us-west-1', name: 'US West (N. California)' },
    { id: 'us-west-2', name: 'US West (Oregon)' },
    { id: 'af-south-1', name: 'Africa (Cape Town)' },
    { id: 'ap-east-1', name: 'Asia Pacific (Hong Kong)' },
    { id: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
    { id: 'ap-south-2', name: 'Asia Pacific (Hyderabad)' },
    { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
    { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
    { id: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)' },
    { id: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)' },
    { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
    { id: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
    { id: 'ap-northeast-3', name: 'Asia Pacific (Osaka)' },
    { id: 'ca-central-1', name: 'Canada (Central)' },
    { id: 'ca-west-1', name: 'Canada West (Calgary)' },
    { id: 'eu-central-1', name: 'Europe (Frankfurt)' },
    { id: 'eu-central-2', name: 'Europe (Zurich)' },
    { id: 'eu-west-1', name: 'Europe (Ireland)' },
    { id: 'eu-west-2', name: 'Europe (London)' },
    { id: 'eu-west-3', name: 'Europe (Paris)' },
    { id: 'eu-south-1', name: 'Europe (Milan)' },
    { id: 'eu-south-2', name: 'Europe (Spain)' },
    { id: 'eu-north-1', name: 'Europe (Stockholm)' },
    { id: 'il-central-1', name: 'Israel (Tel Aviv)' },
    { id: 'me-south-1', name: 'Middle East (Bahrain)' },
    { id: 'me-central-1', name: 'Middle East (UAE)' },
    { id: 'sa-east-1', name: 'South America (São Paulo)' },
  ],
  'aws-cn': [
    { id: 'cn-north-1', name: 'China (Beijing)' },
    { id: 'cn-northwest-1', name: 'China (Ningxia)' },
  ],
  'aws-us-gov': [
    { id: 'us-gov-west-1', name: 'AWS GovCloud (US-West)' },
    { id: 'us-gov-east-1', name: 'AWS GovCloud (US-East)' },
  ],
};

/** The partition of a region id by its prefix (a region we do not list still gets one). */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** A region id as AWS writes them: `eu-west-1`, `us-gov-east-1`, `cn-north-1`. */
export function isRegionId(text: string): boolean {
  return /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(text);
}

/**
 * Why `region` cannot be used with a session from `sessionPartition`, or undefined. Credentials are
 * valid only in the partition that issued them.
 */
export function regionRefusal(region: string, sessionPartition: string | undefined): string | undefined {
  if (!isRegionId(region)) return `"${region}" is not a region id (like eu-west-1).`;
  const p = partitionOfRegion(region);
  if (sessionPartition && sessionPartition !== p) {
    return `${region} is in partition ${p}, but the session was issued in ${sessionPartition}: its credentials work only there.`;
  }
  return undefined;
}
