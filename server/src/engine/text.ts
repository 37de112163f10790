// Offset ↔ line/character conversion for a text, computed once per document version (LineIndex.of), and the
// region where two versions of a text differ (textChange), from which per-version work is updated while typing.

import type { Position, Range } from './types';

/**
 * Where two texts differ: they share `next.slice(0, start)` and `next.slice(newEnd)` (= `previous.slice(oldEnd)`),
 * both as long as possible; `previous.slice(start, oldEnd)` was replaced by `next.slice(start, newEnd)`.
 */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The last answer of textChange: the line index, the binding comment and the CloudFormation split ask for the same pair. */
let lastChange: { previous: string; next: string; change: TextChange | undefined } | undefined;

/** For tests: how many times textChange compared two texts (rather than answering from the change it was told). */
export const textChangeStats = { compared: 0 };

/**
 * The region where `next` differs from `previous`, or undefined when they are equal. Compared in growing blocks
 * (a slice comparison is a block compare in V8): a keystroke in a 1 MB text costs a fraction of a millisecond.
 */
export function textChange(previous: string, next: string): TextChange | undefined {
  if (lastChange && lastChange.previous === previous && lastChange.next === next) return lastChange.change;
  let change: TextChange | undefined;
  if (previous !== next) {
    textChangeStats.compared++;
    const shorter = Math.min(previous.length, next.length);
    const start = commonLength(previous, next, shorter, false);
    const suffix = commonLength(previous, next, shorter - start, true);
    change = { start, oldEnd: previous.length - suffix, newEnd: next.length - suffix };
  }
  lastChange = { previous, next, change };
  return change;
}

/**
 * What textChange(previous, next) answers, from `edit`, a region outside which the two texts are known to agree (the
 * edit the editor sent): the agreement is extended one character at a time from its borders (a keystroke: a
 * character or two) instead of comparing the texts from their ends. Then remembered as textChange's last answer, so
 * the engine's per-version updates (suppressions, the binding comment, the CloudFormation split) compare nothing.
 */
export function knownTextChange(previous: string, next: string, edit: TextChange): TextChange | undefined {
  if (lastChange && lastChange.previous === previous && lastChange.next === next) return lastChange.change;
  const shorter = Math.min(previous.length, next.length);
  let start = Math.min(edit.start, shorter);
  while (start < shorter && previous.charCodeAt(start) === next.charCodeAt(start)) start++;
  let change: TextChange | undefined;
  if (start < shorter || previous.length !== next.length) {
    const bound = shorter - start;
    let suffix = Math.min(previous.length - edit.oldEnd, bound);
    while (suffix < bound && previous.charCodeAt(previous.length - suffix - 1) === next.charCodeAt(next.length - suffix - 1)) suffix++;
    change = { start, oldEnd: previous.length - suffix, newEnd: next.length - suffix };
  }
  lastChange = { previous, next, change };
  return change;
}

/** The length of the common prefix (or, `fromEnd`, suffix) of two texts, at most `max`. */
function commonLength(a: string, b: string, max: number, fromEnd: boolean): number {
  const endA = a.length;
  const endB = b.length;
  const sameBlock = (at: number, size: number): boolean => (fromEnd ? a.slice(endA - at - size, endA - at) === b.slice(endB - at - size, endB - at) : a.slice(at, at + size) === b.slice(at, at + size));
  let n = 0;
  let block = 64;
  // Blocks double while they match and halve when one does not, down to 16 characters, then one at a time.
  while (block >= 16) {
    if (n + block <= max && sameBlock(n, block)) {
      n += block;
      if (block < 65536) block *= 2;
    } else block >>= 1;
  }
  if (fromEnd) while (n < max && a.charCodeAt(endA - n - 1) === b.charCodeAt(endB - n - 1)) n++;
  else while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** Texts at least this long get their line index from the previous version's (shorter ones are built faster than compared). */
const DERIVE_MIN_LENGTH = 16_384;
/** The line indexes of the latest texts asked for: the language server's and the engine's for one version are the same. */
const recentIndexes: LineIndex[] = [];

export class LineIndex {
  /** For tests and the bench: indexes LineIndex.of handed out again, derived from a previous version, built whole. */
  static readonly stats = { shared: 0, derived: 0, built: 0 };
  /** Offsets where lines start, in one typed array of the exact size (built on every keystroke: no growing arrays). */
  private readonly lineStarts: Uint32Array | Float64Array;

  constructor(
    private readonly text: string,
    lineStarts?: Uint32Array | Float64Array,
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const noCr = text.indexOf('\r') < 0;
    let count = 1;
    if (noCr) for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    else for (let i = 0; i < text.length; i++) if (isLineEnd(text, i)) count++;
    const starts = newStarts(text.length, count);
    let n = 1;
    if (noCr) for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    else for (let i = 0; i < text.length; i++) if (isLineEnd(text, i)) starts[n++] = i + 1;
    this.lineStarts = starts;
  }

  /**
   * The line index of a text, shared by everyone who asks for the same text (the language server and the engine
   * for one document version) and, for a long text, derived from the latest one asked for: a keystroke re-reads the
   * lines it touched and moves the later ones. Equal to `new LineIndex(text)` (test/unit/line-index.test.ts).
   */
  static of(text: string): LineIndex {
    const shared = LineIndex.shared(text);
    if (shared) return shared;
    const latest = recentIndexes[0];
    return LineIndex.remembered(text, latest && text.length >= DERIVE_MIN_LENGTH && latest.text.length >= DERIVE_MIN_LENGTH ? latest.derived(text) : undefined);
  }

  /**
   * The line index of `next`, made from `previous` (the index of an earlier version of the same document) when
   * `change` (any region outside which the two texts agree, e.g. the edit the editor sent) is small, and shared
   * like LineIndex.of's: the language server's document store gives each version's index to the engine this way,
   * without comparing the texts and whichever document was indexed last. Equal to `new LineIndex(next)`.
   */
  static edited(previous: LineIndex, next: string, change: TextChange): LineIndex {
    knownTextChange(previous.text, next, change);
    return LineIndex.shared(next) ?? LineIndex.remembered(next, previous.derived(next, change));
  }

  /** The index of one of the two texts indexed last (LineIndex.of, LineIndex.edited), if it is one of them. */
  private static shared(text: string): LineIndex | undefined {
    for (const index of recentIndexes) {
      if (index.text !== text) continue;
      LineIndex.stats.shared++;
      return index;
    }
    return undefined;
  }

  /** `derived` (an index made from an earlier one) or else a new index of `text`, remembered as the latest. */
  private static remembered(text: string, derived: LineIndex | undefined): LineIndex {
    let index = derived;
    if (index) LineIndex.stats.derived++;
    else {
      index = new LineIndex(text);
      LineIndex.stats.built++;
    }
    recentIndexes.unshift(index);
    if (recentIndexes.length > 2) recentIndexes.pop();
    return index;
  }

  /** The text this index is of. */
  get source(): string {
    return this.text;
  }

  /** This index updated to `next` (a later version of the text), or undefined when most of the text changed. */
  private derived(next: string, known?: TextChange): LineIndex | undefined {
    const change = known ?? textChange(this.text, next);
    if (!change) return new LineIndex(next, this.lineStarts);
    const { start, oldEnd, newEnd } = change;
    if (newEnd - start > next.length / 2) return undefined;
    const old = this.lineStarts;
    // A line break at i depends on the characters at i and i + 1: those before start - 1 are kept, those from
    // oldEnd on move with the text after the change, and [start - 1, newEnd) is read again.
    const kept = firstAtLeast(old, start);
    const moved = firstAtLeast(old, oldEnd + 1);
    const fresh: number[] = [];
    for (let i = Math.max(0, start - 1); i < newEnd; i++) if (isLineEnd(next, i)) fresh.push(i + 1);
    const starts = newStarts(next.length, kept + fresh.length + old.length - moved);
    starts.set(old.subarray(0, kept));
    let n = kept;
    for (const s of fresh) starts[n++] = s;
    const delta = newEnd - oldEnd;
    for (let k = moved; k < old.length; k++) starts[n++] = old[k]! + delta;
    return new LineIndex(next, starts);
  }

  /** The document's line break (its first one; `\n` when it has none): what fixes insert. */
  get lineBreak(): '\r\n' | '\r' | '\n' {
    const next = this.lineStarts[1];
    if (next === undefined) return '\n';
    if (this.text.charCodeAt(next - 1) === 13) return '\r';
    return next >= 2 && this.text.charCodeAt(next - 2) === 13 ? '\r\n' : '\n';
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // Between the \r and \n of a CRLF is no LSP position: use the end of the line instead.
    if (clamped > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
  }

  /** Whether `positionAt(offset)` is `position` (without making a Position: asked of every kept finding while typing). */
  isAt(offset: number, position: Position): boolean {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    if (clamped > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    const line = position.line;
    const starts = this.lineStarts;
    if (line < 0 || line >= starts.length) return false;
    const start = starts[line]!;
    return start <= clamped && (line + 1 === starts.length || starts[line + 1]! > clamped) && clamped - start === position.character;
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line]!;
    // A character past the end of the line means the line's end, before its line break (as LSP says).
    let lineEnd = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1]! : this.text.length;
    if (lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 10) lineEnd--;
    if (lineEnd > lineStart && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineEnd));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the first character of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.offsetAt({ line: this.positionAt(offset).line, character: 0 });
  }

  /** The whitespace that starts the line holding `offset`. */
  indentationAt(offset: number): string {
    const start = this.lineStartOf(offset);
    const match = /^[ \t]*/.exec(this.text.slice(start, start + 200));
    return match ? match[0] : '';
  }
}

function newStarts(textLength: number, count: number): Uint32Array | Float64Array {
  return textLength < 0xffffffff ? new Uint32Array(count) : new Float64Array(count);
}

/** The first index (≥ 1: the first line always starts at 0) whose line start is at least `offset`. */
function firstAtLeast(starts: Uint32Array | Float64Array, offset: number): number {
  let low = 1;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A line ends at `i`: a `\n`, or a `\r` not followed by `\n` (a CRLF ends at its `\n`). */
function isLineEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
}

/** Applies non-overlapping edits (any order) to a text. Overlapping edits after the first are dropped. */
export function applyEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) continue;
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** Two rows of the distance table, reused: did-you-mean compares a word with hundreds of names per finding. */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** Levenshtein distance, bounded: returns `max + 1` as soon as the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (previousRow.length <= b.length) {
    previousRow = new Int32Array(b.length + 1);
    currentRow = new Int32Array(b.length + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length]!;
}

/** The closest candidates to `word` (case-insensitive), best first, within a length-scaled distance. */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const max = Math.max(1, Math.min(4, Math.floor(lower.length / 3)));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let score = editDistance(lower, c, max);
    // A plural/singular slip (GetObjects → GetObject) or a missing/extra prefix is a likely typo.
    if (score > max && (c.startsWith(lower) || lower.startsWith(c)) && Math.abs(c.length - lower.length) <= 3) {
      score = max;
    }
    if (score <= max) scored.push({ candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/**
 * Whether a did-you-mean correction is certain enough for a safe fix (applied by fix-all) rather than a
 * suggestion: it is the only candidate offered, and it differs from what was written by letter case or by a
 * single typo (one character added, left out or changed, or two neighbours swapped). Several candidates, or a
 * bigger difference, leave the choice to a person.
 */
export function isCertainCorrection(written: string, candidates: readonly string[]): boolean {
  return candidates.length === 1 && withinOneTypo(written.toLowerCase(), candidates[0]!.toLowerCase());
}

/** One insertion, deletion, substitution or adjacent transposition at most (linear). */
export function withinOneTypo(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // neighbours swapped
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The index of the last item (sorted by `start`) that starts at or before `offset`, or -1: a binary search. */
export function lastStartingAtOrBefore(items: readonly { start: number }[], offset: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (items[mid]!.start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
