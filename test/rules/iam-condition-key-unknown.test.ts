// Fixtures for iam/condition-key-unknown.

import { conditionKeyUnknown } from '../../server/src/engine/rules/iam/conditionKeyUnknown';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const statement = (action: string, resource: string, condition: string) =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${action},"Resource":${resource},"Condition":${condition}}]}`;

const prefixOnGetObject = statement('"s3:GetObject"', '"arn:aws:s3:::b/*"', '{"StringLike":{"s3:prefix":"home/*"}}');
const misspeltGlobal = statement('"s3:GetObject"', '"*"', '{"Bool":{"aws:SecureTransports":"true"}}');
const misspeltService = statement('"s3:ListBucket"', '"*"', '{"StringLike":{"s3:prefixes":"a/*"}}');
const unknownPrefix = statement('"s3:ListBucket"', '"*"', '{"StringEquals":{"s3x:prefix":"a"}}');
const malformed = statement('"s3:ListBucket"', '"*"', '{"StringEquals":{"prefix":"a"}}');
const missingTag = statement('"ec2:StopInstances"', '"*"', '{"StringEquals":{"aws:ResourceTag":"a","aws:RequestTag/":"b","ec2:ResourceTag":"c"}}');
const arnKey = statement('"s3:GetObject"', '"*"', '{"ArnEquals":{"aws:ARN":"arn:aws:iam::111122223333:role/r"}}');
const duplicateCase = statement('"s3:GetObject"', '"*"', '{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d","aws:sourcevpce":"vpce-5e6f7a8b"}}');
const otherService = statement('["sqs:SendMessage"]', '"*"', '{"StringEquals":{"dynamodb:LeadingKeys":"a"}}');

runRuleTests(conditionKeyUnknown, {
  valid: [
    { name: 's3:prefix on ListBucket', code: statement('"s3:ListBucket"', '"arn:aws:s3:::b"', '{"StringLike":{"s3:prefix":["home/*"]}}') },
    { name: 'global keys, any case', code: statement('"s3:GetObject"', '"*"', '{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"AWS:SourceAccount":"123456789012","aws:PrincipalOrgID":"o-abc"}}') },
    { name: 'tag keys with a tail', code: statement('["ec2:RunInstances"]', '"*"', '{"StringEquals":{"aws:RequestTag/team":"a","aws:ResourceTag/env":"prod","ec2:ResourceTag/owner":"x"}}') },
    { name: 'S3 object tag templates (<key>)', code: statement('"s3:GetObject"', '"*"', '{"StringEquals":{"s3:ExistingObjectTag/classification":"public"}}') },
    { name: 'resource-type keys count (kms key policy)', code: statement('["kms:Decrypt"]', '"*"', '{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com","kms:CallerAccount":"123456789012"}}') },
    { name: 'iam:PassedToService on PassRole', code: statement('"iam:PassRole"', '"*"', '{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}') },
    { name: 'trust policy: sts:ExternalId on AssumeRole', code: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}' },
    { name: 'trust policy: OIDC provider keys', code: '{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:o/r:*"}}}]}' },
    { name: 'SAML keys', code: '{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/idp"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}' },
    { name: 'with * or NotAction we cannot tell which actions apply', code: '{"Statement":[{"Effect":"Deny","NotAction":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"s3:prefix":"a"}}},{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"a"}}}]}' },
    { name: 'wildcard actions: union of the expansion', code: statement('"s3:List*"', '"*"', '{"StringLike":{"s3:prefix":"a"}}') },
    { name: 'keys an action lists under another namespace', code: statement('"ec2-instance-connect:SendSSHPublicKey"', '"*"', '{"StringEquals":{"ec2:osuser":"ec2-user"}}') },
    { name: 'cognito-identity-unauth keys', code: statement('"cognito-identity:GetOpenIdToken"', '"*"', '{"StringEquals":{"cognito-identity-unauth:AccountId":"123456789012"}}') },
    { name: 'placeholder keys are iam/placeholder’s', code: statement('"s3:ListBucket"', '"*"', '{"StringLike":{"<key>":"a"}}') },
    // Regressions from the AWS managed-policy audit (docs/accuracy.md), each derived from the policy named.
    {
      // AmazonRedshiftServiceLinkedRolePolicy: the reference spells the variable literally (secretsmanager:ResourceTag/tag-key).
      name: 'tag-key spelt literally in the reference is a template',
      code: statement('["secretsmanager:DescribeSecret"]', '"arn:aws:secretsmanager:*:*:secret:redshift!*"', '{"StringEquals":{"secretsmanager:ResourceTag/aws:secretsmanager:owningService":"redshift"}}'),
    },
    {
      // AmazonSageMakerSpacesControllerPolicy: ssm:resourceTag/tag-key, lower-case r in the reference.
      name: 'ssm:resourceTag/<tag> on DeregisterManagedInstance',
      code: statement('["ssm:DeregisterManagedInstance"]', '"arn:aws:ssm:*:*:managed-instance/*"', '{"StringEquals":{"ssm:resourceTag/sagemaker.amazonaws.com/managed-by":"amazon-sagemaker-spaces"}}'),
    },
    {
      // AWSEC2VssSnapshotPolicy: a cross-service key, in every request made with an instance role.
      name: 'cross-service key ec2:SourceInstanceARN',
      code: statement('["ec2:CreateSnapshots"]', '["arn:aws:ec2:*:*:instance/*"]', '{"ArnLike":{"ec2:SourceInstanceARN":"arn:aws:ec2:*:*:instance/${ec2:InstanceId}"}}'),
    },
    {
      // SageMakerStudioProjectUserRolePermissionsBoundary: lambda:SourceFunctionArn on an S3 action.
      name: 'cross-service key lambda:SourceFunctionArn',
      code: statement('["s3:ListBucket"]', '["arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}"]', '{"ArnEquals":{"lambda:SourceFunctionArn":"arn:aws:lambda:*:*:function:athenafederatedcatalog_*"}}'),
    },
    {
      // AWSIoTTwinMakerServiceRolePolicy: the reference defines the key but attaches it to no action.
      name: 'a service key no action lists cannot be judged',
      code: statement('["iottwinmaker:GetEntity"]', '["arn:aws:iottwinmaker:*:*:workspace/*"]', '{"ForAnyValue:StringEquals":{"iottwinmaker:linkedServices":["IOTSITEWISE"]}}'),
    },
    {
      // AWSDeepRacerAccountAdminAccess: a retired service's keys (iam/unknown-service warns about its actions).
      name: 'keys of a retired service',
      code: statement('["deepracer:*"]', '["*"]', '{"Null":{"deepracer:UserToken":"true"}}'),
    },
    { name: 'tag keys with a tag name, S3 object tags', code: statement('"s3:GetObject"', '"*"', '{"StringEquals":{"aws:ResourceTag/team":"a","s3:ExistingObjectTag/team":"b","aws:PrincipalTag/team":"c"}}') },
    { name: 'the same key in two blocks, in different case', code: statement('"s3:GetObject"', '"*"', '{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"},"StringLike":{"aws:sourcevpce":"vpce-*"}}') },
    { name: 'aws:PrincipalArn and aws:SourceArn', code: statement('"s3:GetObject"', '"*"', '{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/r","aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:t"}}') },
  ],
  invalid: [
    {
      name: 'tag keys without a tag name',
      code: missingTag,
      errors: [
        { messageId: 'missingTagKey', message: '"aws:ResourceTag" needs a tag key: write aws:ResourceTag/tag-key', ...spanOf(missingTag, '"aws:ResourceTag"'), severity: 'error', output: null },
        { messageId: 'missingTagKey', message: 'write aws:RequestTag/tag-key', ...spanOf(missingTag, '"aws:RequestTag/"'), severity: 'error', output: null },
        { messageId: 'missingTagKey', message: 'write ec2:ResourceTag/tag-key', ...spanOf(missingTag, '"ec2:ResourceTag"'), severity: 'error', output: null },
      ],
    },
    {
      name: 'aws:ARN is not supported',
      code: arnKey,
      errors: [
        {
          messageId: 'deprecatedGlobalKey',
          message: 'use aws:PrincipalArn',
          ...spanOf(arnKey, '"aws:ARN"'),
          severity: 'error',
          output: null,
          suggestions: [
            { title: 'Change to "aws:PrincipalArn"', output: arnKey.replace('"aws:ARN"', '"aws:PrincipalArn"') },
            { title: 'Change to "aws:SourceArn"', output: arnKey.replace('"aws:ARN"', '"aws:SourceArn"') },
          ],
        },
      ],
    },
    {
      name: 'the same key twice in one block, in different case',
      code: duplicateCase,
      errors: [
        { messageId: 'duplicateKeyCase', message: '"aws:sourcevpce" repeats "aws:SourceVpce"', ...spanOf(duplicateCase, '"aws:sourcevpce"'), severity: 'error', output: null },
      ],
    },
    {
      name: 's3:prefix on GetObject is never in the request',
      code: prefixOnGetObject,
      errors: [
        {
          messageId: 'unsupportedByActions',
          message: '"s3:prefix" is not supported by any action of this statement (s3:GetObject)',
          ...spanOf(prefixOnGetObject, '"s3:prefix"'),
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 'misspelt global key',
      code: misspeltGlobal,
      errors: [
        {
          messageId: 'unknownGlobalKey',
          message: '"aws:SecureTransports" is not a global condition key. Did you mean "aws:SecureTransport"',
          ...spanOf(misspeltGlobal, '"aws:SecureTransports"'),
          output: null,
        },
      ],
    },
    {
      name: 'misspelt service key',
      code: misspeltService,
      errors: [
        {
          messageId: 'unknownServiceKey',
          message: '"s3:prefixes" is not a condition key of s3. Did you mean "s3:prefix"',
          ...spanOf(misspeltService, '"s3:prefixes"'),
          output: null,
        },
      ],
    },
    {
      name: 'unknown service prefix',
      code: unknownPrefix,
      errors: [
        { messageId: 'unknownServicePrefix', message: '"s3x" in "s3x:prefix" is not an AWS service prefix', ...spanOf(unknownPrefix, '"s3x:prefix"'), output: null },
      ],
    },
    {
      name: 'no prefix at all',
      code: malformed,
      errors: [{ messageId: 'notAKey', message: '"prefix" is not a condition key: keys have the form service:name', ...spanOf(malformed, '"prefix"'), output: null }],
    },
    {
      name: 'key of another service',
      code: otherService,
      errors: [
        {
          messageId: 'unsupportedByActions',
          message: '"dynamodb:LeadingKeys" is not supported by any action of this statement (sqs:SendMessage)',
          ...spanOf(otherService, '"dynamodb:LeadingKeys"'),
          output: null,
        },
      ],
    },
  ],
});
