// Fixtures for iam/profile-suggestion: unbound policies that implement a profile, and ones that must not be matched.

import { profileSuggestion } from '../../server/src/engine/rules/iam/profileSuggestion';
import { runRuleTests } from '../support/ruleTester';

const PIPELINE_V2 = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketNotification", "s3:PutBucketNotification"], "Resource": "arn:aws:s3:::tonic-*" },
    { "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion"], "Resource": "arn:aws:s3:::tonic-*/*" }
  ]
}`;

runRuleTests(profileSuggestion, {
  valid: [
    { name: 'already bound', code: `// grantcheck-profile: structural/redshift-server-pipeline-v2\n${PIPELINE_V2}` },
    { name: 'full admin matches every profile, so it suggests none', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    { name: 's3:* is not "listing" the actions', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"*"}]}' },
    {
      name: 'a broad policy that happens to contain the actions is not that tool\'s',
      code: PIPELINE_V2.replace('"s3:ListBucket",', '"s3:ListBucket", "ec2:RunInstances", "ec2:TerminateInstances", "iam:CreateUser", "iam:DeleteUser", "rds:CreateDBInstance", "rds:DeleteDBInstance", "sns:Publish",'),
    },
    { name: 'an identity policy is never matched to a bucket-policy profile', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetBucketLocation","s3:ListBucket","s3:PutObject","s3:GetObject","s3:DeleteObject"],"Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'seed 001 Data Pipeline V2 server policy',
      code: PIPELINE_V2,
      errors: [
        {
          messageId: 'looksLikeProfile',
          message: 'This policy looks like profile structural/redshift-server-pipeline-v2 (Tonic Structural: Redshift — server (EC2 instance profile) role, Data Pipeline V2): it lists 8 of its 8 required actions.',
          line: 3, column: 3, endLine: 3, endColumn: 14,
          severity: 'info',
          output: null,
        },
      ],
    },
    {
      name: 'seed 003 bucket policy with one action missing names what is not listed',
      code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":["s3:GetBucketLocation","s3:ListBucket"],"Resource":"arn:aws:s3:::b"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}',
      errors: [
        {
          messageId: 'looksLikeProfile',
          message: /looks like profile matillion\/streaming-s3-bucket-policy .* 4 of its 5 required actions\. Not listed: s3:DeleteObject\./,
          line: 1, column: 25, endLine: 1, endColumn: 36,
          output: null,
        },
      ],
    },
  ],
});
