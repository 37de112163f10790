// Unit tests for iam/conditionOperators.ts: splitting operator names and their categories.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONDITION_OPERATORS, operatorCategory, splitOperator } from '../../server/src/engine/iam/conditionOperators';

test('splitOperator separates set prefix, base and IfExists', () => {
  assert.deepEqual(splitOperator('ForAnyValue:StringLikeIfExists'), { prefix: 'ForAnyValue', base: 'StringLike', ifExists: true });
  assert.deepEqual(splitOperator('StringEquals'), { prefix: undefined, base: 'StringEquals', ifExists: false });
  // "IfExists" alone is a (wrong) base, not a suffix of nothing.
  assert.deepEqual(splitOperator('IfExists'), { prefix: undefined, base: 'IfExists', ifExists: false });
});

test('operatorCategory knows every documented family and rejects unknown names and prefixes', () => {
  assert.equal(operatorCategory('NumericLessThanEqualsIfExists'), 'Numeric');
  assert.equal(operatorCategory('ForAllValues:ArnLike'), 'Arn');
  assert.equal(operatorCategory('NotIpAddress'), 'IpAddress');
  assert.equal(operatorCategory('StringEqual'), undefined);
  assert.equal(operatorCategory('ForSomeValues:StringEquals'), undefined);
  assert.equal(Object.keys(CONDITION_OPERATORS).length, 28);
});
