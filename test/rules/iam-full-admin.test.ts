// Fixtures for iam/full-admin.

import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests('iam/full-admin', {
  kind: 'iam-policy',
  valid: [
    { name: 'a service wildcard', code: V + '{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' },
    { name: 'everything on one resource', code: V + '{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}' },
    { name: 'Deny', code: V + '{"Effect":"Deny","Action":"*","Resource":"*"}]}' },
    { name: 'FullAWSAccess SCP', policyType: 'scp', code: V + '{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    { name: 'KMS key policy root statement (kms:*, not *)', code: V + '{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'AdministratorAccess',
      code: V + '{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      errors: [{ message: 'full administrator access', line: 1, column: 65, endColumn: 68, severity: 'warning', fixes: [] }],
    },
    {
      name: '*:* in a list, with a condition',
      code: V + '{"Effect":"Allow","Action":["s3:GetObject","*:*"],"Resource":["arn:aws:s3:::b","*"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}',
      errors: [{ message: 'limited only by its condition', column: 81, endColumn: 86 }],
    },
  ],
});
