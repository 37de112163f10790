// Fixtures for iam/pass-role-wildcard: Access Analyzer's six PASS_ROLE_WITH_* checks, each with its own message.

import { passRoleWildcard } from '../../server/src/engine/rules/iam/passRoleWildcard';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
const S = (statement: string): string => V + statement + ']}';

/** Line and columns of the `nth` occurrence of `needle` in a one-line `code`. */
function at(code: string, needle: string, nth = 1): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) index = code.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} is not in ${code}`);
  return { line: 1, column: index + 1, endLine: 1, endColumn: index + 1 + needle.length };
}

const named = S('{"Effect":"Allow","Action":["lambda:CreateFunction","iam:PassRole"],"Resource":"*"}');
const passStar = S('{"Effect":"Allow","Action":"iam:Pass*","Resource":"arn:aws:iam::*:role/*"}');
const iamStar = S('{"Effect":"Allow","Action":"iam:*","Resource":"*"}');
const notAction = S('{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}');
const otherCondition = S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}');
const negated = S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringNotEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}');
const starService = S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringLike":{"iam:PassedToService":"*"}}}');
const accountRoles = S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/*"}');
const allIam = S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:*"}');
const notResource = S('{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::111122223333:role/admin"}');
const wildcardNotResource = S('{"Effect":"Allow","Action":"iam:Pass*","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket"}');
const notActionNotResource = S('{"Effect":"Allow","NotAction":"s3:*","NotResource":"arn:aws:iam::111122223333:role/admin"}');
const bothNamedAndWildcard = S('{"Effect":"Allow","Action":["iam:Get*","iam:PassRole"],"Resource":"*"}');
/** Line and columns (1-based) of `needle` in a multi-line `code`. */
function atText(code: string, needle: string): { line: number; column: number; endLine: number; endColumn: number } {
  const index = code.indexOf(needle);
  if (index < 0) throw new Error(`${needle} is not in ${code}`);
  const before = code.slice(0, index).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  return { line, column, endLine: line, endColumn: column + needle.length };
}

const CFN = (resource: string): string =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: iam:PassRole\n            Resource: ${resource}\n`;
const cfnEveryRole = CFN('!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*');
const unknownAccount = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::${var.account}:role/*" }] })\n}\n';

runRuleTests(passRoleWildcard, {
  valid: [
    { name: 'named role', code: S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/tonic-lambda-role"}') },
    { name: 'roles under one path', code: S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/service-role/*"}') },
    { name: 'roles with a name prefix', code: S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/AmazonSageMaker*"}') },
    { name: 'restricted by iam:PassedToService', code: S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}') },
    { name: 'restricted by iam:AssociatedResourceArn', code: S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"ArnLike":{"iam:AssociatedResourceARN":"arn:aws:ec2:*:111122223333:instance/*"}}}') },
    { name: 'NotResource restricted by iam:PassedToService', code: S('{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::111122223333:role/admin","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}') },
    { name: 'Deny', code: S('{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}') },
    { name: 'Deny with NotResource', code: S('{"Effect":"Deny","Action":"iam:PassRole","NotResource":"arn:aws:iam::111122223333:role/app"}') },
    { name: 'wildcard that does not cover PassRole', code: S('{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}') },
    { name: 'NotAction that excludes it', code: S('{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}') },
    { name: 'NotAction that excludes it, with NotResource', code: S('{"Effect":"Allow","NotAction":["iam:PassRole","s3:*"],"NotResource":"arn:aws:s3:::amzn-s3-demo-bucket"}') },
    { name: 'a NotResource that excludes every role leaves no role to pass', code: S('{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::*:role/*"}') },
    { name: '"*" on "*" is iam/full-admin\'s finding', code: S('{"Effect":"Allow","Action":"*","Resource":"*"}') },
    { name: 'an SCP grants nothing', policyType: 'scp', code: S('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}') },
    { name: 'half-typed statement', code: S('{"Effect":"Allow","Action":"iam:PassRole","Resource":') },
    { name: 'wrong types everywhere', code: S('{"Effect":"Allow","Action":{"a":1},"NotResource":[1,null],"Condition":[]},{"Effect":"Allow","NotAction":7,"Resource":true}') },
    {
      name: 'an unknown role name (Terraform) is not every role',
      host: 'terraform',
      code: 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::111122223333:role/${var.role}" }] })\n}\n',
    },
    { name: 'CloudFormation: a role named by a parameter is not every role', host: 'cloudformation', code: CFN('!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${RoleName}') },
    {
      name: 'an unknown NotResource might exclude every role',
      host: 'terraform',
      code: 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", NotResource = var.excluded }] })\n}\n',
    },
  ],
  invalid: [
    {
      name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE: iam:PassRole on "*"',
      code: named,
      errors: [{ messageId: 'passRoleOnEveryRole', message: 'allows iam:PassRole on every role', ...at(named, '"iam:PassRole"'), severity: 'warning', output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE: every role of one account',
      code: accountRoles,
      errors: [{ messageId: 'passRoleOnEveryRole', ...at(accountRoles, '"iam:PassRole"'), output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE: every IAM resource',
      code: allIam,
      errors: [{ messageId: 'passRoleOnEveryRole', ...at(allIam, '"iam:PassRole"'), output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE: an unknown account (Terraform) is still every role of that account',
      host: 'terraform',
      code: unknownAccount,
      errors: [{ messageId: 'passRoleOnEveryRole', line: 2, column: 91, endLine: 2, endColumn: 105, output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE: CloudFormation, every role of the stack\'s account (!Sub)',
      host: 'cloudformation',
      code: cfnEveryRole,
      errors: [{ messageId: 'passRoleOnEveryRole', ...atText(cfnEveryRole, 'iam:PassRole'), output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: through iam:Pass* on every role of every account',
      code: passStar,
      errors: [{ messageId: 'passRoleWildcardOnEveryRole', message: 'iam:PassRole (through "iam:Pass*")', ...at(passStar, '"iam:Pass*"'), output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: through iam:*',
      code: iamStar,
      errors: [{ messageId: 'passRoleWildcardOnEveryRole', message: 'through "iam:*"', ...at(iamStar, '"iam:*"'), output: null }],
    },
    {
      name: 'the named action is reported rather than a wildcard beside it',
      code: bothNamedAndWildcard,
      errors: [{ messageId: 'passRoleOnEveryRole', ...at(bothNamedAndWildcard, '"iam:PassRole"'), output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION: a NotAction that does not exclude it',
      code: notAction,
      errors: [{ messageId: 'passRoleNotActionOnEveryRole', message: 'its "NotAction" does not exclude it', ...at(notAction, '"NotAction"'), output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_NOTRESOURCE',
      code: notResource,
      errors: [{ messageId: 'passRoleWithNotResource', message: 'on every role its "NotResource" does not list', ...at(notResource, '"iam:PassRole"'), severity: 'warning', output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE',
      code: wildcardNotResource,
      errors: [{ messageId: 'passRoleWildcardWithNotResource', message: 'through "iam:Pass*"', ...at(wildcardNotResource, '"iam:Pass*"'), output: null }],
    },
    {
      name: 'PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE',
      code: notActionNotResource,
      errors: [{ messageId: 'passRoleNotActionWithNotResource', ...at(notActionNotResource, '"NotAction"'), output: null }],
    },
    {
      name: 'a condition on something else does not restrict it',
      code: otherCondition,
      errors: [{ messageId: 'passRoleOnEveryRole', message: 'iam:PassedToService', ...at(otherCondition, '"iam:PassRole"'), output: null }],
    },
    {
      name: 'a negated iam:PassedToService condition does not restrict it',
      code: negated,
      errors: [{ messageId: 'passRoleOnEveryRole', ...at(negated, '"iam:PassRole"'), output: null }],
    },
    {
      name: 'an iam:PassedToService condition of "*" does not restrict it',
      code: starService,
      errors: [{ messageId: 'passRoleOnEveryRole', ...at(starService, '"iam:PassRole"'), output: null }],
    },
  ],
});
