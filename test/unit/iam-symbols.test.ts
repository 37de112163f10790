// IAM outline, folding ranges, statement code lenses and the expanded-actions document.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { expandedActionsMarkdown, iamDocumentSymbols, iamFoldingRanges, statementLenses } from '../../server/src/engine/iam/symbols';
import { testData } from '../support/data';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadObjects",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:GetObjectAcl"],
      "Resource": "arn:aws:s3:::bucket/*"
    },
    {
      "Effect": "Deny",
      "Action": "s3:Get*",
      "Resource": ["arn:aws:s3:::other", "arn:aws:s3:::other/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    },
    {
      "Effect": "Allow",
      "NotAction": "iam:*",
      "Resource": "*"
    }
  ]
}`;

describe('IAM symbols', () => {
  const doc = parseIamDocument(POLICY);

  it('lists statements by Sid or index, with their effect and elements', () => {
    const [version, statements] = iamDocumentSymbols(doc);
    assert.equal(version?.detail, '2012-10-17');
    assert.deepEqual(
      statements?.children.map((s) => [s.name, s.detail, s.children.map((c) => c.name)]),
      [
        ['ReadObjects', 'Allow', ['Action', 'Resource']],
        ['Statement 2', 'Deny', ['Action', 'Resource', 'Condition']],
        ['Statement 3', 'Allow', ['NotAction', 'Resource']],
      ],
    );
    const first = statements!.children[0]!;
    assert.equal(POLICY.slice(first.selectionStart, first.selectionEnd), '"ReadObjects"');
    assert.ok(POLICY.slice(first.start, first.end).startsWith('{') && POLICY.slice(first.start, first.end).endsWith('}'));
    assert.equal(statements!.children[1]!.children[2]!.detail, 'Bool');
  });

  it('folds each statement and each multi-line value', () => {
    const ranges = iamFoldingRanges(doc);
    const texts = ranges.map((r) => POLICY.slice(r.start, r.end));
    assert.equal(texts.filter((t) => t.startsWith('{\n      ')).length, 3, 'one range per statement');
    assert.ok(texts.includes('["s3:GetObject", "s3:GetObjectAcl"]'));
  });

  it('puts "N actions · M resources" on each statement, expanding wildcards', () => {
    const getCount = testData().actions('s3').filter((a) => a.name.startsWith('Get')).length;
    const iamCount = testData().actions('iam').length;
    assert.deepEqual(
      statementLenses(doc, testData()).map((l) => [l.statementIndex, POLICY[l.start], l.title]),
      [
        [0, '{', '2 actions · 1 resource'],
        [1, '{', `${getCount} actions · 2 resources`],
        [2, '{', `all actions except ${iamCount} actions · all resources`],
      ],
    );
    assert.equal(statementLenses(parseIamDocument('{"Statement": {"Effect": "Allow", "Action": "*"}}'), testData())[0]?.title, 'all actions · no Resource');
  });

  it('counts an action it does not know as one (unknown) action, never as none', () => {
    const title = (actions: string) => statementLenses(parseIamDocument(`{"Statement": {"Effect": "Allow", "Action": ${actions}, "Resource": "*"}}`), testData())[0]?.title;
    assert.equal(title('["s3:GetObject", "s3:GetObjcet"]'), '2 actions (1 unknown) · all resources');
    assert.equal(title('"s3:ListBuckets"'), '1 action (1 unknown) · all resources');
    assert.equal(title('["s3:Gett*", "<action>", "s3:GETOBJECT", "s3:getobject"]'), '3 actions (2 unknown) · all resources');
    assert.equal(title('["s3:GetObjcet", "S3:GETOBJCET"]'), '1 action (1 unknown) · all resources', 'the same entry twice (IAM ignores case) is one');
    assert.equal(
      statementLenses(parseIamDocument('{"Statement": {"Effect": "Allow", "NotAction": ["iam:*", "iam:Nope"], "Resource": "*"}}'), testData())[0]?.title,
      `all actions except ${testData().actions('iam').length + 1} actions (1 unknown) · all resources`,
    );
  });

  it('renders the expanded actions of a statement as markdown', () => {
    const md = expandedActionsMarkdown(doc, 1, testData());
    assert.ok(md);
    assert.match(md, /^# Statement 2 \(Deny\)/);
    assert.match(md, /\| `s3:GetObject` \| Read \| accesspointobject, object \|/);
    assert.match(md, /\*\*Total:\*\* \d+ distinct actions\./);
    assert.equal(expandedActionsMarkdown(doc, 7, testData()), undefined);
  });
});
