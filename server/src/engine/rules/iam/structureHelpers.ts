// Small helpers shared by the structural/security IAM rules: effect and condition tests, node ends, wording.

import { parseOperator } from '../../iam/conditionOperators';
import type { JsonNode, Statement } from '../../iam/document';
import { propertyKey } from '../../iam/document';

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

/** The value node of a property (`"Key": value`). */
export function propertyValue(property: JsonNode): JsonNode | undefined {
  return property.children?.[1];
}

export function nodeEnd(node: JsonNode): number {
  return node.offset + node.length;
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
