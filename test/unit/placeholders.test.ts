// Unit tests for iam/placeholders.ts: which pieces of a string are unfilled placeholders, and which are real policy variables.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPlaceholders, hasPlaceholder, isPolicyVariable, placeholderKind } from '../../server/src/engine/iam/placeholders';

const texts = (value: string): string[] => findPlaceholders(value).map((m) => m.text);

test('angle-bracket, template and sample-word placeholders, with offsets inside the string', () => {
  assert.deepEqual(findPlaceholders('arn:aws:s3:::<S3-source-bucket-name>/*'), [{ start: 13, end: 36, text: '<S3-source-bucket-name>' }]);
  assert.deepEqual(texts('arn:aws:logs:${region}:${account_id}:log-group:x'), ['${region}', '${account_id}']);
  assert.deepEqual(texts('arn:aws:iam::YOUR_ACCOUNT_ID:root'), ['YOUR_ACCOUNT_ID']);
  assert.deepEqual(texts('arn:aws:s3:::your-bucket-name/*'), ['your-bucket-name']);
  assert.deepEqual(texts('arn:aws:sqs:*:<aws account id>:tonic-*'), ['<aws account id>']);
  assert.deepEqual(texts('{{vpce_id}}'), ['{{vpce_id}}']);
  assert.deepEqual(texts('arn:aws:iam::ACCOUNT_ID:role/REPLACE_ME'), ['ACCOUNT_ID', 'REPLACE_ME']);
});

test('real policy variables, $folder$ keys, wildcards and ordinary names are not placeholders', () => {
  for (const value of ['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/${aws:PrincipalTag/team}', '${*}', '${?}', '${$}', 'arn:aws:s3:::my-backups-oregon/467398596935/*_$folder$', 'arn:aws:s3:::tonic-*', 'Yourself', 'arn:aws:iam::111122223333:role/Account']) {
    assert.equal(hasPlaceholder(value), false, value);
  }
  assert.equal(isPolicyVariable('${aws:username}'), true);
  assert.equal(isPolicyVariable('${region}'), false);
});

test('placeholder kinds for messages', () => {
  assert.equal(placeholderKind('<bucket>'), 'angle');
  assert.equal(placeholderKind('${region}'), 'template-variable');
  assert.equal(placeholderKind('{{x}}'), 'template-variable');
  assert.equal(placeholderKind('YOUR_ACCOUNT_ID'), 'word');
});
