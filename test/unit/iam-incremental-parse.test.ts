// Re-reading a policy only where it changed (iam/document.ts parseIamDocumentIncrementally, used by lintText with the
// editor's LintCache): over typing sessions — words typed and deleted, undo, statements pasted and deleted, broken
// and mended JSON, comments, a BOM, line break changes, edits of the keys around the statements — the re-read tree
// and model equal a fresh full read after every edit (same nodes, offsets, lengths, colon offsets, values, parent
// links, value descriptions; no node of an older version left in the model), and so do the findings of the lint.
// And it is incremental: typing inside a statement re-reads that statement only.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import { parseIamDocument, parseIamDocumentIncrementally, type IamDocument, type JsonNode, type StrValue } from '../../server/src/engine/iam/document';
import { generatePolicy } from '../support/benchInputs';
import { testData } from '../support/data';
import { randomEdit } from '../support/incremental';
import { prng, type Rng } from '../support/prng';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const options: LintOptions = { data: testData(), kind: 'iam-policy' };

/** The document as plain data: the tree (checking its parent links) and the model, each node named by where it is. */
function described(doc: IamDocument): unknown {
  const nodes = new Set<JsonNode>();
  const tree = (node: JsonNode, parent: JsonNode | undefined): unknown => {
    nodes.add(node);
    assert.equal(node.parent, parent, `parent link of the ${node.type} at ${node.offset}`);
    return { type: node.type, offset: node.offset, length: node.length, colonOffset: node.colonOffset, value: node.value, children: node.children?.map((c) => tree(c, node)) };
  };
  const root = doc.root ? tree(doc.root, undefined) : undefined;
  const seen = new Set<object>();
  const model = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (nodes.has(value as JsonNode)) return `node ${(value as JsonNode).type} @${(value as JsonNode).offset}+${(value as JsonNode).length}`;
    // A node object that is not in this version's tree (left over from an older one) is a bug, whatever its offsets.
    if ('type' in value && 'offset' in value && 'length' in value) return 'STALE NODE';
    assert.ok(!seen.has(value), 'a model object is shared by two places (it would be moved twice)');
    seen.add(value);
    if (Array.isArray(value)) return value.map(model);
    // A string value read through its interface (a token value keeps its fields on its node: getters).
    if ('runs' in value && 'node' in value) {
      const v = value as StrValue;
      return { value: v.value, node: model(v.node), start: v.start, end: v.end, known: v.known, pieces: model(v.pieces), runs: model(v.runs) };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, model(v)]));
  };
  const { root: _root, ...rest } = doc;
  return { root, model: model(rest), keys: Object.keys(doc) };
}

/** Reads `text` from `previous` and fully; fails unless both give the same document. Returns the re-read one. */
function assertSameAsFullRead(text: string, previous: IamDocument | undefined, what: string): IamDocument {
  const full = described(parseIamDocument(text));
  const reread = parseIamDocumentIncrementally(text, undefined, previous);
  assert.deepStrictEqual(described(reread), full, `re-read differs from a full read (${what}) on:\n${text}`);
  return reread;
}

/** Edits a person makes while typing in a policy: at a cursor that moves now and then; undo; statements pasted, deleted, duplicated. */
class TypingSession {
  private cursor: number;
  private readonly history: string[] = [];
  constructor(
    public text: string,
    private readonly rng: Rng,
  ) {
    this.cursor = this.somewhereInAString();
  }

  /** A place inside a string of the policy (a key or a value), or anywhere when it has none. */
  private somewhereInAString(): number {
    const strings: JsonNode[] = [];
    const walk = (node: JsonNode): void => {
      if (node.type === 'string' && node.length >= 2) strings.push(node);
      for (const c of node.children ?? []) walk(c);
    };
    const root = parseIamDocument(this.text).root;
    if (root) walk(root);
    const node = strings[Math.floor(this.rng() * strings.length)];
    return node ? node.offset + 1 + Math.floor(this.rng() * (node.length - 1)) : Math.floor(this.rng() * (this.text.length + 1));
  }

  private broken(): boolean {
    return parseIamDocument(this.text).parseErrors.length > 0;
  }

  private statementSpans(): { start: number; end: number }[] {
    const doc = parseIamDocument(this.text);
    return doc.statements.map((s) => ({ start: s.node.offset, end: s.node.offset + s.node.length }));
  }

  next(): { text: string; what: string } {
    const r = this.rng();
    const text = this.text;
    const at = Math.min(this.cursor, text.length);
    let next: string;
    let what: string;
    if (r < 0.45) {
      // Mostly letters, as people type; now and then JSON punctuation, which breaks the statement until it is mended.
      const typed = this.rng() < 0.9 ? 'abcXYZ019*:/-_é'[Math.floor(this.rng() * 15)]! : ' "\\{}[],\n\t'[Math.floor(this.rng() * 10)]!;
      next = text.slice(0, at) + typed + text.slice(at);
      this.cursor = at + typed.length;
      what = `typed ${JSON.stringify(typed)} at ${at}`;
    } else if (r < 0.6) {
      next = text.slice(0, Math.max(0, at - 1)) + text.slice(at);
      this.cursor = Math.max(0, at - 1);
      what = `backspace at ${at}`;
    } else if ((r < 0.68 || (r < 0.9 && this.broken())) && this.history.length > 0) {
      // Undo (more often when the text is broken, as a person mends what they broke).
      const back = 1 + Math.floor(this.rng() * Math.min(5, this.history.length));
      next = this.history.splice(this.history.length - back, back)[0]!;
      this.text = next;
      this.cursor = Math.min(this.cursor, next.length);
      return { text: next, what: `undo ${back}` };
    } else if (r < 0.74) {
      const spans = this.statementSpans();
      if (spans.length === 0) return this.fallback();
      const count = 1 + Math.floor(this.rng() * 3);
      const first = Math.floor(this.rng() * spans.length);
      const last = spans[Math.min(spans.length - 1, first + count - 1)]!;
      const pasted = text.slice(spans[first]!.start, last.end);
      const into = spans[Math.floor(this.rng() * spans.length)]!;
      next = text.slice(0, into.end) + ',\n    ' + pasted + text.slice(into.end);
      what = `pasted ${count} statements after the one at ${into.start}`;
    } else if (r < 0.78) {
      const spans = this.statementSpans();
      if (spans.length < 2) return this.fallback();
      const i = 1 + Math.floor(this.rng() * (spans.length - 1));
      next = text.slice(0, spans[i - 1]!.end) + text.slice(spans[i]!.end);
      what = `deleted statement ${i}`;
    } else if (r < 0.84) {
      // Select a few characters and type over them.
      const end = Math.min(text.length, at + 1 + Math.floor(this.rng() * 12));
      next = text.slice(0, at) + 'x' + text.slice(end);
      this.cursor = at + 1;
      what = `replaced ${JSON.stringify(text.slice(at, end))}`;
    } else if (r < 0.9) {
      this.cursor = this.somewhereInAString();
      return this.next();
    } else if (r < 0.93) {
      return this.fallback();
    } else {
      // Type a word somewhere else in a string.
      this.cursor = this.somewhereInAString();
      const word = ['s3:', 'Get', 'Object', '*', 'arn:aws:', '${aws:username}', 'Deny'][Math.floor(this.rng() * 7)]!;
      const at2 = Math.min(this.cursor, text.length);
      next = text.slice(0, at2) + word + text.slice(at2);
      this.cursor = at2 + word.length;
      what = `typed ${JSON.stringify(word)} at ${at2}`;
    }
    this.history.push(text);
    this.text = next;
    return { text: next, what };
  }

  private fallback(): { text: string; what: string } {
    this.history.push(this.text);
    this.text = randomEdit(this.text, this.rng);
    return { text: this.text, what: 'random edit' };
  }
}

/** Re-reads of the sessions so far that took the incremental path (the tree of the previous version was kept). */
let rereads = 0;

function session(text: string, seed: number, edits: number, label: string, lint = false): LintCache {
  const rng = prng(seed);
  const typing = new TypingSession(text, rng);
  let previous = assertSameAsFullRead(text, undefined, `${label}, first read`);
  previous = assertSameAsFullRead(text, previous, `${label}, unchanged`);
  const cache = new LintCache();
  if (lint) assert.deepStrictEqual(lintText(text, { ...options, cache }).findings, lintText(text, options).findings);
  for (let i = 0; i < edits; i++) {
    const { text: next, what } = typing.next();
    const root = previous.root;
    previous = assertSameAsFullRead(next, previous, `${label}, edit ${i + 1}: ${what}`);
    if (root && previous.root === root) rereads++;
    if (process.env.DEBUG_SESSION) console.log(previous.parseErrors.length ? 'BROKEN' : 'ok', root && previous.root === root ? 'REREAD' : '', what);
    if (lint) assert.deepStrictEqual(lintText(next, { ...options, cache }).findings, lintText(next, options).findings, `${label}, edit ${i + 1}: ${what}: findings differ on:\n${next}`);
  }
  return cache;
}

function fixtures(dir: string): { name: string; text: string }[] {
  const full = path.join(FIXTURES, dir);
  return fs.readdirSync(full).filter((f) => f.endsWith('.json')).sort().map((f) => ({ name: `${dir}/${f}`, text: fs.readFileSync(path.join(full, f), 'utf8') }));
}

describe('re-reading one statement equals a full read', () => {
  it('over typing sessions in generated policies (tree, model and findings)', () => {
    for (const seed of [1, 2, 3]) {
      const cache = session(generatePolicy(4_000 + seed * 1_000, seed), seed, 60, `generated policy ${seed}`, true);
      assert.ok(cache.rereads > 10, `few re-reads (${cache.rereads}): the sessions do not test the incremental path`);
    }
  });

  it('over longer typing sessions in generated policies (tree and model)', () => {
    rereads = 0;
    for (const seed of [4, 5, 6, 7]) session(generatePolicy(3_000, seed), seed, 250, `generated policy ${seed}`);
    assert.ok(rereads > 200, `few re-reads (${rereads} of 1,000 edits): the sessions do not test the incremental path`);
  });

  it('over typing sessions in the seed, Access Analyzer and AWS managed policy fixtures', () => {
    const files = [...fixtures('seeds'), ...fixtures('access-analyzer'), ...fixtures('aws-managed').slice(0, 10)];
    assert.ok(files.length > 20);
    files.forEach((f, i) => session(f.text, 200 + i, 25, f.name, i % 4 === 0));
  });

  it('in other shapes: a statement object, non-objects in the list, comments, a BOM, CRLF and CR, statements sharing a line, escapes, keys around the statements', () => {
    const statement = '{ "Sid": "A\\u0041", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*", "Condition": { "Bool": { "aws:SecureTransport": true } } }';
    const texts = [
      `{ "Version": "2012-10-17", "Statement": ${statement} }`,
      `{ "Statement": [ ${statement}, 1, "x", ${statement} ], "Version": "2012-10-17", "Id": "after" }`,
      `{ "Version": "2012-10-17", "Statement": [ ${statement}, // note\n ${statement} ] }`,
      `\uFEFF{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`,
      `{\r\n  "Version": "2012-10-17",\r\n  "Statement": [\r\n    ${statement},\r\n    ${statement}\r\n  ],\r\n  "Statement": [ ${statement} ]\r\n}\r\n`,
      `{\r  "Version": "2012-10-17",\r  "Statement": [\r    ${statement}, ${statement},\r    ${statement}\r  ]\r}`,
      `[ ${statement} ]`,
      '',
    ];
    texts.forEach((text, i) => session(text, 300 + i, 120, `shape ${i}`, true));
  });
});

describe('a keystroke re-reads one statement', () => {
  it('typing in a Sid keeps every other statement object and node, and moves the later ones', () => {
    let text = generatePolicy(20_000, 3);
    let doc = parseIamDocumentIncrementally(text, undefined, undefined);
    const middle = doc.statements[Math.floor(doc.statements.length / 2)]!;
    const at = middle.sid ? middle.sid.start + 1 : middle.node.offset + 1;
    const before = doc.statements.slice();
    const lastOffset = before[before.length - 1]!.node.offset;
    text = text.slice(0, at) + 'xy' + text.slice(at);
    doc = parseIamDocumentIncrementally(text, undefined, doc);
    const changed = doc.statements.filter((s, i) => s !== before[i]);
    assert.deepStrictEqual(changed.map((s) => s.index), [middle.index]);
    assert.equal(doc.statements[doc.statements.length - 1]!.node.offset, lastOffset + 2);
    assert.deepStrictEqual(described(doc), described(parseIamDocument(text)));
  });

  it('lintText with the editor cache re-reads while typing in a statement, and reads in full after an edit between statements', () => {
    const cache = new LintCache();
    let text = generatePolicy(8_000, 4);
    lintText(text, { ...options, cache });
    const at = text.indexOf('"Sid": "', text.length / 2) + 8;
    for (let i = 0; i < 5; i++) {
      text = text.slice(0, at + i) + 'q' + text.slice(at + i);
      assert.deepStrictEqual(lintText(text, { ...options, cache }).findings, lintText(text, options).findings);
    }
    assert.equal(cache.rereads, 5);
    const between = text.indexOf('},', at) + 2;
    text = `${text.slice(0, between)} ${text.slice(between)}`;
    assert.deepStrictEqual(lintText(text, { ...options, cache }).findings, lintText(text, options).findings);
    assert.equal(cache.rereads, 5);
  });
});
