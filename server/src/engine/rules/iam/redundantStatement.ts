// iam/redundant-statement: a statement that repeats another one of the policy (same effect, actions, resources,
// principals and conditions; the Sid and the order of list entries aside). Access Analyzer's REDUNDANT_STATEMENT
// suggestion: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// Besides adding nothing, two copies invite editing one and forgetting the other.

import { combineParts, type IamRule, type PartsSpec } from '../rule';
import type { IamDocument, ListElement, PrincipalElement, ConditionElement, Statement } from '../../iam/document';
import { objectOpening, propertyKey } from '../../iam/document';
import { removeElements } from '../../iam/edits';
import { isLiteralSubtree } from '../../iam/values';
import { propertyValue } from './structureHelpers';

const KNOWN_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

export const redundantStatement: IamRule = {
  id: 'iam/redundant-statement',
  domain: 'iam',
  defaultSeverity: 'info',
  description: 'A statement that repeats another statement of the policy adds nothing and can be removed.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    repeats: 'This statement repeats the statement on line {{line}} (same effect, actions, resources, principals and conditions): remove one of them, or change the one that was meant to differ.',
  },
  check(context) {
    const { doc } = context;
    if (doc.statements.length < 2) return;
    const arrayNode = doc.statementProperty && propertyValue(doc.statementProperty);
    if (arrayNode?.type !== 'array') return;
    const memo = context.statementMemo;
    // Only for a statement signatureOf found comparable.
    const keyOf = (statement: Statement): string =>
      // The key depends on the statement alone: kept across lints while typing.
      memo ? memo(statement.node, 'redundant-statement/key', () => canonicalKey(statement)) : canonicalKey(statement);
    const statements = doc.statements;
    // Only statements that share a signature with another one can repeat each other; a repeat shares its group's.
    for (const group of combineParts(doc, SIGNATURES, context.documentParts)) {
      // The first statement of each key in the group (a short group is searched without a map).
      const firsts: { key: string; statement: Statement }[] = [];
      const byKey = group.length > SHORT_GROUP ? new Map<string, Statement>() : undefined;
      for (const i of group) {
        const statement = statements[i]!;
        const key = keyOf(statement);
        const earlier = byKey ? byKey.get(key) : firsts.find((f) => f.key === key)?.statement;
        if (!earlier) {
          if (byKey) byKey.set(key, statement);
          else firsts.push({ key, statement });
          continue;
        }
        // A statement's index counts the objects of the array: the same position when every element is one.
        const children = arrayNode.children ?? [];
        const index = children[statement.index] === statement.node ? statement.index : children.indexOf(statement.node);
        const opening = objectOpening(statement.node);
        const line = context.lines.positionAt(earlier.node.offset).line + 1;
        const report = (): void =>
          context.report({
            ...opening,
            messageId: 'repeats',
            data: { line },
            // Deleting a statement: a person confirms that the copy was not meant to differ.
            suggestions: index >= 0 ? [{ title: 'Remove this statement', edits: [removeElements(arrayNode, [index])] }] : [],
          });
        if (!context.reportKept) {
          report();
          continue;
        }
        // While typing, the finding is kept when all it is made from is unchanged: the line named, where the statement
        // opens, and what removing element `index` reads (the array's length, the element and its neighbours), offsets
        // from the statement's start: a statement after the edit moves with its finding.
        const base = statement.node.offset;
        const previous = children[index - 1];
        const next = children[index + 1];
        const removal = index < 0 ? '' : `${children.length} ${previous ? previous.offset + previous.length - base : ''} ${statement.node.length} ${next ? next.offset - base : ''}`;
        context.reportKept(`${line} ${opening.start - base} ${opening.end - base} ${index} ${removal}`, report, base);
      }
    }
  },
};

/** Groups of at most this many statements are searched for an earlier key without a map. */
const SHORT_GROUP = 8;

/**
 * The statements grouped by signature (signatureOf, computed without allocating): the positions in `statements` of
 * each signature shared by two or more comparable statements, in order. While typing, kept until a keystroke changes
 * some statement's signature (its effect, actions or resources).
 */
const SIGNATURES: PartsSpec<number | undefined, number[][]> = {
  name: 'redundant-statement/signatures',
  part: signatureOf,
  same: (a, b) => a === b,
  combine(parts) {
    const groups = new Map<number, number[] | number>();
    let shared = 0;
    for (let i = 0; i < parts.length; i++) {
      const signature = parts[i];
      if (signature === undefined) continue; // not comparable
      const group = groups.get(signature);
      if (group === undefined) groups.set(signature, i);
      else if (typeof group === 'number') {
        groups.set(signature, [group, i]);
        shared++;
      } else group.push(i);
    }
    const result: number[][] = [];
    if (shared === 0) return result;
    for (const group of groups.values()) if (typeof group !== 'number') result.push(group);
    return result;
  },
};

const KNOWN_KEY_BITS: ReadonlyMap<string, number> = new Map([...KNOWN_KEYS].map((key, i) => [key, 1 << i]));

/**
 * A number that two statements with the same canonicalKey share (undefined exactly when canonicalKey is undefined):
 * a hash of the effect and of the sets of actions (letter case aside) and resources. Built without allocating for the
 * common statement, so a policy whose statements all differ costs no key strings. Exported for the test that holds
 * it to canonicalKey.
 */
export function signatureOf(statement: Statement, doc: IamDocument): number | undefined {
  let seen = 0;
  const properties = statement.properties;
  for (let i = 0; i < properties.length; i++) {
    const key = propertyKey(properties[i]!);
    const bit = key === undefined ? undefined : KNOWN_KEY_BITS.get(key);
    if (bit === undefined || (seen & bit) !== 0) return undefined;
    seen |= bit;
  }
  if (!statement.effect) return undefined;
  // A policy file's strings are all literal (only a host adapter describes strings otherwise).
  if (!doc.isJsonText && !isLiteralSubtree(statement.node, doc.text)) return undefined;
  let h = hashString(statement.effect.value, false);
  h = mix(h, listSignature(statement.action, true));
  // A small integer (31 bits signed on every V8): a Map key without a heap number.
  return mix(h, listSignature(statement.resource, false)) & 0x3fffffff;
}

/** As `list` compares: the key, and the set of values (or, for another value type, the type). */
function listSignature(element: ListElement | undefined, foldCase: boolean): number {
  if (!element) return 1;
  const type = element.valueNode?.type;
  const key = hashString(element.key, false);
  if (type !== 'string' && type !== 'array') return mix(key, hashString(type ?? '', false) ^ 2);
  const values = element.values;
  // The sum of the distinct hashes of the values: the same for the same set, whatever the order and repeats.
  let sum = 0;
  if (values.length > 32) {
    // A long list: every value hashed against every other would be quadratic.
    for (const h of new Set(values.map((v) => hashString(v.value, foldCase)))) sum = (sum + h) | 0;
    return mix(key, sum);
  }
  for (let i = 0; i < values.length; i++) {
    const h = hashString(values[i]!.value, foldCase);
    let repeat = false;
    for (let j = 0; j < i && !repeat; j++) repeat = hashes[j] === h;
    hashes[i] = h;
    if (!repeat) sum = (sum + h) | 0;
  }
  return mix(key, sum);
}

/** The hashes of a short list's values so far (the engine is synchronous: one buffer serves every call). */
const hashes = new Int32Array(33);

/** FNV-1a of the string, or (`foldCase`) of its lower case (`toLowerCase`, computed only for a non-ASCII string). */
function hashString(s: string, foldCase: boolean): number {
  // The offset basis as a 32-bit integer (the same bits; as recentTable.ts's stringSlot): written above 2^31, it kept
  // `h` a double in the loop, converted at every character.
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (foldCase) {
      if (c >= 65 && c <= 90) c += 32;
      else if (c > 127) return hashString(s.toLowerCase(), false);
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

const mix = (a: number, b: number): number => Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);

/**
 * The statement's meaning as a string, for a statement `signatureOf` can compare (every key known and once, an Effect,
 * every value literal): statements with the same key mean the same.
 */
export function canonicalKey(statement: Statement): string {
  return JSON.stringify([
    statement.effect?.value,
    list(statement.action, true),
    list(statement.resource, false),
    principal(statement.principal),
    condition(statement.condition),
  ]);
}

/** Actions compare case-insensitively, resources case-sensitively; order and repeats do not matter. */
function list(element: ListElement | undefined, foldCase: boolean): unknown {
  if (!element) return null;
  const type = element.valueNode?.type;
  if (type !== 'string' && type !== 'array') return [element.key, type ?? null];
  return [element.key, sortedSet(element.values.map((v) => (foldCase ? v.value.toLowerCase() : v.value)))];
}

function principal(element: PrincipalElement | undefined): unknown {
  if (!element) return null;
  const type = element.valueNode?.type;
  if (type !== 'string' && type !== 'object') return [element.key, type ?? null];
  return [element.key, sortedSet(element.entries.map((e) => JSON.stringify([e.type, e.value.value])))];
}

function condition(element: ConditionElement | undefined): unknown {
  if (!element) return null;
  if (element.valueNode?.type !== 'object') return [element.valueNode?.type ?? null];
  // Condition keys compare case-insensitively; operators and values as written.
  const entries = element.blocks.flatMap((block) =>
    block.entries.map((entry) => JSON.stringify([block.operator.value, entry.key.value.toLowerCase(), sortedSet(entry.values.map((v) => v.value))])),
  );
  return sortedSet(entries);
}

function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
