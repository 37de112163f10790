// Validation of profile placeholder values (bucket names, account ids, ARNs, Redshift names) and template filling.

import { RESERVED_WORDS } from '../redshift/keywords';
import type { PlaceholderSpec, PlaceholderValidation, Profile } from './types';

type Validator = (value: string) => string | undefined;

const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-[a-z])?';

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
function validateBucket(value: string): string | undefined {
  if (value.length < 3 || value.length > 63) return 'an S3 bucket name is 3–63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(value)) {
    return 'an S3 bucket name uses lowercase letters, digits, dots and hyphens, and starts and ends with a letter or digit';
  }
  if (value.includes('..')) return 'an S3 bucket name cannot contain two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return 'an S3 bucket name cannot look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(value)) return 'an S3 bucket name cannot start with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(value)) return 'an S3 bucket name cannot end with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)';
  return undefined;
}

function validateNamePrefix(value: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{0,40}$/.test(value)) return 'a name prefix uses lowercase letters, digits, dots and hyphens (it begins S3 bucket, SQS queue and Lambda function names)';
  return undefined;
}

// Names of streams, environments, functions, log groups' last part…: AWS allows letters, digits, '.', '_' and '-' in
// most of them (e.g. https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html,
// https://docs.aws.amazon.com/mwaa/latest/API/API_CreateEnvironment.html); never ':' or '/', which would change the ARN.
function validateResourceName(value: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(value)) return 'a resource name is 1–80 letters, digits, dots, underscores and hyphens, starting with a letter or digit';
  return undefined;
}

function validateS3Prefix(value: string): string | undefined {
  if (value.length === 0 || value.length > 512) return 'a key prefix is 1–512 characters long';
  if (value.startsWith('/')) return 'a key prefix does not start with "/"';
  if (/[*?"\\\s]/.test(value)) return 'a key prefix cannot contain *, ?, quotes, backslashes or spaces';
  return undefined;
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_names.html (unquoted names only: the profile writes them unquoted)
function validateRedshiftIdentifier(value: string): string | undefined {
  if (!/^[a-z_][a-z0-9_$]{0,126}$/.test(value)) {
    return 'an unquoted Redshift name starts with a lowercase letter or underscore and uses lowercase letters, digits, _ and $ (at most 127 characters)';
  }
  if (RESERVED_WORDS.has(value)) return `"${value}" is a reserved word in Redshift`;
  return undefined;
}

// https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html (clear-text password rules; hashes and DISABLE as is)
function validateRedshiftPassword(value: string): string | undefined {
  if (/^disable$/i.test(value) || /^md5[0-9a-f]{32}$/i.test(value) || /^sha256\|[^|'\s]+\|[^|'\s]+$/i.test(value)) return undefined;
  if (value.length < 8 || value.length > 64) return 'a Redshift password is 8–64 characters long';
  if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9]/.test(value)) {
    return 'a Redshift password needs an uppercase letter, a lowercase letter and a digit';
  }
  if (/[^\x21-\x7e]/.test(value) || /['"\\/@]/.test(value)) return 'a Redshift password uses printable ASCII except \' " \\ / @ and space';
  return undefined;
}

const VALIDATORS: Record<PlaceholderValidation, Validator> = {
  's3-bucket': validateBucket,
  's3-prefix': validateS3Prefix,
  'name-prefix': validateNamePrefix,
  'resource-name': validateResourceName,
  'account-id': (v) => (/^\d{12}$/.test(v) ? undefined : 'an AWS account id is exactly 12 digits'),
  region: (v) => (/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/.test(v) ? undefined : 'a region looks like us-east-1 or eu-west-2'),
  'iam-role-arn': (v) =>
    new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`).test(v)
      ? undefined
      : 'an IAM role ARN looks like arn:aws:iam::123456789012:role/name',
  'iam-principal-arn': (v) =>
    new RegExp(`^arn:${PARTITION}:(iam::\\d{12}:(root|(role|user)/[\\w+=,.@/-]{1,512})|sts::\\d{12}:assumed-role/[\\w+=,.@/-]+)$`).test(v)
      ? undefined
      : 'a principal ARN looks like arn:aws:iam::123456789012:role/name (or :user/name, :root)',
  'kms-key-arn': (v) =>
    new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:(key/[0-9a-f-]{36}|key/mrk-[0-9a-f]{32}|alias/[\\w/-]+)$`).test(v)
      ? undefined
      : 'a KMS key ARN looks like arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (ExternalId: 2–1224 characters of [\w+=,.@:/-])
  'external-id': (v) => (/^[\w+=,.@:/-]{2,1224}$/.test(v) ? undefined : 'an external id is 2–1224 letters, digits and + = , . @ : / - _'),
  'redshift-identifier': validateRedshiftIdentifier,
  'redshift-password': validateRedshiftPassword,
};

/** Placeholders checked as passwords, and any whose name says it holds a secret. */
const SECRET_VALIDATIONS: ReadonlySet<PlaceholderValidation> = new Set(['redshift-password']);
const SECRET_NAME = /passw(?:or)?d|secret|token|credential|api_?key|private_?key/i;

/**
 * Whether a placeholder's value is a secret (a password…): it is then never echoed (messages, hovers, reports,
 * binding comments), only said to be set or invalid.
 */
export function isSecretPlaceholder(spec: Pick<PlaceholderSpec, 'name' | 'validation'>): boolean {
  return SECRET_VALIDATIONS.has(spec.validation) || SECRET_NAME.test(spec.name);
}

/** What is shown instead of a secret value. */
export const HIDDEN_VALUE = '(set, not shown)';

/** Why a value is not valid for a placeholder, or undefined when it is. */
export function validatePlaceholderValue(spec: PlaceholderSpec, value: string): string | undefined {
  return VALIDATORS[spec.validation](value);
}

export interface ValuesCheck {
  /** Defaults applied, unknown keys dropped. */
  values: Record<string, string>;
  problems: string[];
  missing: PlaceholderSpec[];
}

/** Checks user-given values against a profile: invalid values, unknown names, missing values (without defaults). */
export function checkValues(profile: Profile, given: Readonly<Record<string, string>>): ValuesCheck {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const missing: PlaceholderSpec[] = [];
  const known = new Set(profile.placeholders.map((p) => p.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) problems.push(`unknown placeholder "${key}" for ${profile.id} (known: ${[...known].join(', ') || 'none'})`);
  }
  for (const spec of profile.placeholders) {
    const value = given[spec.name] ?? spec.default;
    if (value === undefined) {
      missing.push(spec);
      continue;
    }
    const problem = validatePlaceholderValue(spec, value);
    // A password is described by its rules, never quoted: the message goes to terminals, CI logs and hovers.
    if (problem) problems.push(isSecretPlaceholder(spec) ? `${spec.name} (value not shown): ${problem}` : `${spec.name}="${value}": ${problem}`);
    else values[spec.name] = value;
  }
  return { values, problems, missing };
}

/** Every valid example value of a profile (defaults first): what tests and samples fill in. */
export function exampleValues(profile: Profile): Record<string, string> {
  return Object.fromEntries(profile.placeholders.map((p) => [p.name, p.default ?? p.example]));
}

const TEMPLATE_VARIABLE = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Replaces `${name}` in a template; names without a replacement stay as they are. */
export function fillTemplate(template: string, replace: (name: string) => string | undefined): string {
  return template.replace(TEMPLATE_VARIABLE, (whole, name: string) => replace(name) ?? whole);
}

/** Placeholder names used in a template, in order of appearance. */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(TEMPLATE_VARIABLE)].map((m) => m[1]!);
}
