// iam/json-syntax's pre-check (mayHaveCommentOrTrailingComma) finds the ends of strings with indexOf and remembers,
// per text, where the next backslash and line break are. Held here to the plain character-by-character scan it
// replaced: the same answer for every text and range, also when the ranges of one text are asked in any order.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mayHaveCommentOrTrailingComma, newSearches } from '../../server/src/engine/rules/iam/jsonSyntax';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { prng, type Rng } from '../support/prng';

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** The plain scan: strings skipped character by character as jsonc-parser's scanner reads them. */
function plainScan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10 || d === 13) break;
      }
    } else if (c === 47) {
      return true;
    } else if (c === 44) {
      let j = i + 1;
      while (j < end && text.charCodeAt(j) <= 32) j++;
      const next = text.charCodeAt(j);
      if (next === 125 || next === 93 || next === 47) return true;
    }
  }
  return false;
}

const PIECES = ['"', '"a/b"', '"arn:aws:s3:::b/*"', '"x\\"/"', '\\', '\\\\', '\\"', '/', '//', '/*', ',', ', ', ',\n', ',\r\n', '}', ']', '{', '[', ' ', '\n', '\r', 'a', ':', '"\n', '"\r', '"a\\\\"', '"\\/"'];

test('json-syntax pre-check: the indexOf scan answers as the character scan, on random texts and ranges', () => {
  const r = prng(4207);
  let yes = 0;
  for (let n = 0; n < 20_000; n++) {
    let text = '';
    for (let k = 1 + Math.floor(r() * 16); k > 0; k--) text += pick(r, PIECES);
    // Several ranges of one text in random order (the remembered positions must hold for any order).
    const searches = newSearches();
    for (let q = 0; q < 4; q++) {
      const start = Math.floor(r() * (text.length + 1));
      const end = start + Math.floor(r() * (text.length - start + 1));
      const expected = plainScan(text, start, end);
      if (expected) yes++;
      assert.equal(mayHaveCommentOrTrailingComma(text, start, end, searches), expected, JSON.stringify([text, start, end]));
    }
  }
  assert.ok(yes > 10_000, `only ${yes} ranges with something to find`);
});

test('json-syntax pre-check: the statements of a long policy, checked in turn, give the plain answers', () => {
  const r = prng(99);
  const parts: string[] = [];
  for (let s = 0; s < 400; s++) {
    let body = `{"Effect": "Allow", "Resource": "arn:aws:s3:::b${s}/*"`;
    if (r() < 0.1) body += ', "Sid": "a\\"b"';
    if (r() < 0.05) body += ',';
    if (r() < 0.05) body += ' // note\n';
    parts.push(body + '}');
  }
  const text = `{"Statement": [\n${parts.join(',\n')}\n]}`;
  let at = text.indexOf('{', 1);
  let found = 0;
  const searches = newSearches();
  while (at >= 0) {
    const end = text.indexOf('}', at) + 1;
    const expected = plainScan(text, at, end);
    if (expected) found++;
    assert.equal(mayHaveCommentOrTrailingComma(text, at, end, searches), expected, text.slice(at, end));
    at = text.indexOf('{', end);
  }
  assert.ok(found > 10, `${found} statements with something to find`);
  assert.equal(mayHaveCommentOrTrailingComma(text, 0, text.length), plainScan(text, 0, text.length));
});

test('json-syntax pre-check: a text equal to the one linted before costs what any other text does (no comparison per string)', () => {
  // The positions were kept for "the text searched last", and every string's search compared its text with that one:
  // an equal text read anew (another string object) was compared character by character once per string (a 1.2 MB
  // policy linted after an equal copy: 25 s). A comment at the end sends every string through the search.
  const statements = Array.from({ length: 3_000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::b${i}/*` }));
  const text = `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n// end\n`;
  const other = text.replace('// end', '// fin');
  const options = { data: testData(), kind: 'iam-policy' as const };
  // The CPU time of linting a fresh copy of `text` (an equal text, another string object) right after `before`.
  const cpu = (before: string): number => {
    lintText(before, options);
    const copy = Buffer.from(text).toString();
    const started = process.cpuUsage();
    lintText(copy, options);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  };
  cpu(other);
  // Fastest of three each, alternating: right after the equal text, and right after one of the same length that differs.
  let afterCopy = Infinity;
  let afterOther = Infinity;
  for (let i = 0; i < 3; i++) {
    afterCopy = Math.min(afterCopy, cpu(text));
    afterOther = Math.min(afterOther, cpu(other));
  }
  assert.ok(afterCopy < 2 * afterOther, `after an equal copy ${afterCopy.toFixed(0)} ms, after another text ${afterOther.toFixed(0)} ms`);
});
