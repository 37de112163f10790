// Fixtures for iam/redundant-resource.

import { redundantResource } from '../../server/src/engine/rules/iam/redundantResource';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
const ROLE = 'arn:aws:iam::111122223333:role/';
/** A statement whose Resource is the JSON list `resources`. */
const withResources = (resources: string[], key = 'Resource'): string =>
  V + `{"Effect":"Allow","Action":"iam:GetRole","${key}":${JSON.stringify(resources)}}]}`;
/** The range of the last occurrence of the JSON string `value` in `code` (one line). */
const at = (code: string, value: string): { line: number; column: number; endLine: number; endColumn: number } => {
  const start = code.lastIndexOf(JSON.stringify(value));
  return { line: 1, column: start + 1, endLine: 1, endColumn: start + 1 + JSON.stringify(value).length };
};

runRuleTests(redundantResource, {
  valid: [
    { name: 'distinct ARNs', code: withResources([`${ROLE}a`, `${ROLE}b`]) },
    { name: 'ARNs compare case-sensitively', code: withResources([`${ROLE}Admin`, `${ROLE}admin`]) },
    { name: 'a wildcard that does not cover the other entry', code: withResources([`${ROLE}jane*`, `${ROLE}john`]) },
    { name: 'a single value', code: V + `{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}]}` },
    { name: 'policy variables are left out', code: withResources(['arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}/*']) },
    { name: 'overlapping but not covering patterns', code: withResources([`${ROLE}a*b`, `${ROLE}*ab`]) },
    {
      name: 'Terraform references are unknown',
      host: 'terraform',
      code: 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = [var.a, var.b, "arn:aws:s3:::x/*"] }]\n  })\n}\n',
    },
  ],
  invalid: [
    {
      name: 'AWS\'s example: two roles covered by jane*',
      code: withResources([`${ROLE}jane-admin`, `${ROLE}jane-s3only`, `${ROLE}jane*`]),
      errors: [
        {
          messageId: 'coveredBy',
          message: `"${ROLE}jane-admin" is already covered by "${ROLE}jane*" in Resource.`,
          ...at(withResources([`${ROLE}jane-admin`, `${ROLE}jane-s3only`, `${ROLE}jane*`]), `${ROLE}jane-admin`),
          severity: 'hint',
          output: null,
          suggestions: [{ title: `Remove "${ROLE}jane-admin"`, output: withResources([`${ROLE}jane-s3only`, `${ROLE}jane*`]) }],
        },
        {
          messageId: 'coveredBy',
          ...at(withResources([`${ROLE}jane-admin`, `${ROLE}jane-s3only`, `${ROLE}jane*`]), `${ROLE}jane-s3only`),
          output: null,
          suggestions: [{ title: `Remove "${ROLE}jane-s3only"`, output: withResources([`${ROLE}jane-admin`, `${ROLE}jane*`]) }],
        },
      ],
    },
    {
      name: 'an ARN listed twice: safe fix',
      code: withResources([`${ROLE}a`, `${ROLE}a`]),
      errors: [{ messageId: 'listedTwice', ...at(withResources([`${ROLE}a`, `${ROLE}a`]), `${ROLE}a`), output: withResources([`${ROLE}a`]) }],
    },
    {
      name: 'everything is covered by "*"; in NotResource too',
      code: withResources(['*', 'arn:aws:s3:::b'], 'NotResource'),
      errors: [
        {
          messageId: 'coveredBy',
          message: 'covered by "*" in NotResource',
          ...at(withResources(['*', 'arn:aws:s3:::b'], 'NotResource'), 'arn:aws:s3:::b'),
          output: null,
          suggestions: [{ title: 'Remove "arn:aws:s3:::b"', output: withResources(['*'], 'NotResource') }],
        },
      ],
    },
    {
      name: 'a pattern covered by a wider pattern; of two spellings of one set, the later is reported',
      code: withResources(['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*', 'arn:aws:s3:::b/**']),
      errors: [
        {
          messageId: 'coveredBy',
          ...at(withResources(['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*', 'arn:aws:s3:::b/**']), 'arn:aws:s3:::b/logs/*'),
          output: null,
          suggestions: [{ title: 'Remove "arn:aws:s3:::b/logs/*"', output: withResources(['arn:aws:s3:::b/*', 'arn:aws:s3:::b/**']) }],
        },
        {
          messageId: 'coveredBy',
          message: 'covered by "arn:aws:s3:::b/*"',
          ...at(withResources(['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*', 'arn:aws:s3:::b/**']), 'arn:aws:s3:::b/**'),
          output: null,
          suggestions: [{ title: 'Remove "arn:aws:s3:::b/**"', output: withResources(['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*']) }],
        },
      ],
    },
    {
      name: 'a ? pattern is covered by a * pattern, but is never taken to cover a wildcard pattern itself',
      code: withResources([`${ROLE}a?`, `${ROLE}a*`]),
      errors: [
        {
          messageId: 'coveredBy',
          message: `covered by "${ROLE}a*"`,
          ...at(withResources([`${ROLE}a?`, `${ROLE}a*`]), `${ROLE}a?`),
          output: null,
          suggestions: [{ title: `Remove "${ROLE}a?"`, output: withResources([`${ROLE}a*`]) }],
        },
      ],
    },
  ],
});
