// Fixtures for iam/json-syntax.

import { jsonSyntax } from '../../server/src/engine/rules/iam/jsonSyntax';
import { runRuleTests } from '../support/ruleTester';

runRuleTests(jsonSyntax, {
  valid: [
    { code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'slashes inside strings are not comments', code: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b//x/*"}]}' },
  ],
  invalid: [
    {
      name: 'missing comma between two statements (seed 004): VS Code\'s words and range, plus the fix',
      code: '{"Statement":[\n  {"Effect":"Allow"}\n  {"Effect":"Deny"}\n]}',
      errors: [
        {
          messageId: 'commaExpected',
          message: /^Expected comma$/,
          line: 3, column: 3, endLine: 3, endColumn: 4,
          output: '{"Statement":[\n  {"Effect":"Allow"},\n  {"Effect":"Deny"}\n]}',
        },
      ],
    },
    {
      name: 'line comment alone on its line is removed with its line',
      code: '{\n  // note\n  "Statement": []\n}',
      errors: [
        {
          messageId: 'comment',
          message: /^Comments are not permitted in JSON: IAM rejects/,
          line: 2, column: 3, endLine: 2, endColumn: 10,
          output: null,
          suggestions: [{ title: 'Remove the comment', output: '{\n  "Statement": []\n}' }],
        },
      ],
    },
    {
      name: 'trailing comma',
      code: '{"Statement":[{"Effect":"Allow",}]}',
      errors: [{ messageId: 'trailingComma', message: 'Trailing comma', line: 1, column: 32, endLine: 1, endColumn: 33, output: '{"Statement":[{"Effect":"Allow"}]}' }],
    },
    {
      name: 'duplicate key',
      code: '{"Statement":[{"Action":"a:b","Action":"c:d"}]}',
      errors: [{ messageId: 'duplicateKey', message: 'Duplicate object key "Action"', line: 1, column: 31, endLine: 1, endColumn: 39, output: null }],
    },
    {
      name: 'unquoted placeholder (seed 001) is one finding with a quoting fix',
      code: '{"Statement":[{"Resource":[\n<ARN to Structural Lambda Role>\n]}]}',
      errors: [
        {
          messageId: 'unquotedPlaceholder',
          message: 'Unquoted placeholder <ARN to Structural Lambda Role>',
          line: 2, column: 1, endLine: 2, endColumn: 32,
          output: null,
          suggestions: [{ title: 'Quote <ARN to Structural Lambda Role>', output: '{"Statement":[{"Resource":[\n"<ARN to Structural Lambda Role>"\n]}]}' }],
        },
      ],
    },
    {
      name: 'unterminated string',
      code: '{"Statement": "abc}',
      errors: [
        { messageId: 'unexpectedEndOfString', message: /^Unexpected end of string\.$/, line: 1, column: 15, endLine: 1, endColumn: 20, output: null },
        // At the end of the text, on the last character (as VS Code marks it), not on an empty range after it.
        { messageId: 'closeBraceExpected', message: /^Expected comma or closing brace$/, line: 1, column: 19, endLine: 1, endColumn: 20, output: null },
      ],
    },
    {
      name: 'a policy cut short is marked on its last character, past the trailing white space',
      code: '{"Statement":[{"Effect":"Allow"}\n\n',
      errors: [{ messageId: 'closeBracketExpected', message: /^Expected comma or closing bracket$/, line: 1, column: 32, endLine: 1, endColumn: 33, output: null }],
    },
    {
      name: 'colon and value expected, in VS Code\'s words',
      code: '{"Statement" [], "Version": }',
      errors: [
        { messageId: 'colonExpected', message: /^Colon expected$/, line: 1, column: 14, endLine: 1, endColumn: 15, output: null },
        { messageId: 'valueExpected', message: /^Value expected$/, line: 1, column: 29, endLine: 1, endColumn: 30, output: null },
      ],
    },
  ],
});
