// What the policy model knows about each string: written literally, partly known, or unknown — and where its characters are in the source.
//
// Adapters that build the model from another syntax describe every string they create (setValueInfo). Strings of
// a plain JSON policy are described from their token on demand. Rules ask the questions below and never compare
// a value with the source text.

import type { Node as JsonNode } from 'jsonc-parser';

/** `literal`: the author wrote the whole value; `partial`: some pieces are expressions; `unknown`: the whole value is an expression. */
export type Knowledge = 'literal' | 'partial' | 'unknown';

/** One piece of a partly known string. Concatenating the pieces' `text` gives the value rules read. */
export interface ValuePiece {
  /**
   * `literal`: text the author wrote. `unknown`: an expression GrantCheck cannot evaluate; its `text` is the
   * stand-in `*`, so shape checks still see "something here". `assumed`: an expression with a known shape (the
   * partition of the current account); its `text` is that shape.
   */
  kind: 'literal' | 'unknown' | 'assumed';
  text: string;
  /** Source range of the piece. */
  start: number;
  end: number;
  /**
   * For `unknown` and `assumed` pieces: the expression as the author wrote it (`${AWS::AccountId}`, `${var.bucket}`,
   * `!Ref Bucket`), so features can show the value as written (hover names the substitution instead of its stand-in).
   */
  expression?: string;
}

/** Value characters spelled one-to-one in the source: character `valueStart + i` is at source offset `sourceStart + i`. */
export interface SourceRun {
  valueStart: number;
  length: number;
  sourceStart: number;
}

export interface ValueInfo {
  known: Knowledge;
  /** For partial values: the pieces in order. */
  pieces?: readonly ValuePiece[];
  /** Where the value's characters are in the source; characters written with escapes belong to no run. */
  runs: readonly SourceRun[];
}

/** The part of a string value a rule reads: its text plus what is known about it. StrValue (iam/document) extends it. */
export interface DescribedValue extends ValueInfo {
  value: string;
  start: number;
  end: number;
}

/** Where an adapter's description lives on a node it built (a property: one per string, so no side table to collect). */
const INFO: unique symbol = Symbol('valueInfo');
type DescribedNode = JsonNode & { [INFO]?: ValueInfo };

/** Records what an adapter knows about a string node it built. */
export function setValueInfo(node: JsonNode, info: ValueInfo): void {
  (node as DescribedNode)[INFO] = info;
}

export const UNKNOWN: ValueInfo = { known: 'unknown', runs: [] };

/** What is known about a string node: as its adapter described it, else read from its JSON token in `text`. */
export function valueInfoOf(node: JsonNode, text: string): ValueInfo {
  return (node as DescribedNode)[INFO] ?? jsonTokenInfo(text, node.offset, node.offset + node.length);
}

/** Whether an adapter described the node (else it is a JSON token, read from the text). */
export function hasValueInfo(node: JsonNode): boolean {
  return (node as DescribedNode)[INFO] !== undefined;
}

/** `valueInfoOf(node, text).known` without building the runs: a JSON token is always literal. */
export function knowledgeOfNode(node: JsonNode): Knowledge {
  return (node as DescribedNode)[INFO]?.known ?? 'literal';
}

/** A literal JSON string token `"…"` in `text`: one run per stretch of characters written without escapes. */
export function jsonTokenInfo(text: string, start: number, end: number): ValueInfo {
  if (text.charCodeAt(start) !== 34 /* " */) return { known: 'literal', runs: [] };
  const contentEnd = end - 1 > start && text.charCodeAt(end - 1) === 34 ? end - 1 : end;
  let escaped = false;
  for (let i = start + 1; i < contentEnd && !escaped; i++) escaped = text.charCodeAt(i) === 92 /* \ */;
  if (!escaped) return { known: 'literal', runs: [{ valueStart: 0, length: contentEnd - start - 1, sourceStart: start + 1 }] };
  const runs: SourceRun[] = [];
  let valueIndex = 0;
  let runStart = start + 1;
  let i = start + 1;
  while (i < contentEnd) {
    if (text.charCodeAt(i) !== 92 /* \ */) {
      i++;
      continue;
    }
    if (i > runStart) runs.push({ valueStart: valueIndex, length: i - runStart, sourceStart: runStart });
    valueIndex += i - runStart;
    // `\uXXXX` is one UTF-16 code unit, like every other escape.
    i += text.charCodeAt(i + 1) === 117 /* u */ ? 6 : 2;
    valueIndex += 1;
    runStart = i;
  }
  if (contentEnd > runStart) runs.push({ valueStart: valueIndex, length: contentEnd - runStart, sourceStart: runStart });
  return { known: 'literal', runs };
}

/** Longest expression text kept on a piece (a longer one is cut with `…`): enough to recognise it in a hover. */
export const MAX_EXPRESSION_LENGTH = 60;

/** An expression's text as a piece keeps it: whitespace runs collapsed, cut at MAX_EXPRESSION_LENGTH. */
export function expressionText(source: string): string {
  const flat = source.slice(0, MAX_EXPRESSION_LENGTH * 4).replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXPRESSION_LENGTH || source.length > MAX_EXPRESSION_LENGTH * 4 ? `${flat.slice(0, MAX_EXPRESSION_LENGTH - 1)}…` : flat;
}

/**
 * The value as the author wrote it, for people: literal text as it is, each expression as written (`${…}`) or, when
 * its adapter kept no text, as `${…}`. A literal value is its text.
 */
export function displayValue(value: DescribedValue): string {
  if (value.known !== 'partial') return value.known === 'unknown' ? '${…}' : value.value;
  return (value.pieces ?? []).map((p) => (p.kind === 'literal' ? p.text : (p.expression ?? (p.kind === 'assumed' ? p.text : '${…}')))).join('');
}

/** Knowledge of a value made of pieces (no pieces: an empty literal). */
export function knowledgeOf(pieces: readonly ValuePiece[]): Knowledge {
  if (pieces.every((p) => p.kind === 'literal')) return 'literal';
  return pieces.some((p) => p.kind === 'literal') ? 'partial' : 'unknown';
}

/** The whole value is an expression GrantCheck cannot know: it is neither a wildcard nor any particular value. */
export function isUnknown(value: ValueInfo): boolean {
  return value.known === 'unknown';
}

/** Some part of the value is unknown: checks of its exact text (names, ARNs, wildcards) do not apply. */
export function hasUnknownParts(value: ValueInfo): boolean {
  if (value.known === 'unknown') return true;
  // A loop, not `(pieces ?? []).some(…)`: asked of every value by several rules, and most values have no pieces.
  const pieces = value.pieces;
  if (pieces === undefined) return false;
  for (const p of pieces) if (p.kind === 'unknown') return true;
  return false;
}

/** The value when the author wrote all of it, else undefined. */
export function literalValue(value: DescribedValue): string | undefined {
  return value.known === 'literal' ? value.value : undefined;
}

/**
 * Source range of the value's characters `[start, end)`, when they are spelled one-to-one in the source
 * (no escapes, no expressions); undefined otherwise — then report the whole value.
 */
export function sourceSpan(value: DescribedValue, start: number, end: number): { start: number; end: number } | undefined {
  // Runs are in value order: a binary search keeps many lookups in one long escaped string linear overall.
  const runs = value.runs;
  let low = 0;
  let high = runs.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (runs[mid]!.valueStart <= start) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  const run = found >= 0 ? runs[found]! : undefined;
  if (run && end <= run.valueStart + run.length) {
    return { start: run.sourceStart + (start - run.valueStart), end: run.sourceStart + (end - run.valueStart) };
  }
  return undefined;
}

/** True when every string in the subtree is literal (a statement part that can be copied as it is). */
export function isLiteralSubtree(node: JsonNode, _text?: string): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'string' && knowledgeOfNode(n) !== 'literal') return false;
    for (const child of n.children ?? []) stack.push(child);
  }
  return true;
}

/** A stretch `[start, end)` of a value's text (value coordinates). */
export interface ValueStretch {
  start: number;
  end: number;
}

/**
 * The stretches of the value's text that the author wrote literally, in order: the whole value when it is
 * literal, each run of literal pieces when it is partial, none when it is unknown. Text a rule reads for what
 * the author typed (placeholders, `${…}` variables) is judged only inside one stretch: an expression's stand-in
 * and the text beside it are not something anyone wrote.
 */
export function literalStretches(value: DescribedValue): ValueStretch[] {
  if (value.known === 'literal') return value.value.length > 0 ? [{ start: 0, end: value.value.length }] : [];
  const stretches: ValueStretch[] = [];
  let at = 0;
  for (const piece of value.pieces ?? []) {
    const end = at + piece.text.length;
    if (piece.kind === 'literal' && end > at) {
      const last = stretches[stretches.length - 1];
      if (last && last.end === at) last.end = end;
      else stretches.push({ start: at, end });
    }
    at = end;
  }
  return stretches;
}

/** The stretch (from `literalStretches`) holding all of `[start, end)`, or undefined: a binary search. */
export function stretchAround(stretches: readonly ValueStretch[], start: number, end: number): ValueStretch | undefined {
  let low = 0;
  let high = stretches.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = stretches[mid]!;
    if (s.end <= start && s.end < end) low = mid + 1;
    else if (s.start > start) high = mid - 1;
    else return end <= s.end ? s : undefined;
  }
  return undefined;
}
