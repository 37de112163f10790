// `npm run diff:findings` (scripts/diff-findings.ts) proves a change leaves every finding the same: its comparison
// (scripts/findingsDiff.ts) must report every kind of difference, and its corpus must be the bench's.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiffReport, documentDifferences, findingDifferences, findingRecord, type DocumentRecord, type FindingRecord } from '../../scripts/findingsDiff';
import { generateCloudFormationTemplate, generatePolicy, generateSql, repositoryFiles } from '../support/benchInputs';
import { generateTerraformPolicies } from '../support/terraformFiles';

function finding(over: Partial<FindingRecord> & { line?: number } = {}): FindingRecord {
  const line = over.line ?? 2;
  const { line: _line, ...rest } = over;
  return {
    ruleId: 'iam/action-unknown',
    messageId: 'unknown',
    severity: 'error',
    message: 's3:GetObjekt is not an action of Amazon S3.',
    start: 40 + line,
    end: 54 + line,
    range: { start: { line, character: 4 }, end: { line, character: 18 } },
    suggestions: [{ title: 'Replace with s3:GetObject', edits: [{ start: 41 + line, end: 53 + line, newText: 's3:GetObject' }] }],
    ...rest,
  };
}

test('the same findings in the same order: no difference', () => {
  const a = [finding(), finding({ line: 5, ruleId: 'iam/resource-wildcard', messageId: 'star' })];
  assert.deepEqual(findingDifferences(a, a.map((f) => ({ ...f }))), []);
  assert.deepEqual(documentDifferences({ kind: 'iam-policy', findings: a }, { kind: 'iam-policy', findings: [...a] }), []);
});

test('a changed message, a moved range, a missing and an extra finding are each reported', () => {
  const kept = finding({ line: 9, ruleId: 'iam/policy-version', messageId: 'missing', message: 'No Version.' });
  const base = [finding(), finding({ line: 4, ruleId: 'iam/resource-wildcard', messageId: 'star', message: 'Resource is "*".' }), finding({ line: 6, ruleId: 'iam/sid-format', messageId: 'bad', message: 'Bad Sid.' }), kept];
  const head = [
    finding({ message: 's3:GetObjekt is not an S3 action.' }),
    finding({ line: 5, ruleId: 'iam/resource-wildcard', messageId: 'star', message: 'Resource is "*".' }),
    kept,
    finding({ line: 7, ruleId: 'iam/duplicate-sid', messageId: 'repeated', message: 'Sid repeated.' }),
  ];
  const lines = findingDifferences(base, head);
  assert.equal(lines.length, 4, lines.join('\n'));
  assert.match(lines[0]!, /^changed iam\/action-unknown \(unknown\) at 3:5–3:19 .*message "s3:GetObjekt is not an action of Amazon S3\." → "s3:GetObjekt is not an S3 action\."/);
  assert.match(lines[1]!, /^moved iam\/resource-wildcard \(star\) at 5:5–5:19 .*range 5:5–5:19 \[44–58\] → 6:5–6:19 \[45–59\]/);
  assert.match(lines[2]!, /^missing 7:5–7:19 \[46–60\] error iam\/sid-format \(bad\): Bad Sid\./);
  assert.match(lines[3]!, /^extra {3}8:5–8:19 \[47–61\] error iam\/duplicate-sid \(repeated\): Sid repeated\./);
});

test('severity, fix and suggestion changes, a changed order, and the fixed text are reported', () => {
  const fix = { title: 'Add Version', edits: [{ start: 1, end: 1, newText: '"Version": "2012-10-17",' }] };
  assert.match(findingDifferences([finding()], [finding({ severity: 'warning' })])[0]!, /severity error → warning/);
  assert.match(findingDifferences([finding({ fix })], [finding()])[0]!, /fix "Add Version" 1–1→.* → none/);
  assert.match(findingDifferences([finding()], [finding({ suggestions: [] })])[0]!, /suggestions "Replace with s3:GetObject" .* → none/);
  const a = finding();
  const b = finding({ line: 8, ruleId: 'iam/sid-format' });
  assert.match(findingDifferences([a, b], [b, a]).join('\n'), /^same findings in another order \(first at #1/);
  const doc = (text: string, fixedFindings: FindingRecord[] = []): DocumentRecord => ({ kind: 'iam-policy', findings: [finding({ fix })], fixed: { text, findings: fixedFindings } });
  assert.match(documentDifferences(doc('{"Version": "2012-10-17"}'), doc('{"Version": "2008-10-17"}')).join('\n'), /text after the safe fixes differs, first at offset 15/);
  assert.match(documentDifferences(doc('{}'), doc('{}', [finding()])).join('\n'), /^after the safe fixes: extra/);
  assert.match(documentDifferences({ findings: [] }, { kind: 'iam-policy', findings: [] }).join('\n'), /kind not linted → iam-policy/);
  assert.deepEqual(documentDifferences(undefined, { findings: [] }), ['linted by the working tree only']);
});

test('findingRecord keeps exactly the compared fields of an engine finding', () => {
  const engineFinding = { ...finding(), fix: { title: 't', edits: [{ start: 1, end: 2, newText: 'x', range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } } }] }, positional: true };
  const record = findingRecord(engineFinding as FindingRecord);
  assert.deepEqual(Object.keys(record), ['ruleId', 'messageId', 'severity', 'message', 'start', 'end', 'range', 'fix', 'suggestions']);
  assert.deepEqual(record.fix, { title: 't', edits: [{ start: 1, end: 2, newText: 'x' }] });
});

test('the report counts documents, findings and differing documents and shows the first --limit of them', () => {
  const report = new DiffReport(1);
  report.add('same.json', { kind: 'iam-policy', findings: [finding()] }, { kind: 'iam-policy', findings: [finding()] });
  report.add('a.json', { kind: 'iam-policy', findings: [finding()] }, { kind: 'iam-policy', findings: [] });
  report.add('b.json', { kind: 'iam-policy', findings: [] }, { kind: 'iam-policy', findings: [finding()] });
  const text = report.text('main');
  assert.match(text, /^documents: 3\nfindings: 2 \(main\), 2 \(working tree\)\n.*\ndocuments that differ: 2\n/);
  assert.match(text, /\na\.json\n {2}missing /);
  assert.doesNotMatch(text, /b\.json/);
  assert.match(text, /… and 1 more documents/);
});

test('the generated repository is the bench\'s: its files in order, made by the bench\'s generators', () => {
  const files = [...repositoryFiles({ policies: 3, scripts: 2, templates: 3 })];
  assert.deepEqual(files.map((f) => f.path), ['policies/0/p0.json', 'policies/1/p1.json', 'policies/2/p2.json', 'sql/s0.sql', 'sql/s1.sql', 'infra/m0.tf', 'infra/t1.yaml', 'infra/m2.tf']);
  assert.equal(files[2]!.text, generatePolicy(2_300, 2));
  assert.equal(files[4]!.text, generateSql(21));
  assert.equal(files[5]!.text, generateTerraformPolicies(5, true));
  assert.equal(files[6]!.text, generateCloudFormationTemplate(4, 5_000, 1));
});
