// Per-version work updated from the previous version (engine/text.ts): textChange finds exactly the longest common
// prefix and suffix of two texts, and LineIndex.of — shared by everyone asking for the same text and, for a long
// text, derived from the last one — equals a LineIndex built from scratch after every edit of random sessions (line
// breaks typed, deleted, joined into and split out of CRLFs).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownTextChange, LineIndex, textChange, textChangeStats } from '../../server/src/engine/text';
import { prng, type Rng } from '../support/prng';

/** The longest common prefix and suffix, one character at a time. */
function referenceChange(a: string, b: string): { start: number; oldEnd: number; newEnd: number } | undefined {
  if (a === b) return undefined;
  const shorter = Math.min(a.length, b.length);
  let start = 0;
  while (start < shorter && a[start] === b[start]) start++;
  let suffix = 0;
  while (suffix < shorter - start && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { start, oldEnd: a.length - suffix, newEnd: b.length - suffix };
}

const PIECES = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\r', 'é', '\u2028', 'x'.repeat(40), '\n'.repeat(3)];

function piece(rng: Rng): string {
  return PIECES[Math.floor(rng() * PIECES.length)]!;
}

function randomText(rng: Rng, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += piece(rng);
  return text;
}

/** An edit as typed: insert, delete or replace a few characters, a line break or a block, near one place or two. */
function edit(text: string, rng: Rng): string {
  const at = Math.floor(rng() * (text.length + 1));
  const end = Math.min(text.length, at + Math.floor(rng() * (rng() < 0.9 ? 4 : 400)));
  const choice = rng();
  if (choice < 0.4) return text.slice(0, at) + piece(rng) + text.slice(at);
  if (choice < 0.7) return text.slice(0, at) + text.slice(end);
  if (choice < 0.9) return text.slice(0, at) + piece(rng) + piece(rng) + text.slice(end);
  // Two edits at once (as a multi-cursor edit or an undo of several): the change spans both.
  const second = Math.floor(rng() * (text.length + 1));
  const [x, y] = at < second ? [at, second] : [second, at];
  return text.slice(0, x) + piece(rng) + text.slice(x, y) + piece(rng) + text.slice(y);
}

function assertSameIndex(actual: LineIndex, text: string, what: string): void {
  const expected = new LineIndex(text);
  assert.equal(actual.lineCount, expected.lineCount, what);
  for (let line = 0; line < expected.lineCount; line++) assert.equal(actual.offsetAt({ line, character: 0 }), expected.offsetAt({ line, character: 0 }), `${what}: line ${line}`);
  assert.equal(actual.lineBreak, expected.lineBreak, what);
}

describe('textChange', () => {
  it('finds the longest common prefix and suffix', () => {
    const rng = prng(3);
    for (let n = 0; n < 3000; n++) {
      const a = randomText(rng, Math.floor(rng() * (n % 10 === 0 ? 2000 : 60)));
      const b = rng() < 0.2 ? randomText(rng, Math.floor(rng() * 60)) : edit(a, rng);
      assert.deepEqual(textChange(a, b), referenceChange(a, b), JSON.stringify([a, b]));
    }
  });

  it('is exact for changes at block boundaries of a long text', () => {
    const base = 'abcdefgh'.repeat(20_000);
    for (const at of [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 4095, 4096, 65_535, 65_536, 100_000, base.length - 1, base.length]) {
      for (const next of [base.slice(0, at) + 'Z' + base.slice(at), base.slice(0, at) + base.slice(at + 1), base.slice(0, at) + 'Z' + base.slice(at + 1)]) {
        assert.deepEqual(textChange(base, next), referenceChange(base, next), `at ${at}`);
      }
    }
  });
});

/** An edit as the editor sends it: `text` with [start, end) replaced, and that region (not always the smallest one). */
function sentEdit(text: string, rng: Rng): { next: string; region: { start: number; oldEnd: number; newEnd: number } } {
  const start = Math.floor(rng() * (text.length + 1));
  const end = Math.min(text.length, start + Math.floor(rng() * (rng() < 0.8 ? 3 : 200)));
  // Often what was there, or what is next to it: the smallest change is then narrower than the edit, or elsewhere.
  const choice = rng();
  const inserted = choice < 0.25 ? text.slice(start, end) : choice < 0.5 ? text.slice(end, end + 1 + Math.floor(rng() * 3)) : choice < 0.6 ? '' : piece(rng);
  return { next: text.slice(0, start) + inserted + text.slice(end), region: { start, oldEnd: end, newEnd: start + inserted.length } };
}

describe('knownTextChange', () => {
  it('answers what textChange answers, from the edit sent, for random edits (repeated characters, edits that change nothing)', () => {
    const rng = prng(11);
    for (let n = 0; n < 4000; n++) {
      const text = n % 3 === 0 ? 'a'.repeat(Math.floor(rng() * 40)) + randomText(rng, 3) + 'a'.repeat(Math.floor(rng() * 40)) : randomText(rng, Math.floor(rng() * 80));
      const { next, region } = sentEdit(text, rng);
      // Fresh copies, so textChange's memory of the last pair cannot answer for knownTextChange.
      const a = (' ' + text).slice(1);
      const b = (' ' + next).slice(1);
      assert.deepEqual(knownTextChange(a, b, region), referenceChange(text, next), JSON.stringify([text, next, region]));
    }
  });

  it('is remembered by LineIndex.edited: textChange then compares nothing', () => {
    const rng = prng(5);
    let text = randomText(rng, 5000);
    let index = LineIndex.of(text);
    for (let i = 0; i < 50; i++) {
      const { next, region } = sentEdit(text, rng);
      index = LineIndex.edited(index, next, region);
      const compared = textChangeStats.compared;
      assert.deepEqual(textChange(text, next), referenceChange(text, next));
      assert.equal(textChangeStats.compared, compared, `edit ${i}`);
      assertSameIndex(index, next, `edit ${i}`);
      text = next;
    }
  });
});

describe('LineIndex.of', () => {
  it('equals a fresh LineIndex after every edit of random sessions on long texts', () => {
    const before = { ...LineIndex.stats };
    for (let seed = 1; seed <= 12; seed++) {
      const rng = prng(seed);
      // Long enough to be derived from the previous version (shorter texts are built whole).
      let text = randomText(rng, 5000);
      assert.ok(text.length > 20_000);
      for (let i = 0; i < 80; i++) {
        assertSameIndex(LineIndex.of(text), text, `seed ${seed}, edit ${i}`);
        text = rng() < 0.05 ? randomText(rng, 5000) : edit(text, rng);
      }
    }
    assert.ok(LineIndex.stats.derived - before.derived > 800, `derived ${LineIndex.stats.derived - before.derived}`);
  });

  it('hands out one index per text version, and builds small texts whole', () => {
    const text = 'a\n'.repeat(20_000);
    const index = LineIndex.of(text);
    assert.equal(LineIndex.of(text), index);
    // Equal content in another string: the same index.
    assert.equal(LineIndex.of(`${'a\n'.repeat(19_999)}a\n`), index);
    const small = 'x\r\ny';
    assertSameIndex(LineIndex.of(small), small, 'small');
    assertSameIndex(LineIndex.of(`${text}\r`), `${text}\r`, 'after a small text');
  });
});
