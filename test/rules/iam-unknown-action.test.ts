// Fixtures for iam/unknown-action.

import { unknownAction } from '../../server/src/engine/rules/iam/unknownAction';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const policy = (actions: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${actions},"Resource":"*"}]}`;

const plural = policy('["s3:GetObjects"]');
const head = policy('["s3:HeadBucket"]');
const listObjects = policy('"s3:ListObjects"');
const headObject = policy('["S3:HeadObject"]');
const wildcardNothing = policy('["s3:Gett*"]');
const multiline = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "logs:PutLogEvent"
      ],
      "Resource": "*"
    }
  ]
}`;

runRuleTests(unknownAction, {
  valid: [
    { code: policy('["s3:GetObject", "s3:ListBucket", "dynamodb:ExportTableToPointInTime", "logs:DescribeLogGroups"]') },
    { name: 'case-insensitive, as IAM', code: policy('["s3:getobject", "S3:LISTBUCKET"]') },
    { name: 'wildcards that match', code: policy('["s3:Get*", "sqs:?etQueueUrl", "s3:*"]') },
    { name: 'unknown service is iam/unknown-service’s', code: policy('["s3x:GetObjects"]') },
    { name: 'placeholder', code: policy('["s3:<action>"]') },
  ],
  invalid: [
    {
      name: 'plural slip: GetObjects → GetObject',
      code: plural,
      errors: [
        {
          messageId: 'unknownAction',
          message: '"s3:GetObjects" is not an action of service "s3". Did you mean "s3:GetObject"',
          ...spanOf(plural, '"s3:GetObjects"'),
          output: plural.replace('GetObjects', 'GetObject'),
        },
      ],
    },
    {
      name: 'API name HeadBucket → s3:ListBucket (curated, with the reason)',
      code: head,
      errors: [
        {
          messageId: 'apiOperation',
          message: 'the HeadBucket API is authorized by s3:ListBucket',
          ...spanOf(head, '"s3:HeadBucket"'),
          output: head.replace('HeadBucket', 'ListBucket'),
        },
      ],
    },
    {
      name: 'ListObjects → s3:ListBucket, single string',
      code: listObjects,
      errors: [
        {
          messageId: 'apiOperation',
          message: 'Use "s3:ListBucket"',
          ...spanOf(listObjects, '"s3:ListObjects"'),
          output: listObjects.replace('ListObjects', 'ListBucket'),
        },
      ],
    },
    {
      name: 'HeadObject → GetObject keeps the prefix as written',
      code: headObject,
      errors: [
        {
          messageId: 'apiOperation',
          message: 'authorized by s3:GetObject',
          ...spanOf(headObject, '"S3:HeadObject"'),
          output: headObject.replace('HeadObject', 'GetObject'),
        },
      ],
    },
    {
      name: 'a wildcard that matches nothing',
      code: wildcardNothing,
      errors: [{ messageId: 'matchesNoAction', message: '"s3:Gett*" matches no action of service "s3"', ...spanOf(wildcardNothing, '"s3:Gett*"'), output: null }],
    },
    {
      name: 'multi-line policy keeps its layout',
      code: multiline,
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "logs:PutLogEvents"',
          ...spanOf(multiline, '"logs:PutLogEvent"'),
          output: multiline.replace('PutLogEvent"', 'PutLogEvents"'),
        },
      ],
    },
    {
      name: 'a candidate more than one typo away: a suggestion',
      code: policy('"s3:GetObj"'),
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "s3:GetObject"?',
          line: 1, column: 65, endLine: 1, endColumn: 76,
          output: null,
          suggestions: [{ title: 'Change to "s3:GetObject"', output: policy('"s3:GetObject"') }],
        },
      ],
    },
  ],
});
