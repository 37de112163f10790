// IAM wildcard matching: `*` matches any run of characters (including `/` and `:`), `?` exactly one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
//
// Patterns come from the documents being linted, so they are never turned into a RegExp (a pattern such as
// `*a*a*a…*b` makes a backtracking engine take exponential time). A pattern is split at its `*`s into
// segments; the first and last are anchored, every other is found greedily at its leftmost position,
// which is correct because a `*` can absorb any text between two segments. Segments without `?` are found
// with `indexOf`; segments with `?` with a bit-parallel (shift-and) scan. Space is linear; time is
// O(n + m) plus O(n·s/32) for the longest segment s that contains a `?` (n: text, m: pattern length).
// Case-insensitive matching folds case exactly as a RegExp with the `i` flag (and without `u`) does,
// code unit by code unit, so results are those of the regular expressions this module replaces.

/** One piece of a pattern: text whose `*` and `?` are wildcards, or literal text (a substituted value). */
export interface PatternPart {
  text: string;
  wildcards: boolean;
}

/** A run of the pattern between two `*`: its text and, when it holds `?`, which positions are `?`. */
interface Segment {
  text: string;
  /** Positions of `?` wildcards; undefined when the segment is literal. */
  anyChar: Uint8Array | undefined;
}

/** A compiled pattern: `test` decides whether a whole string matches. */
export interface WildcardMatcher {
  test(value: string): boolean;
}

class SegmentMatcher implements WildcardMatcher {
  private readonly minLength: number;

  /** `star`: the pattern has at least one `*` (then there are at least two segments). */
  constructor(
    private readonly segments: readonly Segment[],
    private readonly star: boolean,
    private readonly caseInsensitive: boolean,
  ) {
    this.minLength = segments.reduce((sum, s) => sum + s.text.length, 0);
  }

  test(value: string): boolean {
    const text = this.caseInsensitive ? foldCase(value) : value;
    const segments = this.segments;
    if (!this.star) return text.length === this.minLength && matchesAt(segments[0]!, text, 0);
    if (text.length < this.minLength) return false;
    const first = segments[0]!;
    const last = segments[segments.length - 1]!;
    if (!matchesAt(first, text, 0) || !matchesAt(last, text, text.length - last.text.length)) return false;
    let from = first.text.length;
    const limit = text.length - last.text.length;
    for (let i = 1; i < segments.length - 1; i++) {
      const segment = segments[i]!;
      const at = findSegment(segment, text, from, limit);
      if (at < 0) return false;
      from = at + segment.text.length;
    }
    return true;
  }
}

/** Does the segment match `text` at exactly `at`? */
function matchesAt(segment: Segment, text: string, at: number): boolean {
  const { text: s, anyChar } = segment;
  if (!anyChar) return text.startsWith(s, at);
  for (let j = 0; j < s.length; j++) {
    if (!anyChar[j] && text.charCodeAt(at + j) !== s.charCodeAt(j)) return false;
  }
  return true;
}

/** Leftmost start `i >= from` with the segment inside `[from, limit)`, or -1. */
function findSegment(segment: Segment, text: string, from: number, limit: number): number {
  const length = segment.text.length;
  if (length === 0) return from;
  if (!segment.anyChar) {
    const at = text.indexOf(segment.text, from);
    return at >= 0 && at + length <= limit ? at : -1;
  }
  return shiftAnd(segment, text, from, limit);
}

/**
 * Shift-and: bit j of the state says "the last j+1 characters match the first j+1 of the segment".
 * Every occurrence has the segment's length, so the first one to end is the leftmost.
 */
function shiftAnd(segment: Segment, text: string, from: number, limit: number): number {
  const { text: s, anyChar } = segment;
  const words = Math.ceil(s.length / 32);
  // Per character: the positions it can stand at (its own and every `?`); other characters: the `?`s only.
  const anyMask = new Uint32Array(words);
  for (let j = 0; j < s.length; j++) if (anyChar![j]) anyMask[j >>> 5]! |= 1 << (j & 31);
  const masks = new Map<number, Uint32Array>();
  for (let j = 0; j < s.length; j++) {
    if (anyChar![j]) continue;
    const c = s.charCodeAt(j);
    let mask = masks.get(c);
    if (!mask) masks.set(c, (mask = Uint32Array.from(anyMask)));
    mask[j >>> 5]! |= 1 << (j & 31);
  }
  const lastWord = (s.length - 1) >>> 5;
  const lastBit = 1 << ((s.length - 1) & 31);
  const state = new Uint32Array(words);
  for (let i = from; i < limit; i++) {
    const mask = masks.get(text.charCodeAt(i)) ?? anyMask;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const v = state[w]!;
      state[w] = ((v << 1) | carry) & mask[w]!;
      carry = v >>> 31;
    }
    if (state[lastWord]! & lastBit) return i - s.length + 1;
  }
  return -1;
}

/** Compiles pattern parts; with `caseInsensitive`, letters compare as a RegExp with the `i` flag compares them. */
export function compileWildcardParts(parts: readonly PatternPart[], caseInsensitive: boolean): WildcardMatcher {
  const segments: Segment[] = [];
  let text = '';
  let anyChar: number[] = [];
  let star = false;
  const close = (): void => {
    const folded = caseInsensitive ? foldCase(text) : text;
    let mask: Uint8Array | undefined;
    if (anyChar.length > 0) {
      mask = new Uint8Array(text.length);
      for (const j of anyChar) mask[j] = 1;
    }
    segments.push({ text: folded, anyChar: mask });
    text = '';
    anyChar = [];
  };
  for (const part of parts) {
    if (!part.wildcards) {
      text += part.text;
      continue;
    }
    for (let i = 0; i < part.text.length; i++) {
      const c = part.text[i]!;
      if (c === '*') {
        close();
        star = true;
      } else {
        if (c === '?') anyChar.push(text.length);
        text += c;
      }
    }
  }
  close();
  return new SegmentMatcher(segments, star, caseInsensitive);
}

// Keyed by the pattern itself (a key built by concatenation would be hashed anew, all of it, on every call).
const caseSensitiveCache = new Map<string, WildcardMatcher>();
const caseInsensitiveCache = new Map<string, WildcardMatcher>();

/** A compiled matcher for an IAM pattern (cached). Actions compare case-insensitively, resources case-sensitively. */
export function compileWildcard(pattern: string, caseInsensitive: boolean): WildcardMatcher {
  const cache = caseInsensitive ? caseInsensitiveCache : caseSensitiveCache;
  let matcher = cache.get(pattern);
  if (!matcher) {
    matcher = compileWildcardParts([{ text: pattern, wildcards: true }], caseInsensitive);
    if (cache.size > 5000) cache.clear();
    cache.set(pattern, matcher);
  }
  return matcher;
}

export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** Does an action pattern (`s3:Get*`, `*`) match an action name (`s3:GetObject`)? Case-insensitive, as IAM. */
export function actionMatches(pattern: string, action: string): boolean {
  if (!hasWildcard(pattern)) return pattern === action || pattern.toLowerCase() === action.toLowerCase();
  return compileWildcard(pattern, true).test(action);
}

/** Does a resource pattern match a concrete ARN? Case-sensitive; `*` crosses `/` and `:`. */
export function resourceMatches(pattern: string, arn: string): boolean {
  if (!hasWildcard(pattern)) return pattern === arn;
  return compileWildcard(pattern, false).test(arn);
}

// ---------------------------------------------------------------------------------------------------
// Case folding of a RegExp with the `i` flag and without `u` (ECMAScript "Canonicalize"): a code unit
// stands for its upper case when that is a single code unit, except that nothing outside ASCII folds
// into ASCII. https://tc39.es/ecma262/#sec-runtime-semantics-canonicalize-ch

let foldTable: Uint16Array | undefined;

function foldedCodeUnit(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  if (!foldTable) {
    foldTable = new Uint16Array(65536);
    for (let u = 0; u < 65536; u++) {
      const upper = String.fromCharCode(u).toUpperCase();
      const cu = upper.length === 1 ? upper.charCodeAt(0) : u;
      foldTable[u] = u >= 128 && cu < 128 ? u : cu;
    }
  }
  return foldTable[c]!;
}

/** The last string folded and its fold: one action is usually tested against several patterns in a row. */
let lastFoldInput: string | undefined;
let lastFoldOutput = '';

/** The string with every code unit folded (equal folds ⇔ equal under a case-insensitive RegExp). */
export function foldCase(value: string): string {
  if (value === lastFoldInput) return lastFoldOutput;
  let ascii = true;
  for (let i = 0; i < value.length && ascii; i++) ascii = value.charCodeAt(i) < 128;
  let out: string;
  if (ascii) out = value.toUpperCase();
  else {
    out = '';
    for (let i = 0; i < value.length; i++) out += String.fromCharCode(foldedCodeUnit(value.charCodeAt(i)));
  }
  lastFoldInput = value;
  lastFoldOutput = out;
  return out;
}
