// Fixtures for iam/duplicate-sid.

import { duplicateSid } from '../../server/src/engine/rules/iam/duplicateSid';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
const S3 = '"Effect":"Allow","Action":"s3:GetObject","Resource":"*"';

runRuleTests(duplicateSid, {
  valid: [
    { name: 'unique alphanumeric Sids', code: V + `{"Sid":"Read1",${S3}},{"Sid":"Read2",${S3}}]}` },
    { name: 'Sids differ only in case', code: V + `{"Sid":"Read",${S3}},{"Sid":"read",${S3}}]}` },
    {
      name: 'spaces in a bucket policy Sid (seed 003 "Bucket Permissions")',
      code: V + '{"Sid":"Bucket Permissions","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"}]}',
    },
    {
      name: 'spaces in a KMS key policy Sid',
      code: V + '{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}',
    },
  ],
  invalid: [
    {
      name: 'empty Sids (Terraform) are not duplicates; each is a hint with a safe removal (Access Analyzer: EMPTY_SID_VALUE)',
      code: V + `{"Sid":"",${S3}},{"Sid":"",${S3}}]}`,
      errors: [
        {
          messageId: 'emptySid',
          message: 'Empty Sid',
          line: 1, column: 45, endLine: 1, endColumn: 47,
          severity: 'hint',
          output: V + `{${S3}},{"Sid":"",${S3}}]}`,
        },
        {
          messageId: 'emptySid',
          line: 1, column: 112, endLine: 1, endColumn: 114,
          severity: 'hint',
          output: V + `{"Sid":"",${S3}},{${S3}}]}`,
        },
      ],
    },
    {
      name: 'an empty Sid in a CloudFormation YAML template: removed with its line',
      host: 'cloudformation',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Sid: ""\n            Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n',
      errors: [
        {
          messageId: 'emptySid',
          line: 8, column: 18, endLine: 8, endColumn: 20,
          severity: 'hint',
          output: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n',
        },
      ],
    },
    {
      name: 'duplicate Sid in a trust policy: a warning (Access Analyzer only recommends unique Sids there)',
      policyType: 'trust',
      code: V + '{"Sid":"A","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},{"Sid":"A","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
      errors: [{ messageId: 'duplicateTrust', message: 'Duplicate Sid "A" (also on line 1)', line: 1, column: 144, endLine: 1, endColumn: 147, severity: 'warning', output: null }],
    },
    {
      name: 'duplicate Sid in an SCP: an error (Access Analyzer: UNIQUE_SIDS_REQUIRED)',
      policyType: 'scp',
      code: V + '{"Sid":"D","Effect":"Deny","Action":"s3:*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"ec2:*","Resource":"*"}]}',
      errors: [{ messageId: 'duplicate', line: 1, column: 104, endLine: 1, endColumn: 107, severity: 'error', output: null }],
    },
    {
      name: 'duplicate Sid, reported on the second one',
      code: V + `{"Sid":"A",${S3}},\n{"Sid":"A",${S3}}]}`,
      errors: [{ messageId: 'duplicate', message: 'Duplicate Sid "A" (also on line 1)', line: 2, column: 8, endLine: 2, endColumn: 11, severity: 'error', output: null }],
    },
    {
      name: 'duplicate Sid in a bucket policy: a warning (uniqueness is up to the service)',
      code: V + '{"Sid":"Bucket Permissions","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"},{"Sid":"Bucket Permissions","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
      errors: [
        {
          messageId: 'duplicateOtherService',
          message: 'Duplicate Sid "Bucket Permissions"',
          line: 1, column: 179, endLine: 1, endColumn: 199,
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 'non-alphanumeric Sid in an identity policy: error, camel-cased fix',
      code: V + `{"Sid":"read-only objects",${S3}}]}`,
      errors: [
        {
          messageId: 'invalidCharacters',
          message: 'IAM rejects in an identity policy',
          line: 1, column: 45, endLine: 1, endColumn: 64,
          severity: 'error',
          output: V + `{"Sid":"readOnlyObjects",${S3}}]}`,
        },
      ],
    },
    {
      name: 'underscore in an SCP Sid',
      policyType: 'scp',
      code: V + '{"Sid":"Deny_All","Effect":"Deny","Action":"*","Resource":"*"}]}',
      errors: [
        {
          messageId: 'invalidCharacters',
          message: 'a service control policy',
          line: 1, column: 45, endLine: 1, endColumn: 55,
          severity: 'error',
          output: V + '{"Sid":"DenyAll","Effect":"Deny","Action":"*","Resource":"*"}]}',
        },
      ],
    },
    {
      name: 'space in a trust policy Sid is only a warning (not documented for trust policies)',
      code: V + '{"Sid":"Allow Lambda","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
      errors: [
        {
          messageId: 'invalidCharactersMaybe',
          message: 'IAM may reject in a trust policy',
          line: 1, column: 45, endLine: 1, endColumn: 59,
          severity: 'warning',
          output: V + '{"Sid":"AllowLambda","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
        },
      ],
    },
    {
      name: 'a Sid of only punctuation has no fix',
      code: V + `{"Sid":"--",${S3}}]}`,
      errors: [{ messageId: 'invalidCharacters', message: 'characters other than', line: 1, column: 45, endLine: 1, endColumn: 49, output: null }],
    },
    {
      name: 'the cleaned Sid is taken by another statement: a suggestion (the fix would make a duplicate)',
      code: V + `{"Sid":"ReadOnly",${S3}},{"Sid":"Read Only",${S3}}]}`,
      errors: [
        {
          messageId: 'invalidCharacters',
          line: 1, column: 120, endLine: 1, endColumn: 131,
          output: null,
          suggestions: [{ title: 'Change to "ReadOnly"', output: V + `{"Sid":"ReadOnly",${S3}},{"Sid":"ReadOnly",${S3}}]}` }],
        },
      ],
    },
  ],
});
