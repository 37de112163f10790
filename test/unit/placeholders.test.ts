// Unit tests for iam/placeholders.ts: which pieces of a string are unfilled placeholders, and which are real policy variables.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dollarBraceKind, findPlaceholders, hasPlaceholder, isPolicyVariable, placeholderKind, templateSyntax } from '../../server/src/engine/iam/placeholders';
import { lintText } from '../../server/src/engine/lint';
import { lintCode } from '../support/ruleTester';
import { testData } from '../support/data';

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
  for (const value of ['${aws:userid}', '${aws:SourceIdentity}', '${s3:prefix}', '${saml:sub}', '${www.amazon.com:user_id}', '${cognito-identity.amazonaws.com:sub}', "${aws:PrincipalTag/team, 'company-wide'}", '${}']) {
    assert.equal(hasPlaceholder(value), false, value);
  }
  assert.equal(isPolicyVariable('${aws:username}'), true);
  assert.equal(isPolicyVariable('${www.amazon.com:user_id}'), true);
  assert.equal(isPolicyVariable('${region}'), false);
  assert.equal(isPolicyVariable('${AWS::AccountId}'), false);
  assert.equal(isPolicyVariable('${}'), false);
});

test('template leftovers: CloudFormation pseudo parameters and Terraform references are placeholders, named by their syntax', () => {
  assert.deepEqual(texts('arn:${AWS::Partition}:s3:::b-${AWS::AccountId}-${AWS::Region}/${var.x}/${local.y}/${data.aws_caller_identity.current.account_id}'), [
    '${AWS::Partition}',
    '${AWS::AccountId}',
    '${AWS::Region}',
    '${var.x}',
    '${local.y}',
    '${data.aws_caller_identity.current.account_id}',
  ]);
  assert.equal(templateSyntax('AWS::AccountId'), 'a CloudFormation pseudo parameter');
  assert.equal(templateSyntax('var.bucket'), 'a Terraform input variable');
  assert.equal(templateSyntax('local.prefix'), 'a Terraform local value');
  assert.equal(templateSyntax('data.aws_region.current.name'), 'a Terraform data source attribute');
  assert.equal(templateSyntax('module.m.arn'), 'a Terraform module output');
  assert.equal(templateSyntax('aws_s3_bucket.logs.arn'), 'a Terraform resource attribute');
  assert.equal(templateSyntax('each.value'), 'a Terraform expression');
  assert.equal(templateSyntax('aws:username'), undefined);
  assert.equal(templateSyntax('region'), undefined);
  assert.equal(placeholderKind('${AWS::Region}'), 'template-leftover');
  assert.deepEqual(
    ['*', '?', '$', '', '  ', 'aws:username', 'aws: user name', 'www.amazon.com:user_id', 'AWS::Region', 'var.x', 'region', 'Foo::Bar'].map(dollarBraceKind),
    ['special', 'special', 'special', 'empty', 'empty', 'policy-variable', 'policy-variable', 'policy-variable', 'template-leftover', 'template-leftover', 'template-variable', 'template-variable'],
  );
});

test('no finding of any rule calls a template leftover a policy variable', () => {
  const code = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:${AWS::Partition}:s3:${AWS::Region}:${AWS::AccountId}:accesspoint/${var.name}"}]}';
  const findings = lintCode(code, 'iam-policy');
  assert.deepEqual(findings.filter((f) => /policy variable \$\{(AWS::|var\.)/i.test(f.message)).map((f) => f.message), []);
  assert.deepEqual(
    findings.filter((f) => f.ruleId === 'iam/placeholder').map((f) => [f.messageId, code.slice(f.start, f.end)]),
    [
      ['templateLeftover', '${AWS::Partition}'],
      ['templateLeftover', '${AWS::Region}'],
      ['templateLeftover', '${AWS::AccountId}'],
      ['templateLeftover', '${var.name}'],
    ],
  );
});

test('placeholder kinds for messages', () => {
  assert.equal(placeholderKind('<bucket>'), 'angle');
  assert.equal(placeholderKind('${region}'), 'template-variable');
  assert.equal(placeholderKind('{{x}}'), 'template-variable');
  assert.equal(placeholderKind('YOUR_ACCOUNT_ID'), 'word');
});

test('in Terraform and CloudFormation files, template expressions are deploy-time values: no rule reports them', () => {
  const tf =
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = ["arn:aws:s3:::${var.bucket}/${local.prefix}/*", "arn:aws:s3:::b/${data.aws_caller_identity.current.account_id}/$${aws:username}/*"] }]\n  })\n}\n';
  const cfn =
    'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub "arn:${AWS::Partition}:s3:::b-${AWS::AccountId}-${AWS::Region}/${!aws:username}/*"\n';
  for (const [host, code] of [['terraform', tf], ['cloudformation', cfn]] as const) {
    const findings = lintText(code, { data: testData(), kind: 'iam-policy', host }).findings;
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.messageId}: ${code.slice(f.start, f.end)}`), [], host);
  }
});
