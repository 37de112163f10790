// Fixtures for iam/policy-size: each quota at its limit (silent) and one character over it (reported).

import { policySize } from '../../server/src/engine/rules/iam/policySize';
import { runRuleTests } from '../support/ruleTester';

type Statement = Record<string, unknown>;

const ALLOW_S3 = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const TRUST_EC2 = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
const DENY_ALL = { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' };
const BUCKET = { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const KEY = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };

/** A policy of exactly `size` characters without white space: the statement's Sid is padded with letters. */
function policyOf(statement: Statement, size: number): Record<string, unknown> {
  const base = { Version: '2012-10-17', Statement: [{ Sid: '', ...statement }] };
  const pad = size - JSON.stringify(base).length;
  if (pad < 0) throw new Error('size too small');
  return { Version: '2012-10-17', Statement: [{ Sid: 'A'.repeat(pad), ...statement }] };
}

/** Pretty-printed, as most policy files are: the white space does not count for IAM. */
const pretty = (statement: Statement, size: number): string => JSON.stringify(policyOf(statement, size), null, 2);
const compact = (statement: Statement, size: number): string => JSON.stringify(policyOf(statement, size));

const AT_ROOT = { line: 1, column: 1, endLine: 1, endColumn: 2, output: null };

/** A Terraform resource holding a compact policy of `size` characters in `attribute`. */
const TF = (resourceType: string, attribute: string, statement: Statement, size: number): string =>
  `resource "${resourceType}" "p" {\n  ${attribute} = ${JSON.stringify(compact(statement, size))}\n}\n`;

runRuleTests(policySize, {
  valid: [
    { name: 'an identity policy of exactly 6,144 characters without white space', code: pretty(ALLOW_S3, 6144) },
    { name: 'a small policy', code: pretty(ALLOW_S3, 200) },
    { name: 'an inline role policy may hold 10,240 characters', host: 'terraform', code: TF('aws_iam_role_policy', 'policy', ALLOW_S3, 10240) },
    {
      name: 'an inline_policy block of aws_iam_role is an inline role policy',
      host: 'terraform',
      code: `resource "aws_iam_role" "r" {\n  assume_role_policy = ${JSON.stringify(compact(TRUST_EC2, 300))}\n  inline_policy {\n    name = "p"\n    policy = ${JSON.stringify(compact(ALLOW_S3, 9000))}\n  }\n}\n`,
    },
    { name: 'a trust policy of 2,048 characters', policyType: 'trust', code: pretty(TRUST_EC2, 2048) },
    { name: 'an SCP of 5,120 characters, written compactly', policyType: 'scp', code: compact(DENY_ALL, 5120) },
    { name: 'a bucket policy of 20 KB', policyType: 'resource', code: pretty(BUCKET, 20480) },
    {
      name: 'a resource policy of several services: the quota is unknown',
      policyType: 'resource',
      code: pretty({ ...BUCKET, Action: ['s3:GetObject', 'sqs:SendMessage'] }, 40000),
    },
    { name: 'a KMS key policy of 32 KB', policyType: 'kms-key', code: pretty(KEY, 32768) },
    { name: 'an Identity Center permission set has quotas of its own', host: 'terraform', code: TF('aws_ssoadmin_permission_set_inline_policy', 'inline_policy', ALLOW_S3, 9000) },
    { name: 'not an object', code: '[1, 2, 3]' },
  ],
  invalid: [
    {
      name: 'an identity policy one character over 6,144',
      code: pretty(ALLOW_S3, 6145),
      errors: [{ messageId: 'managed', message: 'The policy has 6,145 characters without white space, more than the 6,144', severity: 'warning', ...AT_ROOT }],
    },
    {
      name: 'a Terraform user inline policy over 2,048',
      host: 'terraform',
      code: TF('aws_iam_user_policy', 'policy', ALLOW_S3, 2049),
      errors: [{ messageId: 'inline', message: 'more than the 2,048 that IAM allows for all inline policies of a user together', line: 2, column: 13, endLine: 2, endColumn: 14, output: null }],
    },
    {
      name: 'a Terraform managed policy with an expression: its size is a lower bound',
      host: 'terraform',
      code: `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Sid = "${'A'.repeat(6100)}", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::\${var.bucket}/*" }]\n  })\n}\n`,
      errors: [{ messageId: 'managed', message: 'The policy has at least 6,2', line: 2, column: 23, endLine: 2, endColumn: 24, output: null }],
    },
    {
      name: 'a trust policy over the default 2,048',
      policyType: 'trust',
      code: pretty(TRUST_EC2, 2049),
      errors: [{ messageId: 'trust', message: 'has 2,049 characters', severity: 'warning', ...AT_ROOT }],
    },
    {
      name: 'a trust policy over the highest quota, 8,192',
      policyType: 'trust',
      code: pretty(TRUST_EC2, 8193),
      errors: [{ messageId: 'trustMax', message: 'has 8,193 characters', severity: 'warning', ...AT_ROOT }],
    },
    {
      name: 'an SCP over 5,120 even without white space: an error',
      policyType: 'scp',
      code: compact(DENY_ALL, 5121),
      errors: [{ messageId: 'scp', message: 'has 5,121 characters', severity: 'error', ...AT_ROOT }],
    },
    {
      name: 'an SCP that fits only without its white space: a warning',
      policyType: 'scp',
      code: pretty(DENY_ALL, 5100),
      errors: [{ messageId: 'scpWhitespace', message: /characters as written.*Without the white space outside strings it has 5,100/, severity: 'warning', ...AT_ROOT }],
    },
    {
      name: 'a bucket policy (all actions S3) over 20 KB',
      policyType: 'resource',
      code: pretty(BUCKET, 20481),
      errors: [{ messageId: 'resource', message: 'more than an S3 bucket policy (20 KB) allows', ...AT_ROOT }],
    },
    {
      name: 'a Terraform SQS queue policy over 8,192 bytes',
      host: 'terraform',
      code: TF('aws_sqs_queue_policy', 'policy', { ...BUCKET, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' }, 8193),
      errors: [{ messageId: 'resource', message: 'an SQS queue policy (8,192 bytes)', line: 2, column: 13, endLine: 2, endColumn: 14, output: null }],
    },
    {
      name: 'a KMS key policy over 32 KB',
      policyType: 'kms-key',
      code: pretty(KEY, 32769),
      errors: [{ messageId: 'resource', message: 'a KMS key policy (32 KB)', ...AT_ROOT }],
    },
  ],
});
