// iam/allow-not: `Allow` with NotAction, NotResource or NotPrincipal grants everything except a list — usually far more than intended.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html

import type { IamRule } from '../rule';
import type { JsonNode } from '../../iam/document';
import { isAllow, nodeEnd } from './structureHelpers';

const WHAT: Record<string, string> = {
  NotAction: 'every action except the ones listed, including actions AWS adds later',
  NotResource: 'the actions on every resource except the ones listed, including resources created later',
  NotPrincipal: 'every principal except the ones listed, anonymous users included',
};

export const allowNot: IamRule = {
  id: 'iam/allow-not',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: '"Effect": "Allow" with NotAction, NotResource or NotPrincipal grants everything that is not listed.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    allowWithNot: '"Allow" with "{{key}}" grants {{what}}. List what is allowed with "{{positive}}" instead, or use "{{key}}" in a "Deny" statement.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    // An SCP grants nothing: its Allow only sets the most a principal may be granted, and since September 2025 SCPs
    // accept NotAction and NotResource in Allow statements (an allow list with exceptions).
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
    if (context.doc.policyType === 'scp') return;
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      if (!isAllow(statement)) continue;
      const negated: (JsonNode | undefined)[] = [
        statement.action?.key === 'NotAction' ? statement.action.keyNode : undefined,
        statement.resource?.key === 'NotResource' ? statement.resource.keyNode : undefined,
        statement.principal?.key === 'NotPrincipal' ? statement.principal.keyNode : undefined,
      ];
      for (const keyNode of negated) {
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const key = keyNode.value;
        context.report({
          start: keyNode.offset,
          end: nodeEnd(keyNode),
          messageId: 'allowWithNot',
          data: { key, what: WHAT[key]!, positive: key.slice(3) },
        });
      }
    }
  },
};
