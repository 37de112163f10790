// Fixtures for iam/principal-invalid.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
/** A bucket-policy statement with the given Principal value; the value starts at column 68. */
const withPrincipal = (principal: string): string => V + `{"Effect":"Allow","Principal":${principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`;

runRuleTests('iam/principal-invalid', {
  kind: 'iam-policy',
  valid: [
    { name: 'everyone', code: withPrincipal('"*"') },
    {
      name: 'account ids, root, users and roles with paths, assumed roles, federated users',
      code: withPrincipal(
        '{"AWS":["*","111122223333","arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/division/alice","arn:aws:iam::111122223333:role/service-role/my-role","arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com","arn:aws:sts::111122223333:federated-user/bob","arn:aws-cn:iam::111122223333:root","arn:aws-us-gov:iam::111122223333:role/r"]}',
      ),
    },
    { name: 'seed 004 account root', code: withPrincipal('{"AWS":["arn:aws:iam::467398596935:root"]}') },
    { name: 'CloudFront origin access identity and a deleted role shown as its unique id', code: withPrincipal('{"AWS":["arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL","AROAJQABLZS4A3QDU576Q"]}') },
    {
      name: 'service principals, regional and China forms',
      code: withPrincipal('{"Service":["lambda.amazonaws.com","logs.us-east-1.amazonaws.com","delivery.logs.amazonaws.com","ec2.amazonaws.com.cn","alexa-appkit.amazon.com"]}'),
    },
    {
      name: 'federated: SAML/OIDC providers and web identity domains',
      code: withPrincipal('{"Federated":["arn:aws:iam::111122223333:saml-provider/ADFS","arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com","cognito-identity.amazonaws.com","accounts.google.com"]}'),
    },
    { name: 'canonical user', code: withPrincipal('{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}') },
    { name: 'placeholders are left to iam/placeholder (seed 003)', code: withPrincipal('{"AWS":"<account-a-agent-task-role-arn>"}') },
  ],
  invalid: [
    {
      name: 'a string principal other than "*" is wrapped into {"AWS": …}',
      code: withPrincipal('"arn:aws:iam::111122223333:root"'),
      errors: [{ message: 'as a string can only be "*"', line: 1, column: 68, endColumn: 100, fixes: [withPrincipal('{ "AWS": "arn:aws:iam::111122223333:root" }')] }],
    },
    {
      name: 'a string service principal is wrapped into {"Service": …}',
      code: withPrincipal('"lambda.amazonaws.com"'),
      errors: [{ fixes: [withPrincipal('{ "Service": "lambda.amazonaws.com" }')] }],
    },
    {
      name: 'account id with dashes',
      code: withPrincipal('{"AWS":"1111-2222-3333"}'),
      errors: [{ message: '12 digits without separators', line: 1, column: 75, endColumn: 91, fixes: [withPrincipal('{"AWS":"111122223333"}')] }],
    },
    {
      name: 'account id with 11 digits',
      code: withPrincipal('{"AWS":"11112222333"}'),
      errors: [{ message: 'exactly 12 digits (11 here)', line: 1, column: 75, endColumn: 88, fixes: [] }],
    },
    {
      name: 'wildcard inside a principal ARN',
      code: withPrincipal('{"AWS":"arn:aws:iam::111122223333:role/*"}'),
      errors: [{ message: 'Wildcards are not allowed inside a principal ARN', line: 1, column: 75, endColumn: 109 }],
    },
    {
      name: 'a group is not a principal',
      code: withPrincipal('{"AWS":"arn:aws:iam::111122223333:group/admins"}'),
      errors: [{ message: 'An IAM group cannot be a principal', column: 75, endColumn: 115 }],
    },
    {
      name: 'role written as an sts ARN',
      code: withPrincipal('{"AWS":"arn:aws:sts::111122223333:role/Admin"}'),
      errors: [{ message: 'sts ARNs are for assumed-role sessions', column: 75, endColumn: 113, fixes: [withPrincipal('{"AWS":"arn:aws:iam::111122223333:role/Admin"}')] }],
    },
    {
      name: 'service and provider under AWS, ARN under Service',
      code: withPrincipal('{"AWS":["lambda.amazonaws.com","arn:aws:iam::111122223333:saml-provider/x"],"Service":"arn:aws:iam::111122223333:root"}'),
      errors: [
        { message: 'it belongs under "Service", not "AWS"', column: 76, endColumn: 98 },
        { message: 'An identity provider ARN belongs under "Federated"', column: 99, endColumn: 142 },
        { message: 'it belongs under "AWS", not "Service"', column: 154, endColumn: 186 },
      ],
    },
    {
      name: 'a user name is not a principal',
      code: withPrincipal('{"AWS":"alice"}'),
      errors: [{ message: 'Malformed AWS principal "alice"', column: 75, endColumn: 82 }],
    },
    {
      name: '"Service": "*" is rejected',
      code: withPrincipal('{"Service":"*"}'),
      errors: [{ message: '"Service": "*" is not allowed', line: 1, column: 79, endColumn: 82, severity: 'error' }],
    },
    {
      name: 'service name without its domain',
      code: withPrincipal('{"Service":"lambda"}'),
      errors: [{ message: 'missing its domain', column: 79, endColumn: 87, fixes: [withPrincipal('{"Service":"lambda.amazonaws.com"}')] }],
    },
    {
      name: 'a name that is not a service prefix gets no guessed domain',
      code: withPrincipal('{"Service":"mybackupservice"}'),
      errors: [{ message: 'missing its domain', fixes: [] }],
    },
    {
      name: 'service principal on a wrong domain',
      code: withPrincipal('{"Service":"lambda.amazon.com.au"}'),
      errors: [{ message: 'did you mean "lambda.amazonaws.com"', fixes: [withPrincipal('{"Service":"lambda.amazonaws.com"}')] }],
    },
    {
      name: 'upper-case service principal is a warning',
      code: withPrincipal('{"Service":"Lambda.amazonaws.com"}'),
      errors: [{ message: 'lower case', severity: 'warning', fixes: [withPrincipal('{"Service":"lambda.amazonaws.com"}')] }],
    },
    {
      name: 'misspelled principal types',
      code: withPrincipal('{"Services":"lambda.amazonaws.com","aws":"111122223333"}'),
      errors: [
        { message: 'Unknown principal type "Services" — did you mean "Service"?', column: 69, endColumn: 79, fixes: [withPrincipal('{"Service":"lambda.amazonaws.com","aws":"111122223333"}')] },
        { message: 'Unknown principal type "aws" — did you mean "AWS"?', column: 103, endColumn: 108, fixes: [withPrincipal('{"Services":"lambda.amazonaws.com","AWS":"111122223333"}')] },
      ],
    },
    {
      name: 'unknown principal type without suggestion',
      code: withPrincipal('{"Principal":"x"}'),
      errors: [{ message: 'Unknown principal type "Principal": IAM accepts only', fixes: [] }],
    },
    {
      name: 'malformed federated and canonical user principals',
      code: withPrincipal('{"Federated":["arn:aws:iam::1111:saml-provider/x","not a domain"],"CanonicalUser":"abc"}'),
      errors: [
        { message: 'Malformed identity provider ARN' },
        { message: 'Invalid federated principal "not a domain"' },
        { message: 'Invalid canonical user id "abc"' },
      ],
    },
    {
      name: 'NotPrincipal is checked too',
      code: V + '{"Effect":"Deny","NotPrincipal":{"AWS":"1111-2222-3333"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}',
      errors: [{ message: '12 digits without separators' }],
    },
  ],
});

describe('iam/principal-invalid in host files', () => {
  const lint = (yaml: string) =>
    lintText(yaml, { data: testData(), kind: 'iam-policy', host: 'cloudformation' }).findings.filter((f) => f.ruleId === 'iam/principal-invalid' || f.ruleId === 'iam/condition-value-type');
  const template = (principal: string, condition: string): string =>
    `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n${principal}\n            Action: kms:Decrypt\n            Resource: "*"\n            Condition:\n${condition}\n`;

  it('values built with !Sub/!Ref are unknown, not wildcards', () => {
    const yaml = template(
      '              AWS: !Sub arn:aws:iam::${AWS::AccountId}:root\n              Service: !Sub "logs.${AWS::Region}.amazonaws.com"',
      '              NumericLessThan:\n                aws:MultiFactorAuthAge: !Sub "${MaxAge}0"',
    );
    assert.deepEqual(lint(yaml).map((f) => f.message), []);
  });

  it('a wildcard written literally in YAML is still reported', () => {
    const yaml = template('              AWS: arn:aws:iam::111122223333:role/*', '              NumericLessThan:\n                aws:MultiFactorAuthAge: one hour');
    assert.deepEqual(lint(yaml).map((f) => f.ruleId), ['iam/principal-invalid', 'iam/condition-value-type']);
  });
});
