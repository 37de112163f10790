// Text edits on a policy document that keep it valid, nicely indented JSON (used by quick fixes).

import type { JsonNode, StrValue } from './document';
import type { LineIndex } from '../text';
import type { OffsetEdit } from '../types';

/**
 * Offset in the document of character `index` of a string value, or undefined when the token uses escapes
 * (then value offsets and text offsets differ and a rule should report the whole token instead). Tokens are
 * JSON strings, or — in host files — quoted or plain YAML/HCL scalars.
 */
export function valueOffset(text: string, value: StrValue, index: number): number | undefined {
  const raw = text.slice(value.start, value.end);
  if (raw === value.value) return value.start + index;
  if (raw.length === value.value.length + 2 && raw.slice(1, -1) === value.value) return value.start + 1 + index;
  return undefined;
}

/** True when the node's text spans more than one line. */
function isMultiline(lines: LineIndex, node: JsonNode): boolean {
  return lines.positionAt(node.offset).line !== lines.positionAt(node.offset + node.length).line;
}

/**
 * Edits removing some elements of an array, commas included. Undefined when every element would go
 * (the caller must replace the whole value instead).
 */
export function removeArrayElements(arrayNode: JsonNode, remove: ReadonlySet<number>): OffsetEdit[] | undefined {
  const children = arrayNode.children ?? [];
  // One element (a fix per finding): only its neighbours matter, so do not walk a long array.
  if (remove.size === 1) {
    const index = [...remove][0]!;
    const element = children[index];
    if (!element) return [];
    if (children.length === 1) return undefined;
    const next = children[index + 1];
    if (next) return [{ start: element.offset, end: next.offset, newText: '' }];
    const previous = children[index - 1]!;
    return [{ start: previous.offset + previous.length, end: element.offset + element.length, newText: '' }];
  }
  const kept = children.map((_, i) => !remove.has(i));
  if (!kept.some(Boolean)) return undefined;
  const edits: OffsetEdit[] = [];
  let i = 0;
  while (i < children.length) {
    if (kept[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < children.length && !kept[j + 1]) j++;
    const first = children[i]!;
    const last = children[j]!;
    const next = children[j + 1];
    if (next) {
      // `"a", "b", "c"` → remove from the first removed element up to the next kept one.
      edits.push({ start: first.offset, end: next.offset, newText: '' });
    } else {
      // Trailing run: remove from the end of the previous kept element (its comma goes too).
      const previous = children[i - 1]!;
      edits.push({ start: previous.offset + previous.length, end: last.offset + last.length, newText: '' });
    }
    i = j + 1;
  }
  return edits;
}

/** Appends string values to an array node, on new lines when the array is multi-line. */
export function appendToArray(lines: LineIndex, arrayNode: JsonNode, values: readonly string[]): OffsetEdit {
  const children = arrayNode.children ?? [];
  const last = children[children.length - 1];
  const encoded = values.map((v) => JSON.stringify(v));
  if (!last) {
    const at = arrayNode.offset + 1;
    return { start: at, end: at, newText: encoded.join(', ') };
  }
  const at = last.offset + last.length;
  if (isMultiline(lines, arrayNode)) {
    const indent = lines.indentationAt(last.offset);
    return { start: at, end: at, newText: encoded.map((e) => `,\n${indent}${e}`).join('') };
  }
  return { start: at, end: at, newText: encoded.map((e) => `, ${e}`).join('') };
}

/** Replaces a single string value by an array of values, keeping the statement's layout. */
export function replaceStringWithArray(lines: LineIndex, stringNode: JsonNode, values: readonly string[]): OffsetEdit {
  const encoded = values.map((v) => JSON.stringify(v));
  const propertyIndent = lines.indentationAt(stringNode.offset);
  const statementLineIsOwn = lines.positionAt(stringNode.offset).character > propertyIndent.length;
  const multiline = values.length > 1 && statementLineIsOwn && isOwnLineProperty(lines, stringNode);
  const newText = multiline
    ? `[\n${encoded.map((e) => `${propertyIndent}${indentUnitOf(lines, stringNode.parent!.parent!)}${e}`).join(',\n')}\n${propertyIndent}]`
    : `[${encoded.join(', ')}]`;
  return { start: stringNode.offset, end: stringNode.offset + stringNode.length, newText };
}

/** A property written on its own line (`"Resource": "…"` alone on the line), as opposed to a one-line statement. */
function isOwnLineProperty(lines: LineIndex, valueNode: JsonNode): boolean {
  const property = valueNode.parent;
  const object = property?.parent;
  if (!property || !object) return false;
  return lines.positionAt(property.offset).line !== lines.positionAt(object.offset).line;
}

/** The indentation unit of a document: the difference between a statement's and its properties' indentation. */
export function indentUnitOf(lines: LineIndex, objectNode: JsonNode): string {
  const first = objectNode.children?.[0];
  if (!first) return '  ';
  const outer = lines.indentationAt(objectNode.offset);
  const inner = lines.indentationAt(first.offset);
  if (lines.positionAt(first.offset).line === lines.positionAt(objectNode.offset).line) return '  ';
  return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '  ';
}

/**
 * Inserts a new statement (a plain object) right after `statementNode` in the Statement array,
 * formatted like its neighbour: multi-line with the same indentation, or on one line.
 */
export function insertStatementAfter(lines: LineIndex, statementNode: JsonNode, statement: Record<string, unknown>): OffsetEdit {
  const at = statementNode.offset + statementNode.length;
  const multiline = isMultiline(lines, statementNode);
  if (!multiline) {
    return { start: at, end: at, newText: `, ${compactJson(statement)}` };
  }
  const indent = lines.indentationAt(statementNode.offset);
  const unit = indentUnitOf(lines, statementNode);
  const body = JSON.stringify(statement, null, unit)
    .split('\n')
    .map((line, i) => (i === 0 ? line : indent + line))
    .join('\n');
  return { start: at, end: at, newText: `,\n${indent}${body}` };
}

/** One-line JSON with a space after `:` and `,`, as people write short statements. */
export function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
