// Fixtures for iam/principal-invalid.

import { principalInvalid } from '../../server/src/engine/rules/iam/principalInvalid';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
/** A bucket-policy statement with the given Principal value; the value starts at column 68. */
const withPrincipal = (principal: string): string => V + `{"Effect":"Allow","Principal":${principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`;

/** A CloudFormation KMS key policy with the given Principal entries and Condition operators (YAML lines). */
const CFN = (principal: string, condition: string): string =>
  `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n${principal}\n            Action: kms:Decrypt\n            Resource: "*"\n            Condition:\n${condition}\n`;
/** A Terraform bucket policy whose AWS principal is `principal` (HCL). */
const TF = (principal: string): string =>
  `resource "aws_s3_bucket_policy" "b" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { AWS = ${principal} }, Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]\n  })\n}\n`;

runRuleTests(principalInvalid, {
  valid: [
    {
      name: 'CloudFormation values built with !Sub are unknown, not wildcards',
      host: 'cloudformation',
      code: CFN(
        '              AWS: !Sub arn:aws:iam::${AWS::AccountId}:root\n              Service: !Sub "logs.${AWS::Region}.amazonaws.com"',
        '              NumericLessThan:\n                aws:MultiFactorAuthAge: !Sub "${MaxAge}0"',
      ),
    },
    { name: 'an interpolated Terraform principal is unknown', host: 'terraform', code: TF('"${var.role_arn}"') },
    { name: 'a literal "*" in Terraform is everyone (iam/public-principal\'s), not malformed', host: 'terraform', code: TF('"*"') },
    { name: 'everyone', code: withPrincipal('"*"') },
    {
      name: 'account ids, root, users and roles with paths, assumed roles, federated users',
      code: withPrincipal(
        '{"AWS":["*","111122223333","arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/division/alice","arn:aws:iam::111122223333:role/service-role/my-role","arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com","arn:aws:sts::111122223333:federated-user/bob","arn:aws-cn:iam::111122223333:root","arn:aws-us-gov:iam::111122223333:role/r"]}',
      ),
    },
    { name: 'seed 004 account root', code: withPrincipal('{"AWS":["arn:aws:iam::467398596935:root"]}') },
    { name: 'CloudFront origin access identity', code: withPrincipal('{"AWS":["arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"]}') },
    {
      name: 'service principals, regional and China forms',
      code: withPrincipal('{"Service":["lambda.amazonaws.com","logs.us-east-1.amazonaws.com","delivery.logs.amazonaws.com","ec2.amazonaws.com.cn","alexa-appkit.amazon.com"]}'),
    },
    {
      name: 'federated: SAML/OIDC providers and web identity domains',
      code: withPrincipal('{"Federated":["arn:aws:iam::111122223333:saml-provider/ADFS","arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com","cognito-identity.amazonaws.com","accounts.google.com"]}'),
      policyType: 'trust',
    },
    { name: 'canonical user', code: withPrincipal('{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}') },
    {
      name: 'known service principals: listed names, service prefixes, regional, sub-service and other-partition forms',
      code: withPrincipal(
        '{"Service":["ecs-tasks.amazonaws.com","states.eu-west-1.amazonaws.com","logs.us-gov-west-1.amazonaws.com","replication.dynamodb.amazonaws.com","edgelambda.amazonaws.com","sqs.amazonaws.com.cn","vpc-flow-logs.amazonaws.com"]}',
      ),
    },
    { name: 'an unknown service principal far from every known one is taken as written', code: withPrincipal('{"Service":"brand-new-thing.amazonaws.com"}') },
    { name: 'three edits from a known principal is a resemblance, not a typo (monitoring, monitron)', code: withPrincipal('{"Service":"monitoring.amazonaws.com"}') },
    {
      name: 'a Federated principal in an inferred resource policy that names sts: actions may be a trust policy',
      code: V + '{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":["sts:AssumeRoleWithWebIdentity","s3:GetObject"]}]}',
    },
    { name: 'a Federated principal in a trust policy', code: withPrincipal('{"Federated":"accounts.google.com"}'), policyType: 'trust' },
    { name: 'placeholders are left to iam/placeholder (seed 003)', code: withPrincipal('{"AWS":"<account-a-agent-task-role-arn>"}') },
  ],
  invalid: [
    {
      name: 'a string principal other than "*" is wrapped into {"AWS": …}',
      code: withPrincipal('"arn:aws:iam::111122223333:root"'),
      errors: [
        {
          messageId: 'bareString',
          message: 'as a string can only be "*"',
          line: 1, column: 68, endLine: 1, endColumn: 100,
          output: withPrincipal('{ "AWS": "arn:aws:iam::111122223333:root" }'),
        },
      ],
    },
    {
      name: 'a string service principal is wrapped into {"Service": …}',
      code: withPrincipal('"lambda.amazonaws.com"'),
      errors: [{ messageId: 'bareString', line: 1, column: 68, endLine: 1, endColumn: 90, output: withPrincipal('{ "Service": "lambda.amazonaws.com" }') }],
    },
    {
      name: 'account id with dashes',
      code: withPrincipal('{"AWS":"1111-2222-3333"}'),
      errors: [
        {
          messageId: 'accountIdSeparators',
          message: '12 digits without separators',
          line: 1, column: 75, endLine: 1, endColumn: 91,
          output: withPrincipal('{"AWS":"111122223333"}'),
        },
      ],
    },
    {
      name: 'account id with 11 digits',
      code: withPrincipal('{"AWS":"11112222333"}'),
      errors: [{ messageId: 'invalidAccountId', message: 'exactly 12 digits (11 here)', line: 1, column: 75, endLine: 1, endColumn: 88, output: null }],
    },
    {
      name: 'wildcard inside a principal ARN',
      code: withPrincipal('{"AWS":"arn:aws:iam::111122223333:role/*"}'),
      errors: [
        { messageId: 'wildcardInArn', message: 'Wildcards are not allowed inside a principal ARN', line: 1, column: 75, endLine: 1, endColumn: 109, output: null },
      ],
    },
    {
      name: 'a group is not a principal',
      code: withPrincipal('{"AWS":"arn:aws:iam::111122223333:group/admins"}'),
      errors: [{ messageId: 'groupPrincipal', message: 'An IAM group cannot be a principal', line: 1, column: 75, endLine: 1, endColumn: 115, output: null }],
    },
    {
      name: 'role written as an sts ARN',
      code: withPrincipal('{"AWS":"arn:aws:sts::111122223333:role/Admin"}'),
      errors: [
        {
          messageId: 'stsRoleArn',
          message: 'sts ARNs are for assumed-role sessions',
          line: 1, column: 75, endLine: 1, endColumn: 113,
          output: null,
          suggestions: [{ title: 'Change to "arn:aws:iam::111122223333:role/Admin"', output: withPrincipal('{"AWS":"arn:aws:iam::111122223333:role/Admin"}') }],
        },
      ],
    },
    {
      name: 'service and provider under AWS, ARN under Service',
      code: withPrincipal('{"AWS":["lambda.amazonaws.com","arn:aws:iam::111122223333:saml-provider/x"],"Service":"arn:aws:iam::111122223333:root"}'),
      errors: [
        { messageId: 'serviceUnderAws', message: 'it belongs under "Service", not "AWS"', line: 1, column: 76, endLine: 1, endColumn: 98, output: null },
        { messageId: 'providerUnderAws', message: 'An identity provider ARN belongs under "Federated"', line: 1, column: 99, endLine: 1, endColumn: 142, output: null },
        { messageId: 'accountUnderService', message: 'it belongs under "AWS", not "Service"', line: 1, column: 154, endLine: 1, endColumn: 186, output: null },
      ],
    },
    {
      name: 'a user name is not a principal',
      code: withPrincipal('{"AWS":"alice"}'),
      errors: [{ messageId: 'malformedAws', message: 'Malformed AWS principal "alice"', line: 1, column: 75, endLine: 1, endColumn: 82, output: null }],
    },
    {
      name: '"Service": "*" is rejected',
      code: withPrincipal('{"Service":"*"}'),
      errors: [
        { messageId: 'serviceWildcard', message: '"Service": "*" is not allowed', line: 1, column: 79, endLine: 1, endColumn: 82, severity: 'error', output: null },
      ],
    },
    {
      name: 'service name without its domain',
      code: withPrincipal('{"Service":"lambda"}'),
      errors: [
        {
          messageId: 'serviceMissingDomain',
          message: 'missing its domain',
          line: 1, column: 79, endLine: 1, endColumn: 87,
          output: null,
          suggestions: [{ title: 'Change to "lambda.amazonaws.com"', output: withPrincipal('{"Service":"lambda.amazonaws.com"}') }],
        },
      ],
    },
    {
      name: 'a name that is not a service prefix gets no guessed domain',
      code: withPrincipal('{"Service":"mybackupservice"}'),
      errors: [{ messageId: 'serviceMissingDomain', message: 'missing its domain', line: 1, column: 79, endLine: 1, endColumn: 96, output: null }],
    },
    {
      name: 'service principal on a wrong domain',
      code: withPrincipal('{"Service":"lambda.amazon.com.au"}'),
      errors: [
        {
          messageId: 'serviceDidYouMean',
          message: 'did you mean "lambda.amazonaws.com"',
          line: 1, column: 79, endLine: 1, endColumn: 101,
          output: null,
          suggestions: [{ title: 'Change to "lambda.amazonaws.com"', output: withPrincipal('{"Service":"lambda.amazonaws.com"}') }],
        },
      ],
    },
    {
      name: 'upper-case service principal is a warning',
      code: withPrincipal('{"Service":"Lambda.amazonaws.com"}'),
      errors: [
        {
          messageId: 'serviceUpperCase',
          message: 'lower case',
          line: 1, column: 79, endLine: 1, endColumn: 101,
          severity: 'warning',
          output: withPrincipal('{"Service":"lambda.amazonaws.com"}'),
        },
      ],
    },
    {
      name: 'misspelled principal types',
      code: withPrincipal('{"Services":"lambda.amazonaws.com","aws":"111122223333"}'),
      errors: [
        {
          messageId: 'unknownType',
          message: 'Unknown principal type "Services" — did you mean "Service"?',
          line: 1, column: 69, endLine: 1, endColumn: 79,
          output: withPrincipal('{"Service":"lambda.amazonaws.com","aws":"111122223333"}'),
        },
        {
          messageId: 'unknownType',
          message: 'Unknown principal type "aws" — did you mean "AWS"?',
          line: 1, column: 103, endLine: 1, endColumn: 108,
          output: withPrincipal('{"Services":"lambda.amazonaws.com","AWS":"111122223333"}'),
        },
      ],
    },
    {
      name: 'unknown principal type without suggestion',
      code: withPrincipal('{"Principal":"x"}'),
      errors: [
        { messageId: 'unknownType', message: 'Unknown principal type "Principal": IAM accepts only', line: 1, column: 69, endLine: 1, endColumn: 80, output: null },
      ],
    },
    {
      name: 'malformed federated and canonical user principals',
      code: withPrincipal('{"Federated":["arn:aws:iam::1111:saml-provider/x","not a domain"],"CanonicalUser":"abc"}'),
      policyType: 'trust',
      errors: [
        { messageId: 'malformedProviderArn', message: 'Malformed identity provider ARN', line: 1, column: 82, endLine: 1, endColumn: 117, output: null },
        { messageId: 'invalidFederated', message: 'Invalid federated principal "not a domain"', line: 1, column: 118, endLine: 1, endColumn: 132, output: null },
        { messageId: 'invalidCanonicalUser', message: 'Invalid canonical user id "abc"', line: 1, column: 150, endLine: 1, endColumn: 155, output: null },
      ],
    },
    {
      name: 'a wildcard written literally in CloudFormation YAML is still reported',
      host: 'cloudformation',
      code: CFN('              AWS: arn:aws:iam::111122223333:role/*', '              NumericLessThan:\n                aws:MultiFactorAuthAge: one hour'),
      errors: [{ messageId: 'wildcardInArn', line: 10, column: 20, endLine: 10, endColumn: 52, output: null }],
    },
    {
      name: 'unknown service principals one typo from a known one warn with a did-you-mean (the Region kept)',
      code: withPrincipal('{"Service":["lamda.amazonaws.com","lamda.us-east-1.amazonaws.com"]}'),
      errors: [
        {
          messageId: 'unknownService',
          message: 'Unknown service principal "lamda.amazonaws.com" — did you mean "lambda.amazonaws.com"?',
          severity: 'warning',
          line: 1, column: 80, endLine: 1, endColumn: 101,
          output: null,
          suggestions: [{ title: 'Change to "lambda.amazonaws.com"', output: withPrincipal('{"Service":["lambda.amazonaws.com","lamda.us-east-1.amazonaws.com"]}') }],
        },
        {
          messageId: 'unknownService',
          severity: 'warning',
          line: 1, column: 102, endLine: 1, endColumn: 133,
          output: null,
          suggestions: [{ title: 'Change to "lambda.us-east-1.amazonaws.com"', output: withPrincipal('{"Service":["lamda.amazonaws.com","lambda.us-east-1.amazonaws.com"]}') }],
        },
      ],
    },
    {
      name: 'a service brand instead of its principal name (eventbridge → events)',
      code: withPrincipal('{"Service":"eventbridge.amazonaws.com"}'),
      errors: [
        {
          messageId: 'unknownService',
          severity: 'warning',
          line: 1, column: 79, endLine: 1, endColumn: 106,
          output: null,
          suggestions: [{ title: 'Change to "events.amazonaws.com"', output: withPrincipal('{"Service":"events.amazonaws.com"}') }],
        },
      ],
    },
    {
      name: 'a misspelt amazonaws.com domain warns with a did-you-mean',
      code: withPrincipal('{"Service":"ec2.amazonaw.com"}'),
      errors: [
        {
          messageId: 'serviceDidYouMean',
          severity: 'warning',
          line: 1, column: 79, endLine: 1, endColumn: 97,
          output: null,
          suggestions: [{ title: 'Change to "ec2.amazonaws.com"', output: withPrincipal('{"Service":"ec2.amazonaws.com"}') }],
        },
      ],
    },
    {
      name: 'role and user unique ids warn (INVALID_ROLE_REFERENCE, INVALID_USER_REFERENCE)',
      code: withPrincipal('{"AWS":["AROAJQABLZS4A3QDU576Q","AIDAJQABLZS4A3QDU576Q"]}'),
      errors: [
        { messageId: 'roleUniqueId', message: 'unique id of an IAM role', severity: 'warning', line: 1, column: 76, endLine: 1, endColumn: 99, output: null },
        { messageId: 'userUniqueId', message: 'unique id of an IAM user', severity: 'warning', line: 1, column: 100, endLine: 1, endColumn: 123, output: null },
      ],
    },
    {
      name: 'a Federated principal in a resource policy (FEDERATED_PRINCIPAL_NOT_SUPPORTED), inferred or configured',
      code: withPrincipal('{"Federated":"arn:aws:iam::111122223333:saml-provider/ADFS"}'),
      errors: [{ messageId: 'federatedNotSupported', message: 'a resource policy does not accept "Federated"', severity: 'error', line: 1, column: 81, endLine: 1, endColumn: 127, output: null }],
    },
    {
      name: 'a Federated principal in a configured resource policy is reported even with sts: actions',
      code: V + '{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}',
      policyType: 'resource',
      errors: [{ messageId: 'federatedNotSupported', line: 1, column: 81, endLine: 1, endColumn: 102, output: null }],
    },
    {
      name: 'NotPrincipal is checked too',
      code: V + '{"Effect":"Deny","NotPrincipal":{"AWS":"1111-2222-3333"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}',
      errors: [
        {
          messageId: 'accountIdSeparators',
          message: '12 digits without separators',
          line: 1, column: 77, endLine: 1, endColumn: 93,
          output: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}',
        },
      ],
    },
  ],
});
