// The rule registry: one static list, sorted by id. Adding a rule means adding it here (and its doc page).

import type { AnyRule, IamRule, RedshiftRule } from './rule';
import { jsonSyntax } from './iam/jsonSyntax';
import { allowNot } from './iam/allowNot';
import { conditionOperatorUnknown } from './iam/conditionOperatorUnknown';
import { conditionValueType } from './iam/conditionValueType';
import { createSlrWildcard } from './iam/createSlrWildcard';
import { conditionValues } from './iam/conditionValues';
import { duplicateSid } from './iam/duplicateSid';
import { fullAdmin } from './iam/fullAdmin';
import { missingRequiredPermission } from './iam/missingRequiredPermission';
import { profileMismatch } from './iam/profileMismatch';
import { profileSuggestion } from './iam/profileSuggestion';
import { passRoleWildcard } from './iam/passRoleWildcard';
import { placeholder } from './iam/placeholder';
import { policyStructure } from './iam/policyStructure';
import { policyVariable } from './iam/policyVariable';
import { policyVersion } from './iam/policyVersion';
import { principalInvalid } from './iam/principalInvalid';
import { publicPrincipal } from './iam/publicPrincipal';
import { servicePrincipalCondition } from './iam/servicePrincipalCondition';
import { trustPolicy } from './iam/trustPolicy';
import { conditionKeyUnknown } from './iam/conditionKeyUnknown';
import { policySize } from './iam/policySize';
import { conditionKeySupport } from './iam/conditionKeySupport';
import { redundantAction } from './iam/redundantAction';
import { redundantResource } from './iam/redundantResource';
import { redundantStatement } from './iam/redundantStatement';
import { resourceArnMalformed } from './iam/resourceArnMalformed';
import { resourceTypeMismatch } from './iam/resourceTypeMismatch';
import { unknownAction } from './iam/unknownAction';
import { unknownService } from './iam/unknownService';
import { duplicateUser } from './redshift/duplicateUser';
import { futureTables } from './redshift/futureTables';
import { granteeKind } from './redshift/granteeKind';
import { hardcodedPassword } from './redshift/hardcodedPassword';
import { identifier } from './redshift/identifier';
import { missingRequiredGrant } from './redshift/missingRequiredGrant';
import { missingSchemaUsage } from './redshift/missingSchemaUsage';
import { passwordPolicy } from './redshift/passwordPolicy';
import { postgresOnly } from './redshift/postgresOnly';
import { privilegeObjectMismatch } from './redshift/privilegeObjectMismatch';
import { superuser } from './redshift/superuser';
import { syntax as redshiftSyntax } from './redshift/syntax';
import { undefinedGrantee } from './redshift/undefinedGrantee';

const IAM_RULES: IamRule[] = [
  conditionKeySupport,
  conditionKeyUnknown,
  redundantAction,
  redundantResource,
  redundantStatement,
  resourceArnMalformed,
  resourceTypeMismatch,
  unknownAction,
  unknownService,
  allowNot,
  conditionOperatorUnknown,
  conditionValueType,
  createSlrWildcard,
  conditionValues,
  duplicateSid,
  fullAdmin,
  missingRequiredPermission,
  profileMismatch,
  profileSuggestion,
  passRoleWildcard,
  placeholder,
  policySize,
  policyStructure,
  policyVariable,
  policyVersion,
  principalInvalid,
  publicPrincipal,
  servicePrincipalCondition,
  trustPolicy,
  jsonSyntax,
];

const REDSHIFT_RULES: RedshiftRule[] = [
  duplicateUser,
  futureTables,
  granteeKind,
  hardcodedPassword,
  identifier,
  missingRequiredGrant,
  missingSchemaUsage,
  passwordPolicy,
  postgresOnly,
  privilegeObjectMismatch,
  superuser,
  redshiftSyntax,
  undefinedGrantee,
];

/**
 * Sorted by id, in code-unit order: the order localeCompare gave, for ids of lower-case letters, digits, `-` and one
 * `/` (test/unit/ruleDocs.test.ts), without loading the collation data at every start (~110 page faults and several
 * ms of the cold start; BENCHMARKS.md).
 */
function byId<T extends AnyRule>(rules: T[]): readonly T[] {
  return Object.freeze([...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

export const iamRules: readonly IamRule[] = byId(IAM_RULES);
export const redshiftRules: readonly RedshiftRule[] = byId(REDSHIFT_RULES);
export const allRules: readonly AnyRule[] = byId([...IAM_RULES, ...REDSHIFT_RULES]);

const BY_ID = new Map<string, AnyRule>();
for (const rule of allRules) {
  BY_ID.set(rule.id, rule);
  for (const alias of rule.aliases ?? []) BY_ID.set(alias, rule);
}

/** A rule by its id or one of its former ids. */
export function ruleById(id: string): AnyRule | undefined {
  return BY_ID.get(id);
}

/** Repository-relative path of a rule's documentation page. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

export const DOCS_BASE_URL = 'https://github.com/grantcheck/grantcheck/blob/main/';

export function ruleDocUrl(id: string): string {
  return DOCS_BASE_URL + ruleDocPath(id);
}
