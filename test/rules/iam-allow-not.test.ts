// Fixtures for iam/allow-not.

import { allowNot } from '../../server/src/engine/rules/iam/allowNot';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests(allowNot, {
  valid: [
    { name: 'Allow with Action and Resource', code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'Deny with NotAction (SCP region guardrail)', policyType: 'scp', code: V + '{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}' },
    {
      name: 'an SCP Allow with NotAction and NotResource grants nothing (accepted since September 2025)',
      policyType: 'scp',
      code: V + '{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::logs/*"}]}',
    },
    { name: 'Deny with NotResource and NotPrincipal', code: V + '{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","NotResource":"arn:aws:s3:::b/public/*"}]}' },
  ],
  invalid: [
    {
      name: 'Allow with NotAction',
      code: V + '{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}',
      errors: [
        {
          messageId: 'allowWithNot',
          message: '"Allow" with "NotAction" grants every action except',
          line: 1, column: 56, endLine: 1, endColumn: 67,
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 'Allow with NotResource',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::b/private/*"}]}',
      errors: [{ messageId: 'allowWithNot', message: '"Allow" with "NotResource"', line: 1, column: 80, endLine: 1, endColumn: 93, output: null }],
    },
    {
      name: 'Allow with NotPrincipal',
      code: V + '{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
      errors: [
        { messageId: 'allowWithNot', message: '"Allow" with "NotPrincipal" grants every principal except', line: 1, column: 56, endLine: 1, endColumn: 70, output: null },
      ],
    },
  ],
});
