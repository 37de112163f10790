// The AWS connection options shared by the CLI's AWS subcommands (verify, simulate, deployed) and the IAM reader
// they build from them; the AWS SDK is loaded only when one of those subcommands runs.

import { checkIamEndpoint } from '../aws/endpointPolicy';
import type { IamReaderOptions } from '../aws/sdkIamReader';
import type { IamReader } from '../aws/types';

/** Builds the IAM reader; the subcommands take one so that embedders and tests can supply their own. */
export type IamReaderFactory = (options: IamReaderOptions) => IamReader | Promise<IamReader>;

/** parseArgs declarations of --aws-profile, --region, --endpoint and --allow-insecure-endpoint, for a subcommand's option list. */
export const AWS_CONNECTION_OPTIONS = {
  'aws-profile': { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'allow-insecure-endpoint': { type: 'boolean' },
} as const;

/** The usage lines of the AWS_CONNECTION_OPTIONS, shared by the subcommands' help. */
export const AWS_CONNECTION_USAGE = `  --aws-profile NAME     AWS CLI profile to use (default: the SDK's default chain: env, AWS_PROFILE, SSO…)
  --region REGION        signing region (default us-east-1; IAM is global)
  --endpoint URL         an IAM-compatible endpoint (e.g. a local emulator); plain http:// only to this machine
  --allow-insecure-endpoint
                         also accept a plain http:// endpoint on another host (credentials travel unencrypted)`;

/** The parsed values of the AWS_CONNECTION_OPTIONS (each absent when not given). */
export interface AwsConnectionValues {
  'aws-profile'?: string;
  region?: string;
  endpoint?: string;
  'allow-insecure-endpoint'?: boolean;
}

/**
 * Reader options from --aws-profile, --region and --endpoint (an option not given is left out: the SDK default applies),
 * or why the endpoint is refused (see checkIamEndpoint): the subcommand then exits 2 before any call.
 */
export function iamReaderOptionsFrom(values: AwsConnectionValues): IamReaderOptions | { refused: string } {
  const allowInsecure = values['allow-insecure-endpoint'] === true;
  const verdict = checkIamEndpoint(values.endpoint, { allowInsecure });
  if (!verdict.allowed) return { refused: `${verdict.reason}${verdict.insecure ? '; use https://, or pass --allow-insecure-endpoint if you mean it' : ''}` };
  return {
    ...(values['aws-profile'] !== undefined ? { profile: values['aws-profile'] } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(verdict.endpoint !== undefined ? { endpoint: verdict.endpoint } : {}),
    ...(allowInsecure ? { allowInsecureEndpoint: true } : {}),
  };
}

/** The SDK-backed reader, imported lazily so that linting does not pay for the AWS SDK at start-up. */
export async function sdkIamReader(options: IamReaderOptions): Promise<IamReader> {
  const { createIamReader } = await import('../aws/sdkIamReader.js');
  return createIamReader(options);
}
