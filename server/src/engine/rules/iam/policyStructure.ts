// iam/policy-structure: the policy grammar — known elements only, right value types, required elements per policy type, no X + NotX pairs.
// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, JsonNode, Statement } from '../../iam/document';
import { lastProperty, propertyKey, strictJsonFacts } from '../../iam/document';
import type { PolicyType } from '../../iam/policyType';
import { POLICY_TYPE_LABELS } from '../../iam/policyType';
import { closestMatches, isCertainCorrection } from '../../text';
import type { FixProposal } from '../../types';
import { removeProperty, renameKey, replaceValue } from '../../iam/edits';
import { nodeEnd, propertyValue, withArticle } from './structureHelpers';
import { sourceSpan, valueInfoOf } from '../../iam/values';
import { skippedStatementNodes, type NodeSet, viewPart, wholeDocument } from '../../iam/statementView';

/**
 * Policy types whose documents accept only tab, LF, CR and U+0020–U+00FF: IAM's (identity and role trust policies,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names) and KMS key
 * policies (printable Basic Latin and Latin-1, https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
 * Other services do not document a character set, and SCPs are not IAM's to store.
 */
const LATIN1_ONLY: ReadonlySet<PolicyType> = new Set<PolicyType>(['identity', 'trust', 'kms-key']);

type Context = RuleContext<IamDocument>;

const TOP_LEVEL_KEYS = ['Version', 'Id', 'Statement'] as const;
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
const EFFECTS = ['Allow', 'Deny'] as const;


export const policyStructure: IamRule = {
  id: 'iam/policy-structure',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Policy elements must be known, correctly typed and complete for the policy type (Effect, Action, Resource, Principal).',
  fixable: true,
  hasSuggestions: true,
  messages: {
    notAnObject: 'A policy document must be a JSON object with a "Statement" element.',
    unknownPolicyElement: 'Unknown policy element "{{key}}"{{hint}} A policy has only {{allowed}}.',
    unknownStatementElement: 'Unknown statement element "{{key}}"{{hint}} IAM rejects it; a statement has only {{allowed}}.',
    idNotString: '"Id" must be a string.',
    emptyDocument: 'The document holds no JSON value: a policy is a JSON object with a "Statement" element.',
    statementElementAtTop: '"{{key}}" is a statement element: it belongs inside "Statement": [{ … }], not at the top of the policy.',
    noStatement: 'The policy has no "Statement" element: it grants and denies nothing, and IAM rejects it.',
    noStatementWrapper: 'The policy has no "Statement" element: its statement elements must be wrapped in "Statement": [{ … }], and IAM rejects it as it is.',
    emptyStatementList: 'Empty "Statement" list: this policy grants and denies nothing.',
    statementNotObject: 'Each statement must be a JSON object ({ "Effect": …, "Action": …, … }).',
    statementWrongType: '"Statement" must be a statement object or an array of statement objects.',
    sidNotString: '"Sid" must be a string.',
    noEffect: 'The statement has no "Effect": add "Effect": "Allow" or "Effect": "Deny".',
    effectNotString: '"Effect" must be the string "Allow" or "Deny".',
    invalidEffect: '"Effect" must be exactly "Allow" or "Deny" (case-sensitive), not {{value}}.',
    exclusivePair: 'A statement cannot contain both "{{positive}}" and "{{negative}}": IAM rejects the policy. Keep one of them.',
    notStringList: '"{{key}}" must be a string or an array of strings.',
    emptyList: 'Empty "{{key}}" list: this statement matches nothing.',
    emptyNotList: 'Empty "{{key}}" list: it excludes nothing.',
    entryNotString: 'Every "{{key}}" entry must be a string.',
    principalWrongType: '"{{key}}" must be "*" or an object such as { "AWS": "arn:aws:iam::123456789012:root" }.',
    principalEntryWrongType: 'A {{key}} entry must be a string or an array of strings.',
    emptyPrincipalList: 'Empty principal list: it names no principal.',
    emptyPrincipalObject: 'Empty "Principal" object: it names no principal, so this statement applies to no one.',
    emptyNotPrincipalObject: 'Empty "NotPrincipal" object: it excludes no principal, so this statement applies to everyone.',
    principalNotString: 'Every principal must be a string.',
    conditionNotObject: '"Condition" must be an object: { "<operator>": { "<condition key>": <value(s)> } }.',
    conditionBlockNotObject: 'A condition operator takes an object: { "<condition key>": <value(s)> }.',
    emptyConditionValues: 'Empty condition value list: this condition can never match as intended.',
    conditionListValueWrongType: 'Condition values must be strings, numbers or booleans.',
    conditionValueWrongType: 'A condition value must be a string, number, boolean or an array of them.',
    noAction: 'The statement has no "Action" (or "NotAction"): IAM rejects it.',
    resourceInTrustPolicy: 'A role trust policy cannot contain "{{key}}": the role is the resource, and IAM rejects the policy.',
    noResourceInResourcePolicy:
      'The statement has no "Resource". Most resource policies (S3, SQS, SNS, KMS, Secrets Manager) require it; only a few services (e.g. ECR repository policies) imply it.',
    noResourceInScp: 'The statement has no "Resource": SCP statements normally name one ("Resource": "*" for all resources).',
    noResource: 'The statement has no "Resource" (or "NotResource"): {{policyType}} requires it.',
    principalNotAllowed: '{{policyType}} cannot contain "{{key}}": the principal is whoever the policy is attached to.',
    noPrincipal: 'The statement has no "Principal": every statement of {{policyType}} must name who it applies to.',
    characterNotAllowed:
      'The character "{{character}}" (U+{{code}}) is not accepted in {{policyType}}: a policy document may contain only tab, line feed, carriage return and the characters U+0020 to U+00FF (Latin-1).',
  },
  // A finding belongs to one statement or to the policy's top level (rules/rule.ts StatementScope). While the text has
  // parse errors, a statement's findings depend on whether one lies inside it (containsParseError), which its text
  // alone does not tell (a comma deleted before it puts one at its `{`): the rule then runs on all of it.
  statementScope: {
    outsideStatements: true,
    documentKey: (doc) => (wholeDocument(doc).parseErrors.length > 0 ? undefined : ''),
  },
  check(context) {
    const { root } = context.doc;
    if (!root) {
      // Blank, or only comments: a file chosen as a policy (policyFiles, policyTypes, --policy-type)
      // must not pass a CI run because there is nothing in it to reject.
      const end = context.text.trimEnd().length;
      context.report({ start: 0, end, messageId: 'emptyDocument' });
      return;
    }
    if (root.type !== 'object') {
      context.report({ start: root.offset, end: nodeEnd(root), messageId: 'notAnObject' });
      return;
    }
    if (viewPart(context.doc) === 'statement') {
      const statements = context.doc.statements;
      for (let s = 0; s < statements.length; s++) {
        const statement = statements[s]!;
        checkStatement(context, statement);
        checkCharacters(context, statement.node);
      }
      return;
    }
    const misspelled = checkKeys(context, context.doc.topProperties, TOP_LEVEL_KEYS, 'policy');
    checkTopLevelValues(context, root, misspelled);
    for (const statement of context.doc.statements) checkStatement(context, statement);
    if (viewPart(context.doc) === 'document') checkCharactersOutsideStatements(context, root);
    else checkCharacters(context, root);
  },
};

/**
 * Reports unknown keys (with a rename to the closest known key) and returns the known keys that some
 * unknown key probably meant, so that their absence is not reported a second time. The rename is safe when
 * it is the only candidate, one typo away (`Statment`, `effect`), and the key is not already there.
 */
function checkKeys(context: Context, properties: readonly JsonNode[], known: readonly string[], where: 'policy' | 'statement'): ReadonlySet<string> {
  // Nearly every object has known keys only: nothing to report and nothing meant, without a set per object.
  if (!hasUnknownKey(properties, known)) return NOTHING_MEANT;
  const meant = new Set<string>();
  const present = new Set(properties.map(propertyKey));
  for (const property of properties) {
    const key = propertyKey(property);
    const keyNode = property.children?.[0];
    // A key without a value is still being typed (and a JSON error): nothing to say about it yet.
    if (key === undefined || !keyNode || known.includes(key) || !propertyValue(property)) continue;
    if (where === 'policy' && (STATEMENT_KEYS as readonly string[]).includes(key)) {
      // A statement written without its "Statement" wrapper: "Sid" is not a misspelt "Id".
      context.report({ start: keyNode.offset, end: nodeEnd(keyNode), messageId: 'statementElementAtTop', data: { key } });
      continue;
    }
    const candidates = closestMatches(key, known, 2);
    // A key of any name that holds statements is probably "Statement": a guess, so only ever a suggestion.
    const suggestion = candidates[0] ?? (where === 'policy' && !present.has('Statement') && holdsStatements(property) ? 'Statement' : undefined);
    let rename: FixProposal | undefined;
    if (suggestion) {
      meant.add(suggestion);
      rename = { title: `Rename to "${suggestion}"`, edits: [renameKey(property, suggestion)] };
    }
    const safe = rename !== undefined && !present.has(suggestion) && isCertainCorrection(key, candidates);
    context.report({
      start: keyNode.offset,
      end: nodeEnd(keyNode),
      messageId: where === 'policy' ? 'unknownPolicyElement' : 'unknownStatementElement',
      data: { key, hint: suggestion ? ` — did you mean "${suggestion}"?` : ':', allowed: known.join(', ') },
      ...(rename ? (safe ? { fix: rename } : { suggestions: [rename] }) : {}),
    });
  }
  return meant;
}

/** No key meant by a misspelt one (shared: only ever read). */
const NOTHING_MEANT: ReadonlySet<string> = new Set<string>();

/** Would checkKeys look at some property: one with a value whose key is not a known one? */
function hasUnknownKey(properties: readonly JsonNode[], known: readonly string[]): boolean {
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i]!;
    const key = propertyKey(property);
    if (key !== undefined && !known.includes(key) && property.children?.[0] && propertyValue(property)) return true;
  }
  return false;
}

function checkTopLevelValues(context: Context, root: JsonNode, misspelled: ReadonlySet<string>): void {
  const { doc } = context;
  const id = lastProperty(doc.topProperties, 'Id');
  const idValue = id && propertyValue(id);
  if (idValue && idValue.type !== 'string') {
    context.report({ start: idValue.offset, end: nodeEnd(idValue), messageId: 'idNotString' });
  }
  const statementProperty = doc.statementProperty;
  if (!statementProperty) {
    if (!misspelled.has('Statement')) {
      // IAM's grammar requires the statement block: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
      const bare = doc.topProperties.some((p) => (STATEMENT_KEYS as readonly string[]).includes(propertyKey(p) ?? ''));
      context.report({ start: root.offset, end: root.offset + 1, messageId: bare ? 'noStatementWrapper' : 'noStatement' });
    }
    return;
  }
  const value = propertyValue(statementProperty);
  if (!value) return;
  if (value.type === 'array') {
    const items = value.children ?? [];
    if (items.length === 0) {
      context.report({ start: value.offset, end: nodeEnd(value), severity: 'warning', messageId: 'emptyStatementList' });
    }
    for (const item of items) {
      if (item.type !== 'object') {
        context.report({ start: item.offset, end: nodeEnd(item), messageId: 'statementNotObject' });
      }
    }
  } else if (value.type !== 'object') {
    context.report({ start: value.offset, end: nodeEnd(value), messageId: 'statementWrongType' });
  }
}

/**
 * The last property of each statement element (STATEMENT_KEYS order), found in one pass over the properties: what
 * lastProperty gives for each key. Filled by statementElements for the statement being checked (the engine is
 * synchronous, and nothing below checkStatement checks another statement).
 */
const elements: (JsonNode | undefined)[] = new Array<JsonNode | undefined>(STATEMENT_KEYS.length).fill(undefined);
const SID = 0;
const EFFECT = 1;
const PRINCIPAL = 2;
const NOT_PRINCIPAL = 3;
const ACTION = 4;
const NOT_ACTION = 5;
const RESOURCE = 6;
const NOT_RESOURCE = 7;
const CONDITION = 8;

function statementElements(properties: readonly JsonNode[]): (JsonNode | undefined)[] {
  elements.fill(undefined);
  for (let i = 0; i < properties.length; i++) {
    const key = propertyKey(properties[i]!);
    if (key === undefined) continue;
    const slot = (STATEMENT_KEYS as readonly string[]).indexOf(key);
    if (slot >= 0) elements[slot] = properties[i];
  }
  return elements;
}

function checkStatement(context: Context, statement: Statement): void {
  const misspelled = checkKeys(context, statement.properties, STATEMENT_KEYS, 'statement');
  const present = statementElements(statement.properties);
  const sid = present[SID];
  const effect = present[EFFECT];
  const principal = present[PRINCIPAL];
  const notPrincipal = present[NOT_PRINCIPAL];
  const action = present[ACTION];
  const notAction = present[NOT_ACTION];
  const resource = present[RESOURCE];
  const notResource = present[NOT_RESOURCE];
  const condition = present[CONDITION];
  checkSid(context, sid);
  checkEffect(context, statement, effect, misspelled);
  checkExclusivePair(context, 'Action', action, 'NotAction', notAction);
  checkExclusivePair(context, 'Resource', resource, 'NotResource', notResource);
  checkExclusivePair(context, 'Principal', principal, 'NotPrincipal', notPrincipal);
  if (action) checkStringList(context, action, 'Action');
  if (notAction) checkStringList(context, notAction, 'NotAction');
  if (resource) checkStringList(context, resource, 'Resource');
  if (notResource) checkStringList(context, notResource, 'NotResource');
  if (principal) checkPrincipalShape(context, principal, 'Principal');
  if (notPrincipal) checkPrincipalShape(context, notPrincipal, 'NotPrincipal');
  if (condition) checkConditionShape(context, condition);
  // A statement broken by a syntax error (often one being typed) has its elements reported by
  // iam/json-syntax first; "missing Action" on a half-typed statement would only be noise.
  if (!containsParseError(context.doc, statement.node)) {
    const has = (property: JsonNode | undefined, key: string): boolean => property !== undefined || misspelled.has(key);
    if (!has(action, 'Action') && !has(notAction, 'NotAction')) {
      context.report({ ...statementStart(statement), messageId: 'noAction' });
    }
    checkResourceForType(context, statement, has(resource, 'Resource') || has(notResource, 'NotResource'), resource, notResource);
    checkPrincipalForType(context, statement, has(principal, 'Principal') || has(notPrincipal, 'NotPrincipal'), principal ?? notPrincipal);
  }
}

function checkSid(context: Context, sid: JsonNode | undefined): void {
  const value = sid && propertyValue(sid);
  if (value && value.type !== 'string') {
    context.report({ start: value.offset, end: nodeEnd(value), messageId: 'sidNotString' });
  }
}

function checkEffect(context: Context, statement: Statement, effect: JsonNode | undefined, misspelled: ReadonlySet<string>): void {
  if (!effect) {
    if (!misspelled.has('Effect')) {
      context.report({ ...statementStart(statement), messageId: 'noEffect' });
    }
    return;
  }
  const value = propertyValue(effect);
  if (!value) return;
  if (value.type !== 'string' || typeof value.value !== 'string') {
    context.report({ start: value.offset, end: nodeEnd(value), messageId: 'effectNotString' });
    return;
  }
  const text = value.value;
  if ((EFFECTS as readonly string[]).includes(text)) return;
  const sameLetters = EFFECTS.find((e) => e.toLowerCase() === text.trim().toLowerCase());
  const suggestions = sameLetters ? [sameLetters] : closestMatches(text, EFFECTS, 2);
  const changes = suggestions.map((s): FixProposal => ({ title: `Change to "${s}"`, edits: [replaceValue(value, s)] }));
  // Safe: a difference in case or spaces only (`allow`), or the one candidate one typo away (`Alow`).
  const safe = sameLetters !== undefined || isCertainCorrection(text, suggestions);
  context.report({
    start: value.offset,
    end: nodeEnd(value),
    messageId: 'invalidEffect',
    data: { value: JSON.stringify(text) },
    ...(safe && changes.length === 1 ? { fix: changes[0]! } : { suggestions: changes }),
  });
}

/** Element pairs of which a statement may hold one, not both (Action/NotAction, …): both (their last properties) in it. */
function checkExclusivePair(context: Context, positive: string, a: JsonNode | undefined, negative: string, b: JsonNode | undefined): void {
  if (!a || !b) return;
  const second = a.offset > b.offset ? a : b;
  const keyNode = second.children![0]!;
  context.report({
    start: keyNode.offset,
    end: nodeEnd(keyNode),
    messageId: 'exclusivePair',
    data: { positive, negative },
  });
}

/** `Action`/`Resource` (and Not-): a string or a non-empty array of strings. */
function checkStringList(context: Context, property: JsonNode, key: string): void {
  const value = propertyValue(property);
  if (!value) return;
  if (value.type === 'string') return;
  if (value.type !== 'array') {
    context.report({ start: value.offset, end: nodeEnd(value), messageId: 'notStringList', data: { key } });
    return;
  }
  const items = value.children ?? [];
  if (items.length === 0 && !containsParseError(context.doc, value)) {
    context.report({
      start: value.offset,
      end: nodeEnd(value),
      severity: 'warning',
      messageId: key.startsWith('Not') ? 'emptyNotList' : 'emptyList',
      data: { key },
    });
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.type !== 'string') {
      context.report({ start: item.offset, end: nodeEnd(item), messageId: 'entryNotString', data: { key } });
    }
  }
}

/** `Principal`: `"*"` or an object whose values are strings or arrays of strings. The contents are iam/principal-invalid's. */
function checkPrincipalShape(context: Context, property: JsonNode, key: string): void {
  const value = propertyValue(property);
  if (!value || value.type === 'string') return;
  if (value.type !== 'object') {
    context.report({ start: value.offset, end: nodeEnd(value), messageId: 'principalWrongType', data: { key } });
    return;
  }
  // Access Analyzer's EMPTY_OBJECT_PRINCIPAL. An object emptied by a syntax error is iam/json-syntax's finding.
  if ((value.children ?? []).length === 0 && !containsParseError(context.doc, value)) {
    context.report({ start: value.offset, end: nodeEnd(value), severity: 'warning', messageId: key === 'NotPrincipal' ? 'emptyNotPrincipalObject' : 'emptyPrincipalObject' });
    return;
  }
  for (const entry of value.children ?? []) {
    const entryValue = propertyValue(entry);
    if (!entryValue || entryValue.type === 'string') continue;
    if (entryValue.type !== 'array') {
      context.report({ start: entryValue.offset, end: nodeEnd(entryValue), messageId: 'principalEntryWrongType', data: { key } });
      continue;
    }
    const items = entryValue.children ?? [];
    if (items.length === 0) {
      context.report({ start: entryValue.offset, end: nodeEnd(entryValue), severity: 'warning', messageId: 'emptyPrincipalList' });
    }
    for (const item of items) {
      if (item.type !== 'string') context.report({ start: item.offset, end: nodeEnd(item), messageId: 'principalNotString' });
    }
  }
}

/** `Condition`: { operator: { key: scalar | [scalars] } }. */
function checkConditionShape(context: Context, property: JsonNode): void {
  const value = propertyValue(property);
  if (!value) return;
  if (value.type !== 'object') {
    context.report({ start: value.offset, end: nodeEnd(value), messageId: 'conditionNotObject' });
    return;
  }
  for (const block of value.children ?? []) {
    const blockValue = propertyValue(block);
    if (!blockValue) continue;
    if (blockValue.type !== 'object') {
      context.report({ start: blockValue.offset, end: nodeEnd(blockValue), messageId: 'conditionBlockNotObject' });
      continue;
    }
    for (const entry of blockValue.children ?? []) {
      const entryValue = propertyValue(entry);
      if (!entryValue) continue;
      if (entryValue.type === 'array') {
        const items = entryValue.children ?? [];
        if (items.length === 0) {
          context.report({ start: entryValue.offset, end: nodeEnd(entryValue), severity: 'warning', messageId: 'emptyConditionValues' });
        }
        for (const item of items) {
          if (!isScalar(item)) context.report({ start: item.offset, end: nodeEnd(item), messageId: 'conditionListValueWrongType' });
        }
      } else if (!isScalar(entryValue)) {
        context.report({ start: entryValue.offset, end: nodeEnd(entryValue), messageId: 'conditionValueWrongType' });
      }
    }
  }
}

/** A value that reads as statements (an object, or an array of objects, with Effect or Action): the Statement under another name. */
function holdsStatements(property: JsonNode): boolean {
  const value = propertyValue(property);
  const candidates = value?.type === 'array' ? (value.children ?? []) : value ? [value] : [];
  return candidates.some((item) => item.type === 'object' && (item.children ?? []).some((p) => ['Effect', 'Action', 'NotAction'].includes(propertyKey(p) ?? '')));
}

/** An array emptied by a syntax error (e.g. an unquoted `<placeholder>` inside it) is iam/json-syntax's finding, not an empty list. */
function containsParseError(doc: IamDocument, node: JsonNode): boolean {
  const errors = doc.parseErrors;
  for (let i = 0; i < errors.length; i++) if (errors[i]!.offset >= node.offset && errors[i]!.offset < nodeEnd(node)) return true;
  return false;
}

function isScalar(node: JsonNode): boolean {
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean';
}

/** Which elements each policy type requires or forbids (`resource`, `notResource`: the statement's last such properties). */
function checkResourceForType(context: Context, statement: Statement, hasResource: boolean, resource: JsonNode | undefined, notResource: JsonNode | undefined): void {
  const type: PolicyType = context.doc.policyType;
  if (type === 'trust') {
    // Role trust policies have no resource: the role itself is the resource ("Has prohibited field Resource").
    // Removing it deletes the author's value, so it is only ever a suggestion, and only offered when this
    // statement itself assumes the role (with other actions the inferred type may be wrong).
    const assumesRole = statement.principal !== undefined && (statement.action?.values ?? []).every((v) => /^sts:/i.test(v.value));
    for (const key of ['Resource', 'NotResource']) {
      const property = key === 'Resource' ? resource : notResource;
      if (!property) continue;
      const removal = removeProperty(property);
      context.report({
        start: property.children![0]!.offset,
        end: nodeEnd(property.children![0]!),
        messageId: 'resourceInTrustPolicy',
        data: { key },
        suggestions: removal && assumesRole ? [{ title: `Remove "${key}"`, edits: [removal] }] : [],
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
      messageId: 'noResourceInResourcePolicy',
    });
  } else if (type === 'scp') {
    // The SCP syntax page does not say whether Resource may be left out: warn, do not reject.
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
    context.report({ ...start, severity: 'warning', messageId: 'noResourceInScp' });
  } else {
    context.report({ ...start, messageId: 'noResource', data: { policyType: withArticle(POLICY_TYPE_LABELS[type]) } });
  }
}

/** `principal`: the statement's last Principal property, else its last NotPrincipal property. */
function checkPrincipalForType(context: Context, statement: Statement, hasPrincipal: boolean, principal: JsonNode | undefined): void {
  const type: PolicyType = context.doc.policyType;
  if (type === 'identity' || type === 'scp') {
    if (!principal) return;
    const label = withArticle(POLICY_TYPE_LABELS[type]);
    // IAM: "Policy document should not specify a principal." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    const keyNode = principal.children![0]!;
    const removal = removeProperty(principal);
    context.report({
      start: keyNode.offset,
      end: nodeEnd(keyNode),
      messageId: 'principalNotAllowed',
      data: { policyType: `${label[0]!.toUpperCase()}${label.slice(1)}`, key: propertyKey(principal) ?? '' },
      // Deletes the author's principal (maybe the type was inferred wrongly): a suggestion.
      suggestions: removal ? [{ title: `Remove "${propertyKey(principal)}"`, edits: [removal] }] : [],
    });
  } else if (!hasPrincipal) {
    context.report({ ...statementStart(statement), messageId: 'noPrincipal', data: { policyType: withArticle(POLICY_TYPE_LABELS[type]) } });
  }
}

/**
 * Characters the policy's store rejects (a typographic quote or dash pasted from a document, an emoji, text in a
 * non-Latin script), once per string, on the character. Written with a `\\u` escape, a character is left alone: the
 * rule is about the document's text, and an escape is plain ASCII there. Action names are iam/unknown-service's.
 */
/** Reports characters the policy type does not accept, in every string under `root` but the `skip`ped subtrees. */
function checkCharacters(context: Context, root: JsonNode, skip?: NodeSet): void {
  const type = context.doc.policyType;
  if (!LATIN1_ONLY.has(type)) return;
  // In a policy file every reported character is spelled in its string's token, inside `root`: a text without any
  // such character has nothing to report (one native scan instead of a walk of every string).
  // The strict reader noted whether any string of the text has one (the text outside strings never does).
  if (strictJsonFacts(wholeDocument(context.doc))?.aboveLatin1 === false) return;
  if (context.doc.isJsonText && !mayHaveCharacterOutsideLatin1(context.text, root.offset, nodeEnd(root))) return;
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (skip?.has(node)) continue;
    if (node.type === 'property') {
      const key = propertyKey(node);
      const value = propertyValue(node);
      if (node.children?.[0]) stack.push(node.children[0]);
      if (value && key !== 'Action' && key !== 'NotAction') stack.push(value);
      continue;
    }
    if (node.type === 'string' && typeof node.value === 'string') {
      reportCharacter(context, node, node.value, type);
      continue;
    }
    for (const child of node.children ?? []) stack.push(child);
  }
}

/**
 * checkCharacters in the document view (the policy but its statements). A policy file's text outside the statements
 * (keys, brackets, white space: short) is looked at first, so that a keystroke does not scan every statement again.
 */
function checkCharactersOutsideStatements(context: Context, root: JsonNode): void {
  if (!LATIN1_ONLY.has(context.doc.policyType)) return;
  if (context.doc.isJsonText) {
    const { text } = context;
    let from = root.offset;
    let found = false;
    for (const statement of wholeDocument(context.doc).statements) {
      const node = statement.node;
      // Statements are in text order, inside the root; anything else is looked at as a whole.
      if (node.offset < from) {
        found = true;
        break;
      }
      if (hasCharacterOutsideLatin1(text, from, node.offset)) {
        found = true;
        break;
      }
      from = nodeEnd(node);
    }
    if (!found && !hasCharacterOutsideLatin1(text, from, Math.max(from, nodeEnd(root)))) return;
  }
  checkCharacters(context, root, skippedStatementNodes(context.doc));
}

/** mayHaveCharacterOutsideLatin1 for a short stretch (between statements): a loop, no slice. */
function hasCharacterOutsideLatin1(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x20 && c <= 0xff) || c === 9 || c === 10 || c === 13)) return true;
  }
  return false;
}

/** Characters outside tab, line breaks and U+0020–U+00FF (a fixed pattern: linear). */
const OUTSIDE_LATIN1 = /[^\t\n\r\x20-\xff]/;

/** Whether `text[start, end)` holds a character reportCharacter would look at. */
export function mayHaveCharacterOutsideLatin1(text: string, start: number, end: number): boolean {
  return OUTSIDE_LATIN1.test(start === 0 && end === text.length ? text : text.slice(start, end));
}

function reportCharacter(context: Context, node: JsonNode, value: string, type: PolicyType): void {
  let info: ReturnType<typeof valueInfoOf> | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x20 && c <= 0xff) || c === 9 || c === 10 || c === 13) continue;
    info ??= valueInfoOf(node, context.text);
    if (info.known === 'unknown') return;
    const code = value.codePointAt(i)!;
    const length = code > 0xffff ? 2 : 1;
    const span = sourceSpan({ value, start: node.offset, end: nodeEnd(node), ...info }, i, i + length);
    if (!span) continue; // an escape (or an expression's stand-in): not in the document's text
    context.report({
      ...span,
      messageId: 'characterNotAllowed',
      data: {
        character: value.slice(i, i + length),
        code: code.toString(16).toUpperCase().padStart(4, '0'),
        policyType: withArticle(POLICY_TYPE_LABELS[type]),
      },
    });
    return;
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
