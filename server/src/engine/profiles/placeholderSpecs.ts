// Reusable placeholder specifications shared by several vendors' profiles.

import type { PlaceholderSpec } from './types';

export function bucketPlaceholder(name: string, label: string, description: string, example: string): PlaceholderSpec {
  return { name, label, description, validation: 's3-bucket', example };
}

export function accountIdPlaceholder(name = 'accountId', description = 'The 12-digit AWS account id that owns the resources.', example = '111122223333'): PlaceholderSpec {
  return { name, label: name === 'accountId' ? 'account-id' : kebab(name), description, validation: 'account-id', example };
}

export const REGION: PlaceholderSpec = {
  name: 'region',
  label: 'region',
  description: 'The AWS Region of the resources, e.g. us-east-1.',
  validation: 'region',
  example: 'us-east-1',
};

export function redshiftUserPlaceholder(example: string, description = 'The Redshift user the tool connects as.'): PlaceholderSpec {
  return { name: 'user', label: 'user', description, validation: 'redshift-identifier', example };
}

export const REDSHIFT_PASSWORD: PlaceholderSpec = {
  name: 'password',
  label: 'password',
  description:
    'The user\'s password: 8–64 printable ASCII characters with an uppercase letter, a lowercase letter and a digit (no \' " \\ / @ or space). It is written as its md5 hash, never in clear text. DISABLE (IAM authentication) or an md5/sha256 hash are accepted as is.',
  validation: 'redshift-password',
  example: 'Example-Passw0rd',
};

export function redshiftNamePlaceholder(name: string, description: string, example: string): PlaceholderSpec {
  return { name, label: kebab(name), description, validation: 'redshift-identifier', example };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
