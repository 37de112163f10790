// iam/pass-role-wildcard: `iam:PassRole` allowed on every role lets the holder hand any role (an admin role too) to a service — privilege escalation.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html

import type { IamRule } from '../rule';
import type { Statement } from '../../iam/document';
import { actionMatches } from '../../iam/wildcard';
import { allActionsValue } from './fullAdmin';
import { hasUnknownParts } from '../../iam/values';
import { hasNarrowingCondition, isAllow } from './structureHelpers';

const PASS_ROLE = 'iam:PassRole';

/** Conditions that restrict which service or resource the role can be passed to. */
const RESTRICTING_KEYS = new Set(['iam:passedtoservice', 'iam:associatedresourcearn']);

/** `*`, or any role in any account. */
const EVERY_ROLE = /^(?:\*|arn:[^:]*:iam::\*:(?:role\/)?\*)$/;

export const passRoleWildcard: IamRule = {
  id: 'iam/pass-role-wildcard',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'Allowing iam:PassRole (directly or through a wildcard) on every role lets the holder pass any role, an administrator role included, to a service.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    passRoleOnEveryRole:
      'This statement allows {{how}} on every role: name the roles that may be passed (arn:aws:iam::<account>:role/<name>), or add an iam:PassedToService condition.',
  },
  check(context) {
    // SCPs grant nothing, so an SCP Allow is no escalation path.
    if (context.doc.policyType === 'scp') return;
    for (const statement of context.doc.statements) {
      if (!isAllow(statement) || allActionsValue(statement)) continue; // full admin is iam/full-admin's finding
      const everyRole = statement.resource?.key === 'Resource' ? statement.resource.values.find((r) => !hasUnknownParts(r) && EVERY_ROLE.test(r.value)) : undefined;
      if (!everyRole || isRestricted(statement)) continue;
      const where = passRoleGrant(statement);
      if (!where) continue;
      const how =
        where.value === PASS_ROLE
          ? PASS_ROLE
          : where.value === 'NotAction'
            ? `${PASS_ROLE} (its "NotAction" does not exclude it)`
            : `${PASS_ROLE} (through ${JSON.stringify(where.value)})`;
      context.report({
        start: where.start,
        end: where.end,
        messageId: 'passRoleOnEveryRole',
        data: { how },
      });
    }
  },
};

/** The action value (or the `NotAction` key) through which the statement allows iam:PassRole. */
function passRoleGrant(statement: Statement): { value: string; start: number; end: number } | undefined {
  const action = statement.action;
  if (!action) return undefined;
  // A value with unknown parts neither grants nor excludes PassRole for sure.
  if (action.key === 'Action') return action.values.find((v) => !hasUnknownParts(v) && actionMatches(v.value, PASS_ROLE));
  if (action.values.some((v) => hasUnknownParts(v) || actionMatches(v.value, PASS_ROLE))) return undefined;
  const keyNode = action.keyNode;
  return { value: 'NotAction', start: keyNode.offset, end: keyNode.offset + keyNode.length };
}

function isRestricted(statement: Statement): boolean {
  return hasNarrowingCondition(statement, RESTRICTING_KEYS);
}
