// LSP conversion of editor features: plain-text completions for clients without snippets, folding lines, symbol ranges.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snippetToPlainText, toCompletionList, toFoldingRanges } from '../../server/src/lsp/editorFeatures';
import { completeIam } from '../../server/src/engine/iam/completion';
import { LineIndex } from '../../server/src/engine/text';
import { testData } from '../support/data';

describe('LSP conversion', () => {
  it('turns snippets into plain text with the placeholders for clients without snippet support', () => {
    assert.equal(snippetToPlainText('"arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}"'), '"arn:aws:s3:::BucketName/ObjectName"');
    assert.equal(snippetToPlainText('"Effect": "${1|Allow,Deny|}"$0'), '"Effect": "Allow"');
    assert.equal(snippetToPlainText('"a\\$b\\}c\\\\d"'), '"a$b}c\\d"');
  });

  it('sends plain text and no re-trigger command to a client without snippets', () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ""}]}';
    const offset = text.indexOf('"Resource": "') + '"Resource": "'.length;
    const list = toCompletionList(completeIam(text, offset, testData()), new LineIndex(text), { snippets: false, markdown: false });
    const object = list.items.find((i) => i.label === 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    assert.equal(object?.insertTextFormat, 1 /* PlainText */);
    assert.equal((object?.textEdit as { newText: string }).newText, '"arn:aws:s3:::BucketName/ObjectName"');
    const policy = '{"Statement": [{"Action": "|"}]}';
    const list2 = toCompletionList(completeIam(policy.replace('|', ''), policy.indexOf('|'), testData()), new LineIndex(policy.replace('|', '')), { snippets: false, markdown: false });
    const s3 = list2.items.find((i) => i.label === 's3')!;
    assert.deepEqual([s3.command, (s3.textEdit as { newText: string }).newText, typeof s3.documentation], [undefined, '"s3:"', 'string']);
  });

  it('folds to the line before a closing bracket that starts its line, and drops one-line ranges', () => {
    const text = '{\n  "a": [\n    1\n  ],\n  "b": [2]\n}';
    const lines = new LineIndex(text);
    const array = { start: text.indexOf('['), end: text.indexOf(']') + 1 };
    const inline = { start: text.indexOf('[2]'), end: text.indexOf('[2]') + 3 };
    assert.deepEqual(toFoldingRanges([array, inline, { start: 0, end: text.length }], text, lines), [
      { startLine: 1, endLine: 2 },
      { startLine: 0, endLine: 4 },
    ]);
  });
});
