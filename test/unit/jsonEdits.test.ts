// Unit tests for the JSON edit helpers used by quick fixes (iam/jsonEdits.ts): results must stay valid, tidy JSON.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTree, type Node } from 'jsonc-parser';
import { compactJson, createJsonWriter, removeArrayElements } from '../../server/src/engine/iam/jsonEdits';
import { jsonTokenInfo, sourceSpan } from '../../server/src/engine/iam/values';
import { LineIndex, applyEdits } from '../../server/src/engine/text';
import type { OffsetEdit } from '../../server/src/engine/types';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { fixesOf } from '../support/fixes';

const arrayIn = (text: string): Node => {
  const root = parseTree(text)!;
  const find = (n: Node): Node | undefined => (n.type === 'array' ? n : (n.children ?? []).map(find).find(Boolean));
  return find(root)!;
};

describe('removeArrayElements', () => {
  const text = '{"a": ["x", "y", "z"]}';
  const cases: [number[], string][] = [
    [[0], '{"a": ["y", "z"]}'],
    [[1], '{"a": ["x", "z"]}'],
    [[2], '{"a": ["x", "y"]}'],
    [[0, 1], '{"a": ["z"]}'],
    [[1, 2], '{"a": ["x"]}'],
    [[0, 2], '{"a": ["y"]}'],
  ];
  for (const [remove, expected] of cases) {
    it(`removes ${remove.join(',')} with the right commas`, () => {
      const edits = removeArrayElements(arrayIn(text), new Set(remove))!;
      const out = applyEdits(text, edits);
      assert.equal(out, expected);
      JSON.parse(out);
    });
  }
  it('multi-line: keeps the layout', () => {
    const multi = '{\n  "a": [\n    "x",\n    "y"\n  ]\n}';
    assert.equal(applyEdits(multi, removeArrayElements(arrayIn(multi), new Set([1]))!), '{\n  "a": [\n    "x"\n  ]\n}');
    assert.equal(applyEdits(multi, removeArrayElements(arrayIn(multi), new Set([0]))!), '{\n  "a": [\n    "y"\n  ]\n}');
  });
  it('refuses to empty the array', () => {
    assert.equal(removeArrayElements(arrayIn(text), new Set([0, 1, 2])), undefined);
  });
});

/** Applies one model edit written by the JSON writer of `text`. */
function written(text: string, edit: (writer: ReturnType<typeof createJsonWriter>) => OffsetEdit[] | undefined): string {
  const edits = edit(createJsonWriter(text, new LineIndex(text), { textEdits: true }));
  assert.ok(edits, 'written');
  return applyEdits(text, edits!);
}

describe('JSON writer: appendValues', () => {
  it('one-line and multi-line arrays', () => {
    const one = '{"a": ["x"]}';
    assert.equal(written(one, (w) => w.appendValues(arrayIn(one), ['y'])), '{"a": ["x", "y"]}');
    const multi = '{\n  "a": [\n    "x"\n  ]\n}';
    assert.equal(written(multi, (w) => w.appendValues(arrayIn(multi), ['y'])), '{\n  "a": [\n    "x",\n    "y"\n  ]\n}');
  });
  it('a string becomes an array laid out like its statement', () => {
    const multi = '{\n  "Statement": {\n    "Resource": "x"\n  }\n}';
    const node = parseTree(multi)!.children![0]!.children![1]!.children![0]!.children![1]!;
    assert.equal(written(multi, (w) => w.appendValues(node, ['y'])), '{\n  "Statement": {\n    "Resource": [\n      "x",\n      "y"\n    ]\n  }\n}');
    const one = '{"Statement": {"Resource": "x"}}';
    const oneNode = parseTree(one)!.children![0]!.children![1]!.children![0]!.children![1]!;
    assert.equal(written(one, (w) => w.appendValues(oneNode, ['y'])), '{"Statement": {"Resource": ["x", "y"]}}');
  });
  it('a CRLF file gets CRLF line breaks', () => {
    const multi = '{\r\n  "a": [\r\n    "x"\r\n  ]\r\n}';
    assert.equal(written(multi, (w) => w.appendValues(arrayIn(multi), ['y'])), '{\r\n  "a": [\r\n    "x",\r\n    "y"\r\n  ]\r\n}');
  });
});

describe('JSON writer: insertAfter', () => {
  it('multi-line statements get the same indentation', () => {
    const text = '{\n    "Statement": [\n        {\n            "Effect": "Allow"\n        }\n    ]\n}';
    const statement = arrayIn(text).children![0]!;
    const out = written(text, (w) => w.insertAfter(statement, { Effect: 'Allow', Action: 'a:b', Resource: '*' }));
    assert.equal(
      out,
      '{\n    "Statement": [\n        {\n            "Effect": "Allow"\n        },\n        {\n            "Effect": "Allow",\n            "Action": "a:b",\n            "Resource": "*"\n        }\n    ]\n}',
    );
    JSON.parse(out);
    const crlf = text.replace(/\n/g, '\r\n');
    assert.equal(written(crlf, (w) => w.insertAfter(arrayIn(crlf).children![0]!, { Effect: 'Allow' })), '{\r\n    "Statement": [\r\n        {\r\n            "Effect": "Allow"\r\n        },\r\n        {\r\n            "Effect": "Allow"\r\n        }\r\n    ]\r\n}');
  });
  it('one-line statements stay on one line', () => {
    const text = '{"Statement": [{"Effect": "Allow"}]}';
    const statement = arrayIn(text).children![0]!;
    const out = written(text, (w) => w.insertAfter(statement, { Effect: 'Allow', Action: ['a:b', 'a:c'] }));
    assert.equal(out, '{"Statement": [{"Effect": "Allow"}, {"Effect": "Allow", "Action": ["a:b", "a:c"]}]}');
  });
  it('compactJson escapes like JSON.stringify', () => {
    assert.equal(compactJson({ a: 'x","y' }), '{"a": "x\\",\\"y"}');
  });
});

describe('sourceSpan: where the characters of a value are in the source', () => {
  const json = (text: string, token: string) => {
    const start = text.indexOf(token);
    return { value: JSON.parse(token) as string, start, end: start + token.length, ...jsonTokenInfo(text, start, start + token.length) };
  };
  it('maps characters of an unescaped token one-to-one', () => {
    const text = '["s3:GetObjects"]';
    assert.deepEqual(sourceSpan(json(text, '"s3:GetObjects"'), 3, 13), { start: text.indexOf('GetObjects'), end: text.indexOf('GetObjects') + 10 });
  });
  it('maps the characters around an escape, never across it', () => {
    const text = '["s3:Get\\u004fbjects"]';
    const value = json(text, '"s3:Get\\u004fbjects"');
    assert.equal(value.value, 's3:GetObjects');
    assert.deepEqual(sourceSpan(value, 0, 6), { start: 2, end: 8 });
    assert.equal(sourceSpan(value, 3, 13), undefined);
    assert.deepEqual(sourceSpan(value, 7, 13), { start: text.indexOf('bjects'), end: text.indexOf('bjects') + 6 });
  });
});

describe('fixes on a CRLF policy file', () => {
  it('write CRLF line breaks only', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b/*'] }] }, null, 2).replace(/\n/g, '\r\n');
    const fixes = lintText(policy, { data: testData(), kind: 'iam-policy' }).findings.flatMap(fixesOf);
    assert.ok(fixes.some((f) => f.title.startsWith('Move')) && fixes.some((f) => f.title.startsWith('Add')), fixes.map((f) => f.title).join(', '));
    for (const fix of fixes) {
      const after = applyEdits(policy, fix.edits);
      assert.deepEqual([...new Set(after.match(/\r?\n/g))], ['\r\n'], `${fix.title}:\n${after}`);
    }
  });
});
