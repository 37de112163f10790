// The differential check of incremental re-linting (engine/lint.ts lintIncrementally, engine/lintCache.ts): over
// a typing session of random edits, linting with a cache that lived through the earlier versions gives exactly
// what a full lint gives (same findings, ranges, fixes and suggestions, same order).

import assert from 'node:assert/strict';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import type { Rng } from './prng';

/** Characters a person types into a policy, JSON punctuation included (so statements break and mend). */
const TYPED = ['a', 'Z', '0', '*', ':', '/', '"', ',', '{', '}', '[', ']', ' ', '\n', '$', '\\', 'é'];

/** One random edit of `text`: typing or deleting a few characters, copying a statement-sized piece elsewhere, re-indenting a line, or a line break style change. */
export function randomEdit(text: string, rng: Rng): string {
  const at = Math.floor(rng() * (text.length + 1));
  const choice = rng();
  if (choice < 0.4) return text.slice(0, at) + TYPED[Math.floor(rng() * TYPED.length)]! + text.slice(at);
  if (choice < 0.6) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rng() * 3)));
  if (choice < 0.75) {
    // A piece from one `{` to its line's end: often a whole statement, moved or copied as people do.
    const open = text.indexOf('{', Math.floor(rng() * text.length));
    if (open < 0) return text;
    const close = text.indexOf('}', open);
    const piece = text.slice(open, close < 0 ? text.length : close + 1);
    return rng() < 0.5 ? text.slice(0, at) + piece + ',' + text.slice(at) : text.slice(0, open) + text.slice(open + piece.length);
  }
  if (choice < 0.9) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    return rng() < 0.5 ? text.slice(0, lineStart) + '  ' + text.slice(lineStart) : text.slice(0, lineStart) + text.slice(lineStart).replace(/^ {1,2}/, '');
  }
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
}

/** Lints `text` with and without `cache` and fails unless both give the same result. */
export function assertSameAsFullLint(text: string, options: LintOptions, cache: LintCache, what: string): void {
  const full = lintText(text, options).findings;
  const incremental = lintText(text, { ...options, cache }).findings;
  assert.deepStrictEqual(incremental, full, `incremental lint differs from a full lint (${what}) on:\n${text}`);
}

/** A typing session: `edits` random edits of `text`, each version linted with one cache and compared with a full lint. */
export function assertIncrementalSession(text: string, options: LintOptions, rng: Rng, edits: number, what: string): LintCache {
  const cache = new LintCache();
  assertSameAsFullLint(text, options, cache, `${what}, first lint`);
  assertSameAsFullLint(text, options, cache, `${what}, unchanged`);
  for (let i = 0; i < edits; i++) {
    text = randomEdit(text, rng);
    assertSameAsFullLint(text, options, cache, `${what}, edit ${i + 1}`);
  }
  return cache;
}
