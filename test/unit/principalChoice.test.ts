// The verify quick pick offers the principal last used for the file first.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rememberedPrincipalKey, withRememberedFirst, type PrincipalChoice } from '../../client/src/principalChoice';

const items: PrincipalChoice[] = [
  { label: 'a', arn: 'arn:aws:iam::111122223333:role/a' },
  { label: 'b', arn: 'arn:aws:iam::111122223333:role/b' },
];
const make = (arn: string): PrincipalChoice => ({ label: arn, arn });

test('the remembered principal moves to the top, marked, without duplicates', () => {
  const ordered = withRememberedFirst(items, 'arn:aws:iam::111122223333:role/b', make);
  assert.deepEqual(ordered.map((i) => i.arn), ['arn:aws:iam::111122223333:role/b', 'arn:aws:iam::111122223333:role/a']);
  assert.equal(ordered[0]!.description, 'last used for this file');
});

test('a remembered principal missing from the listing (typed ARN, other page) is still offered first', () => {
  const ordered = withRememberedFirst(items, 'arn:aws:iam::444455556666:role/typed', make);
  assert.equal(ordered.length, 3);
  assert.equal(ordered[0]!.arn, 'arn:aws:iam::444455556666:role/typed');
});

test('nothing remembered: the listing is unchanged; keys are per file', () => {
  assert.deepEqual(withRememberedFirst(items, undefined, make), items);
  assert.notEqual(rememberedPrincipalKey('file:///a.json'), rememberedPrincipalKey('file:///b.json'));
});
