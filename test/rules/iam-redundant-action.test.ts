// Fixtures for iam/redundant-action.

import { redundantAction } from '../../server/src/engine/rules/iam/redundantAction';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const policy = (actions: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${actions},"Resource":"*"}]}`;

const duplicate = policy('["s3:GetObject", "s3:PutObject", "s3:getobject"]');
const covered = policy('["s3:GetObject", "s3:Get*"]');
const multiline = `{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:Get*",
        "s3:PutObject",
        "s3:GetObjectAcl"
      ],
      "Resource": "*"
    }
  ]
}`;
const narrowerWildcard = policy('["s3:*", "s3:List*"]');
const everything = policy('["*", "sqs:SendMessage"]');
const firstInOrder = policy('["s3:*Object", "s3:Get*", "S3:GetObject"]');
const anyService = policy('["s3:GetObject", "*:GetObject", "s3:Get*"]');
// Thousands of wildcards exhaust the comparison budget; the duplicate after them is still found.
const crowded = policy(JSON.stringify([...Array.from({ length: 6000 }, (_, i) => `s3:*Get${i}x`), 's3:PutObject', 's3:PutObject']));
// The budget is each statement's own: a crowded statement before it does not starve the next one's coverage check.
const crowdedThenCovered = `{"Version":"2012-10-17","Statement":[${JSON.stringify({ Effect: 'Allow', Action: Array.from({ length: 6000 }, (_, i) => `s3:*Get${i}x`), Resource: '*' })},{"Effect":"Allow","Action":["s3:Get*","s3:GetObject"],"Resource":"*"}]}`;
const notAction = '{"Statement":[{"Effect":"Deny","NotAction":["iam:*","iam:PassRole"],"Resource":"*"}]}';

runRuleTests(redundantAction, {
  valid: [
    { code: policy('["s3:GetObject", "s3:PutObject", "s3:ListBucket"]') },
    { name: 'single string', code: policy('"s3:GetObject"') },
    { name: 'overlapping but not covering wildcards', code: policy('["s3:Get*", "s3:*Object"]') },
    { name: 'same name in different services', code: policy('["s3:GetObject", "s3-object-lambda:GetObject"]') },
  ],
  invalid: [
    {
      name: 'case-insensitive duplicate: the later one goes, with its comma',
      code: duplicate,
      errors: [
        {
          messageId: 'listedTwice',
          message: '"s3:getobject" is listed twice in Action',
          ...spanOf(duplicate, '"s3:getobject"'),
          severity: 'hint',
          output: policy('["s3:GetObject", "s3:PutObject"]'),
        },
      ],
    },
    {
      name: 'covered by a later wildcard: the first element goes',
      code: covered,
      errors: [
        {
          messageId: 'coveredBy',
          message: '"s3:GetObject" is already covered by "s3:Get*"',
          ...spanOf(covered, '"s3:GetObject"'),
          output: null,
          suggestions: [{ title: 'Remove "s3:GetObject"', output: policy('["s3:Get*"]') }],
        },
      ],
    },
    {
      name: 'multi-line: the last element goes with the preceding comma',
      code: multiline,
      errors: [
        {
          messageId: 'coveredBy',
          message: 'covered by "s3:Get*"',
          ...spanOf(multiline, '"s3:GetObjectAcl"'),
          output: null,
          suggestions: [{ title: 'Remove "s3:GetObjectAcl"', output: multiline.replace(',\n        "s3:GetObjectAcl"', '') }],
        },
      ],
    },
    {
      name: 'narrower wildcard',
      code: narrowerWildcard,
      errors: [
        {
          messageId: 'coveredBy',
          message: '"s3:List*" is already covered by "s3:*"',
          ...spanOf(narrowerWildcard, '"s3:List*"'),
          output: null,
          suggestions: [{ title: 'Remove "s3:List*"', output: policy('["s3:*"]') }],
        },
      ],
    },
    {
      name: 'anything next to *',
      code: everything,
      errors: [
        {
          messageId: 'coveredBy',
          message: 'covered by "*"',
          ...spanOf(everything, '"sqs:SendMessage"'),
          output: null,
          suggestions: [{ title: 'Remove "sqs:SendMessage"', output: policy('["*"]') }],
        },
      ],
    },
    {
      name: 'the first covering wildcard in document order, whatever its shape',
      code: firstInOrder,
      errors: [
        {
          messageId: 'coveredBy',
          message: '"S3:GetObject" is already covered by "s3:*Object"',
          ...spanOf(firstInOrder, '"S3:GetObject"'),
          output: null,
          suggestions: [{ title: 'Remove "S3:GetObject"', output: policy('["s3:*Object", "s3:Get*"]') }],
        },
      ],
    },
    {
      name: 'a wildcard service part covers values of every service',
      code: anyService,
      errors: [
        {
          messageId: 'coveredBy',
          message: '"s3:GetObject" is already covered by "*:GetObject"',
          ...spanOf(anyService, '"s3:GetObject"'),
          output: null,
          suggestions: [{ title: 'Remove "s3:GetObject"', output: policy('["*:GetObject", "s3:Get*"]') }],
        },
      ],
    },
    {
      name: 'duplicates past the comparison budget',
      code: crowded,
      errors: [
        {
          messageId: 'listedTwice',
          message: '"s3:PutObject" is listed twice in Action',
          line: 1,
          column: crowded.lastIndexOf('"s3:PutObject"') + 1,
          endLine: 1,
          endColumn: crowded.lastIndexOf('"s3:PutObject"') + 15,
          output: policy(JSON.stringify([...Array.from({ length: 6000 }, (_, i) => `s3:*Get${i}x`), 's3:PutObject'])),
        },
      ],
    },
    {
      name: 'a crowded statement does not use up the next statement\'s budget',
      code: crowdedThenCovered,
      errors: [
        {
          messageId: 'coveredBy',
          message: '"s3:GetObject" is already covered by "s3:Get*" in Action',
          line: 1,
          column: crowdedThenCovered.lastIndexOf('"s3:GetObject"') + 1,
          endLine: 1,
          endColumn: crowdedThenCovered.lastIndexOf('"s3:GetObject"') + 15,
          output: null,
          suggestions: [{ title: 'Remove "s3:GetObject"', output: crowdedThenCovered.replace(',"s3:GetObject"]', ']') }],
        },
      ],
    },
    {
      name: 'NotAction lists too',
      code: notAction,
      errors: [
        {
          messageId: 'coveredBy',
          message: '"iam:PassRole" is already covered by "iam:*" in NotAction',
          ...spanOf(notAction, '"iam:PassRole"'),
          output: null,
          suggestions: [{ title: 'Remove "iam:PassRole"', output: '{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"Resource":"*"}]}' }],
        },
      ],
    },
  ],
});
