// iam/pass-role-wildcard: `iam:PassRole` allowed on every role lets the holder hand any role (an admin role too) to a service — privilege escalation.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
// Access Analyzer's PASS_ROLE_WITH_* checks (one message each):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import type { IamRule } from '../rule';
import { roleGrant, type ActionGrant, type ResourceGrant } from './roleGrant';

const PASS_ROLE = 'iam:PassRole';

/** Conditions that restrict which service or resource the role can be passed to. */
const RESTRICTING_KEYS = new Set(['iam:passedtoservice', 'iam:associatedresourcearn']);

/** Role names (with a path) that stand for "any role": a resource matching all of them covers every role. */
const ROLE_PROBES = ['a', 'B9', 'x/y-Z'];

/** The message of each way of granting it, as Access Analyzer tells them apart. */
const MESSAGE_IDS: Record<ResourceGrant, Record<ActionGrant, string>> = {
  everyRole: { named: 'passRoleOnEveryRole', wildcard: 'passRoleWildcardOnEveryRole', notAction: 'passRoleNotActionOnEveryRole' },
  notResource: { named: 'passRoleWithNotResource', wildcard: 'passRoleWildcardWithNotResource', notAction: 'passRoleNotActionWithNotResource' },
};

const NAME_THEM = 'name the roles that may be passed in "Resource" (arn:aws:iam::<account>:role/<name>), or add an iam:PassedToService condition.';

export const passRoleWildcard: IamRule = {
  id: 'iam/pass-role-wildcard',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'Allowing iam:PassRole (directly or through a wildcard) on every role lets the holder pass any role, an administrator role included, to a service.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    passRoleOnEveryRole: `This statement allows iam:PassRole on every role: ${NAME_THEM}`,
    passRoleWildcardOnEveryRole: `This statement allows iam:PassRole (through {{action}}) on every role: ${NAME_THEM}`,
    passRoleNotActionOnEveryRole: `This statement allows iam:PassRole (its "NotAction" does not exclude it) on every role: ${NAME_THEM}`,
    passRoleWithNotResource: `This statement allows iam:PassRole on every role its "NotResource" does not list: ${NAME_THEM}`,
    passRoleWildcardWithNotResource: `This statement allows iam:PassRole (through {{action}}) on every role its "NotResource" does not list: ${NAME_THEM}`,
    passRoleNotActionWithNotResource: `This statement allows iam:PassRole (its "NotAction" does not exclude it) on every role its "NotResource" does not list: ${NAME_THEM}`,
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    // SCPs grant nothing, so an SCP Allow is no escalation path.
    if (context.doc.policyType === 'scp') return;
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const grant = roleGrant(statement, PASS_ROLE, RESTRICTING_KEYS, ROLE_PROBES);
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
