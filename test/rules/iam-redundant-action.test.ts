// Fixtures for iam/redundant-action.

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
const notAction = '{"Statement":[{"Effect":"Deny","NotAction":["iam:*","iam:PassRole"],"Resource":"*"}]}';

runRuleTests('iam/redundant-action', {
  kind: 'iam-policy',
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
      errors: [{ message: '"s3:getobject" is listed twice in Action', ...spanOf(duplicate, '"s3:getobject"'), severity: 'hint', fixes: [policy('["s3:GetObject", "s3:PutObject"]')] }],
    },
    {
      name: 'covered by a later wildcard: the first element goes',
      code: covered,
      errors: [{ message: '"s3:GetObject" is already covered by "s3:Get*"', ...spanOf(covered, '"s3:GetObject"'), fixes: [policy('["s3:Get*"]')] }],
    },
    {
      name: 'multi-line: the last element goes with the preceding comma',
      code: multiline,
      errors: [{ message: 'covered by "s3:Get*"', ...spanOf(multiline, '"s3:GetObjectAcl"'), fixes: [multiline.replace(',\n        "s3:GetObjectAcl"', '')] }],
    },
    {
      name: 'narrower wildcard',
      code: narrowerWildcard,
      errors: [{ message: '"s3:List*" is already covered by "s3:*"', ...spanOf(narrowerWildcard, '"s3:List*"'), fixes: [policy('["s3:*"]')] }],
    },
    {
      name: 'anything next to *',
      code: everything,
      errors: [{ message: 'covered by "*"', ...spanOf(everything, '"sqs:SendMessage"'), fixes: [policy('["*"]')] }],
    },
    {
      name: 'the first covering wildcard in document order, whatever its shape',
      code: firstInOrder,
      errors: [{ message: '"S3:GetObject" is already covered by "s3:*Object"', ...spanOf(firstInOrder, '"S3:GetObject"') }],
    },
    {
      name: 'a wildcard service part covers values of every service',
      code: anyService,
      errors: [{ message: '"s3:GetObject" is already covered by "*:GetObject"', ...spanOf(anyService, '"s3:GetObject"') }],
    },
    {
      name: 'duplicates past the comparison budget',
      code: crowded,
      errors: [{ message: '"s3:PutObject" is listed twice in Action', line: 1, column: crowded.lastIndexOf('"s3:PutObject"') + 1 }],
    },
    {
      name: 'NotAction lists too',
      code: notAction,
      errors: [{ message: '"iam:PassRole" is already covered by "iam:*" in NotAction', ...spanOf(notAction, '"iam:PassRole"') }],
    },
  ],
});
