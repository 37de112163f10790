// Fixtures for iam/json-syntax.

import { runRuleTests } from '../support/ruleTester';

runRuleTests('iam/json-syntax', {
  kind: 'iam-policy',
  valid: [
    { code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'slashes inside strings are not comments', code: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b//x/*"}]}' },
  ],
  invalid: [
    {
      name: 'missing comma between two statements (seed 004)',
      code: '{"Statement":[\n  {"Effect":"Allow"}\n  {"Effect":"Deny"}\n]}',
      errors: [{ message: 'comma is missing', line: 3, column: 3, fixes: ['{"Statement":[\n  {"Effect":"Allow"},\n  {"Effect":"Deny"}\n]}'] }],
    },
    {
      name: 'line comment alone on its line is removed with its line',
      code: '{\n  // note\n  "Statement": []\n}',
      errors: [{ message: 'comments', line: 2, column: 3, endLine: 2, endColumn: 10, fixes: ['{\n  "Statement": []\n}'] }],
    },
    {
      name: 'trailing comma',
      code: '{"Statement":[{"Effect":"Allow",}]}',
      errors: [{ message: 'Trailing comma', line: 1, column: 32, endColumn: 33, fixes: ['{"Statement":[{"Effect":"Allow"}]}'] }],
    },
    {
      name: 'duplicate key',
      code: '{"Statement":[{"Action":"a:b","Action":"c:d"}]}',
      errors: [{ message: 'Duplicate key "Action"', line: 1, column: 31, endColumn: 39 }],
    },
    {
      name: 'unquoted placeholder (seed 001) is one finding with a quoting fix',
      code: '{"Statement":[{"Resource":[\n<ARN to Structural Lambda Role>\n]}]}',
      errors: [{ message: 'Unquoted placeholder <ARN to Structural Lambda Role>', line: 2, column: 1, endColumn: 32, fixes: ['{"Statement":[{"Resource":[\n"<ARN to Structural Lambda Role>"\n]}]}'] }],
    },
    {
      name: 'unterminated string',
      code: '{"Statement": "abc}',
      errors: [{ message: 'Unterminated string' }, { message: 'closing brace' }],
    },
  ],
});
