// Writes policy edits in HCL: inside `jsonencode({...})` (objects, tuples, `Key = value`) and in
// `data "aws_iam_policy_document"` blocks (attributes, tuples, `statement { … }` blocks).
// Syntax: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md

import type { Node as JsonNode } from 'jsonc-parser';
import { lineBreakOf, type JsonValue, type SyntaxWriter } from '../iam/edits';
import {
  appendEncoded,
  insertElementAfter,
  insertFirstProperty,
  lineAwareStart,
  removeArrayElements,
  removePropertyEdit,
  replaceWithEncodedArray,
} from '../iam/jsonEdits';
import { valueInfoOf } from '../iam/values';
import type { LineIndex } from '../text';
import type { OffsetEdit } from '../types';

/** An HCL quoted string: JSON-like escapes, and `${`/`%{` doubled so they stay literal text (IAM's `${aws:username}`). */
export function hclString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = value.charCodeAt(i);
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else if ((c === '$' || c === '%') && value[i + 1] === '{') out += c + c;
    else out += c;
  }
  return out + '"';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An object key: bare when it is an identifier (a literal key in an object constructor), else quoted. */
function hclKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key);
}

/** A value on one line: `"s"`, `["a", "b"]`, `{ Service = "x" }`. */
export function hclInline(value: JsonValue): string {
  if (typeof value === 'string') return hclString(value);
  if (Array.isArray(value)) return `[${value.map(hclInline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, JsonValue>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${hclKey(k)} = ${hclInline(v)}`).join(', ')} }`;
  }
  return String(value);
}

/** An object over several lines (written with `\n`, `unit` per level), `=` aligned like `terraform fmt` does. */
export function hclMultiline(value: JsonValue, unit: string): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return hclInline(value);
  const entries = Object.entries(value as Record<string, JsonValue>);
  if (entries.length === 0) return '{}';
  const width = Math.max(...entries.map(([k]) => hclKey(k).length));
  const body = entries.map(([k, v]) => {
    const rendered = v !== null && typeof v === 'object' && !Array.isArray(v) ? hclMultiline(v, unit) : hclInline(v);
    return `${unit}${hclKey(k).padEnd(width)} = ${rendered.split('\n').join(`\n${unit}`)}`;
  });
  return `{\n${body.join('\n')}\n}`;
}

/** Characters an HCL string token holds as they are: no quote, backslash, control character or template sequence. */
const HCL_PLAIN = /^[^"\\$%\u0000-\u001f]*$/;

/** The writer for `jsonencode({...})`: HCL object syntax, which keys and values keep their quoting. */
export function createHclWriter(text: string, lines: LineIndex): SyntaxWriter {
  const eol = lineBreakOf(text);
  const end = (node: JsonNode): number => node.offset + node.length;
  return {
    replaceValue: (node, value) => [{ start: node.offset, end: end(node), newText: hclInline(value) }],
    writesInPlace: (_value, newText) => HCL_PLAIN.test(newText),
    renameKey: (property, key) => {
      const keyNode = property.children?.[0];
      if (!keyNode) return undefined;
      const quoted = text[keyNode.offset] === '"';
      return [{ start: keyNode.offset, end: end(keyNode), newText: quoted ? hclString(key) : hclKey(key) }];
    },
    removeProperty: (property) => oneEdit(removePropertyEdit(text, property)),
    insertProperty: (object, key, value) => {
      if (text[object.offset] !== '{') return undefined;
      const entry = `${hclKey(key)} = ${hclInline(value)}`;
      return [insertFirstProperty(text, object, entry, '', entry)];
    },
    removeElements: (array, indices) => (isTuple(text, array) ? removeArrayElements(array, new Set(indices)) : undefined),
    appendValues: (target, values) => {
      if (isTuple(text, target)) return [appendEncoded(lines, target, values.map(hclInline), eol)];
      if (target.type !== 'string' || typeof target.value !== 'string' || valueInfoOf(target, text).known !== 'literal') return undefined;
      return [replaceWithEncodedArray(lines, target, [hclString(target.value), ...values.map(hclInline)], eol)];
    },
    insertAfter: (element, value) => [insertElementAfter(lines, element, hclInline(value), (unit) => hclMultiline(value, unit), eol)],
    textEdit: () => undefined,
  };
}

/** A tuple written with brackets whose elements all lie inside them (not a merge of several lists). */
function isTuple(text: string, node: JsonNode): boolean {
  if (node.type !== 'array' || text[node.offset] !== '[') return false;
  return (node.children ?? []).every((c) => c.offset > node.offset && c.offset + c.length < node.offset + node.length);
}

function oneEdit(edit: OffsetEdit | undefined): OffsetEdit[] | undefined {
  return edit && [edit];
}

/** How each statement element is written in an `aws_iam_policy_document` data source. */
const STATEMENT_ATTRIBUTES: Record<string, string> = {
  Sid: 'sid',
  Effect: 'effect',
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
};
const PRINCIPAL_BLOCKS: Record<string, string> = { Principal: 'principals', NotPrincipal: 'not_principals' };

/**
 * The writer for `data "aws_iam_policy_document"`: values in its attributes and tuples, removal of an attribute,
 * and new `statement` blocks. `attributeProperties`: the model properties written as one attribute (`actions = […]`);
 * the others (Principal, Condition) gather several blocks and cannot be edited as one property.
 */
export function createDataSourceWriter(text: string, lines: LineIndex, attributeProperties: WeakSet<JsonNode>): SyntaxWriter {
  const eol = lineBreakOf(text);
  const end = (node: JsonNode): number => node.offset + node.length;
  return {
    replaceValue: (node, value) =>
      node.type === 'string' && typeof value === 'string' && node.length > 0 && text[node.offset] === '"'
        ? [{ start: node.offset, end: end(node), newText: hclString(value) }]
        : undefined,
    writesInPlace: (_value, newText) => HCL_PLAIN.test(newText),
    renameKey: () => undefined,
    removeProperty: (property) => {
      if (!attributeProperties.has(property)) return undefined;
      const start = lineAwareStart(text, property.offset);
      const lineEnd = text.indexOf('\n', end(property));
      if (start === property.offset && start > 0 && text[start - 1] !== '\n') return undefined;
      // The attribute's whole lines: it is alone on them in a block.
      if (lineEnd < 0 || text.slice(end(property), lineEnd).trim() !== '') return undefined;
      return [{ start, end: lineEnd + 1, newText: '' }];
    },
    insertProperty: () => undefined,
    removeElements: (array, indices) => (isTuple(text, array) ? removeArrayElements(array, new Set(indices)) : undefined),
    appendValues: (target, values) =>
      isTuple(text, target) && values.every((v) => typeof v === 'string') ? [appendEncoded(lines, target, values.map(hclInline), eol)] : undefined,
    insertAfter: (element, value) => {
      if (!text.startsWith('statement', element.offset) || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      const indent = lines.indentationAt(element.offset);
      const firstInner = element.children?.[0];
      const innerIndent = firstInner && firstInner.length > 0 ? lines.indentationAt(firstInner.offset) : '';
      const unit = innerIndent.startsWith(indent) && innerIndent.length > indent.length ? innerIndent.slice(indent.length) : '  ';
      const block = statementBlock(value as Record<string, JsonValue>, unit);
      if (!block) return undefined;
      const at = end(element);
      return [{ start: at, end: at, newText: eol + block.split('\n').map((line) => (line ? indent + line : line)).join(eol) }];
    },
    textEdit: () => undefined,
  };
}

/** A policy statement as a `statement { … }` block of the data source; undefined for an element it has no form for. */
function statementBlock(statement: Record<string, JsonValue>, unit: string): string | undefined {
  const attributes: [string, string][] = [];
  const blocks: string[] = [];
  const list = (v: JsonValue): string | undefined => {
    const items = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((i) => typeof i === 'string') ? (v as string[]) : undefined;
    return items && hclInline(items);
  };
  for (const [key, value] of Object.entries(statement)) {
    const attribute = STATEMENT_ATTRIBUTES[key];
    if (attribute) {
      const rendered = key === 'Sid' || key === 'Effect' ? (typeof value === 'string' ? hclString(value) : undefined) : list(value);
      if (rendered === undefined) return undefined;
      attributes.push([attribute, rendered]);
    } else if (PRINCIPAL_BLOCKS[key]) {
      // "Principal": "*" is written as type "*" with identifiers ["*"].
      const entries: [string, JsonValue][] = value === '*' ? [['*', ['*']]] : value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
      if (entries.length === 0) return undefined;
      for (const [type, identifiers] of entries) {
        const ids = list(identifiers);
        if (!ids) return undefined;
        blocks.push(block(PRINCIPAL_BLOCKS[key]!, [['type', hclString(type)], ['identifiers', ids]], unit));
      }
    } else if (key === 'Condition') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      for (const [test, entries] of Object.entries(value)) {
        if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) return undefined;
        for (const [variable, values] of Object.entries(entries)) {
          const scalars = (Array.isArray(values) ? values : [values]).map((v) => (typeof v === 'object' && v !== null ? undefined : String(v)));
          if (scalars.some((v) => v === undefined)) return undefined;
          blocks.push(block('condition', [['test', hclString(test)], ['variable', hclString(variable)], ['values', hclInline(scalars as string[])]], unit));
        }
      }
    } else return undefined;
  }
  return block('statement', attributes, unit, blocks);
}

/** `name {` + aligned attributes + nested blocks + `}`, written with `\n`. */
function block(name: string, attributes: [string, string][], unit: string, nested: string[] = []): string {
  const width = Math.max(0, ...attributes.map(([k]) => k.length));
  const lines = attributes.map(([k, v]) => `${unit}${k.padEnd(width)} = ${v}`);
  for (const n of nested) lines.push(...n.split('\n').map((l) => unit + l));
  return `${name} {\n${lines.join('\n')}\n}`;
}
