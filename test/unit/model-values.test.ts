// The values of a JSON policy's model (iam/document.ts strValue) describe their tokens as jsonTokenInfo reads them,
// though most are built without reading the token again: a token written without escapes is recognised by its length
// (a value two characters shorter than its token, between quotes). Checked on every string of the strict and the
// lenient (jsonc-parser) paths, with escapes, unterminated strings, control characters and broken JSON; and the
// strict parser's shared strings and exact-size arrays leave the tree and model equal to jsonc-parser's reading.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTree } from 'jsonc-parser';
import { parseIamDocument, type IamDocument, type StrValue } from '../../server/src/engine/iam/document';
import { jsonTokenInfo } from '../../server/src/engine/iam/values';
import { generatePolicy } from '../support/benchInputs';
import { prng } from '../support/prng';

function modelValues(doc: IamDocument): StrValue[] {
  const values: StrValue[] = [];
  if (doc.version) values.push(doc.version);
  for (const s of doc.statements) {
    if (s.sid) values.push(s.sid);
    if (s.effect) values.push(s.effect);
    values.push(...(s.action?.values ?? []), ...(s.resource?.values ?? []), ...(s.principal?.entries.map((e) => e.value) ?? []));
    for (const block of s.condition?.blocks ?? []) {
      values.push(block.operator);
      for (const entry of block.entries) values.push(entry.key, ...entry.values);
    }
  }
  return values;
}

/** Fails unless every string value of the model is described as its token is read from the text. */
function assertDescribedAsTokens(text: string): number {
  const doc = parseIamDocument(text);
  let checked = 0;
  for (const value of modelValues(doc)) {
    assert.equal(value.start, value.node.offset);
    assert.equal(value.end, value.node.offset + value.node.length);
    assert.equal(value.known, 'literal');
    assert.equal(value.pieces, undefined);
    const expected = value.node.type === 'string' ? jsonTokenInfo(text, value.start, value.end).runs : [];
    assert.deepEqual(value.runs, expected, `runs of ${JSON.stringify(text.slice(value.start, value.end))} in ${JSON.stringify(text)}`);
    checked++;
  }
  return checked;
}

const STRINGS = ['s3:GetObject', '', 'a\\"b', '\\\\', '\\u0041', 'x\\ny', '\\/', 'é😀', 'arn:aws:s3:::b/*', 'tab\there', 'ctl\u0001x'];

describe('model values of JSON policies', () => {
  it('describe each token as jsonTokenInfo does, on the strict path and on jsonc-parser\'s', () => {
    let checked = 0;
    const rng = prng(19);
    for (let i = 0; i < 300; i++) {
      const pick = (): string => STRINGS[Math.floor(rng() * STRINGS.length)]! + STRINGS[Math.floor(rng() * STRINGS.length)]!;
      const actions = Array.from({ length: Math.floor(rng() * 6) }, () => `"${pick()}"`);
      const statement = `{"Sid":"${pick()}","Effect":"Allow","Action":[${actions.join(',')}],"Resource":"${pick()}","Condition":{"${pick()}":{"${pick()}":["${pick()}",1,true]}}}`;
      const strict = `{"Version":"2012-10-17","Statement":[${statement},${statement}]}`;
      // Lenient: a comment, a trailing comma, a string left open at a line break or at the end of the text.
      for (const text of [strict, `// c\n${strict}`, strict.replace(/\]\}$/, ',]}'), strict.replace(/"Resource":"/, '"Resource":"open\n'), strict.slice(0, strict.lastIndexOf('"') - 1)]) {
        checked += assertDescribedAsTokens(text);
      }
    }
    checked += assertDescribedAsTokens(generatePolicy(50_000, 3));
    assert.ok(checked > 10_000, `${checked} values`);
  });

  it('repeated strings and small arrays of the strict reader leave the tree equal to jsonc-parser\'s', () => {
    // The same keys and values many times over (shared strings), arrays of 0 to 8 elements (literal or sliced).
    const statements = Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i % 3}`, Effect: 'Allow', Action: Array.from({ length: i % 9 }, (_, k) => `s3:Get${k % 2 ? 'Object' : 'Bucket'}`), Resource: '*' }));
    for (const text of [JSON.stringify({ Version: '2012-10-17', Statement: statements }), JSON.stringify({ Statement: statements }, null, 2)]) {
      const doc = parseIamDocument(text);
      assert.deepStrictEqual(doc.root, parseTree(text, []));
      assert.deepEqual(
        doc.statements.map((s) => s.action?.values.map((v) => v.value)),
        statements.map((s) => s.Action),
      );
    }
  });
});
