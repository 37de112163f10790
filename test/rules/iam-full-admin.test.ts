// Fixtures for iam/full-admin.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { fullAdmin } from '../../server/src/engine/rules/iam/fullAdmin';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests(fullAdmin, {
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
      errors: [{ messageId: 'fullAdmin', message: 'full administrator access', line: 1, column: 65, endLine: 1, endColumn: 68, severity: 'warning', output: null }],
    },
    {
      name: '*:* in a list, with a condition',
      code: V + '{"Effect":"Allow","Action":["s3:GetObject","*:*"],"Resource":["arn:aws:s3:::b","*"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}',
      errors: [{ messageId: 'fullAdminWithCondition', message: 'limited only by its condition', line: 1, column: 81, endLine: 1, endColumn: 86, output: null }],
    },
  ],
});

it('iam/full-admin: a Terraform reference is an unknown value, not "*"', () => {
  const tf = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "*", Resource = aws_s3_bucket.b.arn }]\n  })\n}\n';
  const findings = lintText(tf, { data: testData(), kind: 'iam-policy', host: 'terraform' }).findings;
  assert.deepEqual(findings.filter((f) => f.ruleId === 'iam/full-admin').map((f) => f.message), []);
  const literal = tf.replace('aws_s3_bucket.b.arn', '"*"');
  const found = lintText(literal, { data: testData(), kind: 'iam-policy', host: 'terraform' }).findings.filter((f) => f.ruleId === 'iam/full-admin');
  assert.deepEqual(found.map((f) => literal.slice(f.start, f.end)), ['"*"']);
});
