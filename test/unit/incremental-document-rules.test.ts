// Document-scoped values while typing (rules/rule.ts `PartsSpec`, engine/lint.ts `lintIncrementally`): a value of the
// whole policy is combined from one part per statement, each kept with its statement's cache entry, and the value is
// kept until some part differs. A stale part or value would show as a finding that outlives its cause (or one that
// does not appear): these sessions make repeats, duplicate Sids, size quotas, unconditional grants and parse errors
// appear and disappear by editing one statement at a time (the re-read path), and compare the editor's lint with a
// full lint after every edit.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import type { PolicyType } from '../../server/src/engine/iam/policyType';
import { generatePolicy } from '../support/benchInputs';
import { testData } from '../support/data';
import { prng } from '../support/prng';

const options: LintOptions = { data: testData(), kind: 'iam-policy' };

/** Lints `text` with the cache and in full; fails unless the findings are the same. Returns the findings. */
function assertSame(text: string, cache: LintCache, what: string, extra: Partial<LintOptions> = {}): ReturnType<typeof lintText>['findings'] {
  const full = lintText(text, { ...options, ...extra }).findings;
  const incremental = lintText(text, { ...options, ...extra, cache }).findings;
  assert.deepStrictEqual(incremental, full, `editor lint differs from a full lint (${what}) on:\n${text}`);
  return full;
}

/** `text` with statement `index` replaced by `edit` of its text. */
function editStatement(text: string, index: number, edit: (statement: string) => string): string {
  const node = parseIamDocument(text).statements[index]!.node;
  return text.slice(0, node.offset) + edit(text.slice(node.offset, node.offset + node.length)) + text.slice(node.offset + node.length);
}

function policy(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/** `text` with `from` replaced by `to` (which must be there: a step that changes nothing tests nothing). */
function replaceOnce(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `"${from}" is in the text`);
  return text.replace(from, to);
}

const count = (findings: { ruleId: string }[], ruleId: string): number => findings.filter((f) => f.ruleId === ruleId).length;

/** Runs `edits` on `text` one after another, comparing after each; returns how many re-read one statement. */
function session(text: string, edits: [string, (text: string) => string, ((findings: ReturnType<typeof lintText>['findings']) => void)?][], extra: Partial<LintOptions> = {}): number {
  const cache = new LintCache();
  assertSame(text, cache, 'first lint', extra);
  for (const [what, edit, expect] of edits) {
    text = edit(text);
    const findings = assertSame(text, cache, what, extra);
    expect?.(findings);
  }
  return cache.rereads;
}

const read = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::b/*' };
const queue = { Sid: 'Queue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:q' };
const logs = { Sid: 'Logs', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' };

describe('document-scoped values while typing equal a full lint', () => {
  it('a repeated statement appears and disappears (its signature, then only its key, changes)', () => {
    const rereads = session(policy([read, queue, logs, { ...read, Sid: 'Copy' }]), [
      ['the copy is a repeat', (t) => t, (f) => assert.equal(count(f, 'iam/redundant-statement'), 1)],
      ['a condition makes the copy differ (same signature)', (t) => editStatement(t, 3, (s) => s.replace('"Effect"', '"Condition": {"Bool": {"aws:SecureTransport": "true"}}, "Effect"')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 0)],
      ['the same condition on the first one: a repeat again', (t) => editStatement(t, 0, (s) => s.replace('"Effect"', '"Condition": {"Bool": {"aws:SecureTransport": "true"}}, "Effect"')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 1)],
      ['its value changed in the copy', (t) => editStatement(t, 3, (s) => s.replace('"true"', '"false"')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 0)],
      ['and back', (t) => editStatement(t, 3, (s) => s.replace('"false"', '"true"')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 1)],
      ['an action of the first one changes (signature)', (t) => editStatement(t, 0, (s) => s.replace('s3:PutObject', 's3:PutObjectAcl')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 0)],
      ['the copy follows', (t) => editStatement(t, 3, (s) => s.replace('s3:PutObject', 's3:PutObjectAcl')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 1)],
      ['actions in another order and case: still a repeat', (t) => editStatement(t, 3, (s) => s.replace('"s3:GetObject",', '"S3:GETOBJECT", "s3:GetObject",')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 1)],
      ['a third copy, in another statement', (t) => editStatement(t, 1, () => JSON.stringify({ ...read, Action: ['s3:PutObjectAcl', 's3:GetObject'], Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), (f) => assert.equal(count(f, 'iam/redundant-statement'), 2)],
      ['the Sid of the first one typed (nothing changes)', (t) => editStatement(t, 0, (s) => s.replace('{', '{"Sid": "First", ')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 2)],
      ['lines inserted above (the line in the message moves)', (t) => t.replace('"Version"', '\n\n"Version"'), (f) => assert.equal(count(f, 'iam/redundant-statement'), 2)],
      ['a space above made a line break (no offset moves, every line does)', (t) => replaceOnce(t, '"Version": "', '"Version":\n"'), (f) => assert.equal(count(f, 'iam/redundant-statement'), 2)],
      ['and back', (t) => replaceOnce(t, '"Version":\n"', '"Version": "'), (f) => assert.equal(count(f, 'iam/redundant-statement'), 2)],
      ['the first one made Deny', (t) => editStatement(t, 0, (s) => s.replace('"Allow"', '"Deny"')), (f) => assert.equal(count(f, 'iam/redundant-statement'), 1)],
    ]);
    assert.ok(rereads >= 8, `most edits re-read one statement (${rereads})`);
  });

  it('duplicate Sids appear and disappear', () => {
    session(policy([read, queue, logs]), [
      ['a second "Queue"', (t) => editStatement(t, 2, (s) => s.replace('"Logs"', '"Queue"')), (f) => assert.equal(count(f, 'iam/duplicate-sid'), 1)],
      ['typed on', (t) => editStatement(t, 2, (s) => s.replace('"Queue"', '"Queue2"')), (f) => assert.equal(count(f, 'iam/duplicate-sid'), 0)],
      ['and deleted again', (t) => editStatement(t, 2, (s) => s.replace('"Queue2"', '"Queue"')), (f) => assert.equal(count(f, 'iam/duplicate-sid'), 1)],
    ]);
  });

  it("Sids' characters, empty Sids and a third copy: the fix turns into a suggestion when its Sid is taken", () => {
    const fixOf = (f: ReturnType<typeof lintText>['findings']): string | undefined => f.find((x) => x.ruleId === 'iam/duplicate-sid' && x.messageId === 'invalidCharacters')?.fix?.title;
    session(policy([{ ...read, Sid: 'Read' }, queue, logs]), [
      ['a space in a Sid', (t) => editStatement(t, 0, (s) => s.replace('"Read"', '"My Read"')), (f) => assert.equal(fixOf(f), 'Change to "MyRead"')],
      ['another statement takes the cleaned Sid', (t) => editStatement(t, 2, (s) => s.replace('"Logs"', '"MyRead"')), (f) => assert.equal(fixOf(f), undefined)],
      ['and leaves it', (t) => editStatement(t, 2, (s) => s.replace('"MyRead"', '"Logs"')), (f) => assert.equal(fixOf(f), 'Change to "MyRead"')],
      ['an empty Sid', (t) => editStatement(t, 1, (s) => s.replace('"Queue"', '""')), (f) => assert.equal(f.filter((x) => x.messageId === 'emptySid').length, 1)],
      ['a second empty one', (t) => editStatement(t, 2, (s) => s.replace('"Logs"', '""')), (f) => assert.equal(f.filter((x) => x.messageId === 'emptySid').length, 2)],
      ['the irregular Sid three times', (t) => editStatement(editStatement(t, 1, (s) => s.replace('""', '"My Read"')), 2, (s) => s.replace('""', '"My Read"')), (f) => assert.equal(f.filter((x) => x.messageId === 'duplicate').length, 2)],
      ['lines above: the line the message names moves', (t) => t.replace('{', '{\n\n')],
      ['the first copy renamed: the second names the third', (t) => editStatement(t, 0, (s) => s.replace('"My Read"', '"Read"')), (f) => assert.equal(f.filter((x) => x.messageId === 'duplicate').length, 1)],
    ]);
  });

  for (const policyType of ['identity', 'scp', 'resource', 'trust'] as PolicyType[]) {
    it(`the size quota of ${policyType} policies is crossed both ways`, () => {
      const long = (n: number): string => `arn:aws:s3:::${'b'.repeat(n)}/*`;
      // A resource policy of several services has no known quota (nothing to cross): compared with a full lint all the same.
      const crossed = (n: number) => (f: { ruleId: string }[]): void => {
        if (policyType !== 'resource') assert.equal(count(f, 'iam/policy-size'), n);
      };
      session(
        policy([read, { ...queue, Resource: long(10) }, logs]),
        [
          ['a long resource', (t) => editStatement(t, 1, (s) => s.replace(long(10), long(22_000))), crossed(1)],
          ['shortened below every quota', (t) => editStatement(t, 1, (s) => s.replace(long(22_000), long(1_000))), crossed(0)],
          ['white space only (an SCP counts it as written)', (t) => editStatement(t, 1, (s) => s.replace('{', `{${' '.repeat(6_000)}`))],
          ['a character more', (t) => editStatement(t, 1, (s) => s.replace(long(1_000), long(1_001)))],
          ['the white space gone', (t) => editStatement(t, 1, (s) => s.replace(' '.repeat(6_000), ''))],
        ],
        { policyType },
      );
    });
  }

  it('the quota of a resource policy follows the one service of its actions', () => {
    const big = `arn:aws:s3:::${'b'.repeat(9_000)}/*`;
    session(
      policy([{ ...read, Principal: '*' }, { ...read, Principal: '*', Resource: big }]),
      [
        ['s3 only: 20 KB, not crossed', (t) => t, (f) => assert.equal(count(f, 'iam/policy-size'), 0)],
        ['sqs actions only: 8,192 bytes, crossed', (t) => editStatement(editStatement(t, 0, (s) => s.replace(/s3:/g, 'sqs:')), 1, (s) => s.replace(/s3:(?=[GP])/g, 'sqs:')), (f) => assert.equal(count(f, 'iam/policy-size'), 1)],
        ['an s3 action among them: no known quota', (t) => editStatement(t, 0, (s) => s.replace('sqs:GetObject', 's3:GetObject')), (f) => assert.equal(count(f, 'iam/policy-size'), 0)],
        ['back to sqs', (t) => editStatement(t, 0, (s) => s.replace('s3:GetObject', 'sqs:GetObject')), (f) => assert.equal(count(f, 'iam/policy-size'), 1)],
      ],
      { policyType: 'resource' },
    );
  });

  it('what unconditional Allow statements grant changes the condition-key findings of other statements', () => {
    // s3:ListBucket does not carry s3:ExistingObjectTag/<key>; it is fine when another statement grants it unconditionally.
    const tagged = { Sid: 'Tagged', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*', Condition: { StringEquals: { 's3:ExistingObjectTag/team': 'a' } } };
    const list = { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' };
    session(policy([tagged, list, logs]), [
      ['the grant removed', (t) => editStatement(t, 1, (s) => s.replace('s3:ListBucket', 's3:ListAllMyBuckets'))],
      ['granted by a wildcard', (t) => editStatement(t, 1, (s) => s.replace('s3:ListAllMyBuckets', 's3:List*'))],
      ['the wildcard under a condition', (t) => editStatement(t, 1, (s) => s.replace('{', '{"Condition": {"Bool": {"aws:SecureTransport": "true"}}, '))],
      ['everything granted', (t) => editStatement(t, 2, (s) => s.replace('logs:PutLogEvents', '*'))],
      ['the tagged statement typed in (its own findings re-checked)', (t) => editStatement(t, 0, (s) => s.replace('"Tagged"', '"Tagged2"'))],
    ]);
  });

  it('a statement unchanged in its text but with a parse error now inside it (a comma deleted before it)', () => {
    const text = policy([read, queue, logs]);
    const comma = text.indexOf('},', text.indexOf('"Queue"')) + 1;
    for (const policyType of ['resource', 'identity'] as PolicyType[]) {
      session(text, [
        ['the comma before a statement deleted', (t) => t.slice(0, comma) + t.slice(comma + 1)],
        ['and typed again', (t) => t.slice(0, comma) + ',' + t.slice(comma)],
      ], { policyType });
    }
  });

  it('over random sessions of edits inside statements of a generated policy with repeats', () => {
    const rng = prng(19);
    let text = generatePolicy(20_000, 7);
    const cache = new LintCache();
    assertSame(text, cache, 'first lint');
    const rewrites: ((s: string) => string)[] = [
      (s) => s.replace(/"(Allow|Deny)"/, (_m, e: string) => (e === 'Allow' ? '"Deny"' : '"Allow"')),
      (s) => s.replace('{', '{"Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}, '),
      (s) => s.replace(/"Condition": \{[^{}]*\{[^{}]*\}[^{}]*\}/, '"Condition": {}'),
      (s) => s.replace(/"([a-z0-9-]+):([A-Za-z]+)"/, (_m, service: string, name: string) => `"${service}:${name}${'X'.repeat(1 + Math.floor(rng() * 2))}"`),
      (s) => s.replace(/X+"/, '"'),
      (s) => s.replace(/"Sid": "([^"]*)"/, (_m, sid: string) => `"Sid": "${sid}${String.fromCharCode(97 + Math.floor(rng() * 26))}"`),
    ];
    let rereads = 0;
    for (let i = 0; i < 120; i++) {
      const statements = parseIamDocument(text).statements;
      const index = Math.floor(rng() * statements.length);
      const before = cache.rereads;
      if (rng() < 0.15) {
        // The statement becomes a copy of another one (a repeat appears), or of itself with its Sid typed in.
        const other = statements[Math.floor(rng() * statements.length)]!.node;
        const copy = text.slice(other.offset, other.offset + other.length);
        text = editStatement(text, index, () => copy);
      } else {
        text = editStatement(text, index, rewrites[Math.floor(rng() * rewrites.length)]!);
      }
      assertSame(text, cache, `edit ${i + 1}`);
      rereads += cache.rereads - before;
    }
    assert.ok(rereads > 60, `edits re-read one statement (${rereads})`);
  });
});
