// The AWS connection options shared by the CLI's AWS subcommands (verify, simulate, deployed) and the IAM reader
// they build from them; the AWS SDK is loaded only when one of those subcommands runs.

import type { IamReaderOptions } from '../aws/sdkIamReader';
import type { IamReader } from '../aws/types';

/** Builds the IAM reader; the subcommands take one so that embedders and tests can supply their own. */
export type IamReaderFactory = (options: IamReaderOptions) => IamReader | Promise<IamReader>;

/** parseArgs declarations of --aws-profile, --region and --endpoint, for a subcommand's option list. */
export const AWS_CONNECTION_OPTIONS = {
  'aws-profile': { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
} as const;

/** The parsed values of the AWS_CONNECTION_OPTIONS (each absent when not given). */
export interface AwsConnectionValues {
  'aws-profile'?: string;
  region?: string;
  endpoint?: string;
}

/** Reader options from --aws-profile, --region and --endpoint; an option not given is left out (the SDK default applies). */
export function iamReaderOptionsFrom(values: AwsConnectionValues): IamReaderOptions {
  return {
    ...(values['aws-profile'] !== undefined ? { profile: values['aws-profile'] } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
  };
}

/** The SDK-backed reader, imported lazily so that linting does not pay for the AWS SDK at start-up. */
export async function sdkIamReader(options: IamReaderOptions): Promise<IamReader> {
  const { createIamReader } = await import('../aws/sdkIamReader.js');
  return createIamReader(options);
}
