// The engine's entry point: text (+ options, + data) → document kind and findings with fixes.

import type { IamData } from './data/iamData';
import { parseIamDocument, parseIamDocumentIncrementally, type IamDocument } from './iam/document';
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
import { findingOf, newFinding, pendingFindingOf, renderedFinding, TEXT_EDITS_ONLY, type PendingFinding } from './findings';
import { suppressedFindings } from './suppressions';
import { LintCache, newRelativeFinding, relativeFinding, type DocumentSlot, type KeptReports, type RelativeFinding, type RelativeFix, type StatementEntry } from './lintCache';
import { detached } from './detach';
import { documentView, statementView } from './iam/statementView';
import { lineBreakOf } from './iam/edits';
import type { DocumentParts, IamRule, PartsSpec, RuleContext, StatementMemo } from './rules/rule';
import type { Fix } from './types';
import {
  INTERNAL_RULE_ID,
  SEVERITY_ORDER,
  type DocumentKind,
  type EditRenderer,
  type Finding,
  type Report,
  type Severity,
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
  /**
   * The findings of earlier lints of this document (engine/lintCache.ts): statements that did not change are not
   * checked again by statement-scoped rules. The result is the same as without it. The editor's, not the CLI's.
   */
  cache?: LintCache;
  /** The text's LineIndex, when the caller has one already (the language server's analysis): it must be of this very text. */
  lines?: LineIndex;
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
  const cache = options.cache;
  // The cache counts the entries this lint uses, and afterwards keeps those and a bounded number of others.
  cache?.startLint();
  let result: LintResult;
  try {
    result = lintWithoutSuppressions(text, options);
  } finally {
    cache?.endLint();
  }
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
        // With the editor's cache, a policy handed out again unchanged keeps its findings (hosts/lintHost.ts): what
        // they depend on besides the policy and its place is the configuration and the profile bindings.
        ...(options.cache ? { cache: options.cache, configuration: lintConfiguration(options), context: JSON.stringify([options.profile ?? null, comment ?? null]) } : {}),
        // A host file holds several policies; a configured binding applies to those of the profile's kind
        // (a role's trust policy is not checked against the role's permissions profile).
        runRules: (doc, docLines, renderer, policy) => {
          const policyOptions = comment ? hostOptions : profileForEmbedded(doc, options);
          // The syntax the policy is written in decides how fixes are written: part of what a statement's findings depend on.
          return options.cache
            ? lintIncrementally(iamRules, doc, text, policyOptions, options.cache, docLines, renderer, `${options.host}/${policy.syntax}`, { start: policy.start, end: policy.end })
            : runRules(iamRules, doc, text, policyOptions, docLines, renderer);
        },
      });
      return { kind: 'iam-policy', embedded: result.policies, findings: sortFindings(result.findings) };
    }
    kind = options.kind;
    if (kind === 'iam-policy') {
      const cache = options.cache;
      let doc: IamDocument;
      if (cache) {
        // The previous version's tree is updated in place: it is no longer the cache's until this read succeeded.
        const previous = cache.iamDocument;
        cache.iamDocument = undefined;
        doc = parseIamDocumentIncrementally(text, options.policyType, previous);
        if (previous && doc.root === previous.root && previous.root) cache.rereads++;
        cache.iamDocument = doc;
      } else {
        doc = parseIamDocument(text, options.policyType);
      }
      const lines = options.lines ?? new LineIndex(text);
      // Made when a finding with a fix is first rendered (while typing, most keystrokes render none).
      let json: EditRenderer | undefined;
      const renderer: EditRenderer = { render: (edits) => (json ??= createJsonRenderer(text, lines)).render(edits) };
      const findings = options.cache ? lintIncrementally(iamRules, doc, text, options, options.cache, lines, renderer) : runRules(iamRules, doc, text, options, lines, renderer);
      return { kind, iam: doc, findings };
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
  // Findings are rendered (range, fixes) once sorted and capped: those past a rule's cap never are.
  const pending: PendingFinding[] = [];
  const profile = profileOf(text, options);
  // One context for every rule of the document (runRule makes one per rule, as the editor's paths need): its
  // `report` reports for the rule running now. The same properties as runRule's context.
  let current: Rule<TDoc> | undefined;
  let override: Severity | undefined;
  const report = (r: Report): void => {
    const rule = current!;
    pending.push(pendingFindingOf(rule, r, override ?? r.severity ?? rule.defaultSeverity, text, lines, renderer));
  };
  const context = ruleContext(doc, text, lines, options, report, profile, undefined, undefined, undefined);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const severity = severityOf(rule, options);
    if (severity === 'off') continue;
    current = rule;
    override = severity;
    try {
      rule.check(context);
    } catch (error) {
      pending.push(renderedFinding(ruleFailure(rule, error, lines)));
    }
  }
  current = undefined;
  return capFindingsPerRule(sortFindings(pending), (f) => f.render());
}

/** What a rule sees of a document (RuleContext): the optional properties only when given, as rules test them. */
function ruleContext<TDoc>(
  doc: TDoc,
  text: string,
  lines: LineIndex,
  options: LintOptions,
  report: (report: Report) => void,
  profile: ProfileBinding | undefined,
  statementMemo: StatementMemo | undefined,
  documentParts: DocumentParts | undefined,
  reportKept: ((key: string, report: () => void) => void) | undefined,
): RuleContext<TDoc> {
  return { doc, text, lines, data: options.data, report, ...(profile ? { profile } : {}), relatedProfiles: options.relatedProfiles ?? [], ...(options.profiles ? { profiles: options.profiles } : {}), ...(statementMemo ? { statementMemo } : {}), ...(documentParts ? { documentParts } : {}), ...(reportKept ? { reportKept } : {}) };
}

function ruleFailure(rule: Rule<unknown>, error: unknown, lines: LineIndex): Finding {
  return internalFinding(`Rule ${rule.id} failed on this document and was skipped: ${describe(error)}`, lines);
}

/** The profile binding rules see. A host file's binding comment was looked for once by lintText, not again for each of its policies. */
function profileOf(text: string, options: LintOptions): ProfileBinding | undefined {
  return options.profile ?? (options.host ? undefined : sqlBindingComment(text)?.binding);
}

/** The user's override of a rule's severity (`off`: the rule does not run), or undefined for the rule's own. */
function severityOf(rule: Rule<unknown>, options: LintOptions): SeverityOverride | undefined {
  return options.severities?.[rule.id] ?? aliasOverride(rule, options.severities);
}

/** Runs one rule, adding its findings to `findings`; false when it threw (an internal finding is added then). */
function runRule<TDoc>(
  rule: Rule<TDoc>,
  doc: TDoc,
  text: string,
  options: LintOptions,
  profile: ProfileBinding | undefined,
  override: Severity | undefined,
  lines: LineIndex,
  renderer: EditRenderer,
  findings: Finding[] | PendingFinding[],
  statementMemo?: StatementMemo,
  reported?: { positional: boolean },
  pending = false,
  documentParts?: DocumentParts,
  reportKept?: (key: string, report: () => void) => void,
): boolean {
  const report = pending
    ? (r: Report): void => {
        if (r.positional && reported) reported.positional = true;
        (findings as PendingFinding[]).push(pendingFindingOf(rule, r, override ?? r.severity ?? rule.defaultSeverity, text, lines, renderer));
      }
    : (r: Report): void => {
        if (r.positional && reported) reported.positional = true;
        (findings as Finding[]).push(findingOf(rule, r, override ?? r.severity ?? rule.defaultSeverity, text, lines, renderer));
      };
  try {
    rule.check(ruleContext(doc, text, lines, options, report, profile, statementMemo, documentParts, reportKept));
    return true;
  } catch (error) {
    const internal = ruleFailure(rule, error, lines);
    if (pending) (findings as PendingFinding[]).push(renderedFinding(internal));
    else (findings as Finding[]).push(internal);
    return false;
  }
}

/**
 * `runRules` for an editor: a statement-scoped rule (`IamRule.statementScope`) is run on each statement's view, and
 * the findings of a statement whose text and context have not changed come from `cache`, re-based to where the
 * statement now is. Document-scoped rules run in full. The result equals `runRules`' (the differential test
 * test/unit/incremental-lint.test.ts holds it to that): same findings, ranges and fixes, in the same order.
 */
export function lintIncrementally(
  rules: readonly IamRule[],
  doc: IamDocument,
  text: string,
  options: LintOptions,
  cache: LintCache,
  lines: LineIndex = new LineIndex(text),
  renderer: EditRenderer = TEXT_EDITS_ONLY,
  syntax = 'json',
  region?: { start: number; end: number },
): Finding[] {
  const profile = profileOf(text, options);
  cache.useConfiguration(lintConfiguration(options));
  // What a statement's findings may read besides the statement: the policy's context (documented on StatementScope).
  const origin = doc.origin ? JSON.stringify([doc.origin.label, doc.origin.resourceType, doc.origin.attribute]) : '';
  // (The profile is here rather than in the configuration: the policies of one host file may differ in it.)
  const context = [syntax, doc.policyType, doc.policyTypeSource, doc.isJsonText ? 'json' : 'model', origin, lines.lineBreak, lineBreakOf(text), JSON.stringify(profile ?? null)].join('\u0001');
  // Per statement, in order: where it starts and ends, its cache entry, its view (made when a rule runs on it). Plain
  // arrays and indexed loops: this runs for every statement on every keystroke. Arrays that leave this function are
  // filled by push, never made with `new Array(n)`: a holey array beside the packed ones other code makes (`map`,
  // `slice`) is one more shape where they are read, which deoptimizes that code while typing.
  const docStatements = doc.statements;
  const n = docStatements.length;
  const starts: number[] = new Array<number>(n);
  const ends: number[] = new Array<number>(n);
  const entries: StatementEntry[] = [];
  const views: (IamDocument | undefined)[] = new Array<IamDocument | undefined>(n);
  const entryOf = cache.entryByNode;
  let previousStart = 0;
  let previousLineStart = 0;
  for (let i = 0; i < n; i++) {
    const statement = docStatements[i]!;
    const start = statement.node.offset;
    const end = start + statement.node.length;
    // The text before the statement on its line is the indentation fixes copy. Its line starts after the last line
    // break before it (`\n`, or a `\r` alone, as LineIndex counts them): looked for back to the previous statement
    // only, whose line start it is when there is none in between (one pass over the text for a one-line policy).
    let lineStart = start;
    if (start >= previousStart) {
      while (lineStart > previousStart) {
        const c = text.charCodeAt(lineStart - 1);
        if (c === 10 || c === 13) break;
        lineStart--;
      }
      if (lineStart === previousStart) lineStart = previousLineStart;
    } else {
      lineStart = start - lines.positionAt(start).character;
    }
    previousStart = start;
    previousLineStart = lineStart;
    const entry = cache.statementEntry(statement, context, text, lineStart, start, end);
    // The statement's node names its entry for statementMemo and documentParts (a node is in one lint's document).
    entryOf.set(statement.node, entry);
    starts[i] = start;
    ends[i] = end;
    entries.push(entry);
  }
  const statementMemo: StatementMemo = <T>(node: object, name: string, compute: () => T): T => {
    const memo = entryOf.get(node)?.memo;
    if (!memo) return compute();
    if (memo.has(name)) return memo.get(name) as T;
    // Kept with the statement's entry: without slices of this version's text (lintCache.ts `detached`).
    const value = detached(compute());
    memo.set(name, value);
    return value;
  };
  const documentParts: DocumentParts = <P, V>(document: IamDocument, spec: PartsSpec<P, V>): V =>
    combinedParts(document, spec, document.statements === docStatements ? entries : document.statements.map((s) => entryOf.get(s.node)));
  // A policy embedded in a host file (`region`: where it is written) is one of many: its document-scoped rules'
  // findings are kept too, by its text, the text before it on its line, its first line's number (messages name
  // lines) and its context, so that typing in one policy does not re-check the others.
  const root = doc.root;
  let policyEntry: ReturnType<LintCache['entry']> | undefined;
  if (region && root && root.offset >= region.start && root.offset + root.length <= region.end) {
    const position = lines.positionAt(region.start);
    const lineStart = region.start - position.character;
    policyEntry = cache.entry(`policy\u0000${context}\u0000${position.line}`, text.slice(lineStart, region.end), position.character);
  }
  const findings: Finding[] = [];
  /** The statement-scoped rules that run, in order: each one's key in the statements' entries and its findings so far. */
  const scoped: { rule: IamRule; severity: Severity | undefined; key: string; findings: Finding[]; failed: boolean }[] = [];
  for (const rule of rules) {
    const severity = severityOf(rule, options);
    if (severity === 'off') continue;
    const scope = rule.statementScope;
    if (!scope && region && policyEntry) {
      const cached = policyEntry.findings.get(rule.id);
      if (cached) {
        for (const f of cached) findings.push(absoluteFinding(f, region.start, lines));
        continue;
      }
      const own: Finding[] = [];
      const ran = runRule(rule, doc, text, options, profile, severity, lines, renderer, own, statementMemo, undefined, false, documentParts);
      findings.push(...own);
      const relative = own.map((f) => relativeFinding(f, region.start, region.end));
      if (ran && relative.every((r) => r !== undefined)) policyEntry.findings.set(rule.id, relative as RelativeFinding[]);
      continue;
    }
    if (!scope) {
      // A policy file (its own JSON, one policy per cache): the rule's findings may be kept by key (keptReporter).
      const kept = !region && syntax === 'json' && doc.isJsonText ? keptReporter(cache, rule.id, findings, lines) : undefined;
      runRule(rule, doc, text, options, profile, severity, lines, renderer, findings, statementMemo, undefined, false, documentParts, kept?.reportKept);
      kept?.done();
      continue;
    }
    const documentKey = scope.documentKey ? scope.documentKey(doc, documentParts) : '';
    if (documentKey === undefined) {
      // The rule cannot be split by statement for this document (StatementScope.documentKey): it runs on all of it.
      runRule(rule, doc, text, options, profile, severity, lines, renderer, findings);
      continue;
    }
    const own: Finding[] = [];
    const failed = scope.outsideStatements ? !runRule(rule, documentView(doc), text, options, profile, severity, lines, renderer, own) : false;
    scoped.push({ rule, severity, key: cache.ruleKey(rule.id, documentKey), findings: own, failed });
  }
  // The statement-scoped rules, statement by statement. A statement whose entry holds every rule's findings for these
  // very keys (`complete`, the common case while typing) visits only the rules that found something in it.
  const keys = cache.ruleKeyList(scoped.map((r) => r.key));
  for (let si = 0; si < n; si++) {
    const entry = entries[si]!;
    const start = starts[si]!;
    const complete = entry.complete;
    if (complete && complete.keys === keys) {
      const found = complete.found;
      if (found.length === 0) continue;
      // Where the statement starts decides every range of its findings (its own text is the entry's): when that is
      // where the last lint placed them, they are the same findings.
      let placed = entry.placed;
      if (!placed || placed.complete !== complete || !lines.isAt(start, placed)) {
        const position = lines.positionAt(start);
        const absolute = packedMap(found, (i) => packedMap(entry.findings.get(scoped[i]!.key)!, (f) => absoluteFinding(f, start, lines)));
        entry.placed = placed = { complete, start, line: position.line, character: position.character, findings: absolute };
      } else if (placed.start !== start) {
        // Moved along its line (a keystroke earlier on it, or lines above re-typed to the same count): its own text
        // being the same, every offset in it is at the same line and character, so the ranges stay as they are.
        const delta = start - placed.start;
        // Written out, not `{ ...placed, … }`: a spread copy has another hidden class than the literal above, which
        // deoptimized this function while typing.
        entry.placed = placed = { complete, start, line: placed.line, character: placed.character, findings: packedMap(placed.findings, (list) => packedMap(list, (f) => shiftedFinding(f, delta))) };
      }
      for (let k = 0; k < found.length; k++) {
        const r = scoped[found[k]!]!;
        if (r.failed) continue;
        const list = placed.findings[k]!;
        for (let j = 0; j < list.length; j++) r.findings.push(list[j]!);
      }
      continue;
    }
    const end = ends[si]!;
    let all = true;
    const found: number[] = [];
    // The findings of `found`, as placed here: kept as the entry's `placed`, so that the next lint hands them out again.
    const placedFindings: Finding[][] = [];
    for (let i = 0; i < scoped.length; i++) {
      const r = scoped[i]!;
      if (r.failed) {
        all = false;
        continue;
      }
      const cached = entry.findings.get(r.key);
      if (cached) {
        if (cached.length === 0) continue;
        const absolute: Finding[] = [];
        for (let j = 0; j < cached.length; j++) {
          const f = absoluteFinding(cached[j]!, start, lines);
          absolute.push(f);
          r.findings.push(f);
        }
        found.push(i);
        placedFindings.push(absolute);
        continue;
      }
      const own: Finding[] = [];
      const view = (views[si] ??= statementView(doc, docStatements[si]!));
      const reported = { positional: false };
      if (!runRule(r.rule, view, text, options, profile, r.severity, lines, renderer, own, undefined, reported, false, documentParts)) {
        // A rule that throws on some statement is run as runRules runs it (below), so that it fails (or not) the same way.
        r.failed = true;
        all = false;
        continue;
      }
      for (const f of own) r.findings.push(f);
      // A finding whose message names another place (a line) depends on where the statement is: not kept.
      if (reported.positional) {
        all = false;
        continue;
      }
      const relative: RelativeFinding[] = [];
      for (const f of own) {
        const rel = relativeFinding(f, start, end);
        if (!rel) break;
        relative.push(rel);
      }
      if (relative.length === own.length) {
        entry.findings.set(r.key, relative);
        if (relative.length > 0) {
          found.push(i);
          placedFindings.push(own);
        }
      } else {
        all = false;
      }
    }
    if (all) {
      const complete = { keys, found };
      entry.complete = complete;
      if (found.length > 0) {
        // The next lint (a keystroke elsewhere) finds them placed: the same objects, or moved by offsets only.
        const position = lines.positionAt(start);
        entry.placed = { complete, start, line: position.line, character: position.character, findings: placedFindings };
      }
    }
  }
  for (const r of scoped) {
    if (r.failed) runRule(r.rule, doc, text, options, profile, r.severity, lines, renderer, findings);
    else for (const f of r.findings) findings.push(f);
  }
  return capFindingsPerRule(sortFindings(findings));
}

/**
 * `RuleContext.reportKept` for one rule's run: a key the last lint's run used hands out the findings it made then:
 * the same objects when `base` is where it was and each of their offsets is still at the same line and character,
 * otherwise moved to the new `base` (their ranges computed there). A new key runs `report`, and what it adds to
 * `findings` is kept. `done` keeps this run's keys only.
 */
function keptReporter(cache: LintCache, ruleId: string, findings: Finding[], lines: LineIndex): { reportKept: (key: string, report: () => void, base?: number) => void; done: () => void } {
  const last = cache.keptReports.get(ruleId);
  const next = new Map<string, KeptReports>();
  return {
    reportKept(key, report, base = 0) {
      let kept = last?.get(key);
      if (kept) {
        const delta = base - kept.base;
        if (!allInPlace(kept.findings, lines, delta)) {
          kept = { base, findings: packedMap(kept.relative, (f) => absoluteFinding(f, base, lines)), relative: kept.relative };
        } else if (delta !== 0) {
          // Moved along its lines (text typed before it on its line, or lines above re-typed to the same count): every
          // offset is at the same line and character, so only the offsets move.
          const moved: Finding[] = [];
          for (let i = 0; i < kept.findings.length; i++) moved.push(shiftedFinding(kept.findings[i]!, delta));
          kept = { base, findings: moved, relative: kept.relative };
        }
      }
      if (kept) {
        for (const f of kept.findings) findings.push(f);
        next.set(key, kept);
        return;
      }
      const from = findings.length;
      report();
      const own = findings.slice(from);
      next.set(key, { base, findings: own, relative: own.map((f) => movedFinding(f, base)) });
    },
    done() {
      if (next.size > 0 || last) cache.keptReports.set(ruleId, next);
    },
  };
}

/**
 * `list.map(fn)`, always as a packed array. `Array.prototype.map` makes a holey array when it leaves its fast path
 * (it allocates the result at its full length first), so the lists kept between keystrokes came in two shapes, and
 * the code reading them (lintIncrementally's kept findings, `allInPlace`) was deoptimized and recompiled while typing.
 */
function packedMap<T, U>(list: readonly T[], fn: (value: T) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < list.length; i++) out.push(fn(list[i]!));
  return out;
}

/** Whether every offset of `findings`, moved by `delta`, is at the line and character its range says. */
function allInPlace(findings: readonly Finding[], lines: LineIndex, delta = 0): boolean {
  for (let i = 0; i < findings.length; i++) if (!samePlace(findings[i]!, lines, delta)) return false;
  return true;
}

/** A finding with its offsets made relative to `base` (before it: negative), for absoluteFinding. */
function movedFinding(finding: Finding, base: number): RelativeFinding {
  const moved = (fix: Fix): RelativeFix => ({ title: fix.title, edits: packedMap(fix.edits, (e) => ({ start: e.start - base, end: e.end - base, newText: e.newText })) });
  return newRelativeFinding(finding.ruleId, finding.severity, finding.messageId, finding.message, finding.start - base, finding.end - base, finding.fix ? moved(finding.fix) : undefined, packedMap(finding.suggestions, moved));
}

/** Whether every offset of a finding (and of its fixes), moved by `delta`, is at the line and character its ranges say. */
function samePlace(f: Finding, lines: LineIndex, delta = 0): boolean {
  if (!lines.isAt(f.start + delta, f.range.start) || !lines.isAt(f.end + delta, f.range.end)) return false;
  if (f.fix && !fixInPlace(f.fix, lines, delta)) return false;
  for (let i = 0; i < f.suggestions.length; i++) if (!fixInPlace(f.suggestions[i]!, lines, delta)) return false;
  return true;
}

function fixInPlace(fix: Fix, lines: LineIndex, delta: number): boolean {
  for (let i = 0; i < fix.edits.length; i++) {
    const e = fix.edits[i]!;
    if (!lines.isAt(e.start + delta, e.range.start) || !lines.isAt(e.end + delta, e.range.end)) return false;
  }
  return true;
}

/**
 * `spec`'s value for `doc` (rules/rule.ts `combineParts`) with each statement's part kept in its entry's memo
 * (`entries`: the statements' entries, in order) and the value kept in a slot of the entries of the first and last
 * statements: when every part equals the slot's, the slot's value is the answer. A statement whose entry is the one
 * the slot was last compared with has the same part (an entry is one statement text in one context): while typing,
 * the comparison is one reference per statement and allocates nothing.
 */
function combinedParts<P, V>(doc: IamDocument, spec: PartsSpec<P, V>, entries: readonly (StatementEntry | undefined)[]): V {
  const statements = doc.statements;
  const n = statements.length;
  const first = entries[0];
  const last = entries[n - 1];
  if (!first || !last || entries.some((e) => !e)) return spec.combine(statements.map((s) => spec.part(s, doc)));
  const name = spec.name;
  const partOf = (i: number): P => {
    const memo = entries[i]!.memo;
    let part = memo.get(name) as P | undefined;
    // Kept with the statement's entry: without slices of this version's text (lintCache.ts `detached`).
    if (part === undefined && !memo.has(name)) memo.set(name, (part = detached(spec.part(statements[i]!, doc))));
    return part as P;
  };
  const slot = first.documents?.get(name) ?? last.documents?.get(name);
  let i = 0;
  if (slot && slot.parts.length === n) {
    const kept = slot.parts as P[];
    const keptEntries = slot.entries;
    for (; i < n; i++) {
      const entry = entries[i]!;
      if (keptEntries[i] === entry) continue;
      const part = partOf(i);
      const old = kept[i] as P;
      if (part !== old && !spec.same(part, old)) break;
      // Equal: the next lint compares the very entry and part.
      kept[i] = part;
      keptEntries[i] = entry;
    }
    if (i === n) {
      holdSlot(slot, name, first, last);
      return slot.value as V;
    }
  }
  const parts: P[] = slot && i > 0 ? (slot.parts.slice(0, i) as P[]) : [];
  for (; i < n; i++) parts.push(partOf(i));
  const fresh: DocumentSlot = { parts, entries: entries.slice() as StatementEntry[], value: spec.combine(parts), holders: [] };
  if (slot) holdSlot(slot, name);
  holdSlot(fresh, name, first, last);
  return fresh.value as V;
}

/**
 * Puts `slot` on the entries `holders` (none: takes it off its entries), and off the entries that held it before:
 * a slot is reachable from one policy's first and last statements only, so the slots of older versions (and their
 * arrays of parts and entries) are not kept alive by entries still in the cache.
 */
function holdSlot(slot: DocumentSlot, name: string, ...holders: StatementEntry[]): void {
  if (slot.holders.length === holders.length && slot.holders.every((h, i) => h === holders[i])) return;
  for (const h of slot.holders) if (h.documents?.get(name) === slot) h.documents.delete(name);
  for (const h of holders) (h.documents ??= new Map()).set(name, slot);
  slot.holders = holders;
}

/**
 * A finding of a statement moved by `delta` characters without changing lines or characters: offsets moved, ranges
 * kept. (A statement's findings and fixes lie inside it, and neither of its ends is inside a CRLF.)
 */
function shiftedFinding(f: Finding, delta: number): Finding {
  const shifted = (fix: Fix): Fix => ({ title: fix.title, edits: packedMap(fix.edits, (e) => ({ start: e.start + delta, end: e.end + delta, newText: e.newText, range: e.range })) });
  return newFinding(f.ruleId, f.severity, f.messageId, f.message, f.start + delta, f.end + delta, f.range, f.fix ? shifted(f.fix) : undefined, packedMap(f.suggestions, shifted));
}

function absoluteFinding(f: RelativeFinding, base: number, lines: LineIndex): Finding {
  const start = f.start + base;
  const end = f.end + base;
  const absolute = (r: RelativeFix): Fix => ({
    title: r.title,
    edits: packedMap(r.edits, (e) => ({ start: e.start + base, end: e.end + base, newText: e.newText, range: lines.rangeOf(e.start + base, e.end + base) })),
  });
  return newFinding(f.ruleId, f.severity, f.messageId, f.message, start, end, lines.rangeOf(start, end), f.fix ? absolute(f.fix) : undefined, packedMap(f.suggestions, absolute));
}

/** What every finding kept in a LintCache depends on: when it changes, the cache starts again (LintCache.useConfiguration). */
export function lintConfiguration(options: LintOptions): unknown[] {
  return [options.data, options.profiles, JSON.stringify(options.severities ?? {}), JSON.stringify(options.relatedProfiles ?? [])];
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
export function capFindingsPerRule(sorted: Finding[]): Finding[];
/** The same over findings not rendered yet: only those kept are (`render`). */
export function capFindingsPerRule<T extends PlacedFinding>(sorted: T[], render: (f: T) => Finding): Finding[];
export function capFindingsPerRule<T extends PlacedFinding>(sorted: T[], renderOf?: (f: T) => Finding): Finding[] {
  const render = renderOf ?? ((f: T) => f as unknown as Finding);
  const counts = new Map<string, number>();
  let overCap = false;
  for (let i = 0; i < sorted.length; i++) {
    const ruleId = sorted[i]!.ruleId;
    const n = (counts.get(ruleId) ?? 0) + 1;
    counts.set(ruleId, n);
    if (n > MAX_FINDINGS_PER_RULE) overCap = true;
  }
  if (!overCap) return renderOf ? sorted.map(renderOf) : (sorted as unknown as Finding[]);
  const kept: Finding[] = [];
  const lastKept = new Map<string, Finding>();
  const seen = new Map<string, number>();
  const summaries = new Map<string, Finding>();
  for (const f of sorted) {
    const n = (seen.get(f.ruleId) ?? 0) + 1;
    seen.set(f.ruleId, n);
    if (n <= MAX_FINDINGS_PER_RULE) {
      const rendered = render(f);
      kept.push(rendered);
      lastKept.set(f.ruleId, rendered);
      continue;
    }
    const summary = summaries.get(f.ruleId);
    if (!summary) {
      const last = lastKept.get(f.ruleId)!;
      const more = counts.get(f.ruleId)! - MAX_FINDINGS_PER_RULE;
      summaries.set(f.ruleId, newFinding(f.ruleId, f.severity, 'moreFindings', `… and ${more} more finding${more === 1 ? '' : 's'} of ${f.ruleId} in this document.`, last.start, last.end, last.range, undefined, []));
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
  return newFinding(INTERNAL_RULE_ID, 'warning', 'internal', message, 0, 0, lines.rangeOf(0, 0), undefined, []);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What sorting and the per-rule cap read of a finding. */
export type PlacedFinding = Pick<Finding, 'ruleId' | 'severity' | 'start' | 'end'>;

/** Document order, then severity, then rule id: stable output for the CLI and tests. */
export function sortFindings<T extends PlacedFinding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      a.start - b.start ||
      a.end - b.end ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      // Code-unit order: localeCompare's for rule ids (test/unit/ruleDocs.test.ts), without its collation data (cold start).
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
