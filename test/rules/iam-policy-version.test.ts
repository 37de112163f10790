// Fixtures for iam/policy-version.

import { policyVersion } from '../../server/src/engine/rules/iam/policyVersion';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(policyVersion, {
  valid: [
    { code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'Version after Statement', code: '{"Statement":[],"Version":"2012-10-17"}' },
    { name: 'not an object: nothing to say', code: '["Statement"]' },
  ],
  invalid: [
    {
      name: 'missing Version: inserted as first element with the indentation of the others',
      code: '{\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}',
      errors: [
        {
          messageId: 'missing',
          message: 'no "Version"',
          line: 1, column: 1, endLine: 1, endColumn: 2,
          severity: 'warning',
          output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}',
        },
      ],
    },
    {
      name: 'missing Version, tab indentation',
      code: '{\n\t"Statement": []\n}',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 2, output: '{\n\t"Version": "2012-10-17",\n\t"Statement": []\n}' }],
    },
    {
      name: 'missing Version, CRLF line endings are kept',
      code: '{\r\n  "Statement": []\r\n}',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 2, output: '{\r\n  "Version": "2012-10-17",\r\n  "Statement": []\r\n}' }],
    },
    {
      name: 'missing Version, compact JSON stays compact',
      code: '{"Statement":[]}',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 2, output: '{"Version":"2012-10-17","Statement":[]}' }],
    },
    {
      name: 'missing Version, one line with spaces',
      code: '{ "Statement": [] }',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 2, output: '{ "Version": "2012-10-17", "Statement": [] }' }],
    },
    {
      name: 'empty object',
      code: '{}',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 2, output: '{"Version": "2012-10-17"}' }],
    },
    {
      name: 'legacy 2008-10-17 is a warning',
      code: '{"Version":"2008-10-17","Statement":[]}',
      errors: [
        {
          messageId: 'legacy',
          message: 'legacy policy language',
          line: 1, column: 12, endLine: 1, endColumn: 24,
          severity: 'warning',
          output: '{"Version":"2012-10-17","Statement":[]}',
        },
      ],
    },
    {
      name: 'any other value is an error',
      code: '{"Version":"2012-10-18","Statement":[]}',
      errors: [
        {
          messageId: 'invalid',
          message: 'Invalid policy version "2012-10-18"',
          line: 1, column: 12, endLine: 1, endColumn: 24,
          severity: 'error',
          output: '{"Version":"2012-10-17","Statement":[]}',
        },
      ],
    },
    {
      name: 'a number is an error (Access Analyzer: DATA_TYPE_MISMATCH)',
      code: '{"Version":2012,"Statement":[]}',
      errors: [
        {
          messageId: 'notString',
          message: '"Version" must be a string',
          line: 1, column: 12, endLine: 1, endColumn: 16,
          severity: 'error',
          output: '{"Version":"2012-10-17","Statement":[]}',
        },
      ],
    },
  ],
});
