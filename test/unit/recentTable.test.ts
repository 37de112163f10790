// RecentTable: a two-way cache (a pair of slots per key) that starts small (a language server start touches a few slots, not 2^15) and
// grows only with the work it sees, up to its bound.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentTable, stringSlot } from '../../server/src/engine/recentTable';
import { prng } from '../support/prng';

describe('RecentTable', () => {
  it('places a string by FNV-1a of its UTF-16 code units (the reference in unsigned arithmetic)', () => {
    const reference = (text: string, bits: number): number => {
      let h = 2166136261;
      for (let i = 0; i < text.length; i++) h = Number((BigInt((h ^ text.charCodeAt(i)) >>> 0) * 16777619n) % 4294967296n);
      return h >>> (32 - bits);
    };
    const r = prng(77);
    const alphabet = 'arn:aws/*?-${}0123456789\u00e9\u4e2d\ud83d\ude00';
    for (let n = 0; n < 2_000; n++) {
      let text = '';
      for (let k = Math.floor(r() * 60); k > 0; k--) text += alphabet[Math.floor(r() * alphabet.length)];
      const bits = 1 + Math.floor(r() * 31);
      assert.equal(stringSlot(text, bits), reference(text, bits), JSON.stringify({ text, bits }));
    }
  });

  it('allocates nothing until the first value, then its first size', () => {
    const table = new RecentTable<number>(4, 8);
    assert.equal(table.size, 0);
    assert.equal(table.get('a'), undefined);
    assert.equal(table.size, 0, 'a look-up allocates nothing');
    table.set('a', 1);
    assert.equal(table.size, 16);
    assert.equal(table.get('a'), 1);
    assert.equal(table.get('b'), undefined);
  });

  it('answers only for the exact key (slots collide; a collision is a miss, never another key\'s value)', () => {
    const table = new RecentTable<string>(1, 1);
    const keys = Array.from({ length: 50 }, (_, i) => `arn:aws:s3:::bucket-${i}`);
    for (const key of keys) {
      table.set(key, key.toUpperCase());
      assert.equal(table.get(key), key.toUpperCase());
    }
    for (const key of keys) {
      const value = table.get(key);
      assert.ok(value === undefined || value === key.toUpperCase(), `${key} → ${value}`);
    }
    assert.equal(table.size, 2, 'never above 2^maxBits');
  });

  it('doubles once it has stored twice its size, up to 2^maxBits, and shrinks on clear', () => {
    const table = new RecentTable<number>(4, 6);
    let n = 0;
    const sizes = new Set<number>();
    for (; n < 16 * 2 + 1; n++) table.set(`k${n}`, n);
    assert.equal(table.size, 16, `after ${n} values`);
    table.set(`k${n}`, n++);
    assert.equal(table.size, 32, `after ${n} values`);
    for (; n < 1000; n++) {
      table.set(`k${n}`, n);
      sizes.add(table.size);
    }
    assert.deepEqual([...sizes].sort((a, b) => a - b), [32, 64]);
    assert.equal(table.get(`k${n - 1}`), n - 1, 'the last value stored is kept');
    table.clear();
    assert.equal(table.size, 0);
    assert.equal(table.get(`k${n - 1}`), undefined);
    table.set('x', 1);
    assert.equal(table.size, 16);
  });

  it('with growAfter, doubles once it has stored that many times its size (the pattern table: half)', () => {
    const table = new RecentTable<number>(4, 6, 0.5);
    let n = 0;
    // The first value allocates 16 slots (not counted); 8 more fill half of them.
    for (; n < 1 + 8; n++) table.set(`k${n}`, n);
    assert.equal(table.size, 16, `after ${n} values`);
    table.set(`k${n}`, n++);
    assert.equal(table.size, 32, `after ${n} values`);
    for (; n < 1 + 8 + 1 + 16; n++) table.set(`k${n}`, n);
    assert.equal(table.size, 32, `after ${n} values`);
    table.set(`k${n}`, n++);
    assert.equal(table.size, 64, `after ${n} values`);
    for (; n < 1000; n++) table.set(`k${n}`, n);
    assert.equal(table.size, 64, 'never above 2^maxBits');
    assert.equal(table.get(`k${n - 1}`), n - 1, 'the last value stored is kept');
  });

  it('keeps a small working set at the first size (the editor re-asks the same values)', () => {
    const table = new RecentTable<number>(8, 15);
    for (let round = 0; round < 1000; round++) {
      for (let i = 0; i < 20; i++) {
        const key = `arn:aws:s3:::reports-${i}/*`;
        if (table.get(key) === undefined) table.set(key, i);
      }
    }
    assert.equal(table.size, 256);
  });

  it('keeps two keys whose slots fall in one pair, the newest when a third comes', () => {
    const table = new RecentTable<number>(8, 8);
    const pairOf = (key: string): number => stringSlot(key, 8) >> 1;
    const keys: string[] = [];
    for (let i = 0; keys.length < 3; i++) {
      const key = `arn:aws:s3:::bucket-${i}/*`;
      if (keys.length === 0 || pairOf(key) === pairOf(keys[0]!)) keys.push(key);
    }
    const [a, b, c] = keys as [string, string, string];
    table.set(a, 1);
    table.set(b, 2);
    assert.equal(table.get(a), 1);
    assert.equal(table.get(b), 2);
    table.set(c, 3);
    assert.equal(table.get(c), 3);
    assert.equal(table.get(b), 2, 'the newer of the two stays');
    assert.equal(table.get(a), undefined, 'the oldest goes');
    table.set(b, 4);
    assert.equal(table.get(b), 4, 'a key stored again is replaced where it is');
    assert.equal(table.get(c), 3);
  });

  it('keeps its values when it grows', () => {
    const table = new RecentTable<number>(4, 10);
    const key = (n: number): string => `arn:aws:s3:::bucket-${n}/*`;
    const keptOf = (count: number): number => Array.from({ length: count }, (_, n) => n).filter((n) => table.get(key(n)) === n).length;
    for (let n = 0; n < 33; n++) table.set(key(n), n);
    assert.equal(table.size, 16);
    const before = keptOf(33);
    table.set(key(33), 33);
    assert.equal(table.size, 32);
    assert.equal(table.get(key(33)), 33);
    assert.equal(keptOf(33), before, 'every value the smaller table held is still there');
  });

  it('stringSlot spreads keys over every slot of a table', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 4096; i++) {
      const slot = stringSlot(`arn:aws:sqs:us-east-1:123456789012:queue-${i}`, 8);
      assert.ok(slot >= 0 && slot < 256);
      seen.add(slot);
    }
    assert.equal(seen.size, 256);
  });
});
