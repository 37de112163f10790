// Fixtures for iam/create-slr-wildcard: Access Analyzer's six CREATE_SLR_WITH_* checks, each with its own message.

import { createSlrWildcard } from '../../server/src/engine/rules/iam/createSlrWildcard';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
const S = (statement: string): string => V + statement + ']}';

/** Line and columns of `needle` in a one-line `code`. */
function at(code: string, needle: string): { line: number; column: number; endLine: number; endColumn: number } {
  const index = code.indexOf(needle);
  if (index < 0) throw new Error(`${needle} is not in ${code}`);
  return { line: 1, column: index + 1, endLine: 1, endColumn: index + 1 + needle.length };
}

const named = S('{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:ListRoles"],"Resource":"*"}');
const everySlr = S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"arn:aws:iam::*:role/aws-service-role/*"}');
const createStar = S('{"Effect":"Allow","Action":"iam:Create*","Resource":"*"}');
const notAction = S('{"Effect":"Allow","NotAction":["s3:*","ec2:*"],"Resource":"*"}');
const notResource = S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","NotResource":"arn:aws:iam::*:role/aws-service-role/support.amazonaws.com/*"}');
const wildcardNotResource = S('{"Effect":"Allow","Action":"iam:*","NotResource":"arn:aws:iam::111122223333:user/*"}');
const notActionNotResource = S('{"Effect":"Allow","NotAction":"s3:*","NotResource":"arn:aws:s3:::amzn-s3-demo-bucket"}');
const negated = S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringNotEquals":{"iam:AWSServiceName":"support.amazonaws.com"}}}');
const starService = S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringLike":{"iam:AWSServiceName":"*"}}}');

runRuleTests(createSlrWildcard, {
  valid: [
    {
      name: 'restricted by iam:AWSServiceName (as AWS managed policies do)',
      code: S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringEquals":{"iam:AWSServiceName":["ecs.amazonaws.com","elasticloadbalancing.amazonaws.com"]}}}'),
    },
    {
      name: 'restricted by iam:AWSServiceName with StringLike on a pattern',
      code: S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*","Condition":{"StringLike":{"iam:AWSServiceName":"*.sagemaker.amazonaws.com"}}}'),
    },
    {
      name: 'one service\'s service-linked role',
      code: S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*"}'),
    },
    { name: 'Deny', code: S('{"Effect":"Deny","Action":"iam:CreateServiceLinkedRole","Resource":"*"}') },
    { name: 'a wildcard that does not cover it', code: S('{"Effect":"Allow","Action":["iam:Get*","iam:CreateRole"],"Resource":"*"}') },
    { name: 'a NotAction that excludes it', code: S('{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}') },
    { name: 'a NotResource that excludes every role', code: S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","NotResource":"arn:aws:iam::*:role/*"}') },
    { name: '"*" on "*" is iam/full-admin\'s finding', code: S('{"Effect":"Allow","Action":"*","Resource":"*"}') },
    { name: 'an SCP grants nothing', policyType: 'scp', code: S('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*"}') },
    { name: 'wrong types everywhere', code: S('{"Effect":"Allow","Action":[{"x":1}],"Resource":[null],"Condition":"x"},{"Effect":"Allow","NotAction":null,"NotResource":{}}') },
    {
      name: 'an unknown service name (Terraform) is a restriction',
      host: 'terraform',
      code: 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:CreateServiceLinkedRole", Resource = "*", Condition = { StringEquals = { "iam:AWSServiceName" = var.service } } }] })\n}\n',
    },
  ],
  invalid: [
    {
      name: 'CREATE_SLR_WITH_STAR_IN_RESOURCE',
      code: named,
      errors: [{ messageId: 'createSlrOnEveryRole', message: 'for every service', ...at(named, '"iam:CreateServiceLinkedRole"'), severity: 'warning', output: null }],
    },
    {
      name: 'CREATE_SLR_WITH_STAR_IN_RESOURCE: every service-linked role',
      code: everySlr,
      errors: [{ messageId: 'createSlrOnEveryRole', ...at(everySlr, '"iam:CreateServiceLinkedRole"'), output: null }],
    },
    {
      name: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
      code: createStar,
      errors: [{ messageId: 'createSlrWildcardOnEveryRole', message: 'through "iam:Create*"', ...at(createStar, '"iam:Create*"'), output: null }],
    },
    {
      name: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION',
      code: notAction,
      errors: [{ messageId: 'createSlrNotActionOnEveryRole', ...at(notAction, '"NotAction"'), output: null }],
    },
    {
      name: 'CREATE_SLR_WITH_NOTRESOURCE',
      code: notResource,
      errors: [{ messageId: 'createSlrWithNotResource', message: 'its "NotResource" does not list', ...at(notResource, '"iam:CreateServiceLinkedRole"'), output: null }],
    },
    {
      name: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE',
      code: wildcardNotResource,
      errors: [{ messageId: 'createSlrWildcardWithNotResource', message: 'through "iam:*"', ...at(wildcardNotResource, '"iam:*"'), output: null }],
    },
    {
      name: 'CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE',
      code: notActionNotResource,
      errors: [{ messageId: 'createSlrNotActionWithNotResource', ...at(notActionNotResource, '"NotAction"'), output: null }],
    },
    {
      name: 'a negated iam:AWSServiceName condition does not restrict it',
      code: negated,
      errors: [{ messageId: 'createSlrOnEveryRole', ...at(negated, '"iam:CreateServiceLinkedRole"'), output: null }],
    },
    {
      name: 'an iam:AWSServiceName condition of "*" does not restrict it',
      code: starService,
      errors: [{ messageId: 'createSlrOnEveryRole', ...at(starService, '"iam:CreateServiceLinkedRole"'), output: null }],
    },
  ],
});
