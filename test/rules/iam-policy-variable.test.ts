// Fixtures for iam/policy-variable.

import { policyVariable } from '../../server/src/engine/rules/iam/policyVariable';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { LineIndex } from '../../server/src/engine/text';
import type { Report } from '../../server/src/engine/types';
import { testData } from '../support/data';

const V = '{"Version":"2012-10-17","Statement":[';
/** An identity-policy statement on S3 objects with the given Resource (a JSON value). */
const resource = (value: string): string => V + `{"Effect":"Allow","Action":"s3:GetObject","Resource":${value}}]}`;
/** A statement with the given Condition (a JSON object). */
const condition = (value: string): string => V + `{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":${value}}]}`;

/** Variables as AWS managed policies and AWS's documentation write them. */
const managed = resource(
  JSON.stringify([
    'arn:aws:s3:::b/home/${aws:username}/*',
    'arn:aws:s3:::b/${aws:userid}/*',
    'arn:aws:s3:::b/${aws:PrincipalTag/team}/*',
    'arn:aws:s3:::b/${aws:PrincipalTag/datazone:userId}/*',
    'arn:aws:s3:::b/${aws:SourceIdentity}/*',
    'arn:aws:s3:::b/${saml:sub}/*',
    'arn:aws:s3:::b/${www.amazon.com:user_id}/*',
    'arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*',
    'arn:aws:s3:::b/${accounts.google.com:sub}/*',
    'arn:aws:s3:::b/${sagemaker:DomainId}/${ec2:SourceInstanceARN}/*',
    'arn:aws:s3:::b/literal-${*}-${?}-${$}',
    "arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}",
    "arn:aws:s3:::b/${aws:PrincipalTag/team, 'two words'}",
    'arn:aws:s3:::b/_$folder$',
    'arn:aws:iot:us-east-1:111122223333:client/${iot:ClientId}',
    'arn:aws:iot:us-east-1:111122223333:thing/${iot:Connection.Thing.ThingName}',
  ]),
);

/** Terraform writes a policy variable as `$${…}`; next to an interpolation it cannot be judged. */
const TF = (resources: string): string =>
  `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = [${resources}] }]\n  })\n}\n`;
const CFN =
  'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub "arn:${AWS::Partition}:s3:::b-${AWS::AccountId}/${!aws:username}/*"\n';

const emptyVar = resource('"arn:aws:s3:::b/${}/*"');
const unclosed = resource('"arn:aws:s3:::b/${aws:username/*"');
const unclosedBeforeNext = resource('"arn:aws:s3:::b/${aws:username/${aws:userid}/*"');
const spaced = resource('"arn:aws:s3:::b/${aws: username}/*"');
const symbol = resource('"arn:aws:s3:::b/${aws:user#name}/*"');
const unquoted = resource('"arn:aws:s3:::b-${aws:PrincipalTag/team, company-wide}"');
const halfQuoted = resource('"arn:aws:s3:::b-${aws:PrincipalTag/team, \'company-wide}"');
const elements =
  '{"Version":"2012-10-17","Statement":[{"Sid":"Home${aws:username}","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/${aws:username}"},"Action":"s3:Get${*}","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:ResourceTag/${aws:username}":"x"}}}]}';
const legacy = '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}]}';
const noVersion = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}]}';
const numeric = condition('{"NumericLessThan":{"aws:MultiFactorAuthAge":"${aws:username}"},"DateGreaterThan":{"aws:CurrentTime":"${*}"},"BoolIfExists":{"aws:SecureTransport":"${aws:userid}"}}');
const typo = resource('"arn:aws:s3:::b/${aws:usrname}/*"');
const tagTypo = resource('"arn:aws:s3:::b/${aws:PrincipalTags/team}/*"');
const serviceTypo = condition('{"StringLike":{"s3:prefix":"${s3:prefx}/*"}}');
const farOff = resource('"arn:aws:s3:::b/${aws:somethingElseEntirely}/*"');
const multivalued = resource('"arn:aws:s3:::b/${aws:TagKeys}/*"');
const tfUnclosed = TF('"arn:aws:s3:::${var.bucket}/home/$${aws:username/*"');
const tfTypo = TF('"arn:aws:s3:::${var.bucket}/$${aws:usrname}/*", "arn:aws:s3:::b-$${aws:PrincipalTag/team, company-wide}"');
const escaped = resource('"arn:aws:s3:::\\u0062/${aws:usrname}"');

runRuleTests(policyVariable, {
  valid: [
    { name: 'variables of AWS managed policies and AWS docs: global and service keys, identity providers, special characters, quoted defaults', code: managed },
    {
      name: 'variables in String and Arn condition values (IfExists and set prefixes included)',
      code: condition('{"StringLike":{"s3:prefix":["${aws:username}/*"]},"ArnEquals":{"aws:SourceArn":"arn:aws:iam::111122223333:user/${aws:username}"},"ForAnyValue:StringEqualsIfExists":{"aws:PrincipalTag/team":"${aws:PrincipalTag/team}"}}'),
    },
    { name: 'template variables and leftovers are iam/placeholder\'s', code: resource('["arn:aws:s3:::${BucketName}/*","arn:aws:s3:::${AWS::AccountId}/*","arn:aws:s3:::${var.b}/*"]') },
    { name: 'a template variable in Action is iam/placeholder\'s', code: V + '{"Effect":"Allow","Action":"${service}:Get*","Resource":"*"}]}' },
    { name: 'a $ alone is no variable', code: resource('"arn:aws:s3:::b/$x/{y}/$"') },
    { name: 'Terraform: $${…} is a policy variable, and text next to an interpolation is not judged', host: 'terraform', code: TF('"arn:aws:s3:::b/$${aws:username}/*", "arn:aws:s3:::b/$${aws:PrincipalTag/${var.tag}}/*", "arn:aws:s3:::b/$${${var.key}"') },
    { name: 'CloudFormation: ${!aws:username} in !Sub is the policy variable; pseudo parameters are deploy-time values', host: 'cloudformation', code: CFN },
    { name: 'an invalid Version is iam/policy-version\'s alone', code: '{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}"}]}' },
    { name: 'an unknown operator is another rule\'s', code: condition('{"NumericLessThen":{"aws:MultiFactorAuthAge":"${aws:username}"}}') },
    { name: 'odd JSON types are ignored', code: '{"Version":"2012-10-17","Statement":[{"Effect":1,"Action":[null],"Resource":{"a":"${"},"Condition":{"StringEquals":[1]}}]}' },
  ],
  invalid: [
    {
      name: 'EMPTY_VARIABLE: ${}',
      code: emptyVar,
      errors: [{ messageId: 'emptyVariable', severity: 'error', ...spanOf(emptyVar, '${}'), output: null }],
    },
    {
      name: 'MISSING_BRACE_IN_VARIABLE: the unclosed variable runs to the end of the value',
      code: unclosed,
      errors: [{ messageId: 'missingBrace', message: '${aws:username/* has no closing "}"', ...spanOf(unclosed, '${aws:username/*'), output: null }],
    },
    {
      name: 'MISSING_BRACE_IN_VARIABLE: … or to the next variable, which is checked on its own',
      code: unclosedBeforeNext,
      errors: [{ messageId: 'missingBrace', ...spanOf(unclosedBeforeNext, '${aws:username/'), output: null }],
    },
    {
      name: 'UNSUPPORTED_SPACE_IN_VARIABLE, with a suggestion to remove it',
      code: spaced,
      errors: [
        {
          messageId: 'unsupportedSpace',
          ...spanOf(spaced, '${aws: username}'),
          output: null,
          suggestions: [{ title: 'Remove the space: ${aws:username}', output: spaced.replace('${aws: username}', '${aws:username}') }],
        },
      ],
    },
    {
      name: 'UNSUPPORTED_SYMBOL_IN_VARIABLE',
      code: symbol,
      errors: [{ messageId: 'unsupportedSymbol', message: 'has "#" in its name', ...spanOf(symbol, '${aws:user#name}'), output: null }],
    },
    {
      name: 'MISSING_QUOTE_IN_VARIABLE: an unquoted default is quoted by the fix',
      code: unquoted,
      errors: [
        {
          messageId: 'missingQuote',
          ...spanOf(unquoted, '${aws:PrincipalTag/team, company-wide}'),
          output: unquoted.replace(', company-wide}', ", 'company-wide'}"),
        },
      ],
    },
    {
      name: 'MISSING_QUOTE_IN_VARIABLE: a default with one quote gets the other',
      code: halfQuoted,
      errors: [{ messageId: 'missingQuote', ...spanOf(halfQuoted, "${aws:PrincipalTag/team, 'company-wide}"), output: halfQuoted.replace("'company-wide}", "'company-wide'}") }],
    },
    {
      name: 'VARIABLE_UNSUPPORTED_IN_ELEMENT: Sid, Principal, Action and a condition key',
      code: elements,
      errors: [
        { messageId: 'variableInElement', message: '${aws:username} in Sid', ...spanOf(elements, '${aws:username}', 0), output: null },
        { messageId: 'variableInElement', message: '${aws:username} in Principal', ...spanOf(elements, '${aws:username}', 1), output: null },
        { messageId: 'variableInElement', message: 'in Action', ...spanOf(elements, '${*}'), output: null },
        { messageId: 'variableInElement', message: 'in the condition key', ...spanOf(elements, '${aws:username}', 2), output: null },
      ],
    },
    {
      name: 'VARIABLE_UNSUPPORTED_IN_VERSION: 2008-10-17',
      code: legacy,
      errors: [{ messageId: 'variableInLegacyVersion', message: 'has "Version": "2008-10-17"', ...spanOf(legacy, '${aws:username}'), output: null }],
    },
    {
      name: 'VARIABLE_UNSUPPORTED_IN_VERSION: no Version',
      code: noVersion,
      errors: [{ messageId: 'variableInLegacyVersion', message: 'has no "Version"', ...spanOf(noVersion, '${aws:username}'), output: null }],
    },
    {
      name: 'INVALID_VARIABLE_FOR_OPERATOR: Numeric, Date and Bool operators (special characters are variables too)',
      code: numeric,
      errors: [
        { messageId: 'invalidForOperator', message: 'with NumericLessThan', ...spanOf(numeric, '${aws:username}'), output: null },
        { messageId: 'invalidForOperator', message: 'with DateGreaterThan', ...spanOf(numeric, '${*}'), output: null },
        { messageId: 'invalidForOperator', message: 'with BoolIfExists', ...spanOf(numeric, '${aws:userid}'), output: null },
      ],
    },
    {
      name: 'unknown global variable: a one-typo correction is the safe fix',
      code: typo,
      errors: [
        {
          messageId: 'unknownVariable',
          message: 'Did you mean ${aws:username}?',
          severity: 'warning',
          ...spanOf(typo, '${aws:usrname}'),
          output: typo.replace('usrname', 'username'),
        },
      ],
    },
    {
      name: 'unknown tag-key variable: the head is corrected, the tag key kept',
      code: tagTypo,
      errors: [{ messageId: 'unknownVariable', message: 'Did you mean ${aws:PrincipalTag/team}?', ...spanOf(tagTypo, '${aws:PrincipalTags/team}'), output: tagTypo.replace('PrincipalTags', 'PrincipalTag') }],
    },
    {
      name: 'unknown service variable',
      code: serviceTypo,
      errors: [{ messageId: 'unknownVariable', message: 'Did you mean ${s3:prefix}?', ...spanOf(serviceTypo, '${s3:prefx}'), output: serviceTypo.replace('prefx', 'prefix') }],
    },
    {
      name: 'unknown variable without a close name: no fix',
      code: farOff,
      errors: [{ messageId: 'unknownVariable', message: /is not a known condition key[^?]*$/, ...spanOf(farOff, '${aws:somethingElseEntirely}'), output: null }],
    },
    {
      name: 'a multivalued key cannot be a variable',
      code: multivalued,
      errors: [{ messageId: 'multivaluedVariable', severity: 'warning', ...spanOf(multivalued, '${aws:TagKeys}'), output: null }],
    },
    {
      name: 'Terraform: a $${ escape is reported at the variable\'s name',
      host: 'terraform',
      code: tfUnclosed,
      errors: [{ messageId: 'missingBrace', message: '${aws:username/* has no closing', ...spanOf(tfUnclosed, 'aws:username/*'), output: null }],
    },
    {
      name: 'Terraform: fixes are written in HCL, next to an interpolation',
      host: 'terraform',
      code: tfTypo,
      errors: [
        { messageId: 'unknownVariable', ...spanOf(tfTypo, 'aws:usrname'), output: tfTypo.replace('usrname', 'username') },
        { messageId: 'missingQuote', ...spanOf(tfTypo, 'aws:PrincipalTag/team, company-wide'), output: tfTypo.replace(', company-wide}', ", 'company-wide'}") },
      ],
    },
    {
      name: 'an escape earlier in the string does not shift the range',
      code: escaped,
      errors: [{ messageId: 'unknownVariable', ...spanOf(escaped, '${aws:usrname}'), output: escaped.replace('usrname', 'username') }],
    },
  ],
});

describe('did-you-mean searches are counted per statement', () => {
  it('a statement with more misspelt variables than searches does not leave the next statement without its hint', () => {
    const crowded = { Effect: 'Allow', Action: 's3:GetObject', Resource: Array.from({ length: 120 }, (_, i) => `arn:aws:s3:::b/\${aws:zz${i.toString(36)}q}/*`) };
    const next = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:usrname}/*' };
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [crowded, next] });
    // The rule itself (the engine would keep only its first 100 findings).
    const reports: Report[] = [];
    policyVariable.check({ doc: parseIamDocument(text), text, lines: new LineIndex(text), data: testData(), report: (r) => reports.push(r) });
    assert.equal(reports.length, 121);
    const last = reports.find((r) => r.start === text.indexOf('${aws:usrname}'));
    assert.ok(last);
    assert.match(String(last.data?.hint), /Did you mean \$\{aws:username\}\?/);
  });
});
