// Fixes on embedded policies are written by their host in its own syntax: HCL in jsonencode and data sources, JSON in heredocs and strings, YAML block or flow style.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { extractPolicies, type HostKind } from '../../server/src/engine/hosts/lintHost';
import { buildIamDocument, type IamDocument } from '../../server/src/engine/iam/document';
import { editString, replaceValue, type PolicyEdit } from '../../server/src/engine/iam/edits';
import { lintText } from '../../server/src/engine/lint';
import { LineIndex, applyEdits } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { testData } from '../support/data';
import { fixesOf } from '../support/fixes';

const lint = (text: string, host: HostKind): Finding[] => lintText(text, { data: testData(), kind: 'iam-policy', host }).findings;

/** The text after the fix of `ruleId` whose title contains `title`. */
function fixed(text: string, host: HostKind, ruleId: string, title: string): string {
  const fix = lint(text, host)
    .filter((f) => f.ruleId === ruleId)
    .flatMap(fixesOf)
    .find((f) => f.title.includes(title));
  assert.ok(fix, `no ${ruleId} fix "${title}"`);
  return applyEdits(text, fix!.edits);
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('CloudFormation YAML: block and flow style', () => {
  const template = lines(
    'Resources:',
    '  P:',
    '    Type: AWS::S3::BucketPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: arn:aws:iam::111122223333:root',
    '            Action:',
    '              - s3:GetObject',
    '              - s3:ListBucket',
    '              - s3:GetObject',
    '            Resource: arn:aws:s3:::acme/*',
    '            Condition:',
    '              StringLike:',
    '                s3:prefix: ${aws:username}/*',
  );

  it('a missing Version is inserted as the first key, at its indentation', () => {
    assert.equal(fixed(template, 'cloudformation', 'iam/policy-version', 'Add'), template.replace('        Statement:', '        Version: "2012-10-17"\n        Statement:'));
  });

  it('a block sequence item is removed with its line', () => {
    assert.equal(fixed(template, 'cloudformation', 'iam/redundant-action', 'Remove'), template.replace('              - s3:ListBucket\n              - s3:GetObject\n', '              - s3:ListBucket\n'));
  });

  it('a scalar becomes a block sequence when a value is added', () => {
    assert.equal(
      fixed(template, 'cloudformation', 'iam/resource-type-mismatch', 'Add'),
      template.replace('            Resource: arn:aws:s3:::acme/*', '            Resource:\n              - arn:aws:s3:::acme/*\n              - arn:aws:s3:::acme'),
    );
  });

  it('a new statement is a block mapping item; a value YAML would misread is quoted', () => {
    const after = fixed(template, 'cloudformation', 'iam/resource-type-mismatch', 'Move');
    assert.ok(
      after.endsWith(
        lines(
          '            Resource: arn:aws:s3:::acme/*',
          '            Condition:',
          '              StringLike:',
          '                s3:prefix: ${aws:username}/*',
          '          - Effect: Allow',
          '            Principal: arn:aws:iam::111122223333:root',
          '            Action: s3:ListBucket',
          '            Resource: arn:aws:s3:::acme',
          '            Condition:',
          '              StringLike:',
          '                s3:prefix: "${aws:username}/*"',
        ),
      ),
      after,
    );
    assert.equal(parseDocument(after).errors.length, 0);
  });

  it('a principal string becomes a flow mapping', () => {
    assert.equal(
      fixed(template, 'cloudformation', 'iam/principal-invalid', 'AWS'),
      template.replace('Principal: arn:aws:iam::111122223333:root', 'Principal: { AWS: arn:aws:iam::111122223333:root }'),
    );
  });

  it('flow sequences get flow edits', () => {
    const flow = template.replace(/            Action:\n( {14}- .*\n)+/, '            Action: [s3:GetObject, "s3:GetObjects"]\n');
    assert.equal(fixed(flow, 'cloudformation', 'iam/unknown-action', 's3:GetObject"'), flow.replace('"s3:GetObjects"', '"s3:GetObject"'));
  });

  it('an intrinsic (!Sub) is never rewritten as a plain value', () => {
    const sub = template.replace('Resource: arn:aws:s3:::acme/*', 'Resource: !Sub arn:aws:s3:::${Bucket}/*');
    const fixes = lint(sub, 'cloudformation')
      .filter((f) => f.ruleId === 'iam/resource-type-mismatch')
      .flatMap(fixesOf);
    assert.deepEqual(fixes.map((f) => f.title), []);
  });
});

describe('Terraform: HCL in jsonencode, JSON in heredocs and strings, blocks in aws_iam_policy_document', () => {
  const jsonencode = lines(
    'resource "aws_s3_bucket_policy" "b" {',
    '  policy = jsonencode({',
    '    Statement = [',
    '      {',
    '        Effect    = "Allow"',
    '        Principal = "arn:aws:iam::111122223333:root"',
    '        Action    = ["s3:GetObject", "s3:ListBucket"]',
    '        Resource  = "arn:aws:s3:::acme/*"',
    '        Condition = { StringLike = { "s3:prefix" = "$${aws:username}/*" } }',
    '      }',
    '    ]',
    '  })',
    '}',
  );

  it('jsonencode: a Version attribute, a principal object and a new statement are written in HCL', () => {
    assert.equal(fixed(jsonencode, 'terraform', 'iam/policy-version', 'Add'), jsonencode.replace('    Statement = [', '    Version = "2012-10-17"\n    Statement = ['));
    assert.equal(
      fixed(jsonencode, 'terraform', 'iam/principal-invalid', 'AWS'),
      jsonencode.replace('Principal = "arn:aws:iam::111122223333:root"', 'Principal = { AWS = "arn:aws:iam::111122223333:root" }'),
    );
    const moved = fixed(jsonencode, 'terraform', 'iam/resource-type-mismatch', 'Move');
    assert.ok(
      moved.includes(
        lines(
          '      },',
          '      {',
          '        Effect    = "Allow"',
          '        Principal = "arn:aws:iam::111122223333:root"',
          '        Action    = "s3:ListBucket"',
          '        Resource  = "arn:aws:s3:::acme"',
          '        Condition = {',
          '          StringLike = {',
          '            "s3:prefix" = "$${aws:username}/*"',
          '          }',
          '        }',
          '      }',
        ),
      ),
      moved,
    );
  });

  it('heredoc JSON: a copied IAM variable stays literal ($${…}), not a Terraform interpolation', () => {
    const heredoc = lines(
      'resource "aws_s3_bucket_policy" "b" {',
      '  policy = <<EOF',
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow",',
      '      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },',
      '      "Action": ["s3:GetObject", "s3:ListBucket"],',
      '      "Resource": "arn:aws:s3:::acme/*",',
      '      "Condition": { "StringLike": { "s3:prefix": "$${aws:username}/*" } }',
      '    }',
      '  ]',
      '}',
      'EOF',
      '}',
    );
    const moved = fixed(heredoc, 'terraform', 'iam/resource-type-mismatch', 'Move');
    assert.equal(moved.split('$${aws:username}').length - 1, 2, moved);
    assert.ok(!/[^$]\$\{aws:username\}/.test(moved), moved);
  });

  it('heredoc JSON that does not parse on its own (an unquoted ${…}): no fix may take the expression along', () => {
    const heredoc = lines(
      'resource "aws_iam_policy" "p" {',
      '  policy = <<EOF',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", ${jsonencode(var.more)}, "s3:GetObject"], "Resource": "*"}]}',
      'EOF',
      '}',
    );
    const findings = lint(heredoc, 'terraform');
    assert.ok(findings.some((f) => f.ruleId === 'iam/redundant-action'), 'the duplicate is still reported');
    for (const fix of findings.flatMap(fixesOf)) assert.ok(applyEdits(heredoc, fix.edits).includes('${jsonencode(var.more)}'), fix.title);
  });

  it('JSON in a quoted string: written escaped, on its line', () => {
    const quoted = lines('resource "aws_iam_policy" "q" {', '  policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"s3:GetObjects\\", \\"Resource\\": \\"*\\"}]}"', '}');
    assert.equal(fixed(quoted, 'terraform', 'iam/policy-version', 'Add'), quoted.replace('{\\"Statement', '{\\"Version\\": \\"2012-10-17\\", \\"Statement'));
    assert.equal(fixed(quoted, 'terraform', 'iam/unknown-action', 's3:GetObject"'), quoted.replace('GetObjects', 'GetObject'));
  });

  it('aws_iam_policy_document: a new statement block, and an attribute removed with its line', () => {
    const data = lines(
      'data "aws_iam_policy_document" "d" {',
      '  statement {',
      '    actions   = ["s3:GetObject", "s3:ListBucket"]',
      '    resources = ["arn:aws:s3:::acme/*"]',
      '  }',
      '}',
    );
    assert.equal(
      fixed(data, 'terraform', 'iam/resource-type-mismatch', 'Move'),
      lines(
        'data "aws_iam_policy_document" "d" {',
        '  statement {',
        '    actions   = ["s3:GetObject"]',
        '    resources = ["arn:aws:s3:::acme/*"]',
        '  }',
        '  statement {',
        '    effect    = "Allow"',
        '    actions   = ["s3:ListBucket"]',
        '    resources = ["arn:aws:s3:::acme"]',
        '  }',
        '}',
      ),
    );
    const trust = lines(
      'data "aws_iam_policy_document" "assume" {',
      '  statement {',
      '    actions   = ["sts:AssumeRole"]',
      '    resources = ["*"]',
      '    principals {',
      '      type        = "Service"',
      '      identifiers = ["lambda.amazonaws.com"]',
      '    }',
      '  }',
      '}',
      'resource "aws_iam_role" "r" {',
      '  assume_role_policy = data.aws_iam_policy_document.assume.json',
      '}',
    );
    assert.equal(fixed(trust, 'terraform', 'iam/policy-structure', 'Remove "Resource"'), trust.replace('    resources = ["*"]\n', ''));
  });
});

describe('every host fix keeps the file whole', () => {
  const files: [string, HostKind][] = [
    [
      lines(
        'resource "aws_iam_policy" "p" {',
        '  policy = jsonencode({',
        '    Statement = [',
        '      {',
        '        Sid       = "a b"',
        '        Effect    = "allow"',
        '        Action    = ["s3:GetObjects", "s3:ListBucket", "s3:GetObject", "s3:GetObject"]',
        '        Resource  = "arn:aws:s3:::acme/*"',
        '        Principal = "*"',
        '      }',
        '    ]',
        '  })',
        '}',
        'data "aws_iam_policy_document" "d" {',
        '  statement {',
        '    sid       = "x y"',
        '    actions   = ["s3:GetObjects", "s3:ListBucket", "s3:*"]',
        '    resources = ["arn:aws:s3:::acme/*"]',
        '  }',
        '}',
      ),
      'terraform',
    ],
    [
      lines(
        'Resources:',
        '  R:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { Service: lambda }',
        '            Action: sts:AssumeRole',
        '            Resource: "*"',
        '  P:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Statement:',
        "          - Sid: 'a b'",
        '            Effect: allow',
        '            Action: [s3:GetObjects, s3:ListBucket, s3:GetObject, s3:GetObject]',
        '            Resource: arn:aws:s3:::acme/*',
        '            Condition: { StringEqual: { aws:username: x } }',
      ),
      'cloudformation',
    ],
  ];
  for (const [text, host] of files) {
    for (const eol of ['\n', '\r\n']) {
      it(`${host}, ${eol === '\n' ? 'LF' : 'CRLF'}: the same policies after each fix, and only ${eol === '\n' ? 'LF' : 'CRLF'} line breaks`, () => {
        const source = text.replace(/\n/g, eol);
        const policies = extractPolicies(host, source).length;
        const fixes = lint(source, host).flatMap(fixesOf);
        assert.ok(fixes.length >= 8, `fixes: ${fixes.map((f) => f.title).join(', ')}`);
        for (const fix of fixes) {
          const after = applyEdits(source, fix.edits);
          assert.equal(extractPolicies(host, after).length, policies, `${fix.title}:\n${after}`);
          if (host === 'cloudformation') assert.equal(parseDocument(after).errors.length, 0, `${fix.title}:\n${after}`);
          const breaks = after.match(/\r?\n/g) ?? [];
          assert.ok(breaks.every((b) => b === eol), `${fix.title} mixes line breaks`);
        }
      });
    }
  }
});

describe('the edit vocabulary, written by each host', () => {
  /** Renders model edits made by `edits(doc)` on the first policy of a host file, and applies them. */
  function render(host: HostKind, text: string, edits: (doc: IamDocument) => PolicyEdit[]): string | undefined {
    const policy = extractPolicies(host, text)[0]!;
    const doc = buildIamDocument(text, policy.root, [], policy.policyType);
    const rendered = policy.renderer(new LineIndex(text)).render(edits(doc));
    return rendered && applyEdits(text, rendered);
  }
  const yaml = lines('Resources:', '  P:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', '        Statement:', '          - Effect: Allow', '            Action: s3:GetObject', "            Resource: 'arn:aws:s3:::b/*'");
  const action = (doc: IamDocument) => doc.statements[0]!.action!.values[0]!;

  it('YAML: a plain scalar is edited in place only while it stays a plain string; otherwise it is quoted', () => {
    assert.equal(render('cloudformation', yaml, (doc) => [editString(action(doc), 3, 12, 'PutObject')]), yaml.replace('s3:GetObject', 's3:PutObject'));
    // `Action: *` would be an alias.
    assert.equal(render('cloudformation', yaml, (doc) => [editString(action(doc), 0, 12, '*')]), yaml.replace('Action: s3:GetObject', 'Action: "*"'));
    assert.equal(render('cloudformation', yaml, (doc) => [replaceValue(doc.statements[0]!.resource!.values[0]!.node, "it's")]), yaml.replace("'arn:aws:s3:::b/*'", "'it''s'"));
  });

  it('HCL: new text is escaped so IAM variables stay literal', () => {
    const tf = lines('resource "aws_iam_policy" "p" {', '  policy = jsonencode({', '    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]', '  })', '}');
    assert.equal(
      render('terraform', tf, (doc) => [replaceValue(doc.statements[0]!.resource!.valueNode!, 'arn:aws:s3:::${aws:username}/*')]),
      tf.replace('Resource = "*"', () => 'Resource = "arn:aws:s3:::$${aws:username}/*"'),
    );
  });

  it('an expression is never edited: a fix touching an unknown value is dropped', () => {
    const tf = lines('resource "aws_iam_policy" "p" {', '  policy = jsonencode({', '    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", var.action], Resource = "*" }]', '  })', '}');
    const unknown = (doc: IamDocument) => doc.statements[0]!.action!.valueNode!.children![1]!;
    assert.equal(render('terraform', tf, (doc) => [replaceValue(unknown(doc), 's3:PutObject')]), undefined);
  });
});
