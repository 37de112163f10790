// The model of a policy file (iam/document.ts parseIamDocument) describes a string token written without escapes by a
// token value, which builds the array of its one run from its offsets when asked instead of keeping one. Its answers
// must be the reference's: buildIamDocument over the same tree, which describes every value with strValue. Each
// value is read through the StrValue interface (value, node, offsets, knowledge, pieces, runs), on generated policies,
// random documents (escapes, numbers, broken JSON read by jsonc-parser) and after re-reads that move the values.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildIamDocument,
  parseIamDocument,
  parseIamDocumentIncrementally,
  strValue,
  type IamDocument,
  type StrValue,
} from '../../server/src/engine/iam/document';
import { sourceSpan } from '../../server/src/engine/iam/values';
import { generatePolicy } from '../support/benchInputs';
import { randomEdit } from '../support/incremental';
import { prng, type Rng } from '../support/prng';

/** A value as rules read it: every field of the interface (getters included), and where a few of its characters are. */
function read(value: StrValue | undefined): unknown {
  if (!value) return value;
  const { length } = value.value;
  return {
    value: value.value,
    node: value.node,
    start: value.start,
    end: value.end,
    known: value.known,
    pieces: value.pieces,
    runs: value.runs.map((r) => ({ ...r })),
    spans: [sourceSpan(value, 0, length), sourceSpan(value, length >> 1, length), sourceSpan(value, 0, 1)],
  };
}

/** The model as rules read it, every value through `read`, with the values counted. */
function model(doc: IamDocument): { model: unknown; values: number } {
  let values = 0;
  const v = (value: StrValue | undefined): unknown => {
    if (value) values++;
    return read(value);
  };
  const statements = doc.statements.map((s) => ({
    node: s.node,
    index: s.index,
    properties: s.properties,
    sid: v(s.sid),
    effect: v(s.effect),
    action: s.action && { ...s.action, values: s.action.values.map(v) },
    resource: s.resource && { ...s.resource, values: s.resource.values.map(v) },
    principal: s.principal && { ...s.principal, entries: s.principal.entries.map((e) => ({ ...e, value: v(e.value) })) },
    condition: s.condition && {
      ...s.condition,
      blocks: s.condition.blocks.map((b) => ({ ...b, operator: v(b.operator), entries: b.entries.map((e) => ({ ...e, key: v(e.key), values: e.values.map(v) })) })),
    },
  }));
  return { model: { version: v(doc.version), statements, policyType: doc.policyType, topProperties: doc.topProperties }, values };
}

/** Fails unless the policy file's model reads as the reference model built over its tree. Returns the values compared. */
function assertAsReference(doc: IamDocument, what: string): number {
  const reference = buildIamDocument(doc.text, doc.root, doc.parseErrors);
  const actual = model(doc);
  assert.deepStrictEqual(actual.model, model(reference).model, `${what}:\n${doc.text}`);
  // Each value also reads as strValue describes its node alone.
  const walk = (value: StrValue | undefined): void => {
    if (value?.node.type === 'string') assert.deepStrictEqual(read(value), read(strValue(value.node, doc.text)), `${what}: ${value.value}`);
  };
  for (const s of doc.statements) {
    walk(s.sid);
    s.action?.values.forEach(walk);
    s.resource?.values.forEach(walk);
  }
  return actual.values;
}

const PIECES = ['s3:GetObject', '', 'a\\"b', '\\\\', '\\u0041', 'x\\ny', '\\/', 'é😀', 'arn:aws:s3:::b/*', '*', 'aws:SourceIp', '${aws:username}'];

function randomPolicy(rng: Rng): string {
  const pick = (): string => PIECES[Math.floor(rng() * PIECES.length)]! + PIECES[Math.floor(rng() * PIECES.length)]!;
  const list = (): string => (rng() < 0.3 ? `"${pick()}"` : `[${Array.from({ length: Math.floor(rng() * 5) }, () => (rng() < 0.9 ? `"${pick()}"` : '7')).join(',')}]`);
  const statements = Array.from({ length: 1 + Math.floor(rng() * 4) }, () => {
    const principal = rng() < 0.5 ? `"Principal":{"AWS":${list()},"Service":"${pick()}"},` : rng() < 0.5 ? '"Principal":"*",' : '';
    const condition = rng() < 0.6 ? `,"Condition":{"${pick()}":{"${pick()}":${list()},"k":true},"Bool":{"aws:SecureTransport":"false"}}` : '';
    return `{"Sid":"${pick()}","Effect":"Allow",${principal}"${rng() < 0.5 ? 'Action' : 'NotAction'}":${list()},"Resource":${list()}${condition}}`;
  });
  const text = `{"Version":"2012-10-17","Statement":[${statements.join(',')}]}`;
  return rng() < 0.5 ? JSON.stringify(JSON.parse(text), null, 2) : text;
}

describe('token values of a policy file\'s model', () => {
  it('read as the reference model on generated and random policies, strict or not', () => {
    const rng = prng(1919);
    let values = assertAsReference(parseIamDocument(generatePolicy(20_000, 7)), 'generated');
    for (let i = 0; i < 100; i++) {
      const text = randomPolicy(rng);
      // Strict, then read by jsonc-parser: a comment, a trailing comma, a string left open, a random edit.
      for (const variant of [text, `// c\n${text}`, text.replace(/\]\}$/, ',]}'), text.slice(0, text.lastIndexOf('"') - 1), randomEdit(text, rng)]) {
        values += assertAsReference(parseIamDocument(variant), `variant ${i}`);
      }
    }
    assert.ok(values > 5_000, `${values} values`);
    // Not vacuous: the policy file's values are token values (another prototype than a plain object's), unlike the reference's.
    const doc = parseIamDocument(generatePolicy(5_000, 8));
    const proto = (v: StrValue | undefined): unknown => v && Object.getPrototypeOf(v);
    assert.notEqual(proto(doc.statements[0]!.effect), Object.prototype);
    assert.equal(proto(buildIamDocument(doc.text, doc.root, []).statements[0]!.effect), Object.prototype);
  });

  it('still read as the reference after re-reads that move them', () => {
    const rng = prng(2020);
    let values = 0;
    for (let session = 0; session < 6; session++) {
      let text = session === 0 ? generatePolicy(6_000, 11) : JSON.stringify(JSON.parse(randomPolicy(rng)), null, 2);
      let doc = parseIamDocument(text);
      for (let edit = 0; edit < 25; edit++) {
        // Mostly typing inside a statement's string (a re-read of one statement), now and then anywhere.
        const strings = [...text.matchAll(/"[^"\\]*"/g)];
        const at = strings[Math.floor(rng() * strings.length)];
        text = at && rng() < 0.8 ? text.slice(0, at.index! + 1) + 'xy'.slice(0, 1 + Math.floor(rng() * 2)) + text.slice(at.index! + 1) : randomEdit(text, rng);
        doc = parseIamDocumentIncrementally(text, undefined, doc);
        values += assertAsReference(doc, `session ${session}, edit ${edit}`);
      }
    }
    assert.ok(values > 1_000, `${values} values`);
  });
});
