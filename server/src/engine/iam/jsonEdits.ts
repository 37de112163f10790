// Writing policy edits as JSON that stays valid and tidy: the writer for policy files (and JSON embedded in hosts),
// and the layout helpers (commas, indentation, line breaks) other syntaxes with JSON-like brackets reuse.

import type { JsonNode, StrValue } from './document';
import { createRenderer, lineBreakOf, type JsonValue, type SyntaxWriter } from './edits';
import type { LineIndex } from '../text';
import type { EditRenderer, OffsetEdit } from '../types';

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

/** Appends already-encoded elements to a bracketed array, on new lines when the array is multi-line. */
export function appendEncoded(lines: LineIndex, arrayNode: JsonNode, encoded: readonly string[], eol: string): OffsetEdit {
  const children = arrayNode.children ?? [];
  const last = children[children.length - 1];
  if (!last) {
    const at = arrayNode.offset + 1;
    return { start: at, end: at, newText: encoded.join(', ') };
  }
  const at = last.offset + last.length;
  if (isMultiline(lines, arrayNode)) {
    const indent = lines.indentationAt(last.offset);
    return { start: at, end: at, newText: encoded.map((e) => `,${eol}${indent}${e}`).join('') };
  }
  return { start: at, end: at, newText: encoded.map((e) => `, ${e}`).join('') };
}

/** Replaces a value by a bracketed array of encoded elements: one per line when its property has its own line. */
export function replaceWithEncodedArray(lines: LineIndex, valueNode: JsonNode, encoded: readonly string[], eol: string): OffsetEdit {
  const propertyIndent = lines.indentationAt(valueNode.offset);
  const statementLineIsOwn = lines.positionAt(valueNode.offset).character > propertyIndent.length;
  const multiline = encoded.length > 1 && statementLineIsOwn && isOwnLineProperty(lines, valueNode);
  const newText = multiline
    ? `[${eol}${encoded.map((e) => `${propertyIndent}${indentUnitOf(lines, valueNode.parent!.parent!)}${e}`).join(`,${eol}`)}${eol}${propertyIndent}]`
    : `[${encoded.join(', ')}]`;
  return { start: valueNode.offset, end: valueNode.offset + valueNode.length, newText };
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
 * Inserts an element after `element` in a bracketed list: `, <oneLine>` when the element is on one line, else
 * on a new line with the element's indentation (`multiLine(unit)` written with `\n`, re-indented here).
 */
export function insertElementAfter(lines: LineIndex, element: JsonNode, oneLine: string, multiLine: (unit: string) => string, eol: string): OffsetEdit {
  const at = element.offset + element.length;
  if (!isMultiline(lines, element)) return { start: at, end: at, newText: `, ${oneLine}` };
  const indent = lines.indentationAt(element.offset);
  const body = multiLine(indentUnitOf(lines, element))
    .split('\n')
    .map((line, i) => (i === 0 ? line : indent + line))
    .join(eol);
  return { start: at, end: at, newText: `,${eol}${indent}${body}` };
}

/** Elements of an empty array (a Statement list with nothing in it yet), one per line below the property. */
export function fillEmptyArray(lines: LineIndex, array: JsonNode, property: JsonNode, body: (unit: string) => string, eol: string): OffsetEdit {
  const indent = lines.indentationAt(property.offset);
  const unit = indent.length > 0 ? indent : '  ';
  const text = body(unit)
    .split('\n')
    .map((line) => indent + unit + line)
    .join(eol);
  return { start: array.offset, end: array.offset + array.length, newText: `[${eol}${text}${eol}${indent}]` };
}

/**
 * An edit that removes a property from its object together with one separating comma: up to the next sibling
 * when there is one (whole lines when the property starts its line), else back to the end of the previous sibling.
 */
export function removePropertyEdit(text: string, property: JsonNode): OffsetEdit | undefined {
  const parent = property.parent;
  const siblings = parent?.children ?? [];
  const index = siblings.indexOf(property);
  if (index < 0) return undefined;
  const next = siblings[index + 1];
  if (next) {
    const start = lineAwareStart(text, property.offset);
    return { start, end: start === property.offset ? next.offset : lineAwareStart(text, next.offset), newText: '' };
  }
  const previous = siblings[index - 1];
  if (previous) return { start: previous.offset + previous.length, end: property.offset + property.length, newText: '' };
  return { start: property.offset, end: property.offset + property.length, newText: '' };
}

/** When only blanks precede `offset` on its line, the start of that line (so whole lines go); else `offset`. */
export function lineAwareStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' ? i : offset;
}

/**
 * Inserts `entry` (a whole `key: value` written by the caller) as the first property of a braced object, matching
 * the indentation of the current first property, with a separator `separator` (`,` in JSON, none in HCL).
 */
export function insertFirstProperty(text: string, object: JsonNode, entry: string, separator: string, compactEntry: string): OffsetEdit {
  const first = object.children?.[0];
  if (!first) return { start: object.offset + 1, end: object.offset + 1, newText: entry };
  const between = text.slice(object.offset + 1, first.offset);
  const newline = between.lastIndexOf('\n');
  if (newline >= 0) {
    const indentation = between.slice(newline + 1);
    const eol = between[newline - 1] === '\r' ? '\r\n' : '\n';
    if (/^[ \t]*$/.test(indentation)) return { start: first.offset, end: first.offset, newText: `${entry}${separator}${eol}${indentation}` };
  }
  // Written compactly (`{"a":1}`) or spaced (`{"a": 1}`), as the first property is.
  const key = first.children?.[0];
  const value = first.children?.[1];
  const spaced = /^\s/.test(between) || (key !== undefined && value !== undefined && /\s/.test(text.slice(key.offset + key.length, value.offset)));
  return { start: first.offset, end: first.offset, newText: spaced ? `${entry}, ` : `${compactEntry},` };
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

/** JSON on one line as a fix writes a small value in place: `{ "Service": "x" }`, `["a", "b"]`. */
export function inlineJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, JsonValue>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

export interface JsonWriterOptions {
  /** Raw text edits (JSON syntax fixes) apply: the text is the policy's own JSON. */
  textEdits: boolean;
  /**
   * Escapes written JSON for the host text it sits in (a Terraform heredoc: `${` → `$${`); undefined when the
   * host cannot hold it (a line break inside a quoted string). Absent: JSON is the host text.
   */
  escape?: (json: string) => string | undefined;
}

/** Characters a JSON string token holds as they are (no quote, backslash or control character). */
const JSON_PLAIN = /^[^"\\\u0000-\u001f]*$/;

/** The JSON writer: policy files, CloudFormation JSON templates, and JSON inside Terraform heredocs and strings. */
export function createJsonWriter(text: string, lines: LineIndex, options: JsonWriterOptions): SyntaxWriter {
  const eol = lineBreakOf(text);
  const escape = options.escape ?? ((json: string) => json);
  const escaped = (edits: (OffsetEdit | undefined)[]): OffsetEdit[] | undefined => {
    const out: OffsetEdit[] = [];
    for (const edit of edits) {
      const newText = edit && escape(edit.newText);
      if (!edit || newText === undefined) return undefined;
      out.push({ ...edit, newText });
    }
    return out;
  };
  const end = (node: JsonNode): number => node.offset + node.length;
  return {
    replaceValue: (node, value) => escaped([{ start: node.offset, end: end(node), newText: inlineJson(value) }]),
    writesInPlace: (_value: StrValue, newText) => JSON_PLAIN.test(newText) && escape(newText) === newText,
    renameKey: (property, key) => {
      const keyNode = property.children?.[0];
      return keyNode && escaped([{ start: keyNode.offset, end: end(keyNode), newText: JSON.stringify(key) }]);
    },
    removeProperty: (property) => escaped([removePropertyEdit(text, property)]),
    insertProperty: (object, key, value) =>
      escaped([insertFirstProperty(text, object, `${JSON.stringify(key)}: ${inlineJson(value)}`, ',', `${JSON.stringify(key)}:${JSON.stringify(value)}`)]),
    removeElements: (array, indices) => {
      if (!withinNode(array)) return undefined;
      const edits = removeArrayElements(array, new Set(indices));
      return edits && escaped(edits);
    },
    appendValues: (target, values) => {
      if (target.type === 'array') {
        if (!withinNode(target)) return undefined;
        const property = target.parent;
        if ((target.children ?? []).length === 0 && values.some((v) => v !== null && typeof v === 'object') && property?.type === 'property') {
          return escaped([fillEmptyArray(lines, target, property, (unit) => values.map((v) => JSON.stringify(v, null, unit)).join(',\n'), eol)]);
        }
        return escaped([appendEncoded(lines, target, values.map(inlineJson), eol)]);
      }
      if (target.type !== 'string' || typeof target.value !== 'string') return undefined;
      return escaped([replaceWithEncodedArray(lines, target, [JSON.stringify(target.value), ...values.map(inlineJson)], eol)]);
    },
    insertAfter: (element, value) =>
      escaped([insertElementAfter(lines, element, compactJson(value), (unit) => JSON.stringify(value, null, unit), eol)]),
    textEdit: (edit) => (options.textEdits ? edit : undefined),
  };
}

/** The renderer of a policy file: JSON edits and raw text edits on the file's own text. */
export function createJsonRenderer(text: string, lines: LineIndex): EditRenderer {
  return createRenderer(createJsonWriter(text, lines, { textEdits: true }));
}

/** withinNode per array node: one finding per statement would otherwise scan the Statement array once each. */
const withinNodeCache = new WeakMap<JsonNode, boolean>();

/** An array whose elements all lie inside its brackets (a tree node, not a merge of several lists). */
function withinNode(array: JsonNode): boolean {
  let within = withinNodeCache.get(array);
  if (within === undefined) {
    within = (array.children ?? []).every((c) => c.offset >= array.offset && c.offset + c.length <= array.offset + array.length);
    withinNodeCache.set(array, within);
  }
  return within;
}
