// RuleTester for GrantCheck rules, modelled on ESLint's: it takes the rule object (so a misspelt id cannot exist) and
// requires, for every finding of an invalid case, its exact range, its messageId, the text after its safe fix (or
// `null`), and the title and result of every suggestion. A finding the case does not expect fails it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText, type LintOptions } from '../../server/src/engine/lint';
import type { PolicyType } from '../../server/src/engine/iam/policyType';
import type { HostKind } from '../../server/src/engine/hosts/lintHost';
import type { ProfileBinding } from '../../server/src/engine/profiles/types';
import { allRules, ruleById } from '../../server/src/engine/rules';
import type { AnyRule } from '../../server/src/engine/rules/rule';
import { applyEdits } from '../../server/src/engine/text';
import { INTERNAL_RULE_ID, type DocumentKind, type Finding, type Severity, type SeverityOverride } from '../../server/src/engine/types';
import { testData } from './data';
import { assertIncrementalSession } from './incremental';
import { prng } from './prng';

/** A document and how it is linted. */
export interface RuleCase {
  name?: string;
  code: string;
  policyType?: PolicyType;
  /** Lint `code` as a Terraform or CloudFormation file (its embedded policies). */
  host?: HostKind;
  /** The profile the document is bound to (as `.grantcheck.json` would bind it). */
  profile?: ProfileBinding;
  relatedProfiles?: ProfileBinding[];
}

export interface ExpectedSuggestion {
  title: string;
  /** The whole text after applying the suggestion. */
  output: string;
}

/** One expected finding. Lines and columns are 1-based, as an editor shows them; the end is exclusive. */
export interface ExpectedFinding {
  messageId: string;
  /** Optionally, a part (or a pattern) of the rendered message. */
  message?: string | RegExp;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity?: Severity;
  /** The whole text after applying the finding's safe fix, or `null` when it has none. */
  output: string | null;
  /** Every suggestion, in order; required (and checked) whenever the finding has suggestions. */
  suggestions?: ExpectedSuggestion[];
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

export interface RuleCases {
  valid: RuleCase[];
  invalid: InvalidCase[];
}

/** Every rule's findings of a text (the whole engine), for tests that look at several rules. */
export function lintCode(code: string, kind: DocumentKind, policyType?: PolicyType): Finding[] {
  return lintText(code, { data: testData(), kind, ...(policyType ? { policyType } : {}) }).findings;
}

/** The findings of one rule on a case, with every other rule off; a crash of the rule shows as its internal finding. */
export function lintWithRule(rule: AnyRule, c: RuleCase): Finding[] {
  const off: Record<string, SeverityOverride> = {};
  for (const other of allRules) if (other !== rule) off[other.id] = 'off';
  const options: LintOptions = {
    data: testData(),
    kind: rule.domain === 'iam' ? 'iam-policy' : 'redshift-sql',
    severities: off,
    ...(c.policyType ? { policyType: c.policyType } : {}),
    ...(c.host ? { host: c.host } : {}),
    ...(c.profile ? { profile: c.profile } : {}),
    ...(c.relatedProfiles ? { relatedProfiles: c.relatedProfiles } : {}),
  };
  return lintText(c.code, options).findings.filter((f) => f.ruleId === rule.id || f.ruleId === INTERNAL_RULE_ID);
}

/** A finding as a test would write it (what a failing case prints, ready to compare or paste). */
export function describeFinding(finding: Finding, code: string) {
  return {
    ...(finding.ruleId !== INTERNAL_RULE_ID ? {} : { ruleId: finding.ruleId }),
    messageId: finding.messageId,
    message: finding.message,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    severity: finding.severity,
    output: finding.fix ? applyEdits(code, finding.fix.edits) : null,
    suggestions: finding.suggestions.map((s) => ({ title: s.title, output: applyEdits(code, s.edits) })),
  };
}

export function runRuleTests(rule: AnyRule, cases: RuleCases): void {
  describe(rule.id, () => {
    it('is the registered rule, with messages', () => assertRegistered(rule));
    for (const [i, c] of cases.valid.entries()) it(`valid ${i + 1}${c.name ? `: ${c.name}` : ''}`, () => assertValidCase(rule, c));
    for (const [i, c] of cases.invalid.entries()) it(`invalid ${i + 1}${c.name ? `: ${c.name}` : ''}`, () => assertInvalidCase(rule, c));
    it('declares fixable and hasSuggestions as its cases show (each is covered by a case)', () => assertMetaCovered(rule, cases));
    if (rule.domain === 'iam') it('re-linting incrementally (as the editor does) equals a full lint on every case and on random edits of it', () => assertIncrementalCases(rule, cases));
  });
}

/**
 * The differential check of incremental re-linting (support/incremental.ts) on a rule's cases, every rule on (the
 * rule's findings are compared with all the others'; test/unit/incremental-lint.test.ts covers configurations).
 */
export function assertIncrementalCases(rule: AnyRule, cases: RuleCases): void {
  [...cases.valid, ...cases.invalid].forEach((c, i) => {
    const options: LintOptions = {
      data: testData(),
      kind: 'iam-policy',
      ...(c.policyType ? { policyType: c.policyType } : {}),
      ...(c.host ? { host: c.host } : {}),
      ...(c.profile ? { profile: c.profile } : {}),
      ...(c.relatedProfiles ? { relatedProfiles: c.relatedProfiles } : {}),
    };
    // Budget cases (tens of KB, e.g. 6,000 actions) get one edit: each edit lints the whole document twice.
    assertIncrementalSession(c.code, options, prng(i + 1), c.code.length > 20_000 ? 1 : 5, `${rule.id} case ${i + 1}`);
  });
}

/** `fixable` iff some case expects a safe fix, `hasSuggestions` iff some case expects a suggestion. */
export function assertMetaCovered(rule: AnyRule, cases: RuleCases): void {
  const errors = cases.invalid.flatMap((c) => c.errors);
  assert.equal(rule.fixable, errors.some((e) => e.output !== null), `fixable is ${rule.fixable}, but ${rule.fixable ? 'no' : 'a'} case expects a safe fix`);
  assert.equal(
    rule.hasSuggestions,
    errors.some((e) => (e.suggestions ?? []).length > 0),
    `hasSuggestions is ${rule.hasSuggestions}, but ${rule.hasSuggestions ? 'no' : 'a'} case expects a suggestion`,
  );
}

/** The rule object is the one in the registry (not a copy or an unregistered rule), and declares messages. */
export function assertRegistered(rule: AnyRule): void {
  assert.ok(ruleById(rule.id) === rule, `${rule.id} is not in the rule registry (rules/index.ts), or this is a copy of the registered rule`);
  assert.ok(Object.keys(rule.messages).length > 0, 'the rule declares its messages');
}

export function assertValidCase(rule: AnyRule, c: RuleCase): void {
  const found = lintWithRule(rule, c);
  assert.deepEqual(found.map((f) => describeFinding(f, c.code)), [], `expected no ${rule.id} finding`);
}

export function assertInvalidCase(rule: AnyRule, c: InvalidCase): void {
  assert.ok(c.errors.length > 0, 'an invalid case expects at least one finding (or it belongs in valid)');
  const found = lintWithRule(rule, c);
  const actual = found.map((f) => describeFinding(f, c.code));
  assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got ${found.length}:\n${JSON.stringify(actual, null, 2)}`);
  c.errors.forEach((expected, j) => assertFinding(rule, found[j]!, expected, c.code, `finding ${j + 1}`));
}

function assertFinding(rule: AnyRule, finding: Finding, expected: ExpectedFinding, code: string, which: string): void {
  const actual = describeFinding(finding, code);
  const where = `${which} ${JSON.stringify(actual, null, 2)}\n`;
  assert.equal(finding.ruleId, rule.id, `${where}is not a finding of ${rule.id}`);
  assert.ok(Object.prototype.hasOwnProperty.call(rule.messages, expected.messageId), `${where}the case expects messageId "${expected.messageId}", which ${rule.id} does not declare`);
  assert.equal(finding.messageId, expected.messageId, `${where}messageId`);
  if (expected.message !== undefined) {
    if (typeof expected.message === 'string') assert.ok(finding.message.includes(expected.message), `${where}the message should contain "${expected.message}"`);
    else assert.match(finding.message, expected.message, `${where}message`);
  }
  assert.deepEqual(
    [actual.line, actual.column, actual.endLine, actual.endColumn],
    [expected.line, expected.column, expected.endLine, expected.endColumn],
    `${where}range (line, column, endLine, endColumn)`,
  );
  if (expected.severity !== undefined) assert.equal(finding.severity, expected.severity, `${where}severity`);
  if (expected.output === null) {
    assert.equal(actual.output, null, `${where}the case expects no safe fix`);
  } else {
    assert.notEqual(actual.output, null, `${where}the case expects a safe fix`);
    assert.notEqual(expected.output, code, `${where}a safe fix must change the text`);
    assert.equal(actual.output, expected.output, `${where}text after the safe fix`);
  }
  assert.deepEqual(actual.suggestions, expected.suggestions ?? [], `${where}suggestions (title and text after each)`);
}

/** Offset of the `|` marker in a test text, and the text without it. */
export function cursor(textWithBar: string): { text: string; offset: number } {
  const offset = textWithBar.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | cursor marker');
  return { text: textWithBar.slice(0, offset) + textWithBar.slice(offset + 1), offset };
}
