// Turns what a rule reports (message id + data, safe fix, suggestions, in offsets) into a finding in document coordinates.

import type { LineIndex } from './text';
import type { EditRenderer, Finding, Fix, FixProposal, OffsetEdit, Range, Report, RuleMeta, Severity } from './types';

/** Documents without a model renderer (SQL scripts): their fixes are text edits already. */
export const TEXT_EDITS_ONLY: EditRenderer = {
  render: (edits) => (edits.every((e): e is OffsetEdit => !('kind' in e)) ? [...edits] : undefined),
};

/** `{{name}}` in a message template; names are identifiers, so the pattern is fixed (never built from text). */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A message template cut at its placeholders: `texts[0] names[0] texts[1] … names[n-1] texts[n]`. */
interface CompiledTemplate {
  readonly texts: readonly string[];
  readonly names: readonly string[];
}

/** Each message template seen, cut once (templates are the rules' own: a bounded set). */
const compiledTemplates = new Map<string, CompiledTemplate>();

function compiled(template: string): CompiledTemplate {
  let found = compiledTemplates.get(template);
  if (found === undefined) {
    const texts: string[] = [];
    const names: string[] = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      texts.push(template.slice(last, m.index));
      names.push(m[1]!);
      last = m.index! + m[0].length;
    }
    texts.push(template.slice(last));
    found = { texts, names };
    compiledTemplates.set(template, found);
  }
  return found;
}

function missingData(template: string, name: string): Error {
  return new Error(`the message "${template}" needs data "${name}"`);
}

/**
 * The message of a report: its template with every `{{name}}` filled from `data`. A placeholder without data is
 * a bug in the rule: it throws (the engine reports the rule as failed) rather than show `{{name}}` to a user.
 * The template is cut at its placeholders once; a message is then joined from the pieces (a `replace` with a
 * callback per message cost ≈ 1 % of a repository's run).
 */
export function renderMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  const { texts, names } = compiled(template);
  let message = texts[0]!;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!data || !Object.prototype.hasOwnProperty.call(data, name)) throw missingData(template, name);
    message += String(data[name]) + texts[i + 1]!;
  }
  return message;
}

/** Counts of message renders, for tests (test/unit/findings.test.ts: a finding past the cap renders none). */
export const messageRenders = { count: 0 };

/**
 * Throws what renderMessage would for this template and data, without writing the message: every placeholder has
 * its data. The message itself is written only for a finding that is shown (pendingFindingOf's `render`).
 */
export function checkMessageData(template: string, data: Readonly<Record<string, string | number>> | undefined): void {
  const { names } = compiled(template);
  for (let i = 0; i < names.length; i++) {
    if (!data || !Object.prototype.hasOwnProperty.call(data, names[i]!)) throw missingData(template, names[i]!);
  }
}

/**
 * A Finding. Every finding the engine makes or re-places (rendered, kept and moved while typing, summaries, internal
 * ones) is made here, so that findings have two hidden classes, with and without a fix, whatever made them: made by
 * spreads (`{ ...f, start }`, `...(fix ? { fix } : {})`) they had a dozen, and the code that reads every finding on
 * every keystroke (where kept findings still are, the diagnostics' comparison) was deoptimized while typing
 * (test/unit/lint-cache-shape.test.ts).
 */
export function newFinding(ruleId: string, severity: Severity, messageId: string, message: string, start: number, end: number, range: Range, fix: Fix | undefined, suggestions: Fix[]): Finding {
  return fix ? { ruleId, severity, messageId, message, start, end, range, fix, suggestions } : { ruleId, severity, messageId, message, start, end, range, suggestions };
}

/**
 * The finding for one report. A report that contradicts its rule's meta (an unknown message id, data missing
 * for a placeholder, a fix from a rule that does not declare `fixable`, suggestions without `hasSuggestions`) is
 * a bug in the rule: it throws, and the engine turns that into an internal finding, as for any crashing rule.
 */
export function findingOf(
  rule: RuleMeta,
  report: Report,
  severity: Severity,
  text: string,
  lines: LineIndex,
  renderer: EditRenderer = TEXT_EDITS_ONLY,
): Finding {
  return pendingFindingOf(rule, report, severity, text, lines, renderer).render();
}

/**
 * A finding whose place, rule and severity are known (all that sorting and the per-rule cap read) and whose range
 * and fixes are written when `render` is called: a rule that reports thousands of times has only its first
 * MAX_FINDINGS_PER_RULE rendered (engine/lint.ts), message included. What can throw (findingOf's checks, data missing
 * for a placeholder) is checked at once, so that a faulty report fails its rule where it is reported, as findingOf
 * does. A report's `data` is read when the finding is rendered: rules never change it after reporting.
 */
export interface PendingFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  render(): Finding;
}

export function pendingFindingOf(
  rule: RuleMeta,
  report: Report,
  severity: Severity,
  text: string,
  lines: LineIndex,
  renderer: EditRenderer = TEXT_EDITS_ONLY,
): PendingFinding {
  const template = Object.prototype.hasOwnProperty.call(rule.messages, report.messageId) ? rule.messages[report.messageId] : undefined;
  if (template === undefined) throw new Error(`unknown message id "${report.messageId}"`);
  if (report.fix && !rule.fixable) throw new Error('reported a fix but the rule does not declare fixable');
  if (report.suggestions?.length && !rule.hasSuggestions) throw new Error('reported suggestions but the rule does not declare hasSuggestions');
  const start = clamp(report.start, text.length);
  const end = Math.max(start, clamp(report.end, text.length));
  const data = report.data;
  checkMessageData(template, data);
  const ruleId = rule.id;
  const { messageId, fix: proposedFix, suggestions } = report;
  return {
    ruleId,
    severity,
    start,
    end,
    render: () => {
      // A fix the document's syntax cannot express safely is dropped (a Terraform or YAML host, say), never guessed.
      const fix = proposedFix && fixOf(proposedFix, text, lines, renderer);
      messageRenders.count++;
      const fixes: Fix[] = [];
      if (suggestions) {
        for (const s of suggestions) {
          const f = fixOf(s, text, lines, renderer);
          if (f) fixes.push(f);
        }
      }
      return newFinding(ruleId, severity, messageId, renderMessage(template, data), start, end, lines.rangeOf(start, end), fix || undefined, fixes);
    },
  };
}

/** A finding rendered already (an internal one) as a PendingFinding. */
export function renderedFinding(finding: Finding): PendingFinding {
  return { ruleId: finding.ruleId, severity: finding.severity, start: finding.start, end: finding.end, render: () => finding };
}

/**
 * A fix in document coordinates, its model edits written by the document's renderer; undefined when they cannot
 * be. Line breaks in inserted text are written as the document writes them, so that no fix puts a lone `\n`
 * into a CRLF file (rules build their text with `\n`).
 */
export function fixOf(fix: FixProposal, text: string, lines: LineIndex, renderer: EditRenderer = TEXT_EDITS_ONLY): Fix | undefined {
  const rendered = renderer.render(fix.edits);
  if (!rendered) return undefined;
  const lineBreak = lines.lineBreak;
  return {
    title: fix.title,
    edits: rendered.map((e) => {
      const start = clamp(e.start, text.length);
      const end = Math.max(start, clamp(e.end, text.length));
      return { start, end, newText: e.newText.replace(/\r\n|\r|\n/g, lineBreak), range: lines.rangeOf(start, end) };
    }),
  };
}

export function clamp(offset: number, length: number): number {
  return Number.isFinite(offset) ? Math.max(0, Math.min(Math.trunc(offset), length)) : 0;
}
