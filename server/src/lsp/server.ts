// LSP adapter: documents in, engine findings out as Diagnostics and CodeActions. No lint logic lives here.

import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { detectDocumentKind, lintText, type LanguageHint, type LintResult } from '../engine/lint';
import { fixAll } from '../engine/fixAll';
import type { IamData } from '../engine/data/iamData';
import { isPolicyType, type PolicyType } from '../engine/iam/policyType';
import { ruleDocUrl, ruleById } from '../engine/rules';
import { LineIndex } from '../engine/text';
import type { DocumentKind, Finding, Severity, SeverityOverride } from '../engine/types';
import { ConfigCache, settingsForFile } from '../node/configFiles';
import { DEFAULT_POLICY_FILES } from '../engine/config';

export interface ServerSettings {
  enable: boolean;
  policyFiles: string[];
  sqlFiles: string[];
  rules: Record<string, SeverityOverride>;
  policyType: PolicyType | 'auto';
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  policyFiles: DEFAULT_POLICY_FILES,
  sqlFiles: [],
  rules: {},
  policyType: 'auto',
  maxFileSize: 5 * 1024 * 1024,
};

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.grantcheck';
const DIAGNOSTIC_SOURCE = 'grantcheck';
const DEBOUNCE_MS = 120;

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

interface DocumentState {
  version: number;
  kind: DocumentKind | undefined;
  result: LintResult | undefined;
  /** Findings by the key stored in each Diagnostic's `data`. */
  findings: Finding[];
  policyType: PolicyType | undefined;
}

/** What the client's status bar shows for a document (custom request `grantcheck/documentInfo`). */
export interface DocumentInfo {
  kind: DocumentKind | undefined;
  policyType?: PolicyType;
  policyTypeSource?: 'inferred' | 'configured';
  skippedReason?: string;
}

export function startServer(connection: Connection, data: IamData): void {
  const documents = new TextDocuments(TextDocument);
  const configs = new ConfigCache();
  const states = new Map<string, DocumentState>();
  const timers = new Map<string, NodeJS.Timeout>();
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;

  const log = (message: string): void => connection.console.log(`[grantcheck] ${message}`);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: Partial<ServerSettings> } | undefined;
    if (init?.settings) settings = normalizeSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll], resolveProvider: false },
      },
      serverInfo: { name: 'grantcheck' },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'grantcheck' }).catch(() => undefined);
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const pulled = (await connection.workspace.getConfiguration('grantcheck')) as Partial<ServerSettings> | null;
      settings = normalizeSettings(pulled ?? {});
    } catch (error) {
      log(`could not read settings, using defaults: ${String(error)}`);
    }
    relintAll();
  }

  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) {
      void refreshSettings();
      return;
    }
    const pushed = (change.settings as { grantcheck?: Partial<ServerSettings> } | null)?.grantcheck;
    settings = normalizeSettings(pushed ?? {});
    relintAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    // A .grantcheck.json changed: forget every cached config and lint again.
    configs.clear();
    relintAll();
  });

  documents.onDidOpen((event) => lintNow(event.document));
  documents.onDidChangeContent((event) => schedule(event.document));
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    states.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  function relintAll(): void {
    for (const document of documents.all()) lintNow(document);
  }

  function schedule(document: TextDocument): void {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(() => {
        timers.delete(document.uri);
        const latest = documents.get(document.uri);
        if (latest) lintNow(latest);
      }, DEBOUNCE_MS),
    );
  }

  function fileSettings(uri: string) {
    const fsPath = URI.toFsPath(uri);
    const external = {
      policyFiles: settings.policyFiles,
      sqlFiles: settings.sqlFiles,
      rules: settings.rules,
      ...(settings.policyType !== 'auto' ? { policyType: settings.policyType } : {}),
    };
    if (!fsPath) {
      return { kind: undefined, policyType: external.policyType, severities: { ...settings.rules }, ignored: false, configProblems: [] as string[] };
    }
    const s = settingsForFile(fsPath, configs, external);
    return {
      kind: s.kind,
      policyType: s.policyType,
      severities: s.severities,
      ignored: s.ignored,
      configProblems: s.config.problems.map((p) => `${s.config.path}:${p.line + 1}:${p.character + 1}: ${p.message}`),
    };
  }

  function lintNow(document: TextDocument): void {
    const uri = document.uri;
    const version = document.version;
    try {
      const diagnostics = lintDocument(document);
      // A newer version arrived while we worked: its own lint will publish.
      if (documents.get(uri)?.version !== version) return;
      void connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      log(`linting ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  function lintDocument(document: TextDocument): Diagnostic[] {
    const uri = document.uri;
    const language = languageHint(document.languageId);
    if (!settings.enable || language === undefined) {
      states.delete(uri);
      return [];
    }
    const text = document.getText();
    const file = fileSettings(uri);
    if (file.ignored) {
      states.delete(uri);
      return [];
    }
    const kind = file.kind ?? detectDocumentKind(text, language);
    if (!kind) {
      states.set(uri, { version: document.version, kind: undefined, result: undefined, findings: [], policyType: undefined });
      return [];
    }
    if (text.length > settings.maxFileSize) {
      states.set(uri, { version: document.version, kind, result: undefined, findings: [], policyType: undefined });
      return [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: DIAGNOSTIC_SOURCE,
          message: `GrantCheck skipped this document: it is larger than grantcheck.maxFileSize (${settings.maxFileSize} bytes).`,
        },
      ];
    }
    for (const problem of file.configProblems) log(`config: ${problem}`);
    const result = lintText(text, {
      data,
      kind,
      ...(file.policyType ? { policyType: file.policyType } : {}),
      severities: file.severities,
    });
    states.set(uri, { version: document.version, kind, result, findings: result.findings, policyType: result.iam?.policyType });
    return result.findings.map((finding, index) => toDiagnostic(finding, index, document.version));
  }

  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const document = documents.get(params.textDocument.uri);
    const state = states.get(params.textDocument.uri);
    if (!document || !state || state.version !== document.version) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k)) ?? false;
    if (wantsQuickFix) {
      for (const diagnostic of params.context.diagnostics) {
        const key = diagnostic.data as DiagnosticData | undefined;
        if (!key || diagnostic.source !== DIAGNOSTIC_SOURCE || key.version !== state.version) continue;
        const finding = state.findings[key.index];
        if (!finding || finding.ruleId !== key.ruleId) continue;
        for (const fix of finding.fixes) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.isPreferred,
            edit: { changes: { [document.uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
          });
        }
      }
    }
    if (wantsFixAll || (!only && state.findings.some((f) => f.fixes.length > 0))) {
      const action = fixAllAction(document, state);
      if (action) actions.push(action);
    }
    return actions;
  });

  function fixAllAction(document: TextDocument, state: DocumentState): CodeAction | undefined {
    if (!state.kind) return undefined;
    const file = fileSettings(document.uri);
    const text = document.getText();
    const result = fixAll(text, { data, kind: state.kind, ...(file.policyType ? { policyType: file.policyType } : {}), severities: file.severities });
    if (result.text === text) return undefined;
    const lines = new LineIndex(text);
    const edit: LspTextEdit = minimalEdit(text, result.text, lines);
    return {
      title: `Fix all GrantCheck problems (${result.applied})`,
      kind: FIX_ALL_KIND,
      edit: { changes: { [document.uri]: [edit] } },
    };
  }

  connection.onRequest('grantcheck/documentInfo', (params: { uri: string }): DocumentInfo => {
    const state = states.get(params.uri);
    if (!state) return { kind: undefined };
    return {
      kind: state.kind,
      ...(state.result?.iam ? { policyType: state.result.iam.policyType, policyTypeSource: state.result.iam.policyTypeSource } : {}),
      ...(state.kind && !state.result ? { skippedReason: 'too large' } : {}),
    };
  });

  documents.listen(connection);
  connection.listen();
}

interface DiagnosticData {
  ruleId: string;
  index: number;
  version: number;
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

/** One edit covering only the changed middle of the document, so the cursor and folding survive. */
function minimalEdit(before: string, after: string, lines: LineIndex): LspTextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { range: lines.rangeOf(start, endBefore), newText: after.slice(start, endAfter) };
}

export function languageHint(languageId: string): LanguageHint | undefined {
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'sql' || languageId === 'redshift' || languageId === 'redshift-sql') return 'sql';
  return undefined;
}

export function normalizeSettings(raw: Partial<ServerSettings>): ServerSettings {
  const stringArray = (v: unknown, fallback: string[]): string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fallback;
  const rules: Record<string, SeverityOverride> = {};
  if (raw.rules && typeof raw.rules === 'object') {
    for (const [id, sev] of Object.entries(raw.rules)) {
      if (typeof sev === 'string' && ['error', 'warning', 'info', 'hint', 'off'].includes(sev)) rules[id] = sev as SeverityOverride;
    }
  }
  return {
    enable: typeof raw.enable === 'boolean' ? raw.enable : DEFAULT_SETTINGS.enable,
    policyFiles: stringArray(raw.policyFiles, DEFAULT_SETTINGS.policyFiles),
    sqlFiles: stringArray(raw.sqlFiles, DEFAULT_SETTINGS.sqlFiles),
    rules,
    policyType: isPolicyType(raw.policyType) ? raw.policyType : 'auto',
    maxFileSize: typeof raw.maxFileSize === 'number' && raw.maxFileSize > 0 ? raw.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
  };
}
