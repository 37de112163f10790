// iam/trust-policy: role trust policies — principals and actions that fit together, no NotPrincipal or
// "Principal": "*", the actions IAM Roles Anywhere needs, and federated (OIDC, GitHub Actions) principals pinned
// down with conditions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, PrincipalEntry, Statement, StrValue } from '../../iam/document';
import { parseOperator } from '../../iam/conditionOperators';
import { appendValues, removeElements, replaceValue } from '../../iam/edits';
import { hasUnknownParts, isUnknown, literalValue } from '../../iam/values';
import { actionMatches, hasWildcard } from '../../iam/wildcard';
import type { FixProposal } from '../../types';
import { isAllow, isNarrowingOperator, nodeEnd } from './structureHelpers';

type Context = RuleContext<IamDocument>;

const ASSUME_ROLE = 'sts:AssumeRole';
const WITH_SAML = 'sts:AssumeRoleWithSAML';
const WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/** The three ways to assume a role, by the principal kind each one takes. */
type PrincipalKind = 'aws' | 'saml' | 'oidc';
const ACTION_KIND: Readonly<Record<string, PrincipalKind>> = {
  'sts:assumerole': 'aws',
  'sts:assumerolewithsaml': 'saml',
  'sts:assumerolewithwebidentity': 'oidc',
};
const ACTION_FOR_KIND: Readonly<Record<PrincipalKind, string>> = { aws: ASSUME_ROLE, saml: WITH_SAML, oidc: WITH_WEB_IDENTITY };

/**
 * IAM Roles Anywhere assumes a role with these three actions.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
 */
const ROLES_ANYWHERE_ACTIONS = [ASSUME_ROLE, 'sts:SetSourceIdentity', 'sts:TagSession'] as const;

/**
 * Condition keys whose value a caller sets only with a companion action: sts:SourceIdentity is set by
 * sts:SetSourceIdentity (Access Analyzer's MISSING_ACTION_FOR_CONDITION_KEY).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
 */
const KEY_NEEDS_ACTION: Readonly<Record<string, string>> = { 'sts:sourceidentity': 'sts:SetSourceIdentity' };

/** GitHub Actions' OIDC issuer (GitHub Enterprise Cloud issuers add `/<enterprise>`). */
const GITHUB_ISSUER = 'token.actions.githubusercontent.com';

export const trustPolicy: IamRule = {
  id: 'iam/trust-policy',
  domain: 'iam',
  defaultSeverity: 'error',
  description:
    'Role trust policies: the assume-role action must fit the principal, NotPrincipal and "Principal": "*" are rejected, and OIDC principals (GitHub Actions above all) must be pinned down with conditions.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    notPrincipal: 'Role trust policies do not support "NotPrincipal": name the principals that may assume the role with "Principal".',
    wildcardPrincipal:
      '"Principal": "*" is not supported in a role trust policy: name the trusted account, role or service (or use { "AWS": "*" } with a condition such as aws:PrincipalOrgID).',
    mismatchedAction: '{{action}} does not work with {{principals}}: {{advice}}',
    missingActionForKey: 'The condition on {{key}} needs {{action}} in "Action": callers set {{key}} with {{action}}, and without it no request can match.',
    rolesAnywhereActions: 'IAM Roles Anywhere (rolesanywhere.amazonaws.com) assumes a role with sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession; {{missing}} missing.',
    githubMissingSub:
      'Any GitHub Actions workflow, in any repository of any owner, can assume this role: add a condition on {{prefix}}:sub naming the repository (e.g. StringEquals "repo:<owner>/<repo>:ref:refs/heads/main"){{andAud}}.',
    githubMissingAud: 'Also pin the token\'s audience: add StringEquals {{prefix}}:aud "sts.amazonaws.com".',
    githubAnyRepository:
      'This {{prefix}}:sub pattern matches more than one repository ({{value}}): a workflow in any matching repository, ones created later included, can assume the role. Name the owner and repository without wildcards.',
    githubAnyBranch:
      'This {{prefix}}:sub pattern matches every branch, tag, environment or pull request of the repository ({{value}}): consider naming the branch or environment (e.g. "repo:<owner>/<repo>:ref:refs/heads/main").',
    missingOidcCondition:
      'Anyone with a token from {{provider}} can assume this role: add conditions on its claims ({{prefix}}:aud, {{prefix}}:sub) to admit only the intended application and users.',
    audienceSetOperator:
      'The aud claim of most identity providers is a single value: "{{operator}}" is meant for multivalued claims. Check which kind {{key}} is; for a single-valued claim use the operator without {{set}}.',
    redundantAssumedRole: 'The assumed-role principal {{value}} is redundant: its role {{role}} is trusted in the same statement, every one of its sessions included.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    if (context.doc.policyType !== 'trust') return;
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const principal = statement.principal;
      if (!principal) continue;
      if (principal.key === 'NotPrincipal') {
        context.report({ start: principal.keyNode.offset, end: nodeEnd(principal.keyNode), messageId: 'notPrincipal' });
        continue;
      }
      if (principal.valueNode?.type === 'string') {
        const everyone = principal.entries[0]?.value;
        if (everyone && literalValue(everyone) === '*') context.report({ start: everyone.start, end: everyone.end, messageId: 'wildcardPrincipal' });
        continue;
      }
      checkActionsFitPrincipals(context, statement);
      if (!isAllow(statement)) continue;
      checkKeysNeedingActions(context, statement);
      checkRolesAnywhere(context, statement);
      checkFederatedConditions(context, statement);
      checkRedundantAssumedRoles(context, statement);
    }
  },
};

/**
 * The kind of one principal entry, or undefined when it cannot be known. A provider ARN built with expressions
 * (`arn:aws:iam::${AWS::AccountId}:oidc-provider/…`, `${data.aws_caller_identity.current.account_id}`) has its
 * kind when the text from the resource type on is written literally.
 */
function principalKind(entry: PrincipalEntry): PrincipalKind | undefined {
  const value = entry.value;
  if (isUnknown(value)) return undefined;
  if (entry.type !== 'Federated') return hasUnknownParts(value) ? undefined : 'aws';
  const provider = /^arn:[^:]+:iam::[^:]*:(saml|oidc)-provider\/./.exec(value.value);
  if (provider) {
    if (!literalFrom(value, provider[0].length - provider[1]!.length - '-provider/.'.length)) return undefined;
    if (!hasUnknownParts(value) && !/^arn:[^:]+:iam::\d{12}:/.test(value.value)) return undefined; // malformed: iam/principal-invalid's
    return provider[1] === 'saml' ? 'saml' : 'oidc';
  }
  // A web identity provider's domain (cognito-identity.amazonaws.com, accounts.google.com).
  if (!hasUnknownParts(value) && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(value.value)) return 'oidc';
  // Malformed (iam/principal-invalid's) or unknown: its kind is unknown.
  return undefined;
}

/** True when the characters of the value from `index` on are all written literally (no expression among them). */
function literalFrom(value: StrValue, index: number): boolean {
  if (!hasUnknownParts(value)) return true;
  let offset = 0;
  for (const piece of value.pieces ?? []) {
    const end = offset + piece.text.length;
    if (piece.kind === 'unknown' && end > index) return false;
    offset = end;
  }
  return true;
}

/** The identity provider an OIDC principal names (`token.actions.githubusercontent.com`), when written literally. */
function oidcProvider(value: StrValue): string | undefined {
  const marker = value.value.indexOf(':oidc-provider/');
  if (marker >= 0) {
    const start = marker + ':oidc-provider/'.length;
    return literalFrom(value, start) ? value.value.slice(start) : undefined;
  }
  return value.value.startsWith('arn:') || hasUnknownParts(value) ? undefined : value.value;
}

/**
 * Access Analyzer's MISMATCHED_ACTION_FOR_PRINCIPAL: sts:AssumeRole is for AWS and service principals, a SAML
 * provider takes sts:AssumeRoleWithSAML and an OIDC provider sts:AssumeRoleWithWebIdentity. An action is
 * reported when no principal of its statement fits it (a statement trusting both kinds is left alone).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-mismatched-action-for-principal
 */
function checkActionsFitPrincipals(context: Context, statement: Statement): void {
  const entries = statement.principal?.entries ?? [];
  if (entries.length === 0 || statement.action?.key !== 'Action') return;
  const kinds = new Set<PrincipalKind>();
  for (const entry of entries) {
    const kind = principalKind(entry);
    if (!kind) return;
    kinds.add(kind);
  }
  for (const action of statement.action.values) {
    const literal = literalValue(action);
    const wanted = literal === undefined ? undefined : ACTION_KIND[literal.toLowerCase()];
    if (!wanted || kinds.has(wanted)) continue;
    const only = kinds.size === 1 ? [...kinds][0]! : undefined;
    const advice =
      only === 'saml'
        ? `a SAML provider is trusted with ${WITH_SAML}.`
        : only === 'oidc'
          ? `an OIDC (web identity) provider is trusted with ${WITH_WEB_IDENTITY}.`
          : only === 'aws'
            ? `AWS accounts, roles, users and services assume a role with ${ASSUME_ROLE}; ${WITH_SAML} and ${WITH_WEB_IDENTITY} take a "Federated" provider.`
            : `use ${WITH_SAML} with a SAML provider and ${WITH_WEB_IDENTITY} with an OIDC provider, each under "Federated".`;
    const replacement = only ? ACTION_FOR_KIND[only] : undefined;
    const change: FixProposal | undefined = replacement ? { title: `Change to "${replacement}"`, edits: [replaceValue(action.node, replacement)] } : undefined;
    context.report({
      start: action.start,
      end: action.end,
      messageId: 'mismatchedAction',
      data: { action: literal!, principals: describePrincipals(entries), advice },
      ...(change ? { suggestions: [change] } : {}),
    });
  }
}

function describePrincipals(entries: readonly PrincipalEntry[]): string {
  const shown = entries.slice(0, 3).map((e) => JSON.stringify(e.value.value.length > 120 ? `${e.value.value.slice(0, 117)}…` : e.value.value));
  return `the principal${entries.length > 1 ? 's' : ''} ${shown.join(', ')}${entries.length > 3 ? ` and ${entries.length - 3} more` : ''}`;
}

/** Literal action values of an `Action` element; undefined when some value is unknown or the element is NotAction. */
function literalActions(statement: Statement): StrValue[] | undefined {
  const action = statement.action;
  if (action?.key !== 'Action' || action.values.some((v) => hasUnknownParts(v))) return undefined;
  return action.values;
}

function allows(actions: readonly StrValue[], action: string): boolean {
  return actions.some((v) => actionMatches(v.value, action));
}

/**
 * Access Analyzer's MISSING_ACTION_FOR_CONDITION_KEY: a condition on sts:SourceIdentity in a statement that does
 * not allow sts:SetSourceIdentity.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-action-for-condition-key
 */
function checkKeysNeedingActions(context: Context, statement: Statement): void {
  const actions = literalActions(statement);
  if (!actions || actions.length === 0) return;
  for (const block of statement.condition?.blocks ?? []) {
    for (const entry of block.entries) {
      const key = literalValue(entry.key);
      const needed = key === undefined ? undefined : KEY_NEEDS_ACTION[key.toLowerCase()];
      if (!needed || allows(actions, needed)) continue;
      const valueNode = statement.action!.valueNode;
      context.report({
        start: entry.key.start,
        end: entry.key.end,
        messageId: 'missingActionForKey',
        data: { key: key!, action: needed },
        ...(valueNode ? { suggestions: [{ title: `Add "${needed}" to Action`, edits: [appendValues(valueNode, [needed])] }] } : {}),
      });
    }
  }
}

/**
 * Access Analyzer's MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-action-for-roles-anywhere-trust-policy
 */
function checkRolesAnywhere(context: Context, statement: Statement): void {
  const rolesAnywhere = (statement.principal?.entries ?? []).some(
    (e) => e.type === 'Service' && /^rolesanywhere\.amazonaws\.com(?:\.cn)?$/.test(literalValue(e.value) ?? ''),
  );
  const actions = rolesAnywhere ? literalActions(statement) : undefined;
  // No string action at all: a malformed Action, iam/policy-structure's.
  if (!actions || actions.length === 0) return;
  const missing = ROLES_ANYWHERE_ACTIONS.filter((a) => !allows(actions, a));
  if (missing.length === 0) return;
  const action = statement.action!;
  context.report({
    start: action.keyNode.offset,
    end: nodeEnd(action.keyNode),
    messageId: 'rolesAnywhereActions',
    data: { missing: `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'}` },
    ...(action.valueNode ? { suggestions: [{ title: `Add ${missing.map((m) => `"${m}"`).join(', ')} to Action`, edits: [appendValues(action.valueNode, [...missing])] }] } : {}),
  });
}

/** A condition entry of the statement: its key in lower case, operator and values. */
interface KeyUse {
  key: string;
  keyValue: StrValue;
  operator: string;
  values: readonly StrValue[];
}

function keyUses(statement: Statement): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const block of statement.condition?.blocks ?? []) {
    for (const entry of block.entries) {
      if (hasUnknownParts(entry.key)) continue;
      uses.push({ key: entry.key.value.toLowerCase(), keyValue: entry.key, operator: block.operator.value, values: entry.values });
    }
  }
  return uses;
}

/**
 * OIDC principals: Access Analyzer's MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL, and for GitHub Actions
 * MISSING_GITHUB_REPO_CONDITION_KEY and SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED; CONFIRM_AUDIENCE_CLAIM_TYPE
 * for a set operator on an aud claim.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
function checkFederatedConditions(context: Context, statement: Statement): void {
  const uses = keyUses(statement);
  const oidcPrefixes = new Set<string>();
  for (const entry of statement.principal?.entries ?? []) {
    if (principalKind(entry) !== 'oidc') continue;
    const provider = oidcProvider(entry.value);
    if (!provider) continue;
    const prefix = provider.toLowerCase();
    oidcPrefixes.add(prefix);
    if (prefix === GITHUB_ISSUER || prefix.startsWith(`${GITHUB_ISSUER}/`)) checkGitHub(context, entry.value, provider, uses);
    else if (!uses.some((u) => u.key.startsWith(`${prefix}:`))) {
      context.report({ start: entry.value.start, end: entry.value.end, messageId: 'missingOidcCondition', severity: 'warning', data: { provider, prefix: provider } });
    }
  }
  for (const use of uses) {
    const colon = use.key.lastIndexOf(':');
    if (colon < 0 || use.key.slice(colon + 1) !== 'aud' || !oidcPrefixes.has(use.key.slice(0, colon))) continue;
    const set = parseOperator(use.operator)?.set;
    if (!set) continue;
    context.report({
      start: use.keyValue.start,
      end: use.keyValue.end,
      messageId: 'audienceSetOperator',
      severity: 'info',
      data: { operator: use.operator, key: use.keyValue.value, set: `${set}:` },
    });
  }
}

function checkGitHub(context: Context, principal: StrValue, provider: string, uses: readonly KeyUse[]): void {
  const prefix = provider.toLowerCase();
  const narrowing = (claim: string): KeyUse[] => uses.filter((u) => u.key === `${prefix}:${claim}` && isNarrowingOperator(u.operator));
  const sub = narrowing('sub');
  if (sub.length === 0) {
    const andAud = narrowing('aud').length === 0 ? ` and one on ${provider}:aud ("sts.amazonaws.com")` : '';
    context.report({ start: principal.start, end: principal.end, messageId: 'githubMissingSub', severity: 'warning', data: { prefix: provider, andAud } });
    return;
  }
  if (narrowing('aud').length === 0) {
    context.report({ start: principal.start, end: principal.end, messageId: 'githubMissingAud', severity: 'info', data: { prefix: provider } });
  }
  for (const use of sub) {
    // Only operators that read `*` and `?` as wildcards (StringLike); StringEquals compares them literally.
    if (!parseOperator(use.operator)?.base.wildcards) continue;
    for (const value of use.values) {
      if (hasUnknownParts(value) || !hasWildcard(value.value)) continue;
      const repository = repositoryPart(value.value);
      context.report({
        start: value.start,
        end: value.end,
        messageId: hasWildcard(repository) ? 'githubAnyRepository' : 'githubAnyBranch',
        severity: hasWildcard(repository) ? 'warning' : 'info',
        data: { prefix: use.keyValue.value.slice(0, use.keyValue.value.lastIndexOf(':')), value: JSON.stringify(value.value) },
      });
    }
  }
}

/**
 * The `repo:<owner>/<repo>` part of a GitHub subject claim (up to its second `:`), or the whole value when it has
 * another shape (a custom subject template): a wildcard there may match any repository.
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
function repositoryPart(sub: string): string {
  if (!sub.startsWith('repo:')) return sub;
  const end = sub.indexOf(':', 'repo:'.length);
  const repository = end < 0 ? sub : sub.slice(0, end);
  // `repo:owner/repo*` or `repo:owner/*`: more than one repository; `repo:owner/repo` followed by `:*`: one.
  return repository.includes('/') ? repository : `${repository}*`;
}

/**
 * Access Analyzer's REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: `arn:…:sts::<account>:assumed-role/<role>/<session>`
 * next to the role `arn:…:iam::<account>:role/[path/]<role>` in the same Principal.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session
 */
function checkRedundantAssumedRoles(context: Context, statement: Statement): void {
  const entries = (statement.principal?.entries ?? []).filter((e) => e.type === 'AWS' && !hasUnknownParts(e.value));
  const roles = new Map<string, string>();
  for (const entry of entries) {
    const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:[^]*\/)?([^/]+)$/.exec(entry.value.value);
    if (role) roles.set(`${role[1]}:${role[2]}:${role[3]}`, entry.value.value);
  }
  if (roles.size === 0) return;
  for (const entry of entries) {
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(entry.value.value);
    const role = session ? roles.get(`${session[1]}:${session[2]}:${session[3]}`) : undefined;
    if (!role) continue;
    const removal = removalOf(statement, entry.value);
    context.report({
      start: entry.value.start,
      end: entry.value.end,
      messageId: 'redundantAssumedRole',
      severity: 'info',
      data: { value: JSON.stringify(entry.value.value), role: JSON.stringify(role) },
      ...(removal ? { suggestions: [{ title: `Remove ${JSON.stringify(entry.value.value)}`, edits: [removal] }] } : {}),
    });
  }
}

/** The edit removing one value from the `AWS` array of a Principal (none when it is the only value). */
function removalOf(statement: Statement, value: StrValue): ReturnType<typeof removeElements> | undefined {
  for (const property of statement.principal?.valueNode?.children ?? []) {
    const list = property.children?.[1];
    if (list?.type !== 'array') continue;
    const index = (list.children ?? []).indexOf(value.node);
    if (index >= 0 && (list.children ?? []).length > 1) return removeElements(list, [index]);
  }
  return undefined;
}
