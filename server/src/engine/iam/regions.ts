// AWS Region codes, for condition values that name a Region (aws:RequestedRegion, ec2:Region, …).
//
// AWS publishes the list of Regions per partition; it grows every year, so a code GrantCheck does not list but
// that is shaped like one is "unlisted" (a warning), and only a value that cannot be a Region code is an error.
// https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
// https://docs.aws.amazon.com/general/latest/gr/rande.html#region-names-codes
// China: https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html
// GovCloud: https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-endpoints.html
// European Sovereign Cloud: https://docs.aws.amazon.com/eusc/latest/userguide/what-is-eusc.html

import { compileWildcard } from './wildcard';

export const REGIONS_DOC_URL = 'https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html';

/** Region codes by partition, as of the date below. */
export const AWS_REGIONS_AS_OF = '2026-01';

export const AWS_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-eusc': ['eusc-de-east-1'],
  // The isolated partitions name their Regions in the public SDK endpoint data.
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
};

/**
 * Condition keys (lower case) whose values are Region codes (as their documentation says): aws:RequestedRegion and the
 * service keys that name a Region. s3:LocationConstraint is left out: S3 also accepts the legacy name "EU".
 */
export const REGION_CONDITION_KEYS: ReadonlySet<string> = new Set([
  'aws:requestedregion',
  'ec2:region',
  'account:targetregion',
  'cloudformation:targetregion',
  'kms:primaryregion',
  'kms:replicaregion',
  'secretsmanager:addreplicaregions',
  'secretsmanager:secretprimaryregion',
  'sso:primaryregion',
  'identitystore:primaryregion',
  'dsql:witnessregion',
  'ses:replicaregion',
]);

const KNOWN = new Set(Object.values(AWS_REGIONS).flat());
const KNOWN_LIST = [...KNOWN];

/**
 * The shape of every Region code: a lower-case area of 2–4 letters, one to three lower-case words and a number
 * (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`, `eusc-de-east-1`). Fixed pattern, never built from input.
 */
const REGION_SHAPE = /^[a-z]{2,4}(?:-[a-z]{2,9}){1,3}-\d{1,2}$/;

/** `known`: a listed Region; `unlisted`: shaped like a Region code but not listed (a new Region?); `malformed`: cannot be one. */
export type RegionStatus = 'known' | 'unlisted' | 'malformed';

export function regionStatus(code: string): RegionStatus {
  if (KNOWN.has(code)) return 'known';
  return code.length <= 40 && REGION_SHAPE.test(code) ? 'unlisted' : 'malformed';
}

export function isKnownRegion(code: string): boolean {
  return KNOWN.has(code);
}

/** Whether a `*`/`?` pattern matches at least one listed Region (case-sensitive unless told). */
export function patternMatchesKnownRegion(pattern: string, caseInsensitive = false): boolean {
  const matcher = compileWildcard(pattern, caseInsensitive);
  return KNOWN_LIST.some((region) => matcher.test(region));
}

/** The listed Region closest to a misspelt code (one edit away), for a suggestion; undefined when none or several. */
export function closestRegion(code: string): string | undefined {
  if (code.length > 40) return undefined;
  const lower = code.toLowerCase();
  if (KNOWN.has(lower)) return lower;
  const close = KNOWN_LIST.filter((region) => withinOneEdit(lower, region));
  return close.length === 1 ? close[0] : undefined;
}

/** Levenshtein distance ≤ 1, in linear time. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
