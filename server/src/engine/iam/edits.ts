// The edits a fix makes to a policy, said on the policy model ("replace this value", "remove this element"); each
// adapter writes them in its own syntax (JSON, HCL, YAML) through a SyntaxWriter.

import type { EditProposal, EditRenderer, OffsetEdit } from '../types';
import type { JsonNode, StrValue } from './document';
import { sourceSpan } from './values';

/** A JSON value a fix writes (rendered as JSON, HCL or YAML by the document's writer). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type PolicyEdit =
  /** Replace a value (string, number, array or object node) with another value. */
  | { kind: 'replaceValue'; node: JsonNode; value: JsonValue }
  /** Replace the characters `[start, end)` of a string value with `newText` (value coordinates, not source). */
  | { kind: 'editString'; value: StrValue; start: number; end: number; newText: string }
  /** Rename the key of a property, keeping its value. */
  | { kind: 'renameKey'; property: JsonNode; key: string }
  /** Remove a property from its object. */
  | { kind: 'removeProperty'; property: JsonNode }
  /** Insert a property as the first of an object. */
  | { kind: 'insertProperty'; object: JsonNode; key: string; value: JsonValue }
  /** Remove elements of an array by index (never all of them). */
  | { kind: 'removeElements'; array: JsonNode; indices: readonly number[] }
  /** Append values to an array, or turn a single string value into an array of it and the values. */
  | { kind: 'appendValues'; target: JsonNode; values: readonly JsonValue[] }
  /** Insert a value after an element of an array (a statement after a statement). */
  | { kind: 'insertAfter'; element: JsonNode; value: JsonValue };

export const replaceValue = (node: JsonNode, value: JsonValue): PolicyEdit => ({ kind: 'replaceValue', node, value });
export const editString = (value: StrValue, start: number, end: number, newText: string): PolicyEdit => ({ kind: 'editString', value, start, end, newText });
export const renameKey = (property: JsonNode, key: string): PolicyEdit => ({ kind: 'renameKey', property, key });
export const removeProperty = (property: JsonNode): PolicyEdit => ({ kind: 'removeProperty', property });
export const insertProperty = (object: JsonNode, key: string, value: JsonValue): PolicyEdit => ({ kind: 'insertProperty', object, key, value });
export const removeElements = (array: JsonNode, indices: readonly number[]): PolicyEdit => ({ kind: 'removeElements', array, indices });
export const appendValues = (target: JsonNode, values: readonly JsonValue[]): PolicyEdit => ({ kind: 'appendValues', target, values });
export const insertAfter = (element: JsonNode, value: JsonValue): PolicyEdit => ({ kind: 'insertAfter', element, value });

const KINDS: ReadonlySet<string> = new Set(['replaceValue', 'editString', 'renameKey', 'removeProperty', 'insertProperty', 'removeElements', 'appendValues', 'insertAfter']);

export function isPolicyEdit(edit: EditProposal): edit is PolicyEdit {
  return 'kind' in edit && KINDS.has(edit.kind);
}

/**
 * How one syntax writes each edit. Every method returns the text edits, or undefined when this syntax cannot
 * write the edit safely (the whole fix is then dropped).
 */
export interface SyntaxWriter {
  replaceValue(node: JsonNode, value: JsonValue): OffsetEdit[] | undefined;
  /**
   * True when `newText` can be written as it is inside the token of `value` (no quoting or escaping needed), given
   * the value it makes (`result`).
   */
  writesInPlace(value: StrValue, newText: string, result: string): boolean;
  renameKey(property: JsonNode, key: string): OffsetEdit[] | undefined;
  removeProperty(property: JsonNode): OffsetEdit[] | undefined;
  insertProperty(object: JsonNode, key: string, value: JsonValue): OffsetEdit[] | undefined;
  removeElements(array: JsonNode, indices: readonly number[]): OffsetEdit[] | undefined;
  appendValues(target: JsonNode, values: readonly JsonValue[]): OffsetEdit[] | undefined;
  insertAfter(element: JsonNode, value: JsonValue): OffsetEdit[] | undefined;
  /** A raw text edit (a JSON syntax fix): only a policy file's own JSON accepts one. */
  textEdit(edit: OffsetEdit): OffsetEdit | undefined;
}

/** What a renderer checks beyond its writer. */
export interface RenderGuard {
  /** Whether `[start, end)` lies inside an unknown expression: no edit may change text inside one. */
  insideUnknown?: (start: number, end: number) => boolean;
}

/**
 * A renderer over a syntax writer: groups string edits, keeps unknown expressions untouched, drops overlapping
 * edits. No fix re-parses the file: a writer only writes whole tokens (escaped for its syntax), whole elements and
 * properties with their separators, and lines at the indentation of their neighbours, at offsets the parser gave;
 * what it cannot be sure of (an unknown layout, a shape it does not know) it refuses.
 */
export function createRenderer(writer: SyntaxWriter, guard: RenderGuard = {}): EditRenderer {
  return {
    render(edits) {
      const out: OffsetEdit[] = [];
      const stringEdits = new Map<JsonNode, Extract<PolicyEdit, { kind: 'editString' }>[]>();
      for (const edit of edits) {
        let rendered: OffsetEdit[] | undefined;
        if (!isPolicyEdit(edit)) {
          if ('kind' in edit) return undefined; // an edit of another document model
          const text = writer.textEdit(edit);
          rendered = text && [text];
        } else if (edit.kind === 'editString') {
          const list = stringEdits.get(edit.value.node) ?? [];
          list.push(edit);
          stringEdits.set(edit.value.node, list);
          continue;
        } else {
          rendered = renderOne(writer, edit);
        }
        if (!rendered) return undefined;
        out.push(...rendered);
      }
      for (const list of stringEdits.values()) {
        const rendered = renderStringEdits(writer, list);
        if (!rendered) return undefined;
        out.push(...rendered);
      }
      if (overlapping(out)) return undefined;
      if (guard.insideUnknown && out.some((e) => e.end > e.start && guard.insideUnknown!(e.start, e.end))) return undefined;
      return out;
    },
  };
}

function renderOne(writer: SyntaxWriter, edit: Exclude<PolicyEdit, { kind: 'editString' }>): OffsetEdit[] | undefined {
  switch (edit.kind) {
    case 'replaceValue':
      return writer.replaceValue(edit.node, edit.value);
    case 'renameKey':
      return writer.renameKey(edit.property, edit.key);
    case 'removeProperty':
      return writer.removeProperty(edit.property);
    case 'insertProperty':
      return writer.insertProperty(edit.object, edit.key, edit.value);
    case 'removeElements':
      return writer.removeElements(edit.array, edit.indices);
    case 'appendValues':
      return writer.appendValues(edit.target, edit.values);
    case 'insertAfter':
      return writer.insertAfter(edit.element, edit.value);
  }
}

/**
 * A writer that only rewrites single tokens (values, keys, parts of strings): for a policy whose structure did not
 * parse cleanly, where removing or inserting elements could take text the model does not see along.
 */
export function tokenEditsOnly(writer: SyntaxWriter): SyntaxWriter {
  const refuse = (): undefined => undefined;
  return { ...writer, removeProperty: refuse, insertProperty: refuse, removeElements: refuse, appendValues: refuse, insertAfter: refuse };
}

/**
 * Edits inside one string: in place where the characters are spelled one-to-one and the new text needs no
 * escaping; otherwise the whole string is rewritten, which only a literal string allows (an expression in it
 * would be lost).
 */
function renderStringEdits(writer: SyntaxWriter, edits: readonly Extract<PolicyEdit, { kind: 'editString' }>[]): OffsetEdit[] | undefined {
  const value = edits[0]!.value;
  let next = value.value;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) next = next.slice(0, edit.start) + edit.newText + next.slice(edit.end);
  const inPlace: OffsetEdit[] = [];
  for (const edit of edits) {
    const span = sourceSpan(value, edit.start, edit.end);
    if (!span || !writer.writesInPlace(value, edit.newText, next)) {
      inPlace.length = 0;
      break;
    }
    inPlace.push({ ...span, newText: edit.newText });
  }
  if (inPlace.length === edits.length) return inPlace;
  if (value.known !== 'literal') return undefined;
  return writer.replaceValue(value.node, next);
}

function overlapping(edits: readonly OffsetEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.start < a.end || (b.start === a.start && a.start === a.end && b.start === b.end)) return true;
  }
  return false;
}

/** The line break a text uses (its first one), for inserted lines. */
export function lineBreakOf(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}
