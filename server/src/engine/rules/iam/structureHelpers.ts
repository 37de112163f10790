// Small helpers shared by the structural/security IAM rules: key renames, property removal, effect tests.

import { splitOperator } from '../../iam/conditionOperators';
import type { JsonNode, Statement } from '../../iam/document';
import { propertyKey } from '../../iam/document';
import type { OffsetEdit } from '../../types';

export function isAllow(statement: Statement): boolean {
  return statement.effect?.value === 'Allow';
}

/**
 * Whether a condition operator narrows an Allow to the listed values. Negated operators
 * (`StringNotEquals`, `NotIpAddress`) allow everything else, `…IfExists` and `ForAllValues:` also
 * match when the key is missing from the request, and `Null` only tests presence.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export function isNarrowingOperator(operator: string): boolean {
  const { prefix, base, ifExists } = splitOperator(operator);
  return !ifExists && prefix !== 'ForAllValues' && base !== 'Null' && !base.includes('Not');
}

/** True when some narrowing condition of the statement tests one of `keys` (lower case). */
export function hasNarrowingCondition(statement: Statement, keys: ReadonlySet<string>): boolean {
  return (statement.condition?.blocks ?? []).some(
    (block) => isNarrowingOperator(block.operator.value) && block.entries.some((e) => keys.has(e.key.value.toLowerCase())),
  );
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

/** "an identity policy", "a resource policy". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}
