// Small helpers shared by the structural/security IAM rules: key renames, property removal, effect tests, string offsets.

import { parseOperator } from '../../iam/conditionOperators';
import type { IamDocument, JsonNode, Statement, StrValue } from '../../iam/document';
import { propertyKey } from '../../iam/document';
import type { OffsetEdit } from '../../types';

export function isAllow(statement: Statement): boolean {
  return statement.effect?.value === 'Allow';
}

/**
 * Whether a condition operator narrows an Allow to the listed values. Negated operators
 * (`StringNotEquals`, `NotIpAddress`) allow everything else, `…IfExists` and `ForAllValues:` also
 * match when the key is missing from the request, and `Null` only tests presence.
 * An operator IAM rejects counts as narrowing: iam/condition-operator-unknown reports it, and
 * a rule that looks for missing restrictions would only repeat that finding.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export function isNarrowingOperator(operator: string): boolean {
  const parsed = parseOperator(operator);
  if (!parsed) return true;
  return !parsed.ifExists && parsed.set !== 'ForAllValues' && parsed.base.category !== 'Null' && !parsed.base.negated;
}

/** True when some narrowing condition of the statement tests one of `keys` (lower case). */
export function hasNarrowingCondition(statement: Statement, keys: ReadonlySet<string>): boolean {
  return (statement.condition?.blocks ?? []).some(
    (block) => isNarrowingOperator(block.operator.value) && block.entries.some((e) => keys.has(e.key.value.toLowerCase())),
  );
}

/**
 * True when a host file (Terraform, CloudFormation) built this value from expressions GrantCheck
 * cannot know (`${var.x}`, `!Sub …${AWS::AccountId}…`): the host writes them as `*`, so a `*` in
 * such a value is not the author's wildcard. A value whose decoded text appears as-is in the source
 * was written literally.
 */
export function hasHostUnknowns(doc: IamDocument, text: string, value: StrValue): boolean {
  if (!doc.host) return false;
  if (value.opaque) return true;
  return value.value.includes('*') && !text.slice(value.start, value.end).includes(value.value);
}

/** The value node of a property (`"Key": value`). */
export function propertyValue(property: JsonNode): JsonNode | undefined {
  return property.children?.[1];
}

export function nodeEnd(node: JsonNode): number {
  return node.offset + node.length;
}

/** An edit that replaces a property's key with another (keeps the value untouched). */
export function renameKeyEdit(property: JsonNode, newKey: string): OffsetEdit | undefined {
  const keyNode = property.children?.[0];
  if (!keyNode) return undefined;
  return { start: keyNode.offset, end: nodeEnd(keyNode), newText: JSON.stringify(newKey) };
}

/**
 * An edit that removes a property from its object together with one separating comma: up to the
 * next sibling when there is one, else back to the end of the previous sibling.
 */
export function removePropertyEdit(text: string, property: JsonNode): OffsetEdit | undefined {
  const parent = property.parent;
  const siblings = parent?.children ?? [];
  const index = siblings.indexOf(property);
  if (index < 0) return undefined;
  const next = siblings[index + 1];
  if (next) return { start: lineAwareStart(text, property.offset), end: lineAwareStart(text, next.offset), newText: '' };
  const previous = siblings[index - 1];
  if (previous) return { start: nodeEnd(previous), end: nodeEnd(property), newText: '' };
  return { start: property.offset, end: nodeEnd(property), newText: '' };
}

/** When only blanks precede `offset` on its line, the start of that line (so whole lines go); else `offset`. */
function lineAwareStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' ? i : offset;
}

/** Keys of an object node's properties, in order. */
export function objectKeys(node: JsonNode | undefined): string[] {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).map(propertyKey).filter((k): k is string => k !== undefined);
}

/**
 * Document offsets of `[start, end)` inside a string token's decoded value. Exact when the raw
 * token has no escapes; otherwise the substring is searched in the raw text, falling back to the whole token.
 */
export function offsetsInString(
  text: string,
  token: { start: number; end: number },
  valueStart: number,
  valueEnd: number,
  decoded: string,
): { start: number; end: number } {
  // Hosts (YAML) may hand over unquoted scalars: only skip a quote that is there.
  const quoted = text[token.start] === '"' || text[token.start] === "'";
  const rawStart = quoted ? token.start + 1 : token.start;
  const raw = text.slice(rawStart, quoted ? token.end - 1 : token.end);
  if (!raw.includes('\\') && raw.length === decoded.length) {
    return { start: rawStart + valueStart, end: rawStart + valueEnd };
  }
  const piece = decoded.slice(valueStart, valueEnd);
  const found = raw.indexOf(piece);
  if (found >= 0) return { start: rawStart + found, end: rawStart + found + piece.length };
  return { start: token.start, end: token.end };
}

/** "an identity policy", "a resource policy". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}
