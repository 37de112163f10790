// iam/policy-structure: the policy grammar — known elements only, right value types, required elements per policy type, no X + NotX pairs.
// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, JsonNode, Statement } from '../../iam/document';
import { lastProperty, propertyKey } from '../../iam/document';
import type { PolicyType } from '../../iam/policyType';
import { POLICY_TYPE_LABELS } from '../../iam/policyType';
import { closestMatches } from '../../text';
import type { FixProposal } from '../../types';
import { removeProperty, renameKey, replaceValue } from '../../iam/edits';
import { nodeEnd, propertyValue, withArticle } from './structureHelpers';

type Context = RuleContext<IamDocument>;

const TOP_LEVEL_KEYS = ['Version', 'Id', 'Statement'] as const;
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
const EFFECTS = ['Allow', 'Deny'] as const;

/** Element pairs of which a statement may hold one, not both. */
const EXCLUSIVE_PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

export const policyStructure: IamRule = {
  id: 'iam/policy-structure',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Policy elements must be known, correctly typed and complete for the policy type (Effect, Action, Resource, Principal).',
  fixable: true,
  check(context) {
    const { root } = context.doc;
    if (!root) return;
    if (root.type !== 'object') {
      context.report({ start: root.offset, end: nodeEnd(root), message: 'A policy document must be a JSON object with a "Statement" element.' });
      return;
    }
    const misspelled = checkKeys(context, context.doc.topProperties, TOP_LEVEL_KEYS, 'policy');
    checkTopLevelValues(context, root, misspelled);
    for (const statement of context.doc.statements) checkStatement(context, statement);
  },
};

/**
 * Reports unknown keys (with a rename fix to the closest known key) and returns the known keys that
 * some unknown key probably meant, so that their absence is not reported a second time.
 */
function checkKeys(context: Context, properties: readonly JsonNode[], known: readonly string[], where: 'policy' | 'statement'): Set<string> {
  const meant = new Set<string>();
  const present = new Set(properties.map(propertyKey));
  for (const property of properties) {
    const key = propertyKey(property);
    const keyNode = property.children?.[0];
    // A key without a value is still being typed (and a JSON error): nothing to say about it yet.
    if (key === undefined || !keyNode || known.includes(key) || !propertyValue(property)) continue;
    const suggestion = closestMatches(key, known, 1)[0];
    const fixes: FixProposal[] = [];
    if (suggestion) {
      meant.add(suggestion);
      fixes.push({ title: `Rename to "${suggestion}"`, isPreferred: !present.has(suggestion), edits: [renameKey(property, suggestion)] });
    }
    const allowed = known.join(', ');
    const message =
      where === 'policy'
        ? `Unknown policy element "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ':'} A policy has only ${allowed}.`
        : `Unknown statement element "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ':'} IAM rejects it; a statement has only ${allowed}.`;
    context.report({ start: keyNode.offset, end: nodeEnd(keyNode), message, fixes });
  }
  return meant;
}

function checkTopLevelValues(context: Context, root: JsonNode, misspelled: Set<string>): void {
  const { doc } = context;
  const id = lastProperty(doc.topProperties, 'Id');
  const idValue = id && propertyValue(id);
  if (idValue && idValue.type !== 'string') {
    context.report({ start: idValue.offset, end: nodeEnd(idValue), message: '"Id" must be a string.' });
  }
  const statementProperty = doc.statementProperty;
  if (!statementProperty) {
    if (!misspelled.has('Statement')) {
      context.report({ start: root.offset, end: root.offset + 1, message: 'The policy has no "Statement" element: it grants and denies nothing.' });
    }
    return;
  }
  const value = propertyValue(statementProperty);
  if (!value) return;
  if (value.type === 'array') {
    const items = value.children ?? [];
    if (items.length === 0) {
      context.report({ start: value.offset, end: nodeEnd(value), severity: 'warning', message: 'Empty "Statement" list: this policy grants and denies nothing.' });
    }
    for (const item of items) {
      if (item.type !== 'object') {
        context.report({ start: item.offset, end: nodeEnd(item), message: 'Each statement must be a JSON object ({ "Effect": …, "Action": …, … }).' });
      }
    }
  } else if (value.type !== 'object') {
    context.report({ start: value.offset, end: nodeEnd(value), message: '"Statement" must be a statement object or an array of statement objects.' });
  }
}

function checkStatement(context: Context, statement: Statement): void {
  const misspelled = checkKeys(context, statement.properties, STATEMENT_KEYS, 'statement');
  const present = (key: string): JsonNode | undefined => lastProperty(statement.properties, key);
  checkSid(context, present('Sid'));
  checkEffect(context, statement, present('Effect'), misspelled);
  checkExclusivePairs(context, statement);
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const property = present(key);
    if (property) checkStringList(context, property, key);
  }
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    const property = present(key);
    if (property) checkPrincipalShape(context, property, key);
  }
  const condition = present('Condition');
  if (condition) checkConditionShape(context, condition);
  // A statement broken by a syntax error (often one being typed) has its elements reported by
  // iam/json-syntax first; "missing Action" on a half-typed statement would only be noise.
  if (!containsParseError(context.doc, statement.node)) checkRequired(context, statement, misspelled);
}

function checkSid(context: Context, sid: JsonNode | undefined): void {
  const value = sid && propertyValue(sid);
  if (value && value.type !== 'string') {
    context.report({ start: value.offset, end: nodeEnd(value), message: '"Sid" must be a string.' });
  }
}

function checkEffect(context: Context, statement: Statement, effect: JsonNode | undefined, misspelled: Set<string>): void {
  if (!effect) {
    if (!misspelled.has('Effect')) {
      context.report({ ...statementStart(statement), message: 'The statement has no "Effect": add "Effect": "Allow" or "Effect": "Deny".' });
    }
    return;
  }
  const value = propertyValue(effect);
  if (!value) return;
  if (value.type !== 'string' || typeof value.value !== 'string') {
    context.report({ start: value.offset, end: nodeEnd(value), message: '"Effect" must be the string "Allow" or "Deny".' });
    return;
  }
  const text = value.value;
  if ((EFFECTS as readonly string[]).includes(text)) return;
  const sameLetters = EFFECTS.find((e) => e.toLowerCase() === text.trim().toLowerCase());
  const suggestions = sameLetters ? [sameLetters] : closestMatches(text, EFFECTS, 2);
  context.report({
    start: value.offset,
    end: nodeEnd(value),
    message: `"Effect" must be exactly "Allow" or "Deny" (case-sensitive), not ${JSON.stringify(text)}.`,
    fixes: suggestions.map((s) => ({
      title: `Change to "${s}"`,
      isPreferred: suggestions.length === 1,
      edits: [replaceValue(value, s)],
    })),
  });
}

function checkExclusivePairs(context: Context, statement: Statement): void {
  for (const [positive, negative] of EXCLUSIVE_PAIRS) {
    const a = lastProperty(statement.properties, positive);
    const b = lastProperty(statement.properties, negative);
    if (!a || !b) continue;
    const second = a.offset > b.offset ? a : b;
    const keyNode = second.children![0]!;
    context.report({
      start: keyNode.offset,
      end: nodeEnd(keyNode),
      message: `A statement cannot contain both "${positive}" and "${negative}": IAM rejects the policy. Keep one of them.`,
    });
  }
}

/** `Action`/`Resource` (and Not-): a string or a non-empty array of strings. */
function checkStringList(context: Context, property: JsonNode, key: string): void {
  const value = propertyValue(property);
  if (!value) return;
  if (value.type === 'string') return;
  if (value.type !== 'array') {
    context.report({ start: value.offset, end: nodeEnd(value), message: `"${key}" must be a string or an array of strings.` });
    return;
  }
  const items = value.children ?? [];
  if (items.length === 0 && !containsParseError(context.doc, value)) {
    context.report({
      start: value.offset,
      end: nodeEnd(value),
      severity: 'warning',
      message: `Empty "${key}" list: ${key.startsWith('Not') ? 'it excludes nothing' : 'this statement matches nothing'}.`,
    });
  }
  for (const item of items) {
    if (item.type !== 'string') {
      context.report({ start: item.offset, end: nodeEnd(item), message: `Every "${key}" entry must be a string.` });
    }
  }
}

/** `Principal`: `"*"` or an object whose values are strings or arrays of strings. The contents are iam/principal-invalid's. */
function checkPrincipalShape(context: Context, property: JsonNode, key: string): void {
  const value = propertyValue(property);
  if (!value || value.type === 'string') return;
  if (value.type !== 'object') {
    context.report({ start: value.offset, end: nodeEnd(value), message: `"${key}" must be "*" or an object such as { "AWS": "arn:aws:iam::123456789012:root" }.` });
    return;
  }
  for (const entry of value.children ?? []) {
    const entryValue = propertyValue(entry);
    if (!entryValue || entryValue.type === 'string') continue;
    if (entryValue.type !== 'array') {
      context.report({ start: entryValue.offset, end: nodeEnd(entryValue), message: `A ${key} entry must be a string or an array of strings.` });
      continue;
    }
    const items = entryValue.children ?? [];
    if (items.length === 0) {
      context.report({ start: entryValue.offset, end: nodeEnd(entryValue), severity: 'warning', message: `Empty principal list: it names no principal.` });
    }
    for (const item of items) {
      if (item.type !== 'string') context.report({ start: item.offset, end: nodeEnd(item), message: 'Every principal must be a string.' });
    }
  }
}

/** `Condition`: { operator: { key: scalar | [scalars] } }. */
function checkConditionShape(context: Context, property: JsonNode): void {
  const value = propertyValue(property);
  if (!value) return;
  if (value.type !== 'object') {
    context.report({ start: value.offset, end: nodeEnd(value), message: '"Condition" must be an object: { "<operator>": { "<condition key>": <value(s)> } }.' });
    return;
  }
  for (const block of value.children ?? []) {
    const blockValue = propertyValue(block);
    if (!blockValue) continue;
    if (blockValue.type !== 'object') {
      context.report({ start: blockValue.offset, end: nodeEnd(blockValue), message: 'A condition operator takes an object: { "<condition key>": <value(s)> }.' });
      continue;
    }
    for (const entry of blockValue.children ?? []) {
      const entryValue = propertyValue(entry);
      if (!entryValue) continue;
      if (entryValue.type === 'array') {
        const items = entryValue.children ?? [];
        if (items.length === 0) {
          context.report({ start: entryValue.offset, end: nodeEnd(entryValue), severity: 'warning', message: 'Empty condition value list: this condition can never match as intended.' });
        }
        for (const item of items) {
          if (!isScalar(item)) context.report({ start: item.offset, end: nodeEnd(item), message: 'Condition values must be strings, numbers or booleans.' });
        }
      } else if (!isScalar(entryValue)) {
        context.report({ start: entryValue.offset, end: nodeEnd(entryValue), message: 'A condition value must be a string, number, boolean or an array of them.' });
      }
    }
  }
}

/** An array emptied by a syntax error (e.g. an unquoted `<placeholder>` inside it) is iam/json-syntax's finding, not an empty list. */
function containsParseError(doc: IamDocument, node: JsonNode): boolean {
  return doc.parseErrors.some((e) => e.offset >= node.offset && e.offset < nodeEnd(node));
}

function isScalar(node: JsonNode): boolean {
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean';
}

/** Which elements each policy type requires or forbids. */
function checkRequired(context: Context, statement: Statement, misspelled: Set<string>): void {
  const has = (key: string): boolean => lastProperty(statement.properties, key) !== undefined || misspelled.has(key);
  if (!has('Action') && !has('NotAction')) {
    context.report({ ...statementStart(statement), message: 'The statement has no "Action" (or "NotAction"): IAM rejects it.' });
  }
  checkResourceForType(context, statement, has('Resource') || has('NotResource'));
  checkPrincipalForType(context, statement, has('Principal') || has('NotPrincipal'));
}

function checkResourceForType(context: Context, statement: Statement, hasResource: boolean): void {
  const type: PolicyType = context.doc.policyType;
  if (type === 'trust') {
    // Role trust policies have no resource: the role itself is the resource ("Has prohibited field Resource").
    // Removing it is offered only when this statement itself assumes the role: a statement with other
    // actions (an inferred type can be wrong) needs a person to decide, not "fix all".
    const assumesRole = statement.principal !== undefined && (statement.action?.values ?? []).every((v) => /^sts:/i.test(v.value));
    for (const key of ['Resource', 'NotResource']) {
      const property = lastProperty(statement.properties, key);
      if (!property) continue;
      const removal = removeProperty(property);
      context.report({
        start: property.children![0]!.offset,
        end: nodeEnd(property.children![0]!),
        message: `A role trust policy cannot contain "${key}": the role is the resource, and IAM rejects the policy.`,
        fixes: removal && assumesRole ? [{ title: `Remove "${key}"`, isPreferred: true, edits: [removal] }] : [],
      });
    }
    return;
  }
  if (hasResource) return;
  const start = statementStart(statement);
  if (type === 'resource') {
    // ECR repository policies name no Resource: the repository is implied.
    // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
    if (impliesResource(statement)) return;
    context.report({
      ...start,
      severity: 'warning',
      message: 'The statement has no "Resource". Most resource policies (S3, SQS, SNS, KMS, Secrets Manager) require it; only a few services (e.g. ECR repository policies) imply it.',
    });
  } else if (type === 'scp') {
    // The SCP syntax page does not say whether Resource may be left out: warn, do not reject.
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
    context.report({ ...start, severity: 'warning', message: 'The statement has no "Resource": SCP statements normally name one ("Resource": "*" for all resources).' });
  } else {
    context.report({ ...start, message: `The statement has no "Resource" (or "NotResource"): ${withArticle(POLICY_TYPE_LABELS[type])} requires it.` });
  }
}

function checkPrincipalForType(context: Context, statement: Statement, hasPrincipal: boolean): void {
  const type: PolicyType = context.doc.policyType;
  const label = withArticle(POLICY_TYPE_LABELS[type]);
  const principal = lastProperty(statement.properties, 'Principal') ?? lastProperty(statement.properties, 'NotPrincipal');
  if (type === 'identity' || type === 'scp') {
    if (!principal) return;
    // IAM: "Policy document should not specify a principal." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    const keyNode = principal.children![0]!;
    const removal = removeProperty(principal);
    context.report({
      start: keyNode.offset,
      end: nodeEnd(keyNode),
      message: `${label[0]!.toUpperCase()}${label.slice(1)} cannot contain "${propertyKey(principal)}": the principal is whoever the policy is attached to.`,
      fixes: removal ? [{ title: `Remove "${propertyKey(principal)}"`, edits: [removal] }] : [],
    });
  } else if (!hasPrincipal) {
    context.report({ ...statementStart(statement), message: `The statement has no "Principal": every statement of ${label} must name who it applies to.` });
  }
}

/** Resource policies of services that imply the resource (ECR, ECR Public): every action is theirs. */
function impliesResource(statement: Statement): boolean {
  const actions = statement.action?.values ?? [];
  return actions.length > 0 && actions.every((a) => /^ecr(?:-public)?:/i.test(a.value));
}

/** The statement's opening brace: where "missing element" findings point. */
function statementStart(statement: Statement): { start: number; end: number } {
  return { start: statement.node.offset, end: statement.node.offset + 1 };
}
