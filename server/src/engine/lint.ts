// The engine's entry point: text (+ options, + data) → document kind and findings with fixes.

import type { IamData } from './data/iamData';
import { parseIamDocument, type IamDocument } from './iam/document';
import { createJsonRenderer } from './iam/jsonEdits';
import type { PolicyType } from './iam/policyType';
import { parseRedshiftScript } from './redshift/parser';
import type { RedshiftScript } from './redshift/ast';
import { iamRules, redshiftRules } from './rules';
import { lintHostText, type HostKind, type HostLintResult } from './hosts/lintHost';
import type { Rule } from './rules/rule';
import { sqlBindingComment } from './profiles/binding';
import type { ProfileBinding } from './profiles/types';
import { profileById, type ProfileRegistry } from './profiles';
import { LineIndex } from './text';
import { findingOf, TEXT_EDITS_ONLY } from './findings';
import { suppressedFindings } from './suppressions';
import {
  INTERNAL_RULE_ID,
  SEVERITY_ORDER,
  type DocumentKind,
  type EditRenderer,
  type Finding,
  type Report,
  type SeverityOverride,
} from './types';

export interface LintOptions {
  data: IamData;
  /** What to lint the text as: the caller asks detect() (engine/detect.ts), the one place that decides. */
  kind: DocumentKind;
  /** Policy type for IAM documents; inferred from the content when absent. */
  policyType?: PolicyType;
  /** Severity overrides by rule id (`off` disables a rule). */
  severities?: Readonly<Record<string, SeverityOverride>>;
  /** The text is a Terraform or CloudFormation file: lint the policies embedded in it. */
  host?: HostKind;
  /** The profile the document is bound to (config, setting, CLI); a SQL `-- grantcheck-profile:` comment is used otherwise. */
  profile?: ProfileBinding;
  /** The other bindings of the same config (for checks across documents, e.g. separate buckets). */
  relatedProfiles?: readonly ProfileBinding[];
  /** The profiles bindings resolve against: the built-ins plus the workspace's (node/workspaceProfiles.ts). */
  profiles?: ProfileRegistry;
}

export interface LintResult {
  kind: DocumentKind | undefined;
  findings: Finding[];
  /** The parsed IAM document, when the text was linted as a policy. */
  iam?: IamDocument;
  redshift?: RedshiftScript;
  /** For a host file: each embedded policy with its parsed document. */
  embedded?: HostLintResult['policies'];
}

function profileForEmbedded(doc: IamDocument, options: LintOptions): LintOptions {
  if (!options.profile) return options;
  const profile = profileById(options.profile.id, options.profiles);
  if (!profile || profile.kind === doc.policyType) return options;
  const { profile: _unused, ...rest } = options;
  return rest;
}

/** Lints a text. Never throws: a failure inside the engine becomes one internal finding. */
export function lintText(text: string, options: LintOptions): LintResult {
  const result = lintWithoutSuppressions(text, options);
  // `grantcheck-disable-next-line` comments (suppressions.ts): a post-filter, the same for the CLI and the editor.
  return { ...result, findings: suppressedFindings(result, text, options.host, options.severities) };
}

function lintWithoutSuppressions(text: string, options: LintOptions): LintResult {
  let kind: DocumentKind | undefined;
  try {
    if (options.host) {
      // A binding comment is looked for once per file, not once per embedded policy.
      const comment = options.profile ? undefined : sqlBindingComment(text)?.binding;
      const hostOptions = comment ? { ...options, profile: comment } : options;
      const result = lintHostText(options.host, text, {
        data: options.data,
        // A host file holds several policies; a configured binding applies to those of the profile's kind
        // (a role's trust policy is not checked against the role's permissions profile).
        runRules: (doc, docLines, renderer) => runRules(iamRules, doc, text, comment ? hostOptions : profileForEmbedded(doc, options), docLines, renderer),
      });
      return { kind: 'iam-policy', embedded: result.policies, findings: sortFindings(result.findings) };
    }
    kind = options.kind;
    if (kind === 'iam-policy') {
      const doc = parseIamDocument(text, options.policyType);
      const lines = new LineIndex(text);
      return { kind, iam: doc, findings: runRules(iamRules, doc, text, options, lines, createJsonRenderer(text, lines)) };
    }
    if (kind === 'redshift-sql') {
      const script = parseRedshiftScript(text);
      return { kind, redshift: script, findings: runRules(redshiftRules, script, text, options) };
    }
    return { kind: undefined, findings: [] };
  } catch (error) {
    return { kind, findings: [internalFinding(`GrantCheck could not check this document: ${describe(error)}`, new LineIndex(text))] };
  }
}

/** Runs rules over a parsed document. A rule that throws becomes one internal finding; the others still run. */
export function runRules<TDoc>(
  rules: readonly Rule<TDoc>[],
  doc: TDoc,
  text: string,
  options: LintOptions,
  lines: LineIndex = new LineIndex(text),
  renderer: EditRenderer = TEXT_EDITS_ONLY,
): Finding[] {
  const findings: Finding[] = [];
  // A host file's binding comment was looked for once by lintText, not again for each of its policies.
  const profile = options.profile ?? (options.host ? undefined : sqlBindingComment(text)?.binding);
  for (const rule of rules) {
    const override = options.severities?.[rule.id] ?? aliasOverride(rule, options.severities);
    if (override === 'off') continue;
    const report = (r: Report): void => {
      findings.push(findingOf(rule, r, override ?? r.severity ?? rule.defaultSeverity, text, lines, renderer));
    };
    try {
      rule.check({ doc, text, lines, data: options.data, report, ...(profile ? { profile } : {}), relatedProfiles: options.relatedProfiles ?? [], ...(options.profiles ? { profiles: options.profiles } : {}) });
    } catch (error) {
      findings.push(internalFinding(`Rule ${rule.id} failed on this document and was skipped: ${describe(error)}`, lines));
    }
  }
  return capFindingsPerRule(sortFindings(findings));
}

/**
 * Findings shown per rule and document. A crafted document can trigger a rule thousands of times (60 KB of
 * `<a>` gave 20,000 placeholder findings and an 8.7 MB report); past this many, one summary stands for the rest.
 */
export const MAX_FINDINGS_PER_RULE = 100;

/**
 * Keeps the first MAX_FINDINGS_PER_RULE findings (document order) of each rule and adds one summary finding
 * per capped rule, on the range of its last kept finding, with the most severe severity among those left out
 * (so that exit codes and "errors only" filters still see them).
 */
export function capFindingsPerRule(sorted: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const f of sorted) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  if (![...counts.values()].some((n) => n > MAX_FINDINGS_PER_RULE)) return sorted;
  const kept: Finding[] = [];
  const lastKept = new Map<string, Finding>();
  const seen = new Map<string, number>();
  const summaries = new Map<string, Finding>();
  for (const f of sorted) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n <= MAX_FINDINGS_PER_RULE) {
      kept.push(f);
      lastKept.set(f.ruleId, f);
      continue;
    }
    const summary = summaries.get(f.ruleId);
    if (!summary) {
      const last = lastKept.get(f.ruleId)!;
      const more = counts.get(f.ruleId)! - MAX_FINDINGS_PER_RULE;
      summaries.set(f.ruleId, {
        ruleId: f.ruleId,
        severity: f.severity,
        messageId: 'moreFindings',
        message: `… and ${more} more finding${more === 1 ? '' : 's'} of ${f.ruleId} in this document.`,
        start: last.start,
        end: last.end,
        range: last.range,
        suggestions: [],
      });
    } else if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[summary.severity]) {
      summary.severity = f.severity;
    }
  }
  return sortFindings([...kept, ...summaries.values()]);
}

function aliasOverride(
  rule: { aliases?: readonly string[] },
  severities: Readonly<Record<string, SeverityOverride>> | undefined,
): SeverityOverride | undefined {
  if (!severities || !rule.aliases) return undefined;
  for (const alias of rule.aliases) if (severities[alias]) return severities[alias];
  return undefined;
}

export function internalFinding(message: string, lines: LineIndex): Finding {
  return { ruleId: INTERNAL_RULE_ID, severity: 'warning', messageId: 'internal', message, start: 0, end: 0, range: lines.rangeOf(0, 0), suggestions: [] };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Document order, then severity, then rule id: stable output for the CLI and tests. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
