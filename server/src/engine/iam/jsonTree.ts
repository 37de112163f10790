// A fast path for jsonc-parser's `parseTree` on strict JSON, the common case of a policy file (and of every keystroke
// while a person types in one).
//
// jsonc-parser's scanner builds the text of each run of white space one character at a time, so on an indented
// 50 KB policy parsing allocates several times the text's size and most of a keystroke's garbage. This parser reads
// only strict JSON (white space of space, tab, CR and LF; no comments, no trailing commas, nothing after the value)
// and builds exactly the tree `parseTree` builds for it: the same nodes, offsets, lengths, values, `colonOffset`s and
// parent links (test/unit/json-tree.test.ts compares the two on generated and real documents). On anything else it
// gives up, and the caller parses with jsonc-parser, which reports the errors, comments and recoveries.

import type { Node as JsonNode } from 'jsonc-parser';

/** Sentinel: not strict JSON (or nested deeper than allowed); parse with jsonc-parser instead. */
const GIVE_UP = -1;

interface MutableNode {
  type: JsonNode['type'];
  value?: unknown;
  offset: number;
  length: number;
  parent?: MutableNode;
  children?: MutableNode[];
  colonOffset?: number;
}

/**
 * The tree of `text` as `parseTree(text, errors, { allowTrailingComma: true, disallowComments: false,
 * allowEmptyContent: true })` builds it when `text` is strict JSON with no errors and at most `maxDepth` levels of
 * nesting; undefined otherwise.
 */
export function parseStrictJsonTree(text: string, maxDepth: number): JsonNode | undefined {
  return parseStrictJson(text, maxDepth)?.root;
}

/**
 * What the strict reading of a whole text learnt about it on the way, which rules would otherwise find by walking the
 * tree or scanning the text again (test/unit/json-tree.test.ts compares each with the walk or scan it stands for).
 * A strict JSON text has no comments and no trailing commas (the parser gives up on them) and no white space but
 * space, tab, CR and LF outside its tokens.
 */
export interface StrictJsonFacts {
  /** Some object has a key twice. */
  readonly duplicateKeys: boolean;
  /** Characters of white space outside the tokens (before, between and after them). */
  readonly blankOutsideTokens: number;
  /** Spaces inside string tokens (a strict JSON string holds no raw tab or line break). */
  readonly spacesInStrings: number;
  /** Some string token holds a character above U+00FF (the text outside strings never does). */
  readonly aboveLatin1: boolean;
}

/** `parseStrictJsonTree`'s tree with the facts learnt while reading it; undefined when the text is not strict JSON. */
export function parseStrictJson(text: string, maxDepth: number): { root: JsonNode; facts: StrictJsonFacts } | undefined {
  const parser = new StrictParser(text, maxDepth, recentSlots(text.length));
  const start = parser.skipWhiteSpace(0);
  if (start >= text.length) return undefined; // empty content: jsonc-parser's answer (no tree, no error) is cheap
  const root = parser.value(start, undefined, 0);
  if (!root) return undefined;
  if (parser.skipWhiteSpace(parser.pos) !== text.length) return undefined;
  // Without a `parent` property, as parseTree leaves the root (an object or array root is built so).
  if ('parent' in root) delete root.parent;
  const facts: StrictJsonFacts = { duplicateKeys: parser.duplicateKeys, blankOutsideTokens: parser.blank, spacesInStrings: parser.spaces, aboveLatin1: parser.aboveLatin1 };
  return { root: root as JsonNode, facts };
}

/**
 * The value starting at `at` in `text` (its first character, not white space) as `parseStrictJsonTree` would build it
 * inside a tree: `parent` is its parent node and `depth` the number of objects and arrays around it. Undefined when
 * it is not strict JSON or nests deeper than `maxDepth` in all. For re-reading one element of a tree whose text
 * changed only inside that element (iam/document.ts): the caller checks that the value ends where it must.
 */
export function parseStrictJsonValueAt(text: string, at: number, parent: JsonNode, depth: number, maxDepth: number): { node: JsonNode; end: number } | undefined {
  const parser = new StrictParser(text, maxDepth, MIN_RECENT_SLOTS);
  const node = parser.value(at, parent as MutableNode, depth);
  return node ? { node: node as JsonNode, end: parser.pos } : undefined;
}

/** Longest string a parse looks up among the strings it read before (longer ones are rarely repeated). */
const MAX_RECENT_LENGTH = 64;
const MIN_RECENT_SLOTS = 64;

/** Slots of a parse's table of recent strings: about one per 32 characters of text, a power of two, 64 to 4,096. */
function recentSlots(textLength: number): number {
  let slots = MIN_RECENT_SLOTS;
  while (slots < 4096 && slots * 32 < textLength) slots *= 2;
  return slots;
}

class StrictParser {
  pos = 0;
  /** StrictJsonFacts, counted while reading (white space skipped, spaces in strings, wide characters, repeated keys). */
  blank = 0;
  spaces = 0;
  aboveLatin1 = false;
  duplicateKeys = false;
  /** Whether the string token last read by `stringEnd` has an escape. */
  private escaped = false;
  /** A hash of the characters of the string token last read by `stringEnd`. */
  private hash = 0;
  /**
   * The children of the objects and arrays being read, innermost last, from `stack[0]` to `stack[top - 1]`: each
   * node's are copied out when it closes, into an array of exactly their number (an array grown by `push` holds 17
   * slots for one child, and a policy's arrays hold a few).
   */
  private readonly stack: MutableNode[] = [];
  private top = 0;
  /**
   * Strings read recently, by hash (direct-mapped): a key or value read again (`"Effect"`, `"Allow"`, an action) is
   * the same string, not a new copy or slice of the text. Only this parse's strings, so that no table outlives the
   * text its slices point into.
   */
  private readonly recent: (string | undefined)[];
  private readonly mask: number;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    slots: number,
  ) {
    this.recent = new Array<string | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /** The offset of the first character at or after `from` that is not JSON white space. */
  skipWhiteSpace(from: number): number {
    const text = this.text;
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    }
    this.blank += i - from;
    return i;
  }

  /** The value starting at `at` (not white space); `this.pos` is left just after it. Undefined: give up. */
  value(at: number, parent: MutableNode | undefined, depth: number): MutableNode | undefined {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 34 /* " */) {
      const end = this.stringEnd(at);
      if (end === GIVE_UP) return undefined;
      this.pos = end;
      return { type: 'string', offset: at, length: end - at, parent, value: this.stringValue(at, end) };
    }
    if (c === 123 /* { */) return this.object(at, parent, depth + 1);
    if (c === 91 /* [ */) return this.array(at, parent, depth + 1);
    let end: number;
    let value: unknown;
    if (c === 116 /* t */ && text.startsWith('true', at)) {
      end = at + 4;
      value = true;
    } else if (c === 102 /* f */ && text.startsWith('false', at)) {
      end = at + 5;
      value = false;
    } else if (c === 110 /* n */ && text.startsWith('null', at)) {
      end = at + 4;
      value = null;
    } else {
      end = this.numberEnd(at);
      if (end === GIVE_UP) return undefined;
      value = Number(text.slice(at, end));
    }
    // A literal must end where jsonc-parser's scanner ends it: at a delimiter or white space.
    if (end < text.length && !isDelimiter(text.charCodeAt(end))) return undefined;
    this.pos = end;
    return { type: value === null ? 'null' : typeof value === 'number' ? 'number' : 'boolean', offset: at, length: end - at, parent, value };
  }

  /** The children pushed since `base`, as an array of exactly their number; the stack is popped back to `base`. */
  private children(base: number): MutableNode[] {
    const stack = this.stack;
    const count = this.top - base;
    this.top = base;
    // Array literals for the usual counts: besides their size, V8 allocates a literal's arrays in the old generation
    // once it sees that they live long (a tree does), instead of copying them out of the young one twice.
    switch (count) {
      case 1:
        return [stack[base]!];
      case 2:
        return [stack[base]!, stack[base + 1]!];
      case 3:
        return [stack[base]!, stack[base + 1]!, stack[base + 2]!];
      case 4:
        return [stack[base]!, stack[base + 1]!, stack[base + 2]!, stack[base + 3]!];
      case 5:
        return [stack[base]!, stack[base + 1]!, stack[base + 2]!, stack[base + 3]!, stack[base + 4]!];
      default:
        return stack.slice(base, base + count);
    }
  }

  /** Whether one of the properties `stack[base]` to `stack[top - 1]` (those read so far of an object) has this key. */
  private keyAmong(key: string, base: number): boolean {
    const stack = this.stack;
    for (let j = this.top - 1; j >= base; j--) if (stack[j]!.children![0]!.value === key) return true;
    return false;
  }

  /** The keys of the properties `stack[base]` to `stack[top - 1]`, as a set (an object of more than SMALL_OBJECT keys). */
  private keysFrom(base: number): Set<unknown> {
    const keys = new Set<unknown>();
    for (let j = base; j < this.top; j++) keys.add(this.stack[j]!.children![0]!.value);
    return keys;
  }

  private push(node: MutableNode): void {
    if (this.top === this.stack.length) this.stack.push(node);
    else this.stack[this.top] = node;
    this.top++;
  }

  private object(at: number, parent: MutableNode | undefined, depth: number): MutableNode | undefined {
    if (depth > this.maxDepth) return undefined;
    const text = this.text;
    // Built with every field at once (children are filled in when it closes): one object shape per kind of node for
    // the engine's code that walks trees.
    const node: MutableNode =
      parent === undefined ? { type: 'object', offset: at, length: -1, children: NO_CHILDREN } : { type: 'object', offset: at, length: -1, parent, children: NO_CHILDREN };
    let i = this.skipWhiteSpace(at + 1);
    if (text.charCodeAt(i) === 125 /* } */) {
      node.length = i + 1 - at;
      node.children = [];
      this.pos = i + 1;
      return node;
    }
    const base = this.top;
    let keys: Set<unknown> | undefined;
    for (;;) {
      if (text.charCodeAt(i) !== 34) return undefined;
      const keyEnd = this.stringEnd(i);
      if (keyEnd === GIVE_UP) return undefined;
      const colon = this.skipWhiteSpace(keyEnd);
      if (text.charCodeAt(colon) !== 58 /* : */) return undefined;
      // The key with a value string's fields in a value string's order (jsonc-parser adds `colonOffset` later).
      const property: MutableNode = { type: 'property', offset: i, length: -1, parent: node, children: NO_CHILDREN, colonOffset: colon };
      const keyValue = this.stringValue(i, keyEnd);
      const key: MutableNode = { type: 'string', offset: i, length: keyEnd - i, parent: property, value: keyValue };
      // A repeated key is looked for until one is found: among the earlier keys, or in a set of them once there are many.
      if (!this.duplicateKeys) {
        const count = this.top - base;
        if (count > SMALL_OBJECT) {
          keys ??= this.keysFrom(base);
          if (keys.has(keyValue)) this.duplicateKeys = true;
          else keys.add(keyValue);
        } else if (count > 0) {
          this.duplicateKeys = this.keyAmong(keyValue, base);
        }
      }
      const valueAt = this.skipWhiteSpace(colon + 1);
      if (valueAt >= text.length) return undefined;
      const value = this.value(valueAt, property, depth);
      if (!value) return undefined;
      property.children = [key, value];
      property.length = this.pos - i;
      this.push(property);
      i = this.skipWhiteSpace(this.pos);
      const next = text.charCodeAt(i);
      if (next === 125 /* } */) {
        node.length = i + 1 - at;
        node.children = this.children(base);
        this.pos = i + 1;
        return node;
      }
      if (next !== 44 /* , */) return undefined;
      i = this.skipWhiteSpace(i + 1);
    }
  }

  private array(at: number, parent: MutableNode | undefined, depth: number): MutableNode | undefined {
    if (depth > this.maxDepth) return undefined;
    const text = this.text;
    const node: MutableNode =
      parent === undefined ? { type: 'array', offset: at, length: -1, children: NO_CHILDREN } : { type: 'array', offset: at, length: -1, parent, children: NO_CHILDREN };
    let i = this.skipWhiteSpace(at + 1);
    if (text.charCodeAt(i) === 93 /* ] */) {
      node.length = i + 1 - at;
      node.children = [];
      this.pos = i + 1;
      return node;
    }
    const base = this.top;
    for (;;) {
      if (i >= text.length) return undefined;
      const value = this.value(i, node, depth);
      if (!value) return undefined;
      this.push(value);
      i = this.skipWhiteSpace(this.pos);
      const next = text.charCodeAt(i);
      if (next === 93 /* ] */) {
        node.length = i + 1 - at;
        node.children = this.children(base);
        this.pos = i + 1;
        return node;
      }
      if (next !== 44 /* , */) return undefined;
      i = this.skipWhiteSpace(i + 1);
    }
  }

  /** Just after the closing quote of the string opening at `at`, or GIVE_UP (unclosed, a control character, a bad escape). */
  private stringEnd(at: number): number {
    const text = this.text;
    this.escaped = false;
    let hash = 0;
    for (let i = at + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.hash = hash;
        return i + 1;
      }
      hash = (Math.imul(hash, 31) + c) | 0;
      if (c <= 32 || c > 0xff) {
        if (c < 32) return GIVE_UP;
        if (c === 32) this.spaces++;
        else this.aboveLatin1 = true;
      }
      if (c === 92 /* \ */) {
        this.escaped = true;
        const e = text.charCodeAt(i + 1);
        if (e === 117 /* u */) {
          for (let k = i + 2; k < i + 6; k++) if (!isHexDigit(text.charCodeAt(k))) return GIVE_UP;
          i += 5;
        } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
          i++;
        } else {
          return GIVE_UP;
        }
      }
    }
    return GIVE_UP;
  }

  /** The value of the (well-formed) string token from `at` to `end` just read by `stringEnd`. */
  private stringValue(at: number, end: number): string {
    const text = this.text;
    if (!this.escaped) {
      const length = end - at - 2;
      if (length > MAX_RECENT_LENGTH) return text.slice(at + 1, end - 1);
      const slot = (this.hash ^ (this.hash >>> 15)) & this.mask;
      const seen = this.recent[slot];
      if (seen !== undefined && seen.length === length && text.startsWith(seen, at + 1)) return seen;
      return (this.recent[slot] = text.slice(at + 1, end - 1));
    }
    let result = '';
    let from = at + 1;
    for (let i = at + 1; i < end - 1; i++) {
      if (text.charCodeAt(i) !== 92) continue;
      result += text.slice(from, i);
      const e = text.charCodeAt(i + 1);
      if (e === 117) {
        result += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        result += ESCAPES[e]!;
        i++;
      }
      from = i + 1;
    }
    return result + text.slice(from, end - 1);
  }

  /** Just after the number starting at `at` (JSON's grammar), or GIVE_UP. */
  private numberEnd(at: number): number {
    const text = this.text;
    let i = at;
    if (text.charCodeAt(i) === 45 /* - */) i++;
    const first = text.charCodeAt(i);
    if (first === 48 /* 0 */) i++;
    else if (first >= 49 && first <= 57) {
      i++;
      while (isDigit(text.charCodeAt(i))) i++;
    } else return GIVE_UP;
    if (text.charCodeAt(i) === 46 /* . */) {
      i++;
      if (!isDigit(text.charCodeAt(i))) return GIVE_UP;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 69 || e === 101) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!isDigit(text.charCodeAt(i))) return GIVE_UP;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return i;
  }
}

/** Objects of at most this many keys are searched for a repeated key without a set. */
const SMALL_OBJECT = 12;

/** The children of an object or array until it closes (never left in a tree). */
const NO_CHILDREN: MutableNode[] = [];

const ESCAPES: Record<number, string> = { 34: '"', 92: '\\', 47: '/', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Where a literal may end: `,` `}` `]` or JSON white space (anything else makes jsonc-parser read on). */
function isDelimiter(c: number): boolean {
  return c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9;
}
