// Pull diagnostics answer `unchanged` when a version's findings equal the diagnostics of the client's result: the
// comparison of findings with sent diagnostics (the fast path) must agree with comparing the diagnostics themselves.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import type { Finding } from '../../server/src/engine/types';
import { sameAsFindings, sameDiagnostics, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { testData } from '../support/data';

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObjects', 's3:*'], Resource: '*' },
      { Sid: 'B', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
    ],
  },
  null,
  2,
);

const diagnosticsOf = (findings: readonly Finding[], version: number) => findings.map((f, i) => toDiagnostic(f, i, version));

test('findings compared with sent diagnostics agree with the diagnostics compared by value, whatever their version', () => {
  const findings = lintText(POLICY, { data: testData(), kind: 'iam-policy' }).findings;
  assert.ok(findings.length >= 3, `enough findings to vary: ${findings.map((f) => f.ruleId).join(', ')}`);
  const sent = diagnosticsOf(findings, 1);
  const first = findings[0]!;
  const variants: [string, Finding[], boolean][] = [
    ['the same findings (copies)', findings.map((f) => ({ ...f, range: { start: { ...f.range.start }, end: { ...f.range.end } } })), true],
    ['a finding moved a line', findings.map((f, i) => (i === 0 ? { ...f, range: { start: { ...f.range.start, line: f.range.start.line + 1 }, end: { ...f.range.end, line: f.range.end.line + 1 } } } : f)), false],
    ['a finding ends a character later', findings.map((f, i) => (i === 0 ? { ...f, range: { start: f.range.start, end: { ...f.range.end, character: f.range.end.character + 1 } } } : f)), false],
    ['another message', findings.map((f, i) => (i === 0 ? { ...f, message: `${f.message}!` } : f)), false],
    ['another severity', findings.map((f, i) => (i === 0 ? { ...f, severity: first.severity === 'error' ? 'warning' : 'error' } : f)), false],
    ['another rule', findings.map((f, i) => (i === 0 ? { ...f, ruleId: 'iam/other-rule' } : f)), false],
    ['one finding fewer', findings.slice(1), false],
    ['two findings swapped', [findings[1]!, findings[0]!, ...findings.slice(2)], false],
    // A fix is not part of a diagnostic: a finding whose fix changed shows the same.
    ['another fix', findings.map((f, i) => (i === 0 ? { ...f, fix: { title: 'x', edits: [] } } : f)), true],
  ];
  for (const [what, changed, expected] of variants) {
    assert.equal(sameDiagnostics(sent, diagnosticsOf(changed, 7)), expected, `${what}: diagnostics by value`);
    assert.equal(sameAsFindings(sent, changed), expected, `${what}: findings against the sent diagnostics`);
  }
});

test('diagnostics without GrantCheck data (a config file\'s) never equal findings', () => {
  const findings = lintText(POLICY, { data: testData(), kind: 'iam-policy' }).findings;
  const withoutData = diagnosticsOf(findings, 1).map(({ data: _data, ...d }) => d);
  assert.equal(sameAsFindings(withoutData, findings), false);
  assert.equal(sameDiagnostics(withoutData, diagnosticsOf(findings, 1)), false);
});
