// iam/full-admin: `Allow` of every action on every resource — administrator access.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege

import type { IamRule } from '../rule';
import type { Statement, StrValue } from '../../iam/document';
import { literalValue } from '../../iam/values';
import { isAllow } from './structureHelpers';

/** `*` and `*:*` match every action of every service. */
export function isAllActions(value: string): boolean {
  return value === '*' || value === '*:*';
}

export const fullAdmin: IamRule = {
  id: 'iam/full-admin',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'Allowing "Action": "*" on "Resource": "*" grants full administrator access.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    fullAdmin: 'This statement allows every action on every resource (full administrator access). Grant the actions and resources that are needed.',
    fullAdminWithCondition:
      'This statement allows every action on every resource (full administrator access), limited only by its condition. Grant the actions and resources that are needed.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    // In an SCP, Allow * on * (FullAWSAccess) grants nothing: it only sets the maximum permissions.
    if (context.doc.policyType === 'scp') return;
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const action = allActionsValue(statement);
      if (!action) continue;
      context.report({
        start: action.start,
        end: action.end,
        messageId: statement.condition ? 'fullAdminWithCondition' : 'fullAdmin',
      });
    }
  },
};

/** The `*` action value of an Allow statement on `Resource: "*"`, if the statement is one. */
export function allActionsValue(statement: Statement): StrValue | undefined {
  if (!isAllow(statement) || statement.action?.key !== 'Action' || statement.resource?.key !== 'Resource') return undefined;
  // Only a `*` the author wrote: an unknown value is not a wildcard.
  if (!statement.resource.values.some((r) => literalValue(r) === '*')) return undefined;
  return statement.action.values.find((a) => isAllActions(literalValue(a) ?? ''));
}
