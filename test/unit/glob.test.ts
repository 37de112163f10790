// Unit tests of engine/glob.ts: glob syntax, the limits, and a seeded differential test against picomatch (the old matcher).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import {
  compileGlob,
  expandBraces,
  GlobBudget,
  matchesGlob,
  MAX_GLOB_ALTERNATIVES,
  MAX_GLOB_LENGTH,
  MAX_GLOB_TOTAL_LENGTH,
  MAX_GLOBS,
  type CompiledGlob,
} from '../../server/src/engine/glob';
import { prng, type Rng } from '../support/prng';

function compiled(glob: string, nocase = false): CompiledGlob {
  const result = compileGlob(glob, { nocase });
  assert.ok('glob' in result, `${glob} compiles: ${'error' in result ? result.error : ''}`);
  return result.glob;
}

describe('matchesGlob', () => {
  const cases: [string, string, boolean][] = [
    ['*.json', 'a.json', true],
    ['*.json', 'd/a.json', false],
    ['*', '.hidden', true],
    ['a*', 'a', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['**', 'a/b/c', true],
    ['**/x', 'x', true],
    ['**/x', 'a/b/x', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**', 'a', true],
    ['a/**', 'a/b/c', true],
    ['a**b', 'axyb', true],
    ['a**b', 'ax/yb', false],
    ['[abc]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[^a]x', 'bx', true],
    ['[^a]x', 'ax', false],
    ['[]]', ']', true],
    ['[a', '[a', true],
    ['[[:digit:]]*', '7z', true],
    ['[[:digit:]]*', 'z7', false],
    ['*.{json,jsonc}', 'a.jsonc', true],
    ['*.{json,jsonc}', 'a.yaml', false],
    ['x{a,b/c}', 'xb/c', true],
    ['{a,{b,c}}', 'c', true],
    ['{,a}x', 'x', true],
    ['{a}', '{a}', true],
    ['{a,b', '{a,b', true],
    ['{a..c}', 'b', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['./a/b', 'a/b', true],
    ['**/*.json', '/abs/dir/a.json', true],
    ['report (1).json', 'report (1).json', true],
  ];
  for (const [glob, candidate, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${candidate}`, () => {
      assert.equal(matchesGlob(compiled(glob), candidate), expected);
    });
  }

  // Where picomatch's regex translation did something else, the usual glob meaning is kept (and picomatch is not the oracle).
  it('negates a class with [!…] as with [^…] (picomatch read [!a] as the literal text or "!" or "a")', () => {
    assert.equal(matchesGlob(compiled('x[!a]'), 'xb'), true);
    assert.equal(matchesGlob(compiled('x[!a]'), 'xa'), false);
  });

  it('lets a trailing /** match the folder itself after any segment (picomatch did not after a segment ending in *)', () => {
    assert.equal(matchesGlob(compiled('build*/**'), 'build-x'), true);
    assert.equal(matchesGlob(compiled('build/**'), 'build'), true);
  });

  it('expands multi-digit numeric ranges (picomatch made {1..10} the class [1-10])', () => {
    assert.equal(matchesGlob(compiled('v{1..10}.json'), 'v10.json'), true);
    assert.equal(matchesGlob(compiled('v{01..03}.json'), 'v02.json'), true);
    assert.equal(matchesGlob(compiled('v{1..10}.json'), 'v0.json'), false);
  });

  it('matches case-insensitively when asked (win32), including classes', () => {
    assert.equal(matchesGlob(compiled('*.JSON', true), 'A.json'), true);
    assert.equal(matchesGlob(compiled('[A-C]x', true), 'bX'), true);
    assert.equal(matchesGlob(compiled('[[:upper:]]x', true), 'bx'), true);
    assert.equal(matchesGlob(compiled('*.JSON'), 'a.json'), false);
  });

  // Matching time is tested in a child process that a backtracking regression cannot hang: test/unit/configFiles.test.ts.
  it('matches many stars against a path of the repeated letter, both ways', () => {
    const glob = compiled(`${'*a'.repeat(3)}*b`);
    assert.equal(matchesGlob(glob, 'a'.repeat(10)), false);
    assert.equal(matchesGlob(glob, `${'a'.repeat(10)}b`), true);
    assert.equal(matchesGlob(glob, 'aab'), false, 'three a\'s needed');
  });

  it('matches a segment of literal characters around one star by its ends exactly as the simulation does', () => {
    // `[c]` for each character makes the same segment take the simulation: the two must always agree (overlapping
    // ends, empty prefix or suffix, a star alone, the same path against several globs in turn, case-insensitive).
    const r = prng(1919);
    const word = (max: number): string => Array.from({ length: Math.floor(r() * (max + 1)) }, () => 'aB.-'[Math.floor(r() * 4)]).join('');
    const bracketed = (text: string): string => [...text].map((c) => `[${c}]`).join('');
    let matched = 0;
    for (let n = 0; n < 3000; n++) {
      const prefix = word(3);
      const suffix = word(3);
      const nocase = r() < 0.3;
      const dir = r() < 0.5 ? '' : `${word(2) || 'd'}/`;
      const fast = compiled(`${dir}${prefix}*${suffix}`, nocase);
      const simulated = compiled(`${dir}${bracketed(prefix)}*${bracketed(suffix)}`, nocase);
      for (let k = 0; k < 6; k++) {
        const candidate = `${dir}${r() < 0.5 ? `${prefix}${word(2)}${suffix}` : word(6)}`;
        const expected = matchesGlob(simulated, candidate);
        assert.equal(matchesGlob(fast, candidate), expected, `${prefix}*${suffix} (nocase ${nocase}) against ${candidate}`);
        if (expected) matched++;
      }
    }
    assert.ok(matched > 3000, `only ${matched} matches: the cases no longer reach the matching side`);
  });
});

describe('compileGlob limits and unsupported syntax', () => {
  it(`refuses a glob longer than ${MAX_GLOB_LENGTH} characters`, () => {
    assert.match(errorOf('a'.repeat(MAX_GLOB_LENGTH + 1)), /longer than/);
    assert.ok('glob' in compileGlob('a'.repeat(MAX_GLOB_LENGTH)));
  });

  it(`refuses a glob with more than ${MAX_GLOB_ALTERNATIVES} brace alternatives`, () => {
    assert.match(errorOf('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), /more than 64 alternatives/);
    assert.match(errorOf('{1..100000000}'), /more than 64 alternatives/);
    assert.ok('glob' in compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'));
  });

  it('refuses a negation and extglobs, which picomatch gave another meaning; an escape makes them literal', () => {
    assert.match(errorOf('!keep.json'), /negation/);
    assert.match(errorOf('/!keep/a.json'), /negation/, 'anchored: the leading / is dropped before matching');
    assert.match(errorOf('./!keep/a.json'), /negation/);
    for (const glob of ['@(a|b).json', '+(a)', '*(a)', '?(a)', 'x/!(y)']) assert.match(errorOf(glob), /extended glob/, glob);
    assert.equal(matchesGlob(compiled('\\!keep.json'), '!keep.json'), true);
    assert.equal(matchesGlob(compiled('x\\@(y)'), 'x@(y)'), true);
  });

  it('stops expanding as soon as the limit is passed', () => {
    assert.equal(expandBraces('{a,b}'.repeat(40), MAX_GLOB_ALTERNATIVES), undefined);
    assert.deepEqual(expandBraces('{a,b}{c,d}', 4), ['ac', 'ad', 'bc', 'bd']);
  });
});

describe('GlobBudget', () => {
  it(`admits ${MAX_GLOBS} globs, then refuses the rest`, () => {
    const budget = new GlobBudget();
    for (let i = 0; i < MAX_GLOBS; i++) assert.equal(budget.admit(`f${i}.json`), undefined);
    assert.match(budget.admit('one-more.json') ?? '', /more than 256 globs/);
    assert.match(budget.admit('x.json') ?? '', /exceeded/);
  });

  it(`refuses globs that together expand to more than ${MAX_GLOB_TOTAL_LENGTH} characters`, () => {
    const budget = new GlobBudget();
    const big = `${'x'.repeat(250)}{${Array.from({ length: 60 }, (_, i) => i).join(',')}}`;
    let refused: string | undefined;
    for (let i = 0; i < 10 && refused === undefined; i++) refused = budget.admit(big);
    assert.match(refused ?? '', /expand to more than/);
  });
});

function errorOf(glob: string): string {
  const result = compileGlob(glob);
  assert.ok('error' in result, `${glob} is refused`);
  return result.error;
}

// ---------------------------------------------------------------------------------------------
// Differential test against picomatch on generated globs and paths.
//
// The generator leaves out the few constructs where picomatch's regex translation deviates from
// glob semantics (each has a test above or is refused): `[!…]` classes, a segment starting with
// `**` followed by more text, a trailing `/**` right after a segment ending in `*`, a `*` right
// after a literal `.` (picomatch then wants one character, except in its literal fast path), a `.`
// after a POSIX class (picomatch leaves it a regex `.`), and an empty brace option (`*{,a}*` would make `**`).

const ALPHABET = ['a', 'b', 'c', 'A', '.', '-', '_'];
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)]!;

function atom(r: Rng): string {
  const x = r();
  if (x < 0.35) return pick(r, ALPHABET);
  if (x < 0.55) return '*';
  if (x < 0.65) return '?';
  if (x < 0.75) return pick(r, ['[ab]', '[a-c]', '[^a]', '[.-]', '[^.]', '[[:alpha:]]', '[]a]']);
  if (x < 0.9) return `{${pick(r, ['a', 'b', 'c*', '.a', 'ab'])},${pick(r, ['b', '?', 'c', 'x.y', '[ab]'])}}`;
  return pick(r, ['\\*', '\\?', '\\[', '\\{', '\\.']);
}

function generatedGlob(r: Rng): string {
  for (;;) {
    const segments: string[] = [];
    const count = 1 + int(r, 4);
    for (let i = 0; i < count; i++) {
      if (r() < 0.2) segments.push('**');
      else segments.push(Array.from({ length: 1 + int(r, 4) }, () => atom(r)).join(''));
    }
    const glob = segments.join('/');
    const startsWithStars = segments.some((s) => s.startsWith('**') && s !== '**');
    const starBeforeTrailingGlobstar = segments.length > 1 && segments[segments.length - 1] === '**' && /[*}]$/.test(segments.filter((s) => s !== '**').pop() ?? '');
    const starAfterDot = /(^|[^\\])\.\*/.test(glob);
    const dotAfterPosix = glob.includes(':]].');
    if (!startsWithStars && !starBeforeTrailingGlobstar && !starAfterDot && !dotAfterPosix) return glob;
  }
}

function randomSegment(r: Rng): string {
  const text = Array.from({ length: 1 + int(r, 5) }, () => pick(r, [...ALPHABET, '*', '{', ']'])).join('');
  return text === '.' || text === '..' ? `${text}a` : text;
}

/** A path that likely matches: each wildcard of one brace alternative replaced by something it matches. */
function instantiated(r: Rng, glob: string): string {
  const alternatives = expandBraces(glob, MAX_GLOB_ALTERNATIVES) ?? [glob];
  const source = pick(r, alternatives);
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') out += source[++i] ?? '';
    else if (ch === '*' && source[i + 1] === '*') {
      out += Array.from({ length: int(r, 3) }, () => randomSegment(r)).join('/');
      i++;
    } else if (ch === '*') out += Array.from({ length: int(r, 3) }, () => pick(r, ALPHABET)).join('');
    else if (ch === '?') out += pick(r, ALPHABET);
    else if (ch === '[') {
      const close = source.indexOf(']', i + 2);
      out += pick(r, ['a', 'b', '.', 'c']);
      i = close < 0 ? i : close;
    } else out += ch;
  }
  return out
    .split('/')
    .filter((s) => s !== '') // real paths (relative, from path.relative) have no empty segments
    .map((s) => (s === '.' || s === '..' ? `${s}a` : s))
    .join('/');
}

describe('glob matching agrees with picomatch (dot: true) on generated globs and paths', () => {
  for (const nocase of [false, true]) {
    it(`${nocase ? 'case-insensitive' : 'case-sensitive'}: 2000 seeded globs × 12 paths`, () => {
      const r = prng(nocase ? 20_241 : 14);
      const disagreements: string[] = [];
      let matched = 0;
      let compared = 0;
      for (let g = 0; g < 2000; g++) {
        const glob = generatedGlob(r);
        const ours = compileGlob(glob, { nocase });
        if ('error' in ours) continue; // too many alternatives: refused, and tested above
        const theirs = picomatch(glob, { dot: true, nocase });
        for (let p = 0; p < 12; p++) {
          const candidate = p % 2 === 0 ? instantiated(r, glob) : Array.from({ length: 1 + int(r, 4) }, () => randomSegment(r)).join('/');
          if (candidate === '') continue;
          const expected = theirs(candidate);
          compared++;
          if (expected) matched++;
          if (matchesGlob(ours.glob, candidate) !== expected) disagreements.push(`${JSON.stringify(glob)} vs ${JSON.stringify(candidate)}: picomatch ${expected}`);
        }
      }
      assert.deepEqual(disagreements.slice(0, 20), []);
      // The comparison means something only when both outcomes are common.
      assert.ok(matched > compared / 5 && matched < (compared * 4) / 5, `${matched} of ${compared} matched`);
    });
  }
});
