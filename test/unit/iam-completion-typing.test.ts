// Acceptance: typing the Structural DynamoDB-source S3 policy from `{}` with completion alone yields a policy with no findings.
//
// The "user" only accepts completion items, types values into snippet tabstops (the Sid, the bucket
// name, `*`) and moves the cursor past a closing bracket, as with the End/arrow keys.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeIam } from '../../server/src/engine/iam/completion';
import { lintText } from '../../server/src/engine/lint';
import { applyCompletion } from '../support/applyCompletion';
import { testData } from '../support/data';

class TypingSession {
  steps = 0;
  constructor(
    public text: string,
    public cursor: number,
  ) {}

  accept(label: string, fills: Record<number, string> = {}): this {
    const { items } = completeIam(this.text, this.cursor, testData());
    const item = items.find((i) => i.label === label);
    assert.ok(item, `step ${this.steps + 1}: no completion "${label}" at\n${this.text.slice(0, this.cursor)}|${this.text.slice(this.cursor)}`);
    ({ text: this.text, cursor: this.cursor } = applyCompletion(this.text, item, fills));
    this.steps++;
    return this;
  }

  /** Moves the cursor just past the next `close` character (arrow keys, no typing). */
  moveAfter(close: string): this {
    const at = this.text.indexOf(close, this.cursor);
    assert.ok(at >= 0, `no ${close} after the cursor`);
    this.cursor = at + 1;
    return this;
  }
}

const OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObjectAcl', 's3:GetObject', 's3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObjectAcl'];

describe('typing a policy with completion only', () => {
  it('builds the Structural DynamoDB source S3 policy from {} with no findings', () => {
    const session = new TypingSession('{}', 1);
    session.accept('Version').accept('Statement');
    // Statement 1: object actions on bucket/*
    session.accept('Sid', { 1: 'ObjectAccess' }).accept('Effect').accept('Action');
    // After the first action, accepting a service again adds the comma and a new string.
    for (const action of OBJECT_ACTIONS) session.accept('s3').accept(action);
    session.moveAfter(']').accept('Resource').accept('arn:${Partition}:s3:::${BucketName}/${ObjectName}', { 2: 'structural-source-bucket', 3: '*' });
    // Statement 2: ListBucket on the bucket
    session.moveAfter(']').moveAfter('}').accept('{}');
    session.accept('Sid', { 1: 'ListBucket' }).accept('Effect').accept('Action').accept('s3').accept('s3:ListBucket');
    session.moveAfter(']').accept('Resource').accept('arn:${Partition}:s3:::${BucketName}', { 2: 'structural-source-bucket' });

    assert.deepEqual(JSON.parse(session.text), {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ObjectAccess', Effect: 'Allow', Action: OBJECT_ACTIONS, Resource: ['arn:aws:s3:::structural-source-bucket/*'] },
        { Sid: 'ListBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::structural-source-bucket'] },
      ],
    });
    // Laid out like a formatter would, two-space indentation.
    assert.equal(session.text, JSON.stringify(JSON.parse(session.text), null, 2));
    const findings = lintText(session.text, { data: testData(), kind: 'iam-policy' }).findings;
    // No problem at all; the only note is iam/profile-suggestion recognising the documented Structural policy.
    assert.deepEqual(findings.filter((f) => f.ruleId !== 'iam/profile-suggestion').map((f) => `${f.ruleId}: ${f.message}`), []);
    assert.ok(findings.every((f) => f.severity === 'info' && /structural\/dynamodb-source-s3/.test(f.message)), findings.map((f) => f.message).join('\n'));
  });
});
