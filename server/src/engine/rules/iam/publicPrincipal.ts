// iam/public-principal: a resource policy that allows "Principal": "*" without a condition restricting who the caller is opens the resource to everyone.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import type { IamRule } from '../rule';
import type { Statement, StrValue } from '../../iam/document';
import { literalValue } from '../../iam/values';
import { hasNarrowingCondition, isAllow } from './structureHelpers';

/**
 * Condition keys that tie the request to a known account, organization, network or source
 * resource. `aws:Referer` and `aws:UserAgent` are set by the caller, and `sts:ExternalId` is not a
 * secret (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html), so they restrict nothing.
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalServiceName',
    'aws:SourceVpce',
    'aws:SourceVpc',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    'aws:userid',
    'aws:username',
    'kms:CallerAccount',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
  ].map((k) => k.toLowerCase()),
);

export const publicPrincipal: IamRule = {
  id: 'iam/public-principal',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'Allowing "Principal": "*" (or {"AWS": "*"}) without a condition on the caller\'s account, organization, network or source makes the resource public.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    anyoneCanAssume:
      'Anyone can assume this role: "Principal": "*" with no condition on the caller. Name the trusted account or service, or add a condition such as aws:PrincipalOrgID.',
    public:
      'This statement allows everyone, anonymous users included: "Principal": "*" with no condition on the caller. Name the principals, or add a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const type = context.doc.policyType;
    if (type === 'identity' || type === 'scp') return;
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      if (!isAllow(statement) || statement.principal?.key !== 'Principal' || hasRestrictingCondition(statement)) continue;
      const everyone = everyoneValue(statement);
      if (!everyone) continue;
      // A trust policy rejects the string form "Principal": "*" outright: iam/trust-policy reports it as an error.
      if (type === 'trust' && statement.principal.valueNode?.type === 'string') continue;
      context.report({
        start: everyone.start,
        end: everyone.end,
        messageId: type === 'trust' ? 'anyoneCanAssume' : 'public',
      });
    }
  },
};

function everyoneValue(statement: Statement): StrValue | undefined {
  return statement.principal?.entries.find((e) => (e.type === '*' || e.type === 'AWS') && literalValue(e.value) === '*')?.value;
}

/** True when a narrowing condition (not negated, not IfExists, not a bare Null test) pins down who the caller is or where it comes from. */
function hasRestrictingCondition(statement: Statement): boolean {
  return hasNarrowingCondition(statement, RESTRICTING_KEYS);
}
