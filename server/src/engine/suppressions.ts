// Suppression comments: `grantcheck-disable-next-line <rule>[, <rule>…] [-- <reason>]` on a line of its own, in the
// comment syntax of the file (`--` in SQL, `#` or `//` in Terraform, `#` in YAML, `//` in a policy whose JSON allows
// comments), hides the findings of those rules that start on the next line that is not itself a suppression comment.
// Without a rule list it hides every rule's findings there. A suppression that hides nothing is reported by
// grantcheck/unused-suppression, so stale ones do not pile up. The reason after ` -- ` follows ESLint's convention.
//
// A post-filter on the findings of lintText (engine/lint.ts): the CLI and the editor see the same result.
// Line scanning only, no RegExp from user text: linear in the text's length.

import { newFinding } from './findings';
import { ruleById } from './rules';
import { LineIndex, textChange } from './text';
import { INTERNAL_RULE_ID, SEVERITY_ORDER, type DocumentKind, type Finding, type SeverityOverride } from './types';

export const UNUSED_SUPPRESSION_RULE_ID = 'grantcheck/unused-suppression';
export const DIRECTIVE = 'grantcheck-disable-next-line';
/** Unused suppressions reported per document before one summary finding (the cap rules have in lint.ts). */
const MAX_UNUSED_REPORTED = 100;

/** Comment markers a file's syntax allows on a line of its own. */
export type CommentMarker = '--' | '#' | '//';

export interface Suppression {
  /** The comment line (0-based) and its offsets, without the line break. */
  line: number;
  start: number;
  end: number;
  /** The line whose findings it hides. */
  targetLine: number;
  /** Rule ids as written; empty: every rule. */
  rules: string[];
  reason?: string;
}

/** The comment markers of a document: SQL `--`, Terraform `#` and `//`, YAML `#`, JSON `//` (only valid where comments are allowed). */
export function commentMarkersFor(kind: DocumentKind | undefined, host: 'terraform' | 'cloudformation' | undefined): CommentMarker[] {
  if (host === 'terraform') return ['#', '//'];
  if (host === 'cloudformation') return ['#'];
  if (kind === 'redshift-sql') return ['--'];
  if (kind === 'iam-policy') return ['//'];
  return [];
}

/** The text of a suppression comment for the given marker (what "Disable for this line" inserts). */
export function suppressionComment(marker: CommentMarker, ruleId: string): string {
  return `${marker} ${DIRECTIVE} ${ruleId}`;
}

/** The last text checked for a directive: while typing, the next version is searched where it changed only. */
let lastChecked: { text: string; has: boolean } | undefined;
/** Texts at least this long are searched where they changed since the last one. */
const RECHECK_MIN_LENGTH = 16_384;

/** Whether a text holds the directive anywhere (the check every lint makes before reading lines). */
export function hasDirective(text: string): boolean {
  if (lastChecked?.text === text) return lastChecked.has;
  let has: boolean | undefined;
  // Without the directive before, it can only be where the edit is (or reach into it).
  if (lastChecked && !lastChecked.has && text.length >= RECHECK_MIN_LENGTH && lastChecked.text.length >= RECHECK_MIN_LENGTH) {
    const change = textChange(lastChecked.text, text);
    has = change !== undefined && text.slice(Math.max(0, change.start - DIRECTIVE.length + 1), change.newEnd + DIRECTIVE.length - 1).includes(DIRECTIVE);
  }
  has ??= text.includes(DIRECTIVE);
  lastChecked = { text, has };
  return has;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** The suppressions of a text, each with the line it applies to. */
export function parseSuppressions(
  text: string,
  markers: readonly CommentMarker[],
  lines: LineIndex = new LineIndex(text),
  notComments: readonly { start: number; end: number }[] = [],
): Suppression[] {
  if (markers.length === 0 || !hasDirective(text)) return [];
  const found: Suppression[] = [];
  const pending: Suppression[] = [];
  // Lines are visited in order: one pointer over the ranges sorted by start keeps the scan linear.
  const ranges = [...notComments].sort((a, b) => a.start - b.start);
  let next = 0;
  let reach = -1;
  const lineCount = lines.positionAt(text.length).line + 1;
  for (let line = 0; line < lineCount; line++) {
    const lineStart = lines.offsetAt({ line, character: 0 });
    let lineEnd = line + 1 < lineCount ? lines.offsetAt({ line: line + 1, character: 0 }) : text.length;
    while (lineEnd > lineStart && (text.charCodeAt(lineEnd - 1) === 0x0a || text.charCodeAt(lineEnd - 1) === 0x0d)) lineEnd--;
    let i = lineStart;
    while (i < lineEnd && isSpace(text.charCodeAt(i))) i++;
    // Inside a policy written as a JSON string (heredoc, YAML block scalar) a `#` line is policy text, not a comment.
    while (next < ranges.length && ranges[next]!.start <= i) reach = Math.max(reach, ranges[next++]!.end);
    const directive = i < reach ? undefined : directiveAt(text, i, lineEnd, markers);
    if (directive) {
      pending.push({ line, start: lineStart, end: lineEnd, targetLine: -1, ...directive });
      continue;
    }
    if (pending.length > 0 && i < lineEnd) {
      // The first line with content after the comments (blank lines in between are passed over).
      for (const s of pending) found.push({ ...s, targetLine: line });
      pending.length = 0;
    }
  }
  // Suppressions at the end of the file hide nothing: still reported as unused.
  for (const s of pending) found.push({ ...s, targetLine: lineCount });
  return found;
}

function directiveAt(text: string, at: number, end: number, markers: readonly CommentMarker[]): { rules: string[]; reason?: string } | undefined {
  const marker = markers.find((m) => text.startsWith(m, at));
  if (!marker) return undefined;
  let i = at + marker.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  if (!text.startsWith(DIRECTIVE, i)) return undefined;
  i += DIRECTIVE.length;
  if (i < end && !isSpace(text.charCodeAt(i))) return undefined; // e.g. grantcheck-disable-next-lines
  const rest = text.slice(i, end);
  const reasonAt = rest.indexOf(' --');
  const list = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
  const reason = reasonAt >= 0 ? rest.slice(reasonAt + 3).trim() : undefined;
  const rules = list
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return { rules, ...(reason ? { reason } : {}) };
}

export interface SuppressionOptions {
  markers: readonly CommentMarker[];
  severities?: Readonly<Record<string, SeverityOverride>>;
  /** Ranges where a line starting with a marker is not a comment (policies embedded as JSON text). */
  notComments?: readonly { start: number; end: number }[];
}

/** What lintText knows about a result that decides where comments are. */
interface LintedText {
  kind: DocumentKind | undefined;
  findings: Finding[];
  embedded?: readonly { policy: { syntax: string; start: number; end: number } }[];
}

/** lintText's post-filter: the result's findings with suppressions applied, in the comment syntax of the document. */
export function suppressedFindings(result: LintedText, text: string, host: 'terraform' | 'cloudformation' | undefined, severities: Readonly<Record<string, SeverityOverride>> | undefined): Finding[] {
  return applySuppressions(result.findings, text, {
    markers: commentMarkersFor(result.kind, host),
    ...(severities ? { severities } : {}),
    notComments: (result.embedded ?? []).filter((e) => e.policy.syntax === 'json').map((e) => e.policy),
  });
}

/**
 * Removes the findings that a suppression comment hides and adds a grantcheck/unused-suppression finding for
 * each suppression that hides nothing (or names a rule GrantCheck does not have). Internal findings are never hidden.
 */
export function applySuppressions(findings: Finding[], text: string, options: SuppressionOptions): Finding[] {
  // Most texts have no suppression comment: no line index for them (this runs on every lint).
  if (options.markers.length === 0 || !hasDirective(text)) return findings;
  const lines = LineIndex.of(text);
  const suppressions = parseSuppressions(text, options.markers, lines, options.notComments);
  if (suppressions.length === 0) return findings;
  const canonical = (id: string): string => ruleById(id)?.id ?? id;
  const used = new Set<Suppression>();
  const byLine = new Map<number, Suppression[]>();
  for (const s of suppressions) {
    const list = byLine.get(s.targetLine);
    if (list) list.push(s);
    else byLine.set(s.targetLine, [s]);
  }
  const kept = findings.filter((finding) => {
    if (finding.ruleId === INTERNAL_RULE_ID || finding.ruleId === UNUSED_SUPPRESSION_RULE_ID) return true;
    const onLine = byLine.get(finding.range.start.line) ?? [];
    const hiding = onLine.filter((s) => s.rules.length === 0 || s.rules.some((r) => canonical(r) === finding.ruleId));
    for (const s of hiding) used.add(s);
    return hiding.length === 0;
  });
  const severity = options.severities?.[UNUSED_SUPPRESSION_RULE_ID] ?? 'warning';
  if (severity === 'off') return kept;
  const unused: Finding[] = [];
  for (const s of suppressions) {
    if (used.has(s)) continue;
    const unknown = s.rules.filter((r) => !ruleById(r));
    // A rule turned off by the settings reports nothing here, though it may elsewhere (CI, another config): not unused.
    if (unknown.length === 0 && s.rules.length > 0 && s.rules.every((r) => isOff(r, options.severities))) continue;
    const message =
      unknown.length > 0
        ? `${DIRECTIVE} names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not a GrantCheck rule' : 'are not GrantCheck rules'}.`
        : `Unused ${DIRECTIVE}: no ${s.rules.length > 0 ? s.rules.join(', ') : 'GrantCheck'} problem on the next line.`;
    const eol = text.startsWith('\r\n', s.end) ? 2 : text.startsWith('\n', s.end) ? 1 : 0;
    // Removing a comment the author wrote is their call (they may be about to write the line it is for): a suggestion.
    const remove = { title: 'Remove the unused suppression comment', edits: [{ start: s.start, end: s.end + eol, newText: '', range: lines.rangeOf(s.start, s.end + eol) }] };
    unused.push(newFinding(UNUSED_SUPPRESSION_RULE_ID, severity, unknown.length > 0 ? 'unknownRule' : 'unused', message, s.start, s.end, lines.rangeOf(s.start, s.end), undefined, [remove]));
  }
  if (unused.length === 0) return kept;
  // As for rules (lint.ts MAX_FINDINGS_PER_RULE): past 100, one summary on the last one kept stands for the rest.
  if (unused.length > MAX_UNUSED_REPORTED) {
    const more = unused.length - MAX_UNUSED_REPORTED;
    const last = unused[MAX_UNUSED_REPORTED - 1]!;
    unused.length = MAX_UNUSED_REPORTED;
    unused.push(newFinding(last.ruleId, last.severity, 'moreFindings', `… and ${more} more finding${more === 1 ? '' : 's'} of ${UNUSED_SUPPRESSION_RULE_ID} in this document.`, last.start, last.end, last.range, undefined, []));
  }
  return [...kept, ...unused].sort((a, b) => a.start - b.start || a.end - b.end || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

function isOff(ruleId: string, severities: Readonly<Record<string, SeverityOverride>> | undefined): boolean {
  const rule = ruleById(ruleId);
  if (!rule || !severities) return false;
  return [rule.id, ...(rule.aliases ?? [])].some((id) => severities[id] === 'off');
}
