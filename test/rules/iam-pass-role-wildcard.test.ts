// Fixtures for iam/pass-role-wildcard.

import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests('iam/pass-role-wildcard', {
  kind: 'iam-policy',
  valid: [
    { name: 'named role', code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/tonic-lambda-role"}]}' },
    { name: 'restricted by iam:PassedToService', code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}' },
    { name: 'Deny', code: V + '{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}]}' },
    { name: 'wildcard that does not cover PassRole', code: V + '{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}' },
    { name: 'NotAction that excludes it', code: V + '{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}' },
    { name: '"*" on "*" is iam/full-admin\'s finding', code: V + '{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    { name: 'an SCP grants nothing', policyType: 'scp', code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'iam:PassRole on "*"',
      code: V + '{"Effect":"Allow","Action":["lambda:CreateFunction","iam:PassRole"],"Resource":"*"}]}',
      errors: [{ message: 'allows iam:PassRole on every role', line: 1, column: 90, endColumn: 104, severity: 'warning', fixes: [] }],
    },
    {
      name: 'through iam:Pass* on every role of every account',
      code: V + '{"Effect":"Allow","Action":"iam:Pass*","Resource":"arn:aws:iam::*:role/*"}]}',
      errors: [{ message: 'iam:PassRole (through "iam:Pass*")', column: 65, endColumn: 76 }],
    },
    {
      name: 'through iam:*',
      code: V + '{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}',
      errors: [{ message: 'through "iam:*"', column: 65, endColumn: 72 }],
    },
    {
      name: 'through a NotAction that does not exclude it',
      code: V + '{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}',
      errors: [{ message: 'its "NotAction" does not exclude it', column: 56, endColumn: 67 }],
    },
    {
      name: 'a condition on something else does not restrict it',
      code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}',
      errors: [{ message: 'iam:PassedToService' }],
    },
    {
      name: 'a negated iam:PassedToService condition does not restrict it',
      code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringNotEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}',
      errors: [{ message: 'allows iam:PassRole on every role', column: 65, endColumn: 79 }],
    },
  ],
});
