// Offset ↔ line/character conversion for a text, computed once per lint.

import type { Position, Range } from './types';

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Only `\n` breaks (the usual case): found by indexOf, faster than reading every character here.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) {
          starts.push(i + 1);
        } else if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
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
