// iam/jsonTree.ts, the strict-JSON fast path of parseIamDocument, against jsonc-parser's parseTree: on strict JSON
// it must build exactly the same tree (nodes, offsets, lengths, values, colonOffset, parent links); on anything
// else it gives up and the document is parsed by jsonc-parser as before.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createScanner, parseTree, SyntaxKind, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH, parseIamDocument, parseIamDocumentIncrementally, strictJsonFacts } from '../../server/src/engine/iam/document';
import { parseStrictJson, parseStrictJsonTree, type StrictJsonFacts } from '../../server/src/engine/iam/jsonTree';
import { measure } from '../../server/src/engine/rules/iam/policySize';
import { mayHaveCharacterOutsideLatin1 } from '../../server/src/engine/rules/iam/policyStructure';
import { generatePolicy } from '../support/benchInputs';
import { prng, type Rng } from '../support/prng';
import { describeGrowth, MAX_GROWTH_RATIO, measureGrowth } from '../support/growth';

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

function jsonc(text: string): { root: ReturnType<typeof parseTree>; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { root: parseTree(text, errors, OPTIONS), errors };
}

const STRING_PIECES = ['a', 'Z', 's3:GetObject', 'arn:aws:s3:::b/*', '${aws:username}', ' ', 'é', '😀', '\u2028', '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0001', '\u001f', '\u007f', '\ud800', '<a>'];
const NUMBERS = [0, -0, 1, -1, 10, 123456789, 0.5, -0.25, 1e21, 1.5e-7, 2 ** 53 + 1, 3.14159];

function randomString(rng: Rng): string {
  let s = '';
  const n = Math.floor(rng() * 5);
  for (let i = 0; i < n; i++) s += STRING_PIECES[Math.floor(rng() * STRING_PIECES.length)]!;
  return s;
}

function randomValue(rng: Rng, depth: number): unknown {
  const r = rng();
  if (depth > 4 || r < 0.3) return randomString(rng);
  if (r < 0.4) return NUMBERS[Math.floor(rng() * NUMBERS.length)];
  if (r < 0.45) return rng() < 0.5;
  if (r < 0.5) return null;
  if (r < 0.75) return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(rng() * 4); i > 0; i--) object[randomString(rng)] = randomValue(rng, depth + 1);
  return object;
}

/** Strict JSON texts written in different ways: compact, indented with spaces or tabs, CRLF, escapes as \uXXXX, duplicate keys. */
function strictTexts(rng: Rng): string[] {
  const value = randomValue(rng, 0);
  const compact = JSON.stringify(value);
  const texts = [compact, JSON.stringify(value, null, 2), JSON.stringify(value, null, '\t'), JSON.stringify(value, null, 2).replace(/\n/g, '\r\n'), ` \n${compact}\r\n\t `];
  // Every non-ASCII character as an escape, and numbers written with exponents.
  texts.push(compact.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`));
  texts.push(`{"a":1E+2,"a":-0.5e-3,"b":[true,false,null],"a":{"x":"\\/\\b\\f\\n\\r\\t\\"\\\\"}}`);
  return texts;
}

describe('the strict-JSON tree equals jsonc-parser\'s', () => {
  it('on random strict JSON written in every style', () => {
    const rng = prng(42);
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      for (const text of strictTexts(rng)) {
        const expected = jsonc(text);
        assert.deepStrictEqual(expected.errors, [], text);
        const tree = parseStrictJsonTree(text, MAX_JSON_DEPTH);
        assert.ok(tree, `gave up on strict JSON: ${JSON.stringify(text)}`);
        assert.deepStrictEqual(tree, expected.root, text);
        checked++;
      }
    }
    assert.ok(checked > 2_000);
  });

  it('on the policies of the fixtures and generated policies', () => {
    const dir = path.join(__dirname, '..', 'fixtures');
    const files = ['seeds', 'access-analyzer', 'aws-managed', 'seeds-structure', 'vendor-published'].flatMap((d) =>
      fs.existsSync(path.join(dir, d)) ? fs.readdirSync(path.join(dir, d)).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(dir, d, f), 'utf8')) : [],
    );
    let strict = 0;
    for (const text of [...files, generatePolicy(50_000, 7), generatePolicy(5_000, 3)]) {
      const expected = jsonc(text);
      const doc = parseIamDocument(text);
      // Whichever parser read it, the document's tree and errors are jsonc-parser's.
      assert.deepStrictEqual(doc.root, expected.root);
      assert.deepStrictEqual(doc.parseErrors, expected.errors);
      if (parseStrictJsonTree(text, MAX_JSON_DEPTH)) strict++;
    }
    assert.ok(strict > 100, `${strict} strict`);
  });
});

describe('anything but strict JSON is left to jsonc-parser', () => {
  const NOT_STRICT = [
    '',
    '   \n ',
    '{"a":1,}',
    '[1,]',
    '{"a":1} // c',
    '/* c */ {"a":1}',
    '{"a":/* c */1}',
    '\ufeff{"a":1}',
    '{"a":\f1}',
    '{"a":\u00a01}',
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":1e}',
    '{"a":-}',
    '{"a":+1}',
    '{"a":tru}',
    '{"a":truex}',
    '{"a":true"b"}',
    '{"a":nul}',
    '{"a":"b}',
    '{"a":"b\nc"}',
    '{"a":"b\u0001"}',
    '{"a":"\\x"}',
    '{"a":"\\u12G4"}',
    '{"a":"\\u12"}',
    '{"a" 1}',
    '{"a":}',
    '{a:1}',
    "{'a':1}",
    '{"a":1 "b":2}',
    '[1 2]',
    '{"a":1}}',
    '{"a":1} x',
    '{"a":[1,2}',
    '{"a":{"b":1}',
    '{"Statement":[{"Action":<ARN>}]}',
    '[' + '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH + 1),
  ];

  it('gives up, and parseIamDocument returns jsonc-parser\'s tree and errors', () => {
    for (const text of NOT_STRICT) {
      assert.equal(parseStrictJsonTree(text, MAX_JSON_DEPTH), undefined, JSON.stringify(text));
      const doc = parseIamDocument(text);
      if (doc.parseErrors.some((e) => (e.error as number) === 1000)) continue; // too deep: the model's own error, no tree
      const expected = jsonc(text);
      assert.deepStrictEqual(doc.root, expected.root, JSON.stringify(text));
      assert.deepStrictEqual(doc.parseErrors, expected.errors, JSON.stringify(text));
    }
  });

  it('nesting up to the limit is strict JSON; one level more is not', () => {
    const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
    const atLimit = nested(MAX_JSON_DEPTH);
    assert.deepStrictEqual(parseStrictJsonTree(atLimit, MAX_JSON_DEPTH), jsonc(atLimit).root);
    assert.equal(parseStrictJsonTree(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), undefined);
  });
});

/** The facts as the walks and scans the rules did before find them (the reference the parser's counts must equal). */
function factsByWalking(text: string, root: JsonNode): StrictJsonFacts {
  let duplicateKeys = false;
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const keys = (node.children ?? []).map((p) => p.children![0]!.value as string);
      if (new Set(keys).size !== keys.length) duplicateKeys = true;
    }
    stack.push(...(node.children ?? []));
  }
  let blankOutsideTokens = 0;
  let spacesInStrings = 0;
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const token = text.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) blankOutsideTokens += token.length;
    if (kind === SyntaxKind.StringLiteral) spacesInStrings += token.split(' ').length - 1;
  }
  return { duplicateKeys, blankOutsideTokens, spacesInStrings, aboveLatin1: mayHaveCharacterOutsideLatin1(text, 0, text.length) };
}

/** An object text of `n` keys drawn from `pool` keys (so some repeat when n > pool), values nested now and then. */
function objectText(rng: Rng, n: number, pool: number, depth = 0): string {
  const entries: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify(`k${Math.floor(rng() * pool)}${rng() < 0.1 ? ' é😀' : ''}`);
    const value = depth < 2 && rng() < 0.2 ? objectText(rng, Math.floor(rng() * 30), 40, depth + 1) : JSON.stringify(randomValue(rng, 3));
    entries.push(`${key}:${rng() < 0.5 ? ' ' : ''}${value}`);
  }
  return `{${entries.join(rng() < 0.5 ? ',\n  ' : ',')}}`;
}

describe('what the strict reader learns on the way (StrictJsonFacts)', () => {
  it('equals the walk and scans it stands for: repeated keys, white space outside tokens, spaces in strings, wide characters', () => {
    const rng = prng(7);
    let repeated = 0;
    let unique = 0;
    const texts: string[] = [];
    for (let i = 0; i < 300; i++) {
      texts.push(...strictTexts(rng));
      // Small and large objects (more than 12 keys: the reader's set), keys repeated or not, at any depth.
      texts.push(objectText(rng, Math.floor(rng() * 40), rng() < 0.5 ? 1000 : 30));
      texts.push(`[${objectText(rng, 14, 1000)}, ${objectText(rng, 13, 1000)}]`);
    }
    texts.push(generatePolicy(50_000, 7), JSON.stringify({ a: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, { k0: i }])) }));
    for (const text of texts) {
      const read = parseStrictJson(text, MAX_JSON_DEPTH);
      assert.ok(read, text);
      assert.deepStrictEqual(read.facts, factsByWalking(text, read.root), text);
      if (read.facts.duplicateKeys) repeated++;
      else unique++;
    }
    assert.ok(repeated > 300 && unique > 300, `${repeated} with repeated keys, ${unique} without`);
  });

  it('a policy file\'s size from them equals iam/policy-size\'s walk', () => {
    const dir = path.join(__dirname, '..', 'fixtures');
    const files = ['seeds', 'aws-managed', 'vendor-published'].flatMap((d) =>
      fs.existsSync(path.join(dir, d)) ? fs.readdirSync(path.join(dir, d)).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(dir, d, f), 'utf8')) : [],
    );
    let checked = 0;
    for (const text of [...files, generatePolicy(20_000, 5), ` \r\n${JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'a b  c', Effect: 'Allow', Action: 's3:Get Object' }] }, null, '\t')}\n\n`]) {
      const doc = parseIamDocument(text);
      const facts = strictJsonFacts(doc);
      if (!facts || !doc.root) continue;
      const minified = text.length - facts.blankOutsideTokens;
      assert.deepStrictEqual({ minified, nonSpace: minified - facts.spacesInStrings, partial: false }, measure(doc.root, doc));
      checked++;
    }
    assert.ok(checked > 50, `${checked} checked`);
  });

  it('are known only for a whole text read at once (not after a statement was re-read, nor for jsonc-parser\'s reading)', () => {
    const text = generatePolicy(5_000, 3);
    const doc = parseIamDocument(text);
    assert.ok(strictJsonFacts(doc));
    // The same text again keeps them; an edit inside one statement is a re-read of it: none.
    const same = parseIamDocumentIncrementally(text, undefined, doc);
    assert.deepStrictEqual(strictJsonFacts(same), strictJsonFacts(doc));
    const at = text.indexOf('"Effect"', 200);
    const edited = parseIamDocumentIncrementally(`${text.slice(0, at)}"Sid": "x", ${text.slice(at)}`, undefined, same);
    assert.ok(edited.statements.length > 1);
    assert.equal(strictJsonFacts(edited), undefined);
    assert.equal(strictJsonFacts(parseIamDocument('{"a": 1,}')), undefined);
  });
});

describe('the strict-JSON reader is linear', () => {
  it('in the number of strings (no search beyond a string for its escapes)', () => {
    // Many strings, no backslash anywhere: looking for one past each string's end was quadratic here. Long strings
    // keep the tree small, so that the time measured is the reading, not the garbage collector moving a large tree.
    const strings = { name: 'strict JSON: many strings', make: (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `arn:aws:s3:::a-bucket-with-a-long-name/${i}`)), lint: (text: string) => parseStrictJsonTree(text, MAX_JSON_DEPTH) };
    const r = measureGrowth(strings, { minMs: 50, maxSize: 4_000_000, repetitions: 3, rounds: 2 });
    assert.ok(r.ratio <= MAX_GROWTH_RATIO, describeGrowth(r));
  });
});
