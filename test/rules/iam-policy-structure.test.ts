// Fixtures for iam/policy-structure.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/engine/fixAll';
import { testData } from '../support/data';
import { policyStructure } from '../../server/src/engine/rules/iam/policyStructure';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests(policyStructure, {
  valid: [
    { name: 'a non-Latin-1 character written as a \\u escape is ASCII in the document', code: V + '{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/name":"\\u30c6"}}}]}' },
    { name: 'Latin-1 characters are accepted', code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/caf\u00e9/*"}]}' },
    {
      name: 'resource policies: the service decides the character set',
      policyType: 'resource',
      code: V + '{"Sid":"Read\u2019s","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/\u30c6/*"}]}',
    },
    { name: 'identity policy', code: V + '{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'single statement object', code: '{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::b"}}' },
    { name: 'trust policy without Resource', code: V + '{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' },
    { name: 'KMS key policy with Resource "*"', code: V + '{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}' },
    { name: 'condition values of every scalar type', code: V + '{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10},"StringLike":{"s3:prefix":["*"]}}}]}' },
    { name: 'an Id string', code: '{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    {
      name: 'ECR repository policy without Resource (AWS-documented form)',
      code: V + '{"Sid":"AllowPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}',
    },
    { name: 'SCP without Principal', policyType: 'scp', code: V + '{"Effect":"Deny","Action":"*","Resource":"*"}]}' },
    { name: 'a half-typed statement: no "missing element" noise while json-syntax reports the error', code: V + '{"Effect":"Allow","Action":"s3:GetObject","Res' },
    { name: 'an array emptied by a syntax error is not reported as empty', code: V + '{"Effect":"Allow","Action":"iam:PassRole","Resource":[\n<ARN to Structural Lambda Role>\n]}]}' },
  ],
  invalid: [
    {
      name: 'misspelled top-level Statement: renamed, and not reported missing as well',
      code: '{"Version":"2012-10-17","Statment":[]}',
      errors: [
        {
          messageId: 'unknownPolicyElement',
          message: 'did you mean "Statement"',
          line: 1, column: 25, endLine: 1, endColumn: 35,
          output: '{"Version":"2012-10-17","Statement":[]}',
        },
      ],
    },
    {
      name: 'Resources → Resource (seed-style typo), and Resource not reported missing',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resources":"*"}]}',
      errors: [
        {
          messageId: 'unknownStatementElement',
          message: 'Unknown statement element "Resources" — did you mean "Resource"?',
          line: 1, column: 80, endLine: 1, endColumn: 91,
          severity: 'error',
          output: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
        },
      ],
    },
    {
      name: 'wrong case of an element name',
      code: V + '{"effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      errors: [
        {
          messageId: 'unknownStatementElement',
          message: 'did you mean "Effect"',
          line: 1, column: 39, endLine: 1, endColumn: 47,
          output: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
        },
      ],
    },
    {
      name: 'rename fix is not preferred when the target element already exists',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Resources":"*"}]}',
      errors: [
        {
          messageId: 'unknownStatementElement',
          message: '"Resources"',
          line: 1, column: 95, endLine: 1, endColumn: 106,
          output: null,
          suggestions: [{ title: 'Rename to "Resource"', output: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Resource":"*"}]}' }],
        },
      ],
    },
    {
      name: 'unknown element without a suggestion',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Comment":"read only"}]}',
      errors: [
        {
          messageId: 'unknownStatementElement',
          message: 'Unknown statement element "Comment": IAM rejects it',
          line: 1, column: 95, endLine: 1, endColumn: 104,
          output: null,
        },
      ],
    },
    {
      name: 'Effect "allow" → "Allow"',
      code: V + '{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}]}',
      errors: [
        {
          messageId: 'invalidEffect',
          message: 'exactly "Allow" or "Deny"',
          line: 1, column: 48, endLine: 1, endColumn: 55,
          output: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
        },
      ],
    },
    {
      name: 'Effect "Alow" → "Allow"',
      code: V + '{"Effect":"Alow","Action":"s3:GetObject","Resource":"*"}]}',
      errors: [
        {
          messageId: 'invalidEffect',
          message: 'not "Alow"',
          line: 1, column: 48, endLine: 1, endColumn: 54,
          output: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
        },
      ],
    },
    {
      name: 'Effect that resembles nothing: no fix',
      code: V + '{"Effect":"Permit","Action":"s3:GetObject","Resource":"*"}]}',
      errors: [{ messageId: 'invalidEffect', message: 'not "Permit"', line: 1, column: 48, endLine: 1, endColumn: 56, output: null }],
    },
    {
      name: 'missing Effect',
      code: V + '{"Action":"s3:GetObject","Resource":"*"}]}',
      errors: [{ messageId: 'noEffect', message: 'no "Effect"', line: 1, column: 38, endLine: 1, endColumn: 39, output: null }],
    },
    {
      name: 'Action and NotAction together: reported on the second one',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"}]}',
      errors: [{ messageId: 'exclusivePair', message: 'both "Action" and "NotAction"', line: 1, column: 80, endLine: 1, endColumn: 91, output: null }],
    },
    {
      name: 'Resource and NotResource together',
      code: V + '{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::a","Resource":"*"}]}',
      errors: [{ messageId: 'exclusivePair', message: 'both "Resource" and "NotResource"', line: 1, column: 102, endLine: 1, endColumn: 112, output: null }],
    },
    {
      name: 'Principal and NotPrincipal together',
      code: V + '{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}]}',
      errors: [{ messageId: 'exclusivePair', message: 'both "Principal" and "NotPrincipal"', line: 1, column: 71, endLine: 1, endColumn: 85, output: null }],
    },
    {
      name: 'missing Action',
      code: V + '{"Effect":"Allow","Resource":"*"}]}',
      errors: [{ messageId: 'noAction', message: 'no "Action"', line: 1, column: 38, endLine: 1, endColumn: 39, output: null }],
    },
    {
      name: 'missing Resource in an identity policy',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject"}]}',
      errors: [{ messageId: 'noResource', message: 'an identity policy requires it', line: 1, column: 38, endLine: 1, endColumn: 39, severity: 'error', output: null }],
    },
    {
      name: 'missing Resource in an SCP is a warning',
      policyType: 'scp',
      code: V + '{"Effect":"Deny","Action":"s3:*"}]}',
      errors: [
        { messageId: 'noResourceInScp', message: 'SCP statements normally name one', line: 1, column: 38, endLine: 1, endColumn: 39, severity: 'warning', output: null },
      ],
    },
    {
      name: 'missing Resource in a resource policy of another service is a warning',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sqs:SendMessage"}]}',
      errors: [
        { messageId: 'noResourceInResourcePolicy', message: 'has no "Resource"', line: 1, column: 38, endLine: 1, endColumn: 39, severity: 'warning', output: null },
      ],
    },
    {
      name: 'Resource in a role trust policy, removed with its line',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "lambda.amazonaws.com" },\n      "Action": "sts:AssumeRole",\n      "Resource": "*"\n    }\n  ]\n}',
      errors: [
        {
          messageId: 'resourceInTrustPolicy',
          message: 'A role trust policy cannot contain "Resource"',
          line: 8, column: 7, endLine: 8, endColumn: 17,
          output: null,
          suggestions: [
            { title: 'Remove "Resource"', output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "lambda.amazonaws.com" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}' },
          ],
        },
      ],
    },
    {
      name: 'Resource in a trust-typed policy on a statement that does not assume the role: no automatic removal',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
      errors: [
        { messageId: 'noPrincipal', message: 'no "Principal"', line: 1, column: 38, endLine: 1, endColumn: 39, output: null },
        { messageId: 'resourceInTrustPolicy', message: 'A role trust policy cannot contain "Resource"', line: 1, column: 80, endLine: 1, endColumn: 90, output: null },
      ],
    },
    {
      name: 'Principal in a policy configured as identity policy',
      policyType: 'identity',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}]}',
      errors: [
        {
          messageId: 'principalNotAllowed',
          message: 'An identity policy cannot contain "Principal"',
          line: 1, column: 56, endLine: 1, endColumn: 67,
          output: null,
          suggestions: [{ title: 'Remove "Principal"', output: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' }],
        },
      ],
    },
    {
      name: 'Principal in an SCP',
      policyType: 'scp',
      code: V + '{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}',
      errors: [
        {
          messageId: 'principalNotAllowed',
          message: 'A service control policy cannot contain "Principal"',
          line: 1, column: 55, endLine: 1, endColumn: 66,
          output: null,
          suggestions: [{ title: 'Remove "Principal"', output: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}' }],
        },
      ],
    },
    {
      name: 'a resource-policy statement without Principal',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"}]}',
      errors: [
        {
          messageId: 'noPrincipal',
          message: 'every statement of a resource policy must name who it applies to',
          line: 1, column: 146, endLine: 1, endColumn: 147,
          output: null,
        },
      ],
    },
    {
      name: 'empty Action list is a warning',
      code: V + '{"Effect":"Allow","Action":[],"Resource":"*"}]}',
      errors: [{ messageId: 'emptyList', message: 'Empty "Action" list', line: 1, column: 65, endLine: 1, endColumn: 67, severity: 'warning', output: null }],
    },
    {
      name: 'empty Statement list is a warning',
      code: '{"Version":"2012-10-17","Statement":[]}',
      errors: [{ messageId: 'emptyStatementList', message: 'Empty "Statement" list', line: 1, column: 37, endLine: 1, endColumn: 39, severity: 'warning', output: null }],
    },
    {
      name: 'wrong value types and an empty condition value list',
      code: V + '{"Effect":"Allow","Action":["s3:GetObject",42],"Resource":true,"Condition":{"StringEquals":{"aws:SourceAccount":[]}}}]}',
      errors: [
        {
          messageId: 'entryNotString',
          message: 'Every "Action" entry must be a string',
          line: 1, column: 81, endLine: 1, endColumn: 83,
          severity: 'error',
          output: null,
        },
        { messageId: 'notStringList', message: '"Resource" must be a string or an array of strings', line: 1, column: 96, endLine: 1, endColumn: 100, output: null },
        { messageId: 'emptyConditionValues', message: 'Empty condition value list', line: 1, column: 150, endLine: 1, endColumn: 152, severity: 'warning', output: null },
      ],
    },
    {
      name: 'Principal of the wrong type, and an empty principal list',
      code: V + '{"Effect":"Allow","Principal":{"AWS":[]},"Action":"s3:GetObject","Resource":"*"},{"Effect":"Allow","Principal":42,"Action":"s3:GetObject","Resource":"*"}]}',
      errors: [
        { messageId: 'emptyPrincipalList', message: 'Empty principal list', line: 1, column: 75, endLine: 1, endColumn: 77, severity: 'warning', output: null },
        { messageId: 'principalWrongType', message: '"Principal" must be "*" or an object', line: 1, column: 149, endLine: 1, endColumn: 151, output: null },
      ],
    },
    {
      name: 'an empty Principal object names no one; an empty NotPrincipal object excludes no one (Access Analyzer: EMPTY_OBJECT_PRINCIPAL)',
      policyType: 'resource',
      code: V + '{"Effect":"Allow","Principal":{},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","NotPrincipal":{},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
      errors: [
        { messageId: 'emptyPrincipalObject', message: 'Empty "Principal" object: it names no principal', line: 1, column: 68, endLine: 1, endColumn: 70, severity: 'warning', output: null },
        { messageId: 'emptyNotPrincipalObject', message: 'applies to everyone', line: 1, column: 158, endLine: 1, endColumn: 160, severity: 'warning', output: null },
      ],
    },
    {
      name: 'a typographic apostrophe in an identity policy Sid: reported on the character',
      code: V + '{"Sid":"Read\u2019s","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      errors: [
        { messageId: 'characterNotAllowed', message: 'The character "\u2019" (U+2019) is not accepted in an identity policy', line: 1, column: 50, endLine: 1, endColumn: 51, output: null },
      ],
    },
    {
      name: 'an emoji (two UTF-16 code units) in a trust policy condition value',
      policyType: 'trust',
      code: V + '{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:RequestTag/team":"ops\ud83d\ude00"}}}]}',
      errors: [
        { messageId: 'characterNotAllowed', message: '(U+1F600) is not accepted in a trust policy', line: 1, column: 181, endLine: 1, endColumn: 183, output: null },
      ],
    },
    {
      name: 'Condition of the wrong shape',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":"aws:SourceAccount"}}]}',
      errors: [{ messageId: 'conditionBlockNotObject', message: 'A condition operator takes an object', line: 1, column: 123, endLine: 1, endColumn: 142, output: null }],
    },
    {
      name: 'Statement that is not an object or array',
      code: '{"Version":"2012-10-17","Statement":"Allow"}',
      errors: [{ messageId: 'statementWrongType', message: '"Statement" must be a statement object', line: 1, column: 37, endLine: 1, endColumn: 44, output: null }],
    },
    {
      name: 'a statement that is not an object',
      code: V + '"s3:GetObject"]}',
      errors: [{ messageId: 'statementNotObject', message: 'Each statement must be a JSON object', line: 1, column: 38, endLine: 1, endColumn: 52, output: null }],
    },
    {
      name: 'no Statement at all',
      code: '{"Version":"2012-10-17"}',
      errors: [{ messageId: 'noStatement', message: 'no "Statement" element', line: 1, column: 1, endLine: 1, endColumn: 2, output: null }],
    },
    {
      name: 'an empty document chosen as a policy (policyFiles, --policy-type): an error, so CI cannot pass it',
      code: '',
      errors: [{ messageId: 'emptyDocument', message: 'holds no JSON value', line: 1, column: 1, endLine: 1, endColumn: 1, output: null }],
    },
    {
      name: 'blank lines only',
      code: '\n  \n',
      errors: [{ messageId: 'emptyDocument', message: 'holds no JSON value', line: 1, column: 1, endLine: 1, endColumn: 1, output: null }],
    },
    {
      name: 'a statement without its Statement wrapper: Sid is not offered as a misspelt Id',
      code: '{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}',
      errors: [
        { messageId: 'noStatementWrapper', message: 'must be wrapped in "Statement": [{ … }]', line: 1, column: 1, endLine: 1, endColumn: 2, output: null },
        { messageId: 'statementElementAtTop', message: '"Sid" is a statement element', line: 1, column: 2, endLine: 1, endColumn: 7, output: null },
        { messageId: 'statementElementAtTop', message: '"Effect" is a statement element', line: 1, column: 12, endLine: 1, endColumn: 20, output: null },
        { messageId: 'statementElementAtTop', message: '"Action" is a statement element', line: 1, column: 29, endLine: 1, endColumn: 37, output: null },
        { messageId: 'statementElementAtTop', message: '"Resource" is a statement element', line: 1, column: 53, endLine: 1, endColumn: 63, output: null },
      ],
    },
    {
      name: 'statements under a key that is no near misspelling: did you mean "Statement"',
      code: '{"Version":"2012-10-17","Rules":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      errors: [
        {
          messageId: 'unknownPolicyElement',
          message: 'Unknown policy element "Rules" — did you mean "Statement"?',
          line: 1,
          column: 25,
          endLine: 1,
          endColumn: 32,
          // A key of another name that holds statements: probably "Statement", but a guess (a suggestion only).
          output: null,
          suggestions: [{ title: 'Rename to "Statement"', output: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' }],
        },
      ],
    },
    {
      name: 'an unknown key holding no statements gets no Statement suggestion, and Statement is reported missing',
      code: '{"Version":"2012-10-17","Rules":[]}',
      errors: [
        { messageId: 'noStatement', message: 'no "Statement" element: it grants and denies nothing, and IAM rejects it', line: 1, column: 1, endLine: 1, endColumn: 2, output: null },
        { messageId: 'unknownPolicyElement', message: 'Unknown policy element "Rules": A policy has only', line: 1, column: 25, endLine: 1, endColumn: 32, output: null },
      ],
    },
    {
      name: 'a policy that is not an object',
      code: '["s3:GetObject"]',
      errors: [{ messageId: 'notAnObject', message: 'must be a JSON object', line: 1, column: 1, endLine: 1, endColumn: 17, output: null }],
    },
  ],
});

describe('fix all over the structural rules', () => {
  it('repairs misspellings, case, Version, Sid and principal shape, and leaves the rest to a person', () => {
    const broken = '{\n  "Statment": [\n    {\n      "Sid": "read only",\n      "effect": "allow",\n      "Action": ["s3:GetObject"],\n      "Resources": "arn:aws:s3:::b/*"\n    },\n    {\n      "Effect": "Allow",\n      "Principal": "arn:aws:iam::111122223333:root",\n      "Action": "sts:AssumeRole",\n      "Condition": { "StringEqual": { "aws:SourceAccount": "111122223333" } }\n    }\n  ]\n}';
    const fixed = fixAll(broken, { data: testData(), kind: 'iam-policy' }).text;
    assert.equal(
      fixed,
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "readOnly",\n      "Effect": "Allow",\n      "Action": ["s3:GetObject"],\n      "Resource": "arn:aws:s3:::b/*"\n    },\n    {\n      "Effect": "Allow",\n      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },\n      "Action": "sts:AssumeRole",\n      "Condition": { "StringEquals": { "aws:SourceAccount": "111122223333" } }\n    }\n  ]\n}',
    );
  });
});
