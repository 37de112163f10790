// The RuleTester itself: it must fail a case that leaves out a finding, its range, messageId, safe fix or suggestions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unknownAction } from '../../server/src/engine/rules/iam/unknownAction';
import { unknownService } from '../../server/src/engine/rules/iam/unknownService';
import { assertInvalidCase, assertRegistered, assertValidCase, type ExpectedFinding } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
/** One typo with a certain correction: a safe fix. */
const typo = V + '{"Effect":"Allow","Action":"s3:GetObjects","Resource":"*"}]}';
const typoFinding: ExpectedFinding = {
  messageId: 'unknownAction',
  line: 1,
  column: 65,
  endLine: 1,
  endColumn: 80,
  output: typo.replace('GetObjects', 'GetObject'),
};
/** A product name as service prefix: a suggestion, no safe fix. */
const dynamo = V + '{"Effect":"Allow","Action":"dynamo:GetItem","Resource":"*"}]}';
const dynamoFinding: ExpectedFinding = {
  messageId: 'unknownService',
  line: 1,
  column: 66,
  endLine: 1,
  endColumn: 72,
  output: null,
  suggestions: [{ title: 'Change the service prefix to "dynamodb"', output: dynamo.replace('dynamo:', 'dynamodb:') }],
};

describe('RuleTester', () => {
  it('passes complete, correct cases (so the failures below are for the reason shown)', () => {
    assertRegistered(unknownAction);
    assertInvalidCase(unknownAction, { code: typo, errors: [typoFinding] });
    assertInvalidCase(unknownService, { code: dynamo, errors: [dynamoFinding] });
    assertValidCase(unknownAction, { code: dynamo });
  });

  it('takes only the registered rule object: a copy (as a misspelt id would be) fails', () => {
    assert.throws(() => assertRegistered({ ...unknownAction }), /not in the rule registry/);
    assert.throws(() => assertRegistered({ ...unknownAction, id: 'iam/unknown-actoin' }), /not in the rule registry/);
  });

  it('fails a valid case that has a finding, and an invalid case that leaves one out or expects none', () => {
    assert.throws(() => assertValidCase(unknownAction, { code: typo }), /expected no iam\/unknown-action finding/);
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [] }), /at least one finding/);
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [typoFinding, typoFinding] }), /expected 2 finding\(s\), got 1/);
  });

  it('fails on a wrong or undeclared messageId, a wrong range, or a message that does not match', () => {
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [{ ...typoFinding, messageId: 'apiOperation' }] }), /messageId/);
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [{ ...typoFinding, messageId: 'unknwonAction' }] }), /does not declare/);
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [{ ...typoFinding, endColumn: 79 }] }), /range/);
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [{ ...typoFinding, message: 'not an action of service "ec2"' }] }), /message should contain/);
  });

  it('fails when the safe fix is missing, unexpected or produces other text', () => {
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [{ ...typoFinding, output: null }] }), /expects no safe fix/);
    assert.throws(() => assertInvalidCase(unknownAction, { code: typo, errors: [{ ...typoFinding, output: typo.replace('GetObjects', 'GetObjectAcl') }] }), /text after the safe fix/);
    assert.throws(() => assertInvalidCase(unknownService, { code: dynamo, errors: [{ ...dynamoFinding, output: dynamo.replace('dynamo:', 'dynamodb:') }] }), /expects a safe fix/);
  });

  it('fails when suggestions are left out, or their titles or texts differ', () => {
    const { suggestions: _omitted, ...withoutSuggestions } = dynamoFinding;
    assert.throws(() => assertInvalidCase(unknownService, { code: dynamo, errors: [withoutSuggestions] }), /suggestions/);
    assert.throws(() => assertInvalidCase(unknownService, { code: dynamo, errors: [{ ...dynamoFinding, suggestions: [{ title: 'Change to "dynamodb"', output: dynamo.replace('dynamo:', 'dynamodb:') }] }] }), /suggestions/);
    assert.throws(() => assertInvalidCase(unknownService, { code: dynamo, errors: [{ ...dynamoFinding, suggestions: [{ title: 'Change the service prefix to "dynamodb"', output: dynamo }] }] }), /suggestions/);
  });
});
