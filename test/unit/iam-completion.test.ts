// IAM completion: items offered at the cursor (`|`) and the exact text after one is applied.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeIam, type IamCompletionItem, type IamCompletionOptions } from '../../server/src/engine/iam/completion';
import { CONDITION_OPERATORS, operatorCategory } from '../../server/src/engine/iam/conditionOperators';
import { applyCompletion } from '../support/applyCompletion';
import { testData } from '../support/data';
import { cursor } from '../support/ruleTester';

function complete(textWithBar: string, options: IamCompletionOptions = {}) {
  const { text, offset } = cursor(textWithBar);
  return { text, offset, ...completeIam(text, offset, testData(), options) };
}

function labels(textWithBar: string, options: IamCompletionOptions = {}): string[] {
  return complete(textWithBar, options).items.map((i) => i.label);
}

function item(textWithBar: string, label: string, options: IamCompletionOptions = {}): { text: string; item: IamCompletionItem } {
  const result = complete(textWithBar, options);
  const found = result.items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} among ${result.items.slice(0, 20).map((i) => i.label).join(', ')}`);
  return { text: result.text, item: found };
}

/** The document after accepting `label`, with `|` where the cursor ends. */
function accept(textWithBar: string, label: string, fills: Record<number, string> = {}, options: IamCompletionOptions = {}): string {
  const { text, item: chosen } = item(textWithBar, label, options);
  const applied = applyCompletion(text, chosen, fills);
  return applied.text.slice(0, applied.cursor) + '|' + applied.text.slice(applied.cursor);
}

describe('IAM completion: element keys', () => {
  it('offers the top-level keys in an empty document and lays the object out', () => {
    assert.deepEqual(labels('{|}').sort(), ['Id', 'Statement', 'Version']);
    assert.equal(accept('{|}', 'Version'), '{\n  "Version": "2012-10-17"|\n}');
  });

  it('offers only statement keys inside a statement, without those already present', () => {
    const inside = labels('{"Statement": [{"Effect": "Allow", |}]}');
    assert.ok(inside.includes('Action') && inside.includes('Resource') && inside.includes('Condition'));
    assert.ok(!inside.includes('Version') && !inside.includes('Statement') && !inside.includes('Effect'));
    const withAction = labels('{"Statement": [{"Action": "s3:GetObject", |}]}');
    assert.ok(!withAction.includes('Action') && !withAction.includes('NotAction'), 'Action and NotAction are exclusive');
  });

  it('follows the policy type: no Principal in identity policies, no Resource in trust policies', () => {
    assert.ok(!labels('{"Statement": [{|}]}', { policyType: 'identity' }).includes('Principal'));
    const trust = labels('{"Statement": [{|}]}', { policyType: 'trust' });
    assert.ok(trust.includes('Principal') && !trust.includes('Resource'));
  });

  it('adds the comma after the previous property and continues on a new line', () => {
    assert.equal(
      accept('{\n  "Statement": [\n    {\n      "Effect": "Allow"|\n    }\n  ]\n}', 'Action'),
      '{\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": [\n        "|"\n      ]\n    }\n  ]\n}',
    );
  });

  it('adds a comma after the new property when another one follows', () => {
    assert.equal(accept('{"Statement": [{| "Effect": "Allow"}]}', 'Sid', { 1: 'ReadObjects' }), '{"Statement": [{"Sid": "ReadObjects"|, "Effect": "Allow"}]}');
  });

  it('replaces only the name of a key that already has a value', () => {
    assert.equal(accept('{"Statement": [{"Eff|": "Allow"}]}', 'Effect'), '{"Statement": [{"Effect"|: "Allow"}]}');
  });

  it('inserts the Effect choice with Allow as the default', () => {
    const { item: effect } = item('{"Statement": [{|}]}', 'Effect');
    assert.match(effect.edit.newText, /"Effect": "\$\{1\|Allow,Deny\|\}"/);
  });
});

describe('IAM completion: values', () => {
  it('completes Version and Effect values after the colon', () => {
    assert.equal(accept('{"Version": |}', '2012-10-17'), '{"Version": "2012-10-17"|}');
    assert.equal(accept('{"Version":|}', '2012-10-17'), '{"Version": "2012-10-17"|}', 'a space after the colon');
    assert.deepEqual(labels('{"Statement": [{"Effect": |}]}'), ['Allow', 'Deny']);
    assert.equal(accept('{"Statement": [{"Effect": "D|"}]}', 'Deny'), '{"Statement": [{"Effect": "Deny"|}]}');
  });

  it('offers service prefixes first, then the actions of the typed service', () => {
    const prefixes = complete('{"Statement": [{"Action": "|"}]}');
    const s3 = prefixes.items.find((i) => i.label === 's3');
    assert.ok(s3?.retrigger, 'choosing a service asks for completion again');
    assert.equal(accept('{"Statement": [{"Action": "|"}]}', 's3'), '{"Statement": [{"Action": "s3:|"}]}');
    assert.equal(accept('{"Statement": [{"Action": |}]}', 's3'), '{"Statement": [{"Action": "s3:|"}]}');
  });

  it('completes a partial action name, replacing the whole string, with access level and doc link', () => {
    assert.equal(accept('{"Statement": [{"Action": "s3:Get|"}]}', 's3:GetObject'), '{"Statement": [{"Action": "s3:GetObject"|}]}');
    assert.equal(accept('{"Statement": [{"Action": "s3:Ge|tObj"}]}', 's3:GetObjectAcl'), '{"Statement": [{"Action": "s3:GetObjectAcl"|}]}');
    const { item: getObject } = item('{"Statement": [{"Action": "s3:Get|"}]}', 's3:GetObject');
    assert.match(getObject.detail ?? '', /^Read · /);
    assert.match(getObject.documentation ?? '', /https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html#amazons3-actions-as-permissions/);
    assert.equal(getObject.filterText, '"s3:GetObject"');
  });

  it('completes inside an unterminated string while typing', () => {
    assert.equal(
      accept('{"Statement": [{"Effect": "Allow",\n "Action": "s3:Li|\n}]}', 's3:ListBucket'),
      '{"Statement": [{"Effect": "Allow",\n "Action": "s3:ListBucket"|\n}]}',
    );
  });

  it('lists the actions a typed wildcard covers and asks to be asked again', () => {
    const result = complete('{"Statement": [{"Action": "s3:Get*Acl|"}]}');
    assert.equal(result.isIncomplete, true);
    const actions = result.items.filter((i) => i.kind === 'action').map((i) => i.label);
    assert.ok(actions.includes('s3:GetObjectAcl') && actions.includes('s3:GetBucketAcl'));
    assert.ok(actions.every((a) => /^s3:Get.*Acl/i.test(a)), actions.join(', '));
    assert.ok(result.items.filter((i) => i.kind === 'action').every((i) => i.filterText === '"s3:Get*Acl'));
  });

  it('adds another action after an existing one in an array', () => {
    assert.equal(accept('{"Statement": [{"Action": ["s3:GetObject"|]}]}', 's3'), '{"Statement": [{"Action": ["s3:GetObject","s3:|"]}]}');
    assert.equal(accept('{"Statement": [{"Action": ["s3:GetObject", "s3:P|"]}]}', 's3:PutObject'), '{"Statement": [{"Action": ["s3:GetObject", "s3:PutObject"|]}]}');
  });

  it('offers ARN templates for the statement’s actions as snippets with tabstops', () => {
    const policy = '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "|"}]}';
    const { item: object } = item(policy, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    assert.equal(object.edit.newText, '"arn:${1:aws}:s3:::${2:BucketName}/${3:ObjectName}"');
    assert.equal(
      accept(policy, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', { 2: 'example-bucket', 3: '*' }),
      '{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::example-bucket/*"|}]}',
    );
    const list = labels('{"Statement": [{"Action": "s3:ListBucket", "Resource": "|"}]}');
    assert.ok(list.includes('arn:${Partition}:s3:::${BucketName}'));
    assert.ok(!list.includes('arn:${Partition}:s3:::${BucketName}/${ObjectName}'), 'ListBucket takes buckets, not objects');
  });

  it('puts * first in Resource when every action supports only *', () => {
    const result = complete('{"Statement": [{"Action": "s3:ListAllMyBuckets", "Resource": "|"}]}');
    const sorted = [...result.items].sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.equal(sorted[0]?.label, '*');
  });

  it('offers service principals inside Principal.Service', () => {
    assert.equal(
      accept('{"Statement": [{"Principal": {"Service": "lam|"}}]}', 'lambda.amazonaws.com'),
      '{"Statement": [{"Principal": {"Service": "lambda.amazonaws.com"|}}]}',
    );
    assert.ok(labels('{"Statement": [{"Principal": {|}}]}').includes('Service'));
  });
});

describe('IAM completion: conditions', () => {
  const withAction = (inner: string) => `{"Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": ${inner}}]}`;

  it('offers condition operators, set prefixes and IfExists', () => {
    const ops = labels(withAction('{|}'));
    for (const op of ['StringEquals', 'StringLike', 'Bool', 'IpAddress', 'ForAnyValue:StringEquals', 'StringEqualsIfExists', 'Null', 'ForAnyValue:StringLikeIfExists']) assert.ok(ops.includes(op), op);
    for (const op of ['NullIfExists', 'BinaryNotEquals', 'ForAnyValue:Null']) assert.ok(!ops.includes(op), op);
    assert.equal(accept(withAction('{|}'), 'Bool'), withAction('{\n  "Bool": {\n    |\n  }\n}'));
  });

  it('offers exactly the operators the linter accepts (no drift with iam/conditionOperators)', () => {
    const offered = labels(withAction('{|}'));
    for (const op of offered) assert.ok(operatorCategory(op) !== undefined, `${op} is offered but unknown to the linter`);
    for (const base of Object.keys(CONDITION_OPERATORS)) assert.ok(offered.includes(base), `${base} is not offered`);
  });

  it('offers the condition keys of the statement’s actions and the global keys', () => {
    const keys = labels(withAction('{"StringLike": {|}}'));
    assert.ok(keys.includes('s3:prefix'), 's3:ListBucket supports s3:prefix');
    assert.ok(keys.includes('aws:SecureTransport'));
    assert.ok(!keys.includes('s3:x-amz-acl'), 's3:x-amz-acl is a PutObject key');
  });

  it('ranks keys of the operator’s type first', () => {
    const { text, offset } = cursor(withAction('{"Bool": {|}}'));
    const sorted = completeIam(text, offset, testData()).items.sort((a, b) => a.sortText.localeCompare(b.sortText));
    const firstString = sorted.findIndex((i) => /^String/.test(i.detail ?? ''));
    const lastBool = sorted.map((i) => /^Bool/.test(i.detail ?? '')).lastIndexOf(true);
    assert.ok(lastBool >= 0 && lastBool < firstString, 'every Bool key before the first String key');
  });

  it('inserts a Bool key with a true/false choice and template keys with a tabstop', () => {
    assert.equal(accept(withAction('{"Bool": {|}}'), 'aws:SecureTransport'), withAction('{"Bool": {\n  "aws:SecureTransport": "true"|\n}}'));
    const { item: tag } = item(withAction('{"StringEquals": {|}}'), 'aws:ResourceTag/${TagKey}');
    assert.ok(tag.edit.newText.includes('"aws:ResourceTag/${1:TagKey}": "$2"'), `the value tabstop comes after the key’s: ${tag.edit.newText}`);
    assert.equal(
      accept(withAction('{"StringEquals": {|}}'), 'aws:ResourceTag/${TagKey}', { 1: 'team', 2: 'data' }),
      withAction('{"StringEquals": {\n  "aws:ResourceTag/team": "data"|\n}}'),
    );
  });

  it('offers true/false as values of a Bool key', () => {
    assert.deepEqual(labels(withAction('{"Bool": {"aws:SecureTransport": |}}')), ['true', 'false']);
  });
});

describe('IAM completion: statements', () => {
  it('inserts a statement list and new statements after existing ones', () => {
    assert.equal(accept('{"Statement": |}', '[{}]'), '{"Statement": [\n  {\n    |\n  }\n]}');
    assert.equal(
      accept('{\n  "Statement": [\n    {\n      "Effect": "Allow"\n    }|\n  ]\n}', '{}'),
      '{\n  "Statement": [\n    {\n      "Effect": "Allow"\n    },\n    {\n      |\n    }\n  ]\n}',
    );
  });

  it('offers nothing outside the policy object or inside a number', () => {
    assert.deepEqual(labels('|{}'), []);
    assert.deepEqual(labels('{"Version": 20|12}'), []);
  });
});
