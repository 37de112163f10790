// Writes policy edits in YAML (CloudFormation templates): block or flow style as the surrounding collection is
// written, scalars plain when YAML reads them back as the same string, else double-quoted.
// YAML 1.2: https://yaml.org/spec/1.2.2/ (plain scalars 7.3.3, flow collections 7.4, block collections 8.2)

import type { Node as JsonNode } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { lineBreakOf, type JsonValue, type SyntaxWriter } from '../iam/edits';
import { appendEncoded, insertFirstProperty, removeArrayElements, removePropertyEdit } from '../iam/jsonEdits';
import { valueInfoOf } from '../iam/values';
import type { LineIndex } from '../text';
import type { OffsetEdit } from '../types';

/** How a node is written: a block or flow collection, or a scalar of one of YAML's styles. */
export type YamlStyle = 'block' | 'flow' | 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** A scalar YAML reads as this same string without quotes: no indicator, no space, not a bool/null/number look-alike. */
function plainSafe(value: string): boolean {
  return /^[A-Za-z_/][A-Za-z0-9_./:*?@-]*$/.test(value) && !value.endsWith(':') && !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(value);
}

/** A string as a scalar: plain when safe, else double-quoted (JSON's escapes are valid YAML). */
export function yamlScalar(value: string): string {
  return plainSafe(value) ? value : JSON.stringify(value);
}

/** A value in flow style: `{ Service: lambda.amazonaws.com }`, `[a, b]`. */
export function yamlFlow(value: JsonValue): string {
  if (typeof value === 'string') return yamlScalar(value);
  if (Array.isArray(value)) return `[${value.map(yamlFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, JsonValue>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${yamlScalar(k)}: ${yamlFlow(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** A mapping in block style, one line per entry (written with `\n`; nested levels two spaces deeper). */
export function yamlBlockMapping(value: Record<string, JsonValue>): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v) && v.length > 0) {
      out.push(`${yamlScalar(key)}:`);
      for (const item of v) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          const nested = yamlBlockMapping(item as Record<string, JsonValue>);
          out.push(...nested.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
        } else out.push(`  - ${yamlFlow(item)}`);
      }
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      out.push(`${yamlScalar(key)}:`, ...yamlBlockMapping(v as Record<string, JsonValue>).map((l) => `  ${l}`));
    } else out.push(`${yamlScalar(key)}: ${yamlFlow(v)}`);
  }
  return out;
}

/**
 * The YAML writer. `styleOf` tells how each node of the policy is written (recorded by the adapter); edits on
 * block scalars, tagged intrinsics written in another style, or shapes it does not know are not written.
 */
export function createYamlWriter(text: string, lines: LineIndex, styleOf: (node: JsonNode) => YamlStyle | undefined): SyntaxWriter {
  const eol = lineBreakOf(text);
  const end = (node: JsonNode): number => node.offset + node.length;
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const column = (offset: number): number => offset - lineStart(offset);
  /** The `- ` item indicator before a block sequence item: the indentation before the dash, or undefined. */
  const itemIndent = (node: JsonNode): string | undefined => /^([ \t]*)-[ \t]+$/.exec(text.slice(lineStart(node.offset), node.offset))?.[1];
  /** A scalar token rewritten in its own style when that style can hold the value. */
  const scalarToken = (node: JsonNode, value: string): string | undefined => {
    const style = styleOf(node);
    if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (style === 'QUOTE_SINGLE') return /[\u0000-\u001f]/.test(value) ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
    if (style === 'PLAIN') return yamlScalar(value);
    return undefined;
  };
  /** Removes a block collection entry that starts its line (after `- ` for the first key of an item). */
  const removeBlockEntry = (node: JsonNode, next: JsonNode | undefined, previous: JsonNode | undefined): OffsetEdit | undefined => {
    const start = lineStart(node.offset);
    const ownLine = /^[ \t]*$/.test(text.slice(start, node.offset));
    if (next) return ownLine ? { start, end: lineStart(next.offset), newText: '' } : { start: node.offset, end: next.offset, newText: '' };
    if (!ownLine || !previous) return undefined;
    const nl = text.indexOf('\n', Math.max(node.offset, end(node) - 1));
    return { start, end: nl < 0 ? text.length : nl + 1, newText: '' };
  };
  const isTagged = (node: JsonNode): boolean => {
    let i = node.offset - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    let j = i;
    while (j >= 0 && !/\s/.test(text[j]!)) j--;
    return text[j + 1] === '!';
  };
  return {
    replaceValue: (node, value) => {
      if (isTagged(node)) return undefined;
      if (typeof value === 'string' && node.type === 'string') {
        const token = scalarToken(node, value);
        return token === undefined ? undefined : [{ start: node.offset, end: end(node), newText: token }];
      }
      const style = styleOf(node);
      if (style !== 'PLAIN' && style !== 'QUOTE_DOUBLE' && style !== 'QUOTE_SINGLE' && style !== 'flow') return undefined;
      return [{ start: node.offset, end: end(node), newText: yamlFlow(value) }];
    },
    writesInPlace: (value, newText, result) => {
      const style = styleOf(value.node);
      if (style === 'QUOTE_DOUBLE') return /^[^"\\\u0000-\u001f]*$/.test(newText);
      if (style === 'QUOTE_SINGLE') return /^[^'\u0000-\u001f]*$/.test(newText);
      // A plain scalar must still read back as the same string (`*x` would be an alias, `x:` a key).
      return style === 'PLAIN' && /^[A-Za-z0-9_./*?@-]*$/.test(newText) && plainSafe(result);
    },
    renameKey: (property, key) => {
      const keyNode = property.children?.[0];
      const token = keyNode && scalarToken(keyNode, key);
      return keyNode && token !== undefined ? [{ start: keyNode.offset, end: end(keyNode), newText: token }] : undefined;
    },
    removeProperty: (property) => {
      const object = property.parent;
      const siblings = object?.children ?? [];
      const index = siblings.indexOf(property);
      if (!object || index < 0 || siblings.length < 2) return undefined;
      if (styleOf(object) === 'flow') return oneEdit(removePropertyEdit(text, property));
      if (styleOf(object) !== 'block') return undefined;
      return oneEdit(removeBlockEntry(property, siblings[index + 1], siblings[index - 1]));
    },
    insertProperty: (object, key, value) => {
      const entry = `${yamlScalar(key)}: ${yamlFlow(value)}`;
      if (styleOf(object) === 'flow') return [insertFirstProperty(text, object, entry, ',', entry)];
      const first = object.children?.[0];
      if (styleOf(object) !== 'block' || !first) return undefined;
      return [{ start: first.offset, end: first.offset, newText: `${entry}${eol}${' '.repeat(column(first.offset))}` }];
    },
    removeElements: (array, indices) => {
      if (styleOf(array) === 'flow') return removeArrayElements(array, new Set(indices));
      if (styleOf(array) !== 'block') return undefined;
      const items = array.children ?? [];
      if (indices.length >= items.length || items.some((item) => itemIndent(item) === undefined)) return undefined;
      const edits: OffsetEdit[] = [];
      for (const i of [...indices].sort((a, b) => a - b)) {
        const item = items[i]!;
        const next = items[i + 1];
        // From the item's `- ` line to the next item's, or (the last item) to the end of its last line.
        if (next) edits.push({ start: lineStart(item.offset), end: lineStart(next.offset), newText: '' });
        else {
          const nl = text.indexOf('\n', Math.max(item.offset, end(item) - 1));
          edits.push({ start: lineStart(item.offset), end: nl < 0 ? text.length : nl + 1, newText: '' });
        }
      }
      return edits;
    },
    appendValues: (target, values) => {
      if (values.some((v) => v !== null && typeof v === 'object')) return undefined;
      const style = styleOf(target);
      if (target.type === 'array' && style === 'flow') return [appendEncoded(lines, target, values.map(yamlFlow), eol)];
      if (target.type === 'array' && style === 'block') {
        const last = (target.children ?? [])[(target.children ?? []).length - 1];
        const indent = last && last.type !== 'object' && last.type !== 'array' ? itemIndent(last) : undefined;
        if (!last || indent === undefined) return undefined;
        return [{ start: end(last), end: end(last), newText: values.map((v) => `${eol}${indent}- ${yamlFlow(v)}`).join('') }];
      }
      // A single scalar becomes a block sequence under its key.
      if (target.type !== 'string' || typeof target.value !== 'string' || valueInfoOf(target, text).known !== 'literal' || isTagged(target)) return undefined;
      const keyNode = target.parent?.type === 'property' ? target.parent.children?.[0] : undefined;
      if (!keyNode || styleOf(target.parent!.parent!) !== 'block') return undefined;
      const between = text.slice(end(keyNode), target.offset);
      const colon = between.indexOf(':');
      if (colon < 0 || !/^[ \t]*:[ \t]*$/.test(between)) return undefined;
      const indent = ' '.repeat(column(keyNode.offset) + 2);
      const items = [target.value, ...(values as string[])].map((v) => `${eol}${indent}- ${yamlFlow(v)}`).join('');
      return [{ start: end(keyNode) + colon + 1, end: end(target), newText: items }];
    },
    insertAfter: (element, value) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      const array = element.parent;
      if (array && styleOf(array) === 'flow') return [{ start: end(element), end: end(element), newText: `, ${yamlFlow(value)}` }];
      const indent = itemIndent(element);
      if (!array || styleOf(array) !== 'block' || element.type !== 'object' || indent === undefined) return undefined;
      const body = yamlBlockMapping(value as Record<string, JsonValue>).map((l, i) => `${indent}${i === 0 ? '- ' : '  '}${l}`);
      // The new item is checked on its own (a few lines), never by re-reading the template.
      if (parseDocument(body.join('\n'), { prettyErrors: false }).errors.length > 0) return undefined;
      const at = end(element);
      const before = text[at - 1] === '\n' ? '' : eol;
      return [{ start: at, end: at, newText: before + body.join(eol) + (before ? '' : eol) }];
    },
    textEdit: () => undefined,
  };
}

function oneEdit(edit: OffsetEdit | undefined): OffsetEdit[] | undefined {
  return edit && [edit];
}
