// Small helpers shared by the structural/security IAM rules: key renames, property removal, effect tests, string offsets.

import { splitOperator } from '../../iam/conditionOperators';
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
 * Maps offsets inside a string token's decoded value to document offsets. The token is examined once
 * (examining it for every match would be quadratic in the number of matches). Exact when the raw token
 * has no escapes or is a JSON string whose escapes decode to the value; otherwise each piece is searched
 * in the raw text after the previous one, and the whole token is used once a piece cannot be found.
 */
export function stringOffsets(
  text: string,
  token: { start: number; end: number },
  decoded: string,
): (valueStart: number, valueEnd: number) => { start: number; end: number } {
  // Hosts (YAML) may hand over unquoted scalars: only skip a quote that is there.
  const quoted = text[token.start] === '"' || text[token.start] === "'";
  const rawStart = quoted ? token.start + 1 : token.start;
  const raw = text.slice(rawStart, quoted ? token.end - 1 : token.end);
  if (!raw.includes('\\') && raw.length === decoded.length) {
    return (valueStart, valueEnd) => ({ start: rawStart + valueStart, end: rawStart + valueEnd });
  }
  const map = text[token.start] === '"' ? jsonEscapeOffsets(raw, decoded) : undefined;
  if (map) return (valueStart, valueEnd) => ({ start: rawStart + map[valueStart]!, end: rawStart + map[valueEnd]! });
  let from = 0;
  let lost = false;
  return (valueStart, valueEnd) => {
    if (!lost) {
      const piece = decoded.slice(valueStart, valueEnd);
      const found = raw.indexOf(piece, from);
      if (found >= 0) {
        from = found + piece.length;
        return { start: rawStart + found, end: rawStart + found + piece.length };
      }
      lost = true;
    }
    return { start: token.start, end: token.end };
  };
}

const JSON_ESCAPES: Readonly<Record<string, number>> = { '"': 34, '\\': 92, '/': 47, b: 8, f: 12, n: 10, r: 13, t: 9 };

/** Raw offset of every decoded offset (0…length) of a JSON string body, or undefined when its escapes do not decode to `decoded`. */
function jsonEscapeOffsets(raw: string, decoded: string): number[] | undefined {
  const map: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const out = map.length;
    if (out >= decoded.length) return undefined;
    map.push(i);
    let code: number | undefined;
    let width = 2;
    if (raw[i] !== '\\') {
      code = raw.charCodeAt(i);
      width = 1;
    } else if (raw[i + 1] === 'u') {
      const hex = raw.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) code = parseInt(hex, 16);
      width = 6;
    } else {
      code = JSON_ESCAPES[raw[i + 1] ?? ''];
    }
    if (code === undefined || decoded.charCodeAt(out) !== code) return undefined;
    i += width;
  }
  if (map.length !== decoded.length) return undefined;
  map.push(raw.length);
  return map;
}

/** "an identity policy", "a resource policy". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}
