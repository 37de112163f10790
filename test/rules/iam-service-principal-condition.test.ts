// Fixtures for iam/service-principal-condition.

import { servicePrincipalCondition } from '../../server/src/engine/rules/iam/servicePrincipalCondition';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
/** A bucket-policy statement allowing `principal` with the given Condition. */
const bucket = (principal: string, condition: string): string =>
  V + `{"Effect":"Allow","Principal":${principal},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":${condition}}]}`;

runRuleTests(servicePrincipalCondition, {
  valid: [
    { name: 'aws:SourceArn (ArnLike)', code: bucket('{"Service":"cloudtrail.amazonaws.com"}', '{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}') },
    { name: 'aws:SourceAccount', code: bucket('{"Service":"delivery.logs.amazonaws.com"}', '{"StringEquals":{"aws:SourceAccount":"111122223333","s3:x-amz-acl":"bucket-owner-full-control"}}') },
    { name: 'aws:SourceOrgID', code: bucket('{"Service":"config.amazonaws.com"}', '{"StringEquals":{"aws:SourceOrgID":"o-a1b2c3d4e5"}}') },
    { name: 'condition keys are case-insensitive', code: bucket('{"Service":"config.amazonaws.com"}', '{"StringEquals":{"AWS:SOURCEACCOUNT":"111122223333"}}') },
    {
      name: 'a KMS key policy binding CloudWatch Logs with its encryption context',
      code: V + '{"Effect":"Allow","Principal":{"Service":"logs.us-east-1.amazonaws.com"},"Action":["kms:Encrypt*","kms:Decrypt*"],"Resource":"*","Condition":{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:us-east-1:111122223333:*"}}}]}',
    },
    { name: 'a trust policy: a service assuming a role is not a confused-deputy case here', code: V + '{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' },
    { name: 'a Deny statement', code: V + '{"Effect":"Deny","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/*"}]}' },
    {
      name: 'aws:PrincipalOrgID for the AWS principals of a statement that also names a service (with a source key)',
      code: bucket('{"AWS":"*","Service":"cloudtrail.amazonaws.com"}', '{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","aws:SourceAccount":"111122223333"}}'),
    },
    { name: 'aws:PrincipalOrgID under a negated operator is left alone', code: bucket('{"Service":"cloudtrail.amazonaws.com"}', '{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}') },
    {
      name: 'half-typed input: wrong JSON types everywhere do not crash the rule',
      policyType: 'resource',
      code:
        V +
        '{"Effect":"Allow","Principal":{"Federated":[1,null,{"a":1}],"Service":true,"AWS":[["x"]]},"Action":{"sts:AssumeRole":1},"Condition":{"StringLike":[1],"ForAnyValue:StringEquals":{"x:aud":{"y":1}}}},{"Effect":"Allow","Principal":{"Service":[]},"Action":[1,2]},{"Effect":"Allow","Principal":7,"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":"aws:SourceArn"}},"oops",[]]}',
    },
    { name: 'no service principal', code: bucket('{"AWS":"arn:aws:iam::111122223333:root"}', '{}') },
  ],
  invalid: [
    {
      name: "a service principal without a source condition (RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"cloudtrail.amazonaws.com\",\"config.amazonaws.com\"]},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringEquals\":{\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}}]}",
      errors: [
        { messageId: "missingSource", severity: "warning", line: 1, column: 80, endLine: 1, endColumn: 106, output: null },
        { messageId: "missingSource", severity: "warning", line: 1, column: 107, endLine: 1, endColumn: 129, output: null },
      ],
    },
    {
      name: "a negated or IfExists source condition does not restrict",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:us-east-1:111122223333:q\",\"Condition\":{\"ArnNotEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:444455556666:t\"},\"StringEqualsIfExists\":{\"aws:SourceAccount\":\"111122223333\"}}}]}",
      errors: [
        { messageId: "missingSource", severity: "warning", line: 1, column: 79, endLine: 1, endColumn: 98, output: null },
      ],
    },
    {
      name: "another global key instead of a source key (RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudfront.amazonaws.com\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringLike\":{\"aws:Referer\":\"https://example.com/*\"}}}]}",
      errors: [
        { messageId: "recommendedSource", severity: "info", line: 1, column: 188, endLine: 1, endColumn: 201, output: null },
      ],
    },
    {
      name: "a key service principals never carry (UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudfront.amazonaws.com\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\",\"aws:PrincipalTag/team\":\"web\"}}}]}",
      errors: [
        { messageId: "unsupportedKey", severity: "error", line: 1, column: 190, endLine: 1, endColumn: 210, output: null },
        { messageId: "unsupportedKey", severity: "error", line: 1, column: 226, endLine: 1, endColumn: 249, output: null },
      ],
    },
    {
      name: "a KMS key policy allowing CloudWatch Logs without a source or encryption-context condition (info in key policies)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"logs.us-east-1.amazonaws.com\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],\"Resource\":\"*\"}]}",
      errors: [
        { messageId: "missingSource", severity: "info", line: 1, column: 79, endLine: 1, endColumn: 109, output: null },
      ],
    },
    {
      name: 'CloudFormation: a service principal built with !Sub is still a service principal',
      host: 'cloudformation',
      code: 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: !Sub logs.${AWS::Region}.amazonaws.com\n            Action: kms:Decrypt\n            Resource: "*"\n',
      errors: [{ messageId: 'missingSource', severity: 'info', line: 10, column: 29, endLine: 10, endColumn: 62, output: null }],
    },
    {
      name: 'a key that restricts something else (aws:SecureTransport) is no source restriction',
      code: bucket('{"Service":"logging.s3.amazonaws.com"}', '{"Bool":{"aws:SecureTransport":"true"}}'),
      errors: [{ messageId: 'missingSource', severity: 'warning', line: 1, column: 79, endLine: 1, endColumn: 105, output: null }],
    },
  ],
});
