// RuleTester for GrantCheck rules (ESLint-style): valid/invalid cases, exact 1-based ranges, and the text after each fix.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import type { PolicyType } from '../../server/src/engine/iam/policyType';
import { applyEdits } from '../../server/src/engine/text';
import type { DocumentKind, Finding, Severity } from '../../server/src/engine/types';
import { testData } from './data';

export interface ExpectedError {
  /** Substring (or regex) the message must contain. */
  message?: string | RegExp;
  /** 1-based, like an editor's status bar. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity?: Severity;
  /** Text after applying this finding's fixes, in order (one entry per fix). */
  fixes?: string[];
}

export interface ValidCase {
  name?: string;
  code: string;
  policyType?: PolicyType;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

export interface RuleCases {
  kind: DocumentKind;
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export function lintCode(code: string, kind: DocumentKind, policyType?: PolicyType): Finding[] {
  return lintText(code, { data: testData(), kind, ...(policyType ? { policyType } : {}) }).findings;
}

/** Findings of one rule only. */
export function findingsOf(ruleId: string, code: string, kind: DocumentKind, policyType?: PolicyType): Finding[] {
  return lintCode(code, kind, policyType).filter((f) => f.ruleId === ruleId);
}

export function runRuleTests(ruleId: string, cases: RuleCases): void {
  describe(ruleId, () => {
    for (const [i, c] of cases.valid.entries()) {
      it(`valid ${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
        const found = findingsOf(ruleId, c.code, cases.kind, c.policyType);
        assert.deepEqual(
          found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`),
          [],
          `expected no ${ruleId} findings`,
        );
      });
    }
    for (const [i, c] of cases.invalid.entries()) {
      it(`invalid ${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
        const found = findingsOf(ruleId, c.code, cases.kind, c.policyType);
        assert.equal(
          found.length,
          c.errors.length,
          `expected ${c.errors.length} ${ruleId} finding(s), got:\n${found.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join('\n')}`,
        );
        c.errors.forEach((expected, j) => assertFinding(found[j]!, expected, c.code));
      });
    }
  });
}

export function assertFinding(finding: Finding, expected: ExpectedError, code: string): void {
  const where = `${finding.ruleId} "${finding.message}"`;
  if (expected.message !== undefined) {
    if (typeof expected.message === 'string') assert.ok(finding.message.includes(expected.message), `${where}: message should contain "${expected.message}"`);
    else assert.match(finding.message, expected.message, where);
  }
  if (expected.line !== undefined) assert.equal(finding.range.start.line + 1, expected.line, `${where}: line`);
  if (expected.column !== undefined) assert.equal(finding.range.start.character + 1, expected.column, `${where}: column`);
  if (expected.endLine !== undefined) assert.equal(finding.range.end.line + 1, expected.endLine, `${where}: endLine`);
  if (expected.endColumn !== undefined) assert.equal(finding.range.end.character + 1, expected.endColumn, `${where}: endColumn`);
  if (expected.severity !== undefined) assert.equal(finding.severity, expected.severity, `${where}: severity`);
  if (expected.fixes !== undefined) {
    assert.deepEqual(
      finding.fixes.map((fix) => applyEdits(code, fix.edits)),
      expected.fixes,
      `${where}: text after each fix`,
    );
  }
}

/** Offset of the `|` marker in a test text, and the text without it. */
export function cursor(textWithBar: string): { text: string; offset: number } {
  const offset = textWithBar.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | cursor marker');
  return { text: textWithBar.slice(0, offset) + textWithBar.slice(offset + 1), offset };
}
