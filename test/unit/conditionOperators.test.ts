// Unit tests for iam/conditionOperators.ts: the operator table, splitting names and parsing them as IAM does.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  baseOperator,
  comparesKeyType,
  CONDITION_OPERATORS,
  describeOperator,
  offeredOperatorNames,
  operatorCategory,
  parseOperator,
  splitOperator,
  suitsKeyType,
} from '../../server/src/engine/iam/conditionOperators';

test('splitOperator separates set prefix, base and IfExists as written', () => {
  assert.deepEqual(splitOperator('ForAnyValue:StringLikeIfExists'), { prefix: 'ForAnyValue', base: 'StringLike', suffix: 'IfExists', ifExists: true });
  assert.deepEqual(splitOperator('StringEquals'), { prefix: undefined, base: 'StringEquals', suffix: '', ifExists: false });
  // A suffix in another letter case is still taken off, so that it can be corrected.
  assert.deepEqual(splitOperator('StringEqualsifexists'), { prefix: undefined, base: 'StringEquals', suffix: 'ifexists', ifExists: true });
  // "IfExists" alone is a (wrong) base, not a suffix of nothing.
  assert.deepEqual(splitOperator('IfExists'), { prefix: undefined, base: 'IfExists', suffix: '', ifExists: false });
});

test('parseOperator accepts the documented names, spelt exactly', () => {
  const parsed = parseOperator('ForAnyValue:StringLikeIfExists');
  assert.equal(parsed?.set, 'ForAnyValue');
  assert.equal(parsed?.base.name, 'StringLike');
  assert.equal(parsed?.ifExists, true);
  assert.equal(parseOperator('ForAllValues:Null')?.base.name, 'Null', 'a set prefix on Null is only an Access Analyzer suggestion');
  for (const rejected of ['stringequals', 'stringEquals', 'STRINGEQUALS', 'forallvalues:StringEquals', 'StringEqualsifExists', 'NullIfExists', 'BinaryNotEquals', 'ForSomeValues:StringEquals', 'StringEquals:ForAnyValue', 'IfExists', '', 'constructor', '__proto__']) {
    assert.equal(parseOperator(rejected), undefined, rejected);
  }
});

test('the table holds the 27 documented base operators and their facts', () => {
  assert.equal(Object.keys(CONDITION_OPERATORS).length, 27);
  assert.equal(baseOperator('BinaryNotEquals'), undefined, 'IAM documents BinaryEquals only');
  assert.deepEqual(
    Object.values(CONDITION_OPERATORS)
      .filter((o) => o.negated)
      .map((o) => o.name),
    ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike'],
  );
  assert.deepEqual(
    Object.values(CONDITION_OPERATORS)
      .filter((o) => o.wildcards)
      .map((o) => o.name),
    ['StringLike', 'StringNotLike', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  );
  assert.deepEqual(
    Object.values(CONDITION_OPERATORS)
      .filter((o) => o.ignoresCase)
      .map((o) => o.name),
    ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
  );
  assert.deepEqual(
    Object.values(CONDITION_OPERATORS)
      .filter((o) => !o.ifExists)
      .map((o) => o.name),
    ['Null'],
  );
  assert.equal(operatorCategory('NumericLessThanEqualsIfExists'), 'Numeric');
  assert.equal(operatorCategory('ForAllValues:ArnLike'), 'Arn');
  assert.equal(operatorCategory('NotIpAddress'), 'IpAddress');
});

test('key types: what each family compares as intended, and what it is made for', () => {
  assert.ok(comparesKeyType('String', 'Bool') && comparesKeyType('String', 'ArrayOfARN'));
  assert.ok(comparesKeyType('Arn', 'String') && comparesKeyType('Arn', 'ArrayOfARN') && !comparesKeyType('Arn', 'Bool'));
  assert.ok(comparesKeyType('Numeric', 'Numeric') && !comparesKeyType('Numeric', 'String'));
  assert.ok(comparesKeyType('IpAddress', 'IPAddress') && !comparesKeyType('IpAddress', 'ARN'));
  assert.ok(suitsKeyType('String', 'ARN') && !suitsKeyType('String', 'Bool'));
  assert.ok(suitsKeyType('Arn', 'ArrayOfARN') && !suitsKeyType('Arn', 'String'));
  assert.ok(suitsKeyType('Null', 'Date'));
});

test('offeredOperatorNames: every name parses back to itself; set prefixes only where they mean something', () => {
  const offered = offeredOperatorNames();
  assert.equal(new Set(offered.map((o) => o.name)).size, offered.length, 'no duplicates');
  for (const { name, parsed } of offered) assert.deepEqual(parseOperator(name), parsed, name);
  const names = offered.map((o) => o.name);
  for (const name of ['StringEquals', 'ForAnyValue:StringEqualsIfExists', 'ForAllValues:Bool', 'NotIpAddressIfExists', 'Null', 'BinaryEqualsIfExists']) assert.ok(names.includes(name), name);
  for (const name of ['NullIfExists', 'ForAnyValue:Null', 'ForAllValues:BinaryEquals']) assert.ok(!names.includes(name), name);
});

test('describeOperator says what the base, the set prefix and IfExists do', () => {
  const lines = describeOperator(parseOperator('ForAllValues:StringNotLikeIfExists')!);
  assert.match(lines[0]!, /^Negated match with \* and \? wildcards\. Compares strings\.$/);
  assert.ok(lines.some((l) => l.startsWith('Negated:')));
  assert.ok(lines.some((l) => l.startsWith('`ForAllValues:`')));
  assert.ok(lines.some((l) => l.startsWith('`…IfExists`')));
  assert.ok(describeOperator(parseOperator('ForAnyValue:Null')!).some((l) => l.includes('NULL_WITH_QUALIFIER')));
});
