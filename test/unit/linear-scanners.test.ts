// The linear scanners that replaced regular expressions on user text give the same answers as those expressions
// (kept here as test oracles, on small random inputs), and placeholder offsets stay right in escaped strings.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heredocClosingLine } from '../../server/src/engine/hosts/hcl';
import { splitDefault } from '../../server/src/engine/iam/evaluate';
import { removeArrayElements } from '../../server/src/engine/iam/jsonEdits';
import { dollarBraceKind, findPlaceholders, hasPlaceholder } from '../../server/src/engine/iam/placeholders';
import { dollarBraceSpans, replaceDollarBraces } from '../../server/src/engine/interpolations';
import { bindingValues } from '../../server/src/engine/profiles/binding';
import { misspeltServiceName } from '../../server/src/engine/rules/iam/principalInvalid';
import { sameAccountRoot } from '../../server/src/engine/rules/iam/profileMismatch';
import { parseTree } from 'jsonc-parser';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { prng } from '../support/prng';

const r = prng(20261202);
const random = (alphabet: readonly string[], maxLength: number): string => {
  let s = '';
  for (let i = Math.floor(r() * (maxLength + 1)); i > 0; i--) s += alphabet[Math.floor(r() * alphabet.length)]!;
  return s;
};

/** Runs `check` on 5,000 random strings and returns the first few disagreements. */
function disagreements(alphabet: readonly string[], maxLength: number, check: (input: string) => string | undefined): string[] {
  const wrong: string[] = [];
  for (let i = 0; i < 5000 && wrong.length < 5; i++) {
    const input = random(alphabet, maxLength);
    const problem = check(input);
    if (problem) wrong.push(`${JSON.stringify(input)}: ${problem}`);
  }
  return wrong;
}

const same = (a: unknown, b: unknown): string | undefined => (JSON.stringify(a) === JSON.stringify(b) ? undefined : `${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);

describe('linear scanners agree with the regular expressions they replaced', () => {
  it('dollarBraceSpans ≡ /\\$\\{([^}]*)\\}/g and /\\$\\{([^}]+)\\}/g; replaceDollarBraces ≡ String.replace', () => {
    const alphabet = ['$', '{', '}', 'a', '!', '\n', '${', '$${'];
    const spans = (re: RegExp, s: string) => [...s.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, body: m[1] }));
    assert.deepEqual(disagreements(alphabet, 12, (s) => same(dollarBraceSpans(s), spans(/\$\{([^}]*)\}/g, s))), []);
    assert.deepEqual(disagreements(alphabet, 12, (s) => same(dollarBraceSpans(s, true), spans(/\$\{([^}]+)\}/g, s))), []);
    assert.deepEqual(disagreements(alphabet, 12, (s) => same(replaceDollarBraces(s, (x) => `<${x.body}>`), s.replace(/\$\{([^}]*)\}/g, (_, b: string) => `<${b}>`))), []);
  });

  it("bindingValues ≡ /([A-Za-z][A-Za-z0-9]*)=(?:\"([^\"]*)\"|'([^']*)'|(\\S+))/g", () => {
    const oracle = (line: string): Record<string, string> => {
      const values: Record<string, string> = {};
      for (const pair of line.matchAll(/([A-Za-z][A-Za-z0-9]*)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)) values[pair[1]!] = pair[2] ?? pair[3] ?? pair[4] ?? '';
      return values;
    };
    assert.deepEqual(disagreements(['a', 'B', '1', '=', ' ', '"', "'", '-', '\t', '\u00a0', 'x=', 'k="v w"'], 14, (s) => same(bindingValues(s), oracle(s))), []);
  });

  it('misspeltServiceName ≡ /^([a-z0-9.-]+?)\\.amazon(?:aws)?(?:\\.[a-z]+)*$/', () => {
    const oracle = (v: string) => /^([a-z0-9.-]+?)\.amazon(?:aws)?(?:\.[a-z]+)*$/.exec(v)?.[1];
    const alphabet = ['.amazon', 'aws', '.com', '.', 'a', 's', '1', '-', '!', 'A', '.amazonaws'];
    assert.deepEqual(disagreements(alphabet, 6, (s) => same(misspeltServiceName(s), oracle(s))), []);
    assert.equal(misspeltServiceName('lambda.amazon.com'), 'lambda');
    assert.equal(misspeltServiceName('a' + '.amazon'.repeat(50_000) + '!'), undefined); // quadratic for the RegExp
  });

  it("splitDefault ≡ /^([^,]+?)\\s*,\\s*'([^']*)'$/ (key trimmed)", () => {
    const oracle = (t: string) => {
      const m = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(t);
      return m ? { key: m[1]!.trim(), fallback: m[2]! } : undefined;
    };
    const alphabet = ['a', ':', ',', ' ', "'", '\t', 'x', '\u2028', "'d'"];
    assert.deepEqual(disagreements(alphabet, 10, (s) => { const t = s.trim(); return same(splitDefault(t), oracle(t)); }), []);
  });

  it('heredocClosingLine ≡ /^[ \\t]*MARKER[ \\t]*$/m from the content start', () => {
    const alphabet = ['EOF', 'EO', ' ', '\t', '\n', '\r\n', '\r', '\u2028', 'x', 'EOFX'];
    assert.deepEqual(
      disagreements(alphabet, 10, (s) => {
        const m = /^[ \t]*EOF[ \t]*$/m.exec(s);
        return same(heredocClosingLine('<<EOF\n' + s, 6, 'EOF'), m ? { start: 6 + m.index, end: 6 + m.index + m[0].length } : undefined);
      }),
      [],
    );
  });

  it('sameAccountRoot ≡ the account-root RegExp it built from the bound principal', () => {
    const pattern = 'arn:aws:iam::123456789012:role/r';
    const oracle = (v: string) => v === '123456789012' || /^arn:aws[a-z-]*:iam::123456789012:root$/.test(v);
    const alphabet = ['arn:aws', '-cn', '-us-gov', ':iam::', '123456789012', ':root', 'X', ':', 'arn:aws:iam::123456789012:root'];
    assert.deepEqual(disagreements(alphabet, 5, (s) => same(sameAccountRoot(pattern, s), oracle(s))), []);
  });

  it('findPlaceholders and hasPlaceholder ≡ the earlier all-pairs overlap check', () => {
    const PATTERNS = [/<[^<>\r\n]{1,100}>/g, /\$\{[^}\r\n]{0,100}\}/g, /\b(?:YOUR|REPLACE|INSERT|ENTER)[_-][A-Z0-9_-]+\b/g, /\b[Yy]our[_-][A-Za-z0-9_-]+/g, /\b(?:REPLACE_?ME|CHANGE_?ME|TODO|FIXME|PLACEHOLDER|XXXXXXXXXXXX|ACCOUNT_?ID|ACCOUNT-ID|BUCKET_?NAME|BUCKET-NAME)\b/g, /\{\{[^}\r\n]{1,100}\}\}/g];
    const oracle = (value: string) => {
      const found: { start: number; end: number; text: string }[] = [];
      for (const pattern of PATTERNS) {
        for (const m of value.matchAll(pattern)) {
          // Policy variables (and an empty `${}`) are IAM's, not placeholders: the classification is dollarBraceKind's.
          if (m[0].startsWith('${') && ['special', 'empty', 'policy-variable'].includes(dollarBraceKind(m[0].slice(2, -1)))) continue;
          const start = m.index;
          const end = start + m[0].length;
          if (found.some((f) => start < f.end && f.start < end)) continue;
          found.push({ start, end, text: m[0] });
        }
      }
      return found.sort((a, b) => a.start - b.start);
    };
    const alphabet = ['<', '>', 'a', '${', '}', '{{', '}}', 'YOUR_', 'X', 'your-', 'TODO', ' ', 'aws:', 'ACCOUNT_ID', '-', 'AWS::', 'var.'];
    assert.deepEqual(disagreements(alphabet, 12, (s) => same(findPlaceholders(s), oracle(s)) ?? same(hasPlaceholder(s), oracle(s).length > 0)), []);
  });

  it('removeArrayElements of one element ≡ the general run-based removal', () => {
    for (const text of ['["a"]', '["a", "b"]', '[ "a" ,\n "b",\n "c" ]', '["a","b","c","d"]']) {
      const array = parseTree(text)!;
      const n = array.children!.length;
      for (let i = -1; i <= n; i++) {
        // The general path (two indices, one of them out of range) gives the reference answer for one index.
        assert.deepEqual(removeArrayElements(array, new Set([i])), removeArrayElements(array, new Set([i, n + 5])), `${text} without ${i}`);
      }
    }
  });
});

describe('placeholder offsets', () => {
  it('escaped strings: each placeholder is found at its own position, not at the first equal one', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::"q"/<a>/<a>/\u00e9<b>' }] }).replace('\u00e9', '\\u00e9');
    const findings = lintText(text, { data: testData(), kind: 'iam-policy' }).findings.filter((f) => f.ruleId === 'iam/placeholder');
    assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['<a>', '<a>', '<b>']);
    assert.equal(new Set(findings.map((f) => f.start)).size, 3);
  });
});
