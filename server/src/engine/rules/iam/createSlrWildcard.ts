// iam/create-slr-wildcard: `iam:CreateServiceLinkedRole` allowed on every role and for every service lets the holder
// create a service-linked role for any AWS service, so that service starts acting in the account.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions
// Access Analyzer's CREATE_SLR_WITH_* checks (one message each):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import type { IamRule } from '../rule';
import { roleGrant, type ActionGrant, type ResourceGrant } from './roleGrant';

const CREATE_SLR = 'iam:CreateServiceLinkedRole';

/**
 * iam:AWSServiceName names the service the role is created for (the usual restriction, as in AWS managed policies);
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-policy-keys
 */
const RESTRICTING_KEYS = new Set(['iam:awsservicename']);

/** Service-linked role names (`aws-service-role/<service principal>/<name>`) that stand for "any service-linked role". */
const SLR_PROBES = ['aws-service-role/q.amazonaws.com/Q', 'aws-service-role/z9-x.amazonaws.com/AWSServiceRoleForZ9'];

const MESSAGE_IDS: Record<ResourceGrant, Record<ActionGrant, string>> = {
  everyRole: { named: 'createSlrOnEveryRole', wildcard: 'createSlrWildcardOnEveryRole', notAction: 'createSlrNotActionOnEveryRole' },
  notResource: { named: 'createSlrWithNotResource', wildcard: 'createSlrWildcardWithNotResource', notAction: 'createSlrNotActionWithNotResource' },
};

const NAME_THEM =
  'add an iam:AWSServiceName condition naming the services, or name the service-linked roles in "Resource" (arn:aws:iam::<account>:role/aws-service-role/<service>/<name>).';

export const createSlrWildcard: IamRule = {
  id: 'iam/create-slr-wildcard',
  domain: 'iam',
  defaultSeverity: 'warning',
  description:
    'Allowing iam:CreateServiceLinkedRole (directly or through a wildcard) on every role, with no iam:AWSServiceName condition, lets the holder create a service-linked role for any AWS service.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    createSlrOnEveryRole: `This statement allows iam:CreateServiceLinkedRole for every service: ${NAME_THEM}`,
    createSlrWildcardOnEveryRole: `This statement allows iam:CreateServiceLinkedRole (through {{action}}) for every service: ${NAME_THEM}`,
    createSlrNotActionOnEveryRole: `This statement allows iam:CreateServiceLinkedRole (its "NotAction" does not exclude it) for every service: ${NAME_THEM}`,
    createSlrWithNotResource: `This statement allows iam:CreateServiceLinkedRole on every role its "NotResource" does not list: ${NAME_THEM}`,
    createSlrWildcardWithNotResource: `This statement allows iam:CreateServiceLinkedRole (through {{action}}) on every role its "NotResource" does not list: ${NAME_THEM}`,
    createSlrNotActionWithNotResource: `This statement allows iam:CreateServiceLinkedRole (its "NotAction" does not exclude it) on every role its "NotResource" does not list: ${NAME_THEM}`,
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    // SCPs grant nothing.
    if (context.doc.policyType === 'scp') return;
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const grant = roleGrant(statement, CREATE_SLR, RESTRICTING_KEYS, SLR_PROBES);
      if (!grant) continue;
      context.report({
        start: grant.start,
        end: grant.end,
        messageId: MESSAGE_IDS[grant.resource][grant.action],
        data: { action: JSON.stringify(grant.written) },
      });
    }
  },
};
