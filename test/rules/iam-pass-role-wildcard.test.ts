// Fixtures for iam/pass-role-wildcard.

import { passRoleWildcard } from '../../server/src/engine/rules/iam/passRoleWildcard';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests(passRoleWildcard, {
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
      errors: [
        {
          messageId: 'passRoleOnEveryRole',
          message: 'allows iam:PassRole on every role',
          line: 1, column: 90, endLine: 1, endColumn: 104,
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 'through iam:Pass* on every role of every account',
      code: V + '{"Effect":"Allow","Action":"iam:Pass*","Resource":"arn:aws:iam::*:role/*"}]}',
      errors: [{ messageId: 'passRoleOnEveryRole', message: 'iam:PassRole (through "iam:Pass*")', line: 1, column: 65, endLine: 1, endColumn: 76, output: null }],
    },
    {
      name: 'through iam:*',
      code: V + '{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}',
      errors: [{ messageId: 'passRoleOnEveryRole', message: 'through "iam:*"', line: 1, column: 65, endLine: 1, endColumn: 72, output: null }],
    },
    {
      name: 'through a NotAction that does not exclude it',
      code: V + '{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}',
      errors: [{ messageId: 'passRoleOnEveryRole', message: 'its "NotAction" does not exclude it', line: 1, column: 56, endLine: 1, endColumn: 67, output: null }],
    },
    {
      name: 'a condition on something else does not restrict it',
      code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}',
      errors: [{ messageId: 'passRoleOnEveryRole', message: 'iam:PassedToService', line: 1, column: 65, endLine: 1, endColumn: 79, output: null }],
    },
    {
      name: 'a negated iam:PassedToService condition does not restrict it',
      code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringNotEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}',
      errors: [{ messageId: 'passRoleOnEveryRole', message: 'allows iam:PassRole on every role', line: 1, column: 65, endLine: 1, endColumn: 79, output: null }],
    },
  ],
});
