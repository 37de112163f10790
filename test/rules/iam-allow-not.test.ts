// Fixtures for iam/allow-not.

import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests('iam/allow-not', {
  kind: 'iam-policy',
  valid: [
    { name: 'Allow with Action and Resource', code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'Deny with NotAction (SCP region guardrail)', policyType: 'scp', code: V + '{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}' },
    { name: 'Deny with NotResource and NotPrincipal', code: V + '{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","NotResource":"arn:aws:s3:::b/public/*"}]}' },
  ],
  invalid: [
    {
      name: 'Allow with NotAction',
      code: V + '{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}',
      errors: [{ message: '"Allow" with "NotAction" grants every action except', line: 1, column: 56, endColumn: 67, severity: 'warning', fixes: [] }],
    },
    {
      name: 'Allow with NotResource',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::b/private/*"}]}',
      errors: [{ message: '"Allow" with "NotResource"', column: 80, endColumn: 93 }],
    },
    {
      name: 'Allow with NotPrincipal',
      code: V + '{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
      errors: [{ message: '"Allow" with "NotPrincipal" grants every principal except', column: 56, endColumn: 70 }],
    },
  ],
});
