// The wildcard matcher (no RegExp from policy text): same answers as the regular expressions it replaced, in linear time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionPatternMatcher } from '../../server/src/engine/data/iamData';
import { compileWildcard, compileWildcardParts, foldCase } from '../../server/src/engine/iam/wildcard';
import { createDataFileReader } from '../../server/src/node/iamDataFiles';
import { evalGuarded } from '../support/guard';
import { prng } from '../support/prng';

/** The RegExp the engine used to build (test oracle only, on small generated inputs). */
function oracle(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '^';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(source + '$', caseInsensitive ? 'is' : 's');
}

/** A case-insensitive RegExp for one literal character. */
const literalIgnoringCase = (ch: string): RegExp => new RegExp('^' + ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') + '$', 'i');

const ALPHABET = ['a', 'b', 'A', 'B', '*', '?', ':', '/', 'é', 'É', 'ſ', 'S', 's', 'K', '\u212A', 'ß', '\n', '\uD83D', '\uDE00'];

function randomString(r: () => number, maxLength: number, alphabet: readonly string[]): string {
  let s = '';
  for (let i = Math.floor(r() * (maxLength + 1)); i > 0; i--) s += alphabet[Math.floor(r() * alphabet.length)]!;
  return s;
}

describe('compileWildcard', () => {
  it('agrees with the RegExp oracle on 15,000 random pattern/text pairs (both cases, non-ASCII, long `?` segments)', () => {
    const r = prng(20261201);
    const mismatches: string[] = [];
    for (let i = 0; i < 15_000 && mismatches.length < 5; i++) {
      // Every fourth pattern is long enough for `?` segments of more than 32 characters (several words in the scan).
      const pattern = randomString(r, i % 4 === 0 ? 90 : 8, ALPHABET);
      const text = r() < 0.5 ? randomString(r, i % 4 === 0 ? 120 : 10, ALPHABET.filter((c) => c !== '*' && c !== '?')) : pattern.replace(/\*/g, 'ab').replace(/\?/g, 'A');
      for (const ci of [false, true]) {
        const expected = oracle(pattern, ci).test(text);
        if (compileWildcard(pattern, ci).test(text) !== expected) mismatches.push(`${JSON.stringify(pattern)} ${ci ? 'i' : 's'} ${JSON.stringify(text)}: expected ${expected}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('finds `?` segments longer than 32 characters, at their leftmost place', () => {
    const segment = 'x?'.repeat(40);
    assert.equal(compileWildcard(`*${segment}*end`, false).test('yy' + 'xz'.repeat(40) + 'q' + 'end'), true);
    assert.equal(compileWildcard(`*${segment}*end`, false).test('yy' + 'xz'.repeat(39) + 'q' + 'end'), false);
    assert.equal(compileWildcard(`${segment}`, false).test('xz'.repeat(40)), true);
  });

  it('folds case exactly like a case-insensitive RegExp, for every UTF-16 code unit', () => {
    const groups = new Map<string, number[]>();
    for (let u = 0; u < 0x10000; u++) {
      const folded = foldCase(String.fromCharCode(u));
      groups.set(folded, [...(groups.get(folded) ?? []), u]);
    }
    const wrong: string[] = [];
    for (const units of groups.values()) {
      const re = literalIgnoringCase(String.fromCharCode(units[0]!));
      for (const u of units) if (!re.test(String.fromCharCode(u))) wrong.push(`U+${u.toString(16)} folds with U+${units[0]!.toString(16)}`);
    }
    // And different folds never match: each code unit against its neighbours and its upper/lower case.
    for (let u = 0; u < 0x10000 && wrong.length < 5; u++) {
      const ch = String.fromCharCode(u);
      const re = literalIgnoringCase(ch);
      for (const other of [u - 1, u + 1, ch.toUpperCase().charCodeAt(0), ch.toLowerCase().charCodeAt(0)]) {
        if (other < 0 || other > 0xffff) continue;
        const o = String.fromCharCode(other);
        if (re.test(o) !== (foldCase(ch) === foldCase(o))) wrong.push(`U+${u.toString(16)} vs U+${other.toString(16)}`);
      }
    }
    assert.deepEqual(wrong.slice(0, 5), []);
  });

  it('literal parts never act as wildcards (substituted policy variables)', () => {
    const m = compileWildcardParts([{ text: 'arn:aws:s3:::b/', wildcards: true }, { text: 'a*?', wildcards: false }, { text: '/*', wildcards: true }], false);
    assert.equal(m.test('arn:aws:s3:::b/a*?/x'), true);
    assert.equal(m.test('arn:aws:s3:::b/abc/x'), false);
  });

  it('does not backtrack: 20 stars against 40 characters (a RegExp never finished) and 100,000 stars', () => {
    // Run in a child process with a generous deadline: a backtracking matcher would hang here.
    const out = evalGuarded(`
      const { compileWildcard } = require('./server/src/engine/iam/wildcard.ts');
      const stars = (n) => 's3:' + '*a'.repeat(n) + '*b';
      console.log(JSON.stringify([
        compileWildcard(stars(20), true).test('s3:' + 'a'.repeat(40)),
        compileWildcard(stars(100000), true).test('s3:' + 'a'.repeat(200000)),
        compileWildcard(stars(100000), true).test('s3:' + 'a'.repeat(200000) + 'b'),
      ]));`);
    assert.deepEqual(JSON.parse(out), [false, false, true]);
  });
});

describe('conditionPatternMatcher (AWS condition-key patterns)', () => {
  const patterns = createDataFileReader()('conditionPatterns.json') as Record<string, Record<string, string>>;
  const all = Object.values(patterns).flatMap((byPattern) => Object.keys(byPattern));

  it('compiles every pattern of the AWS data (only `.`, `.+?` and literal characters are used)', () => {
    assert.ok(all.length > 50);
    assert.deepEqual(all.filter((p) => conditionPatternMatcher(p) === undefined), []);
  });

  it('agrees with the data as a case-insensitive RegExp on keys made from each pattern', () => {
    const r = prng(7);
    const wrong: string[] = [];
    for (const pattern of all) {
      const re = new RegExp(`^${pattern}$`, 'i');
      const matcher = conditionPatternMatcher(pattern)!;
      const samples = [pattern.replace(/\.\+\?/g, 'Tag-1').replace(/\./g, 'x'), pattern.replace(/\.\+\?/g, '').replace(/\./g, 'x'), pattern.toUpperCase(), pattern.replace(/\.\+\?/g, 'a.b/c')];
      for (let i = 0; i < 5; i++) samples.push(pattern.replace(/\.\+\?|\./g, () => randomString(r, 3, ['a', '.', '/', ':', 'Z'])));
      for (const key of samples) if (re.test(key) !== matcher.test(key)) wrong.push(`${pattern} vs ${key}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('refuses other RegExp syntax instead of reading it literally', () => {
    assert.equal(conditionPatternMatcher('svc:a[bc]'), undefined);
    assert.equal(conditionPatternMatcher('svc:(a|b)'), undefined);
  });
});
