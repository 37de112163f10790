// IAM policy model: jsonc-parser's tree (every node with offsets) plus typed views of each statement.
//
// Rules read this model; they never parse. Other syntaxes (Terraform, CloudFormation) are turned into the same
// model by their adapters: a node tree with offsets in the adapter's text, each string described as literal,
// partly known or unknown (iam/values.ts), and where the policy is used (PolicyOrigin).

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { PolicyType } from './policyType';
import { inferPolicyType } from './policyType';
import { parseStrictJson, parseStrictJsonValueAt, type StrictJsonFacts } from './jsonTree';
import { hasValueInfo, valueInfoOf, type DescribedValue, type SourceRun } from './values';
import { textChange } from '../text';

export type { JsonNode, ParseError };
export type { StrictJsonFacts };

/** A string value somewhere in the policy, with its node, the offsets of its token and what is known about it. */
export interface StrValue extends DescribedValue {
  node: JsonNode;
}

/** `Action`/`NotAction`, `Resource`/`NotResource`: the key used and its string values. */
export interface ListElement {
  key: string;
  /** The property node (`"Action": …`). */
  property: JsonNode;
  keyNode: JsonNode;
  /** The value node: a string or an array. Undefined when the property has no value yet. */
  valueNode: JsonNode | undefined;
  values: StrValue[];
}

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `"Principal": "*"`. */
  type: string;
  typeNode: JsonNode | undefined;
  value: StrValue;
}

export interface PrincipalElement {
  key: 'Principal' | 'NotPrincipal';
  property: JsonNode;
  keyNode: JsonNode;
  valueNode: JsonNode | undefined;
  entries: PrincipalEntry[];
}

export interface ConditionEntry {
  /** The condition key, e.g. `s3:prefix`. */
  key: StrValue;
  property: JsonNode;
  valueNode: JsonNode | undefined;
  /** Scalar values as strings (`true`, `10` included), with their nodes. */
  values: StrValue[];
}

export interface ConditionBlock {
  /** The operator, e.g. `StringLike`, `ForAnyValue:StringEquals`. */
  operator: StrValue;
  property: JsonNode;
  valueNode: JsonNode | undefined;
  entries: ConditionEntry[];
}

export interface ConditionElement {
  property: JsonNode;
  keyNode: JsonNode;
  valueNode: JsonNode | undefined;
  blocks: ConditionBlock[];
}

export interface Statement {
  node: JsonNode;
  index: number;
  /** Every property of the statement in source order (duplicates included). */
  properties: JsonNode[];
  sid: StrValue | undefined;
  effect: StrValue | undefined;
  action: ListElement | undefined;
  resource: ListElement | undefined;
  principal: PrincipalElement | undefined;
  condition: ConditionElement | undefined;
}

export interface IamDocument {
  text: string;
  root: JsonNode | undefined;
  parseErrors: ParseError[];
  /** Top-level properties in source order. */
  topProperties: JsonNode[];
  version: StrValue | undefined;
  versionProperty: JsonNode | undefined;
  statementProperty: JsonNode | undefined;
  statements: Statement[];
  policyType: PolicyType;
  /** Whether the type came from the content or was set by the user/host. */
  policyTypeSource: 'inferred' | 'configured';
  /**
   * True when `text` is the policy's own JSON, which IAM parses as written (so its JSON syntax is checked). False
   * when an adapter built the model from another syntax: `text` is then the adapter's, and its syntax is not IAM's.
   */
  isJsonText: boolean;
  /** Where the policy is used, when an adapter knows (the resource and attribute holding it). */
  origin?: PolicyOrigin;
}

/** The construct holding an embedded policy, which decides its policy type. */
export interface PolicyOrigin {
  /** For messages, e.g. `aws_iam_role.app.assume_role_policy`. */
  label: string;
  /** The resource type holding the policy, e.g. `aws_s3_bucket_policy`, `AWS::KMS::Key`. */
  resourceType?: string;
  /** The attribute or property holding it, e.g. `assume_role_policy`, `KeyPolicy`. */
  attribute?: string;
}

/**
 * Deepest bracket nesting we hand to jsonc-parser, whose recursive descent overflows the stack
 * near 5,000 levels. A real policy nests about 7 levels (Statement → Condition → operator → key → values).
 */
export const MAX_JSON_DEPTH = 256;

/** Error code (outside jsonc-parser's range) for a document nested deeper than MAX_JSON_DEPTH. */
export const TOO_DEEP_ERROR = 1000;

/** Lets a test see every text parsed as a policy (test/unit/lsp-parse-once.test.ts: one parse per document version). */
export const parseObserver: { parsed?: (text: string) => void } = {};

/** Parses a policy document leniently: comments and trailing commas are accepted here and reported by iam/json-syntax. */
export function parseIamDocument(text: string, policyType?: PolicyType): IamDocument {
  parseObserver.parsed?.(text);
  // Strict JSON (most policy files, most keystrokes): the same tree, built without jsonc-parser's garbage.
  const strict = parseStrictJson(text, MAX_JSON_DEPTH);
  if (strict) {
    const doc = buildDocument(text, strict.root, [], policyType, true);
    strictDocuments.add(doc);
    factsOfDocuments.set(doc, strict.facts);
    return doc;
  }
  const parseErrors: ParseError[] = [];
  const tooDeepAt = offsetBeyondDepth(text, MAX_JSON_DEPTH);
  if (tooDeepAt >= 0) {
    parseErrors.push({ error: TOO_DEEP_ERROR as ParseError['error'], offset: tooDeepAt, length: 1 });
    return buildDocument(text, undefined, parseErrors, policyType, true);
  }
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  return buildDocument(text, root, parseErrors, policyType, true);
}

/** Documents read by the strict-JSON path (fully or by `reparseIamDocument`): the only ones a re-read can start from. */
const strictDocuments = new WeakSet<IamDocument>();

/**
 * Whether the document's text is strict JSON (read by the strict path, in full or by a re-read of one statement): it
 * has no comments and no trailing commas. Asked of the whole document (a statement view is another object).
 */
export function isStrictJsonDocument(doc: IamDocument): boolean {
  return strictDocuments.has(doc);
}

/** The facts the strict reader learnt reading the whole text (iam/jsonTree.ts); none after a re-read of one statement. */
const factsOfDocuments = new WeakMap<IamDocument, StrictJsonFacts>();

/**
 * What reading the document's whole text as strict JSON found out about it (repeated keys, white space, wide
 * characters), for rules that would otherwise walk the tree for it; undefined when the text was not read so in full
 * (not strict JSON, a re-read of one statement, a model built by a host adapter). Asked of the whole document.
 */
export function strictJsonFacts(doc: IamDocument): StrictJsonFacts | undefined {
  return factsOfDocuments.get(doc);
}

/**
 * `parseIamDocument(text, policyType)`, re-reading only what changed since `previous` (the document of an earlier
 * version of the same text, kept by the caller: a LintCache) when that is one statement. The result equals a full
 * read's (test/unit/iam-incremental-parse.test.ts compares them after every edit of generated typing sessions).
 *
 * `previous` is consumed: its tree and model are re-used and updated in place (the nodes and values after the edited
 * statement are moved by the length change), so a document returned earlier must not be read after it was passed
 * here. The language server reads only the analysis of a document's current version.
 */
export function parseIamDocumentIncrementally(text: string, policyType: PolicyType | undefined, previous: IamDocument | undefined): IamDocument {
  const reread = previous && strictDocuments.has(previous) ? reparseIamDocument(text, policyType, previous) : undefined;
  if (reread) {
    parseObserver.parsed?.(text);
    return reread;
  }
  return parseIamDocument(text, policyType);
}

/**
 * The document of `text` from `previous` (a strict-JSON read of an earlier version) when the two texts differ only
 * inside one statement object and that statement is still one strict-JSON object: that statement is read again and
 * put in place of the old one; every other node and value is kept, moved by the length change when it lies after
 * the statement. Undefined in every other case (an edit between or across statements, in a key outside them, one
 * that makes the statement something else or invalid): the caller reads the whole text.
 */
function reparseIamDocument(text: string, policyType: PolicyType | undefined, previous: IamDocument): IamDocument | undefined {
  const old = previous.text;
  if (old === text) {
    // The same text and tree: what was learnt reading it still holds.
    const same = strictDocument(text, previous, previous.statements, policyType);
    const facts = factsOfDocuments.get(previous);
    if (facts) factsOfDocuments.set(same, facts);
    return same;
  }
  const statements = previous.statements;
  if (statements.length === 0) return undefined;
  // The changed stretch: [prefix, changedEnd) in the old text. textChange keeps its last answer: the language
  // server's line index of this version asked it already.
  const change = textChange(old, text);
  if (!change) return undefined;
  const prefix = change.start;
  const changedEnd = change.oldEnd;
  // The statement whose braces enclose the change (statements are in text order): the last one opening before it.
  let low = 0;
  let high = statements.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (statements[mid]!.node.offset < prefix) low = mid;
    else high = mid - 1;
  }
  const statement = statements[low]!;
  const node = statement.node;
  const end = node.offset + node.length;
  // Its `{` before the change and its `}` after it.
  if (!(node.offset < prefix && changedEnd <= end - 1)) return undefined;
  const parent = node.parent;
  if (!parent?.children) return undefined;
  const siblingIndex = parent.children.indexOf(node);
  if (siblingIndex < 0) return undefined;
  let depth = 0;
  for (let n: JsonNode | undefined = parent; n; n = n.parent) if (n.type === 'object' || n.type === 'array') depth++;
  const delta = text.length - old.length;
  const read = parseStrictJsonValueAt(text, node.offset, parent, depth, MAX_JSON_DEPTH);
  if (!read || read.node.type !== 'object' || read.end !== end + delta) return undefined;
  // From here on the old tree becomes the new one.
  parent.children[siblingIndex] = read.node;
  moveNodesAfter(read.node, parent, siblingIndex, delta);
  const index = statement.index;
  for (let i = index + 1; i < statements.length; i++) moveStatement(statements[i]!, delta);
  if (previous.version && previous.version.start >= end) moveValue(previous.version, delta);
  const updated = statements.slice();
  updated[index] = buildStatement(read.node, index, text, true);
  return strictDocument(text, previous, updated, policyType);
}

/** A strict-JSON document of `text` with the tree and top-level model of `from` and these statements. */
function strictDocument(text: string, from: IamDocument, statements: Statement[], policyType: PolicyType | undefined): IamDocument {
  // Built with the fields in parseIamDocument's order (one object shape for both).
  const doc: IamDocument = {
    text,
    root: from.root,
    parseErrors: [],
    topProperties: from.topProperties,
    version: from.version,
    versionProperty: from.versionProperty,
    statementProperty: from.statementProperty,
    statements,
    policyType: policyType ?? inferPolicyType(statements),
    policyTypeSource: policyType ? 'configured' : 'inferred',
    isJsonText: true,
  };
  strictDocuments.add(doc);
  return doc;
}

/** Moves by `delta` every node after `node` (the child `index` of `parent`), and lengthens its ancestors by it. */
function moveNodesAfter(node: JsonNode, parent: JsonNode, index: number, delta: number): void {
  let child = node;
  for (let p: JsonNode | undefined = parent; p; p = p.parent) {
    (p as MovableNode).length += delta;
    const siblings = p.children!;
    const at = p === parent ? index : siblings.indexOf(child);
    for (let i = at + 1; i < siblings.length; i++) moveSubtree(siblings[i]!, delta);
    child = p;
  }
}

/** A tree node as this module moves it (jsonc-parser's type says its offsets are read-only). */
type MovableNode = { -readonly [K in 'offset' | 'length' | 'colonOffset']: JsonNode[K] };

function moveSubtree(node: JsonNode, delta: number): void {
  const movable = node as MovableNode;
  movable.offset += delta;
  if (movable.colonOffset !== undefined) movable.colonOffset += delta;
  const children = node.children;
  if (children) for (let i = 0; i < children.length; i++) moveSubtree(children[i]!, delta);
}

/** Moves the values of a statement's model (its nodes are moved with the tree). Index loops: nothing is allocated per value. */
function moveStatement(statement: Statement, delta: number): void {
  if (statement.sid) moveValue(statement.sid, delta);
  if (statement.effect) moveValue(statement.effect, delta);
  if (statement.action) moveValues(statement.action.values, delta);
  if (statement.resource) moveValues(statement.resource.values, delta);
  if (statement.principal) {
    const entries = statement.principal.entries;
    for (let i = 0; i < entries.length; i++) moveValue(entries[i]!.value, delta);
  }
  if (statement.condition) {
    const blocks = statement.condition.blocks;
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!;
      moveValue(block.operator, delta);
      for (let e = 0; e < block.entries.length; e++) {
        const entry = block.entries[e]!;
        moveValue(entry.key, delta);
        moveValues(entry.values, delta);
      }
    }
  }
}

function moveValues(values: readonly StrValue[], delta: number): void {
  for (let i = 0; i < values.length; i++) moveValue(values[i]!, delta);
}

function moveValue(value: StrValue, delta: number): void {
  value.start += delta;
  value.end += delta;
  // A token value's run is read from its offsets.
  if (value instanceof TokenValue) return;
  const runs = value.runs;
  for (let i = 0; i < runs.length; i++) (runs[i] as { sourceStart: number }).sourceStart += delta;
  const pieces = value.pieces;
  if (!pieces) return;
  for (let i = 0; i < pieces.length; i++) {
    (pieces[i] as { start: number }).start += delta;
    (pieces[i] as { end: number }).end += delta;
  }
}

/** Offset of the first `[`/`{` nested deeper than `maxDepth` (outside strings and comments), or -1. */
export function offsetBeyondDepth(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** The model of a policy tree whose nodes have offsets in `text` (an adapter's tree, or jsonc-parser's for a policy file). */
export function buildIamDocument(
  text: string,
  root: JsonNode | undefined,
  parseErrors: ParseError[],
  policyType?: PolicyType,
): IamDocument {
  return buildDocument(text, root, parseErrors, policyType, false);
}

function buildDocument(text: string, root: JsonNode | undefined, parseErrors: ParseError[], policyType: PolicyType | undefined, isJsonText: boolean): IamDocument {
  const topProperties = root?.type === 'object' ? (root.children ?? []) : [];
  const versionProperty = lastProperty(topProperties, 'Version');
  const statementProperty = lastProperty(topProperties, 'Statement');
  const statementValue = statementProperty?.children?.[1];
  let statements: Statement[] = [];
  if (statementValue?.type === 'array') {
    const children = statementValue.children ?? [];
    if (children.every((node) => node.type === 'object')) statements = children.map((node, index) => buildStatement(node, index, text, isJsonText));
    else for (const node of children) if (node.type === 'object') statements.push(buildStatement(node, statements.length, text, isJsonText));
  } else if (statementValue?.type === 'object') {
    statements = [buildStatement(statementValue, 0, text, isJsonText)];
  }
  // Built with the fields in strictDocument's order (one object shape for every document).
  return {
    text,
    root,
    parseErrors,
    topProperties,
    version: modelValue(versionProperty?.children?.[1], text, isJsonText),
    versionProperty,
    statementProperty,
    statements,
    policyType: policyType ?? inferPolicyType(statements),
    policyTypeSource: policyType ? 'configured' : 'inferred',
    isJsonText,
  };
}

function buildStatement(node: JsonNode, index: number, text: string, json: boolean): Statement {
  const properties = node.children ?? [];
  // The last property of each key (JSON parsers keep the last duplicate, and so does IAM), found in one pass.
  let sid: JsonNode | undefined;
  let effect: JsonNode | undefined;
  let action: JsonNode | undefined;
  let notAction: JsonNode | undefined;
  let resource: JsonNode | undefined;
  let notResource: JsonNode | undefined;
  let principal: JsonNode | undefined;
  let notPrincipal: JsonNode | undefined;
  let condition: JsonNode | undefined;
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i]!;
    switch (propertyKey(property)) {
      case 'Sid':
        sid = property;
        break;
      case 'Effect':
        effect = property;
        break;
      case 'Action':
        action = property;
        break;
      case 'NotAction':
        notAction = property;
        break;
      case 'Resource':
        resource = property;
        break;
      case 'NotResource':
        notResource = property;
        break;
      case 'Principal':
        principal = property;
        break;
      case 'NotPrincipal':
        notPrincipal = property;
        break;
      case 'Condition':
        condition = property;
        break;
    }
  }
  const actionProperty = action ?? notAction;
  const resourceProperty = resource ?? notResource;
  const principalProperty = principal ?? notPrincipal;
  return {
    node,
    index,
    properties,
    sid: modelValue(sid?.children?.[1], text, json),
    effect: modelValue(effect?.children?.[1], text, json),
    action: actionProperty ? listElement(actionProperty, text, json) : undefined,
    resource: resourceProperty ? listElement(resourceProperty, text, json) : undefined,
    principal: principalProperty ? principalElement(principalProperty, text, json) : undefined,
    condition: condition ? conditionElement(condition, text, json) : undefined,
  };
}

const openings = new WeakMap<JsonNode, { start: number; end: number }>();

/** Records where an object written without braces opens (a YAML block mapping: at its first key). */
export function setObjectOpening(node: JsonNode, range: { start: number; end: number }): void {
  openings.set(node, range);
}

/** Where an object opens, for findings about something missing from it: its `{`, or what its adapter recorded. */
export function objectOpening(node: JsonNode): { start: number; end: number } {
  return openings.get(node) ?? { start: node.offset, end: node.offset + 1 };
}

/** The key of a property node. */
export function propertyKey(property: JsonNode): string | undefined {
  const keyNode = property.children?.[0];
  return keyNode && typeof keyNode.value === 'string' ? keyNode.value : undefined;
}

/** The last property with this exact key (JSON parsers keep the last duplicate, and so does IAM). */
export function lastProperty(properties: readonly JsonNode[], key: string): JsonNode | undefined {
  for (let i = properties.length - 1; i >= 0; i--) {
    if (propertyKey(properties[i]!) === key) return properties[i];
  }
  return undefined;
}

/** The string value of a node (key or value), with what is known about it; undefined for other nodes. */
export function strValue(node: JsonNode | undefined, text: string): StrValue | undefined {
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const start = node.offset;
  const end = start + node.length;
  const value = node.value;
  // Object literals with one set of fields (one shape; V8 allocates the objects of a literal that live long, as the
  // model's do, directly in the old generation instead of copying them out of the young one twice).
  // A JSON token whose value is two characters shorter than it, between quotes, has no escape (each escape is
  // shorter as a value than as written): its one run is the characters between the quotes, as jsonTokenInfo finds.
  // Unless its last quote is escaped: a string left open at the end of the text (`"a\"`) is as long.
  if (
    value.length === node.length - 2 &&
    !hasValueInfo(node) &&
    text.charCodeAt(start) === 34 /* " */ &&
    text.charCodeAt(end - 1) === 34 &&
    text.charCodeAt(end - 2) !== 92 /* \ */
  ) {
    return { value, node, start, end, known: 'literal', pieces: undefined, runs: [{ valueStart: 0, length: end - start - 2, sourceStart: start + 1 }] };
  }
  const info = valueInfoOf(node, text);
  return { value, node, start, end, known: info.known, pieces: info.pieces, runs: info.runs };
}

/**
 * A string value of the model as `strValue` describes it. In a policy file's own JSON (`json`: a tree read from the
 * document's text, moved only by `moveValue` with its model), a token written without escapes is a token value
 * (`tokenValue`): the same fields, without the array of its one run, which it gives when asked.
 */
function modelValue(node: JsonNode | undefined, text: string, json: boolean): StrValue | undefined {
  if (json && node !== undefined && isPlainToken(node, text)) return tokenValue(node);
  return strValue(node, text);
}

/**
 * Whether `node` is a string token written without escapes, between its quotes: its value is two characters shorter
 * than it (each escape is shorter as a value than as written) — unless its last quote is escaped (a string left open
 * at the end of the text, `"a\"`, is as long). Its one run is then the characters between the quotes.
 */
function isPlainToken(node: JsonNode, text: string): boolean {
  if (node.type !== 'string') return false;
  const value = node.value;
  const start = node.offset;
  const end = start + node.length;
  return (
    typeof value === 'string' &&
    value.length === node.length - 2 &&
    !hasValueInfo(node) &&
    text.charCodeAt(start) === 34 /* " */ &&
    text.charCodeAt(end - 1) === 34 &&
    text.charCodeAt(end - 2) !== 92 /* \ */
  );
}

/**
 * `strValue(node, text)` of a token written without escapes (`isPlainToken`) with its one run (the characters between
 * the quotes) built from its offsets on each read: a value keeps none (an array of one run was two of the four
 * objects allocated per string of a policy). test/unit/model-token-values.test.ts compares each with the reference
 * over generated and random documents and re-reads.
 * A class instance with the literal's fields, not an object literal with its prototype set in it (`__proto__: …`):
 * V8 sets such a prototype by a call into its runtime per object (≈ 170 ns, 7 ms per lint of the 1.8 MB policy),
 * which cost more than the literal's allocation in the old generation saved (fastest CPU time of the 1.8 MB lint and
 * the repository's CPU time, interleaved). Nor one holding only its node with every field a getter (no faster here).
 */
class TokenValue implements StrValue {
  value: string;
  node: JsonNode;
  start: number;
  end: number;
  known: 'literal';
  pieces: undefined;

  constructor(node: JsonNode) {
    // The fields in a literal StrValue's order.
    this.value = node.value as string;
    this.node = node;
    this.start = node.offset;
    this.end = node.offset + node.length;
    this.known = 'literal';
    this.pieces = undefined;
  }

  /** A new array on each read. */
  get runs(): SourceRun[] {
    return [{ valueStart: 0, length: this.end - this.start - 2, sourceStart: this.start + 1 }];
  }
}

function tokenValue(node: JsonNode): StrValue {
  return new TokenValue(node);
}

/** A scalar as IAM condition values see it: strings, numbers and booleans all compare as strings. */
function scalarValue(node: JsonNode, text: string, json: boolean): StrValue | undefined {
  if (node.type === 'string') return modelValue(node, text, json);
  if (node.type === 'number' || node.type === 'boolean') {
    return { value: String(node.value), node, start: node.offset, end: node.offset + node.length, known: 'literal', pieces: undefined, runs: [] };
  }
  return undefined;
}

/** String values of a string-or-array node. */
export function stringValues(node: JsonNode | undefined, text: string): StrValue[] {
  return modelValues(node, text, false);
}

/** `stringValues`, as modelValue describes each value. */
function modelValues(node: JsonNode | undefined, text: string, json: boolean): StrValue[] {
  if (!node) return [];
  if (node.type === 'string') return [modelValue(node, text, json)!];
  if (node.type === 'array') {
    const children = node.children ?? [];
    if (children.every(isStringNode)) return valuesOf(children, text, json);
    const values: StrValue[] = [];
    for (const n of children) {
      const v = modelValue(n, text, json);
      if (v) values.push(v);
    }
    return values;
  }
  return [];
}

/**
 * The values of string nodes, in an array of exactly their number (an array grown by push holds 17 slots for one
 * value): an array literal for the usual counts, which V8 allocates in the old generation once it sees that the
 * model's arrays live long, instead of copying them out of the young one twice.
 */
function valuesOf(nodes: readonly JsonNode[], text: string, json: boolean): StrValue[] {
  switch (nodes.length) {
    case 0:
      return [];
    case 1:
      return [modelValue(nodes[0], text, json)!];
    case 2:
      return [modelValue(nodes[0], text, json)!, modelValue(nodes[1], text, json)!];
    case 3:
      return [modelValue(nodes[0], text, json)!, modelValue(nodes[1], text, json)!, modelValue(nodes[2], text, json)!];
    case 4:
      return [modelValue(nodes[0], text, json)!, modelValue(nodes[1], text, json)!, modelValue(nodes[2], text, json)!, modelValue(nodes[3], text, json)!];
    default:
      return nodes.map((n) => modelValue(n, text, json)!);
  }
}

function isStringNode(node: JsonNode): boolean {
  return node.type === 'string' && typeof node.value === 'string';
}

/** The condition values of a scalar-or-array node. */
function scalarValues(node: JsonNode | undefined, text: string, json: boolean): StrValue[] {
  if (!node) return [];
  if (node.type !== 'array') {
    const value = scalarValue(node, text, json);
    return value ? [value] : [];
  }
  const children = node.children ?? [];
  if (children.every(isStringNode)) return valuesOf(children, text, json);
  const values: StrValue[] = [];
  for (const n of children) {
    const v = scalarValue(n, text, json);
    if (v) values.push(v);
  }
  return values;
}

function listElement(property: JsonNode, text: string, json: boolean): ListElement {
  const valueNode = property.children?.[1];
  return {
    key: propertyKey(property) ?? '',
    property,
    keyNode: property.children![0]!,
    valueNode,
    values: modelValues(valueNode, text, json),
  };
}

function principalElement(property: JsonNode, text: string, json: boolean): PrincipalElement {
  const valueNode = property.children?.[1];
  const entries: PrincipalEntry[] = [];
  if (valueNode?.type === 'string') {
    entries.push({ type: '*', typeNode: undefined, value: modelValue(valueNode, text, json)! });
  } else if (valueNode?.type === 'object') {
    for (const child of valueNode.children ?? []) {
      const type = propertyKey(child) ?? '';
      for (const value of modelValues(child.children?.[1], text, json)) {
        entries.push({ type, typeNode: child.children?.[0], value });
      }
    }
  }
  return {
    key: propertyKey(property) === 'NotPrincipal' ? 'NotPrincipal' : 'Principal',
    property,
    keyNode: property.children![0]!,
    valueNode,
    entries,
  };
}

function conditionElement(property: JsonNode, text: string, json: boolean): ConditionElement {
  const valueNode = property.children?.[1];
  const blocks: ConditionBlock[] = [];
  if (valueNode?.type === 'object') {
    for (const blockProperty of valueNode.children ?? []) {
      const operator = modelValue(blockProperty.children?.[0], text, json);
      if (!operator) continue;
      const blockValue = blockProperty.children?.[1];
      const entries: ConditionEntry[] = [];
      if (blockValue?.type === 'object') {
        for (const entryProperty of blockValue.children ?? []) {
          const key = modelValue(entryProperty.children?.[0], text, json);
          if (!key) continue;
          const entryValue = entryProperty.children?.[1];
          entries.push({ key, property: entryProperty, valueNode: entryValue, values: scalarValues(entryValue, text, json) });
        }
      }
      blocks.push({ operator, property: blockProperty, valueNode: blockValue, entries });
    }
  }
  return { property, keyNode: property.children![0]!, valueNode, blocks };
}
