// LSP adapter: documents in, engine findings out as Diagnostics and CodeActions. No lint logic lives here.

import {
  CodeAction,
  CodeActionKind,
  type CompletionList,
  type CodeLens,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { bindingHover } from '../engine/profiles/hover';
import { normalizeProfileSettings, profileSuggestionActions, registerProfileHandlers, SessionBindings, type SuggestionActionContext } from './profiles';
import type { ProfileBindingConfig } from '../engine/config';
import { lintText, type LintResult } from '../engine/lint';
import { detect, isLintedLanguage, lintTarget, type DetectedKind, type Detection } from '../engine/detect';
import type { HostKind } from '../engine/hosts/lintHost';
import { fixAll } from '../engine/fixAll';
import type { IamData } from '../engine/data/iamData';
import { isPolicyType, type PolicyType } from '../engine/iam/policyType';
import { ruleDocUrl, ruleById } from '../engine/rules';
import { LineIndex } from '../engine/text';
import type { DocumentKind, Finding, Severity, SeverityOverride } from '../engine/types';
import { ConfigCache, limitGlobSettings, settingsForFile } from '../node/configFiles';
import { DEFAULT_POLICY_FILES } from '../engine/config';
import { completeIam } from '../engine/iam/completion';
import { hoverIam } from '../engine/iam/hover';
import { hoverHost } from '../engine/hosts/hostHover';
import { completeHost } from '../engine/hosts/hostCompletion';
import { parseIamDocument } from '../engine/iam/document';
import { expandedActionsMarkdown, iamDocumentSymbols, iamFoldingRanges, statementLenses } from '../engine/iam/symbols';
import { INTERNAL_RULE_ID } from '../engine/types';
import { completeRedshift } from '../engine/redshift/completion';
import { hoverRedshift } from '../engine/redshift/hover';
import { redshiftDocumentSymbols } from '../engine/redshift/outline';
import { parseRedshiftScript } from '../engine/redshift/parser';
import { configEditRefusal, configShapeProblem, configTargetPath, disableRuleWorkspaceEdit, fileGlobRelativeTo, policyTypeWorkspaceEdit, type ConfigTarget, type WorkspaceEditSupport } from './configEdit';
import { toCodeLenses, toCompletionList, toDocumentSymbols, toFoldingRanges, toHover, type CompletionClientSupport } from './editorFeatures';
import { configFileDiagnostics, isConfigFile } from './configDiagnostics';
import { registerVerifyHandlers } from './verify';
import { quickFixActions } from './codeActions';
import { registerDeployedHandlers } from './deployed';

export interface ServerSettings {
  enable: boolean;
  policyFiles: string[];
  sqlFiles: string[];
  rules: Record<string, SeverityOverride>;
  policyType: PolicyType | 'auto';
  maxFileSize: number;
  profiles: ProfileBindingConfig[];
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  policyFiles: DEFAULT_POLICY_FILES,
  sqlFiles: [],
  rules: {},
  policyType: 'auto',
  maxFileSize: 5 * 1024 * 1024,
  profiles: [],
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
  detection: Detection;
  /** Not linted: larger than grantcheck.maxFileSize. */
  tooLarge: boolean;
  result: LintResult | undefined;
  /** Findings by the key stored in each Diagnostic's `data`. */
  findings: Finding[];
  policyType: PolicyType | undefined;
}

/** What the client's status bar shows for a document (custom request `grantcheck/documentInfo`). */
export interface DocumentInfo {
  kind: DocumentKind | undefined;
  /** What detect() made of the document (`terraform`/`cloudformation` for policies inside a template) and why. */
  detected?: { kind: DetectedKind; reason: string };
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
  let canWatchFiles = false;
  let completionSupport: CompletionClientSupport = { snippets: false, markdown: false };
  let editSupport: WorkspaceEditSupport = { documentChanges: false, createFile: false };
  let workspaceFolders: string[] = [];
  const sessionBindings = new SessionBindings();
  /** Client commands the client declared (our VS Code client runs `grantcheck.saveDocument`). */
  let clientCommands = new Set<string>();
  /** Config problems already written to the log: once per config version, not on every keystroke. */
  const loggedConfigProblems = new Set<string>();
  const loggedInternalProblems = new Set<string>();

  const log = (message: string): void => connection.console.log(`[grantcheck] ${message}`);

  /** Settings globs past the limits of glob.ts are left out and said so in the log (once per message). */
  const loggedSettingProblems = new Set<string>();
  function useSettings(next: ServerSettings): void {
    const limited = limitGlobSettings(next);
    settings = limited.settings;
    for (const problem of limited.problems) {
      if (loggedSettingProblems.has(problem)) continue;
      loggedSettingProblems.add(problem);
      log(`settings: ${problem}`);
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const init = params.initializationOptions as { settings?: Partial<ServerSettings>; clientCommands?: unknown } | undefined;
    if (init?.settings) useSettings(normalizeSettings(init.settings));
    if (Array.isArray(init?.clientCommands)) clientCommands = new Set(init.clientCommands.filter((c): c is string => typeof c === 'string'));
    const completionItem = params.capabilities.textDocument?.completion?.completionItem;
    completionSupport = {
      snippets: completionItem?.snippetSupport === true,
      markdown: completionItem?.documentationFormat?.includes('markdown') === true,
    };
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    editSupport = {
      documentChanges: workspaceEdit?.documentChanges === true,
      createFile: workspaceEdit?.resourceOperations?.includes('create') === true,
    };
    workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
      .map((f) => URI.toFsPath(f.uri))
      .filter((p): p is string => p !== undefined);
    configs.setWorkspaceFolders(workspaceFolders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll], resolveProvider: false },
        // `"` and `:` open IAM completions; a space after GRANT/ON/TO opens Redshift ones (servers cannot register per language).
        completionProvider: { triggerCharacters: ['"', ':', ' '], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: { label: 'GrantCheck' },
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'grantcheck' },
    };
  });

  connection.onInitialized(() => {
    // Editors other than VS Code (whose client watches the file itself) tell us about config edits only if asked.
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.grantcheck.json' }] }).catch(() => undefined);
    }
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'grantcheck' }).catch(() => undefined);
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const pulled = (await connection.workspace.getConfiguration('grantcheck')) as Partial<ServerSettings> | null;
      useSettings(normalizeSettings(pulled ?? {}));
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
    useSettings(normalizeSettings(pushed ?? {}));
    relintAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    // A .grantcheck.json changed: forget every cached config and lint again.
    configs.clear();
    loggedConfigProblems.clear();
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
      profiles: settings.profiles,
    };
    const session = sessionBindings.get(uri);
    if (!fsPath) {
      return { detect: {}, policyType: external.policyType, severities: { ...settings.rules }, ignored: false, configProblems: [] as string[], profile: session, relatedProfiles: [] };
    }
    const s = settingsForFile(fsPath, configs, external);
    return {
      detect: s.detect,
      policyType: s.policyType,
      severities: s.severities,
      ignored: s.ignored,
      configProblems: [
        ...s.config.problems.map((p) => `${s.config.path}:${p.line + 1}:${p.character + 1}: ${p.message}`),
        ...(s.config.skipped ?? []).map((skipped) => `ignoring ${skipped.path}: ${skipped.reason}.`),
      ],
      profile: s.profile ?? session,
      relatedProfiles: s.relatedProfiles,
    };
  }

  /** The document's kind, from engine/detect.ts like the CLI's; the workspace policy type types policies but makes none. */
  function detectionOf(document: TextDocument, text: string, file: ReturnType<typeof fileSettings>, contentUnread = false): Detection {
    return detect(text, URI.toFsPath(document.uri), file.detect, {
      languageId: document.languageId,
      ...(settings.policyType !== 'auto' ? { policyType: { type: settings.policyType, source: 'grantcheck.policyType setting', explicit: false } } : {}),
      ...(contentUnread ? { contentUnread } : {}),
    });
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
    if (!settings.enable || !isLintedLanguage(document.languageId)) {
      states.delete(uri);
      return [];
    }
    const text = document.getText();
    const fsPath = URI.toFsPath(uri);
    if (fsPath && (document.languageId === 'json' || document.languageId === 'jsonc') && isConfigFile(fsPath)) {
      const detection: Detection = { kind: 'none', reason: 'GrantCheck configuration file', explicit: false };
      states.set(uri, { version: document.version, kind: undefined, detection, tooLarge: false, result: undefined, findings: [], policyType: undefined });
      return text.length > settings.maxFileSize ? [] : configFileDiagnostics(text, fsPath, configs.forDirectory(path.dirname(fsPath)));
    }
    const file = fileSettings(uri);
    if (file.ignored) {
      states.delete(uri);
      return [];
    }
    // The size check comes before reading the content: detecting a SQL script tokenizes all of it.
    if (text.length > settings.maxFileSize) {
      const detection = detectionOf(document, text, file, true);
      states.set(uri, { version: document.version, kind: lintTarget(detection)?.kind, detection, tooLarge: true, result: undefined, findings: [], policyType: undefined });
      return [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: DIAGNOSTIC_SOURCE,
          message: `GrantCheck skipped this document: it is larger than grantcheck.maxFileSize (${settings.maxFileSize} bytes).`,
        },
      ];
    }
    const detection = detectionOf(document, text, file);
    const target = lintTarget(detection);
    if (!target) {
      states.set(uri, { version: document.version, kind: undefined, detection, tooLarge: false, result: undefined, findings: [], policyType: undefined });
      return [];
    }
    for (const problem of file.configProblems) {
      if (loggedConfigProblems.has(problem)) continue;
      loggedConfigProblems.add(problem);
      log(`config: ${problem}`);
    }
    const result = lintText(text, {
      data,
      ...target,
      severities: file.severities,
      ...(file.profile ? { profile: file.profile } : {}),
      relatedProfiles: file.relatedProfiles,
    });
    for (const finding of result.findings) {
      // A rule that crashed became a finding; say so in the log too (once per document and message).
      const key = `${uri}\u0000${finding.message}`;
      if (finding.ruleId !== INTERNAL_RULE_ID || loggedInternalProblems.has(key)) continue;
      loggedInternalProblems.add(key);
      log(`${uri}: ${finding.message}`);
    }
    states.set(uri, { version: document.version, kind: target.kind, detection, tooLarge: false, result, findings: result.findings, policyType: result.iam?.policyType });
    return result.findings.map((finding, index) => toDiagnostic(finding, index, document.version));
  }

  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k)) ?? false;
    // Fix-all on save may come before the debounced lint of the last keystrokes: it lints the text itself.
    if (wantsFixAll && only?.every((k) => !CodeActionKind.QuickFix.startsWith(k))) {
      const action = fixAllAction(document);
      return action ? [action] : [];
    }
    const state = states.get(params.textDocument.uri);
    if (!state || state.version !== document.version) {
      const action = wantsFixAll ? fixAllAction(document) : undefined;
      return action ? [action] : [];
    }
    const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
    if (wantsQuickFix) {
      for (const diagnostic of params.context.diagnostics) {
        const key = diagnostic.data as DiagnosticData | undefined;
        if (!key || diagnostic.source !== DIAGNOSTIC_SOURCE || key.version !== state.version) continue;
        const finding = state.findings[key.index];
        if (!finding || finding.ruleId !== key.ruleId) continue;
        actions.push(...quickFixActions(finding, diagnostic, document.uri));
      }
    }
    if (wantsQuickFix) {
      // Actions that edit .grantcheck.json read a file the workspace controls: a failure there costs only those actions.
      try {
        actions.push(...disableRuleActions(document, params.context.diagnostics, state));
        actions.push(...profileSuggestionActions(document, params.context.diagnostics, state.findings, profileActionContext()));
      } catch (error) {
        log(`config actions failed on ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    if (wantsFixAll || (!only && state.findings.some((f) => f.fix !== undefined))) {
      const action = fixAllAction(document);
      if (action) actions.push(action);
    }
    return actions;
  });

  /** "Disable <rule> in .grantcheck.json", once per rule among the diagnostics in the request. */
  function disableRuleActions(document: TextDocument, diagnostics: Diagnostic[], state: DocumentState): CodeAction[] {
    const fsPath = URI.toFsPath(document.uri);
    if (!fsPath) return [];
    const actions: CodeAction[] = [];
    const done = new Set<string>();
    for (const diagnostic of diagnostics) {
      const key = diagnostic.data as DiagnosticData | undefined;
      if (!key || diagnostic.source !== DIAGNOSTIC_SOURCE || key.version !== state.version) continue;
      if (key.ruleId === INTERNAL_RULE_ID || done.has(key.ruleId)) continue;
      done.add(key.ruleId);
      const targetPath = configTargetPath(fsPath, configs.forFile(fsPath).path, workspaceFolders);
      const target = configTarget(targetPath);
      const edit = target && disableRuleWorkspaceEdit(target, key.ruleId, editSupport);
      if (!edit) continue;
      const relative = workspaceFolders.length > 0 ? relativeToFolders(targetPath, workspaceFolders) : targetPath;
      actions.push({
        title: `Disable ${key.ruleId} in ${relative}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit,
        // Saved right away so the rule is off for every file the config covers (the server reads configs from disk).
        ...(clientCommands.has('grantcheck.saveDocument')
          ? { command: { title: 'Save configuration', command: 'grantcheck.saveDocument', arguments: [URI.fromFsPath(targetPath)] } }
          : {}),
      });
    }
    return actions;
  }

  /** The config file to edit, or undefined when it must not be edited (a symbolic link: see configEditRefusal). */
  function configTarget(targetPath: string): ConfigTarget | undefined {
    const refusal = configEditRefusal(targetPath, workspaceFolders);
    if (refusal) {
      const message = `not editing the configuration: ${refusal}`;
      if (!loggedConfigProblems.has(message)) log(message);
      loggedConfigProblems.add(message);
      return undefined;
    }
    const uri = URI.fromFsPath(targetPath);
    const open = documents.get(uri);
    if (open) return { path: targetPath, text: open.getText(), version: open.version };
    let text: string | undefined;
    try {
      text = fs.readFileSync(targetPath, 'utf8');
    } catch {
      text = undefined;
    }
    return { path: targetPath, text, version: null };
  }

  function fixAllAction(document: TextDocument): CodeAction | undefined {
    const target = editorTarget(document);
    if (!target) return undefined;
    const file = fileSettings(document.uri);
    const text = target.text;
    const result = fixAll(text, { data, kind: target.kind, ...(target.host ? { host: target.host } : {}), ...(target.policyType ? { policyType: target.policyType } : {}), severities: file.severities, ...(file.profile ? { profile: file.profile } : {}), relatedProfiles: file.relatedProfiles });
    if (result.text === text) return undefined;
    const lines = new LineIndex(text);
    const edit: LspTextEdit = minimalEdit(text, result.text, lines);
    return {
      title: `Fix all GrantCheck problems (${result.applied})`,
      kind: FIX_ALL_KIND,
      edit: { changes: { [document.uri]: [edit] } },
    };
  }

  /** Kind and policy type of a document as it is now (the lint state may lag behind by the debounce). */
  function editorTarget(document: TextDocument): { kind: DocumentKind; policyType: PolicyType | undefined; text: string; host?: HostKind } | undefined {
    if (!settings.enable || !isLintedLanguage(document.languageId)) return undefined;
    const text = document.getText();
    if (text.length > settings.maxFileSize) return undefined;
    const file = fileSettings(document.uri);
    if (file.ignored) return undefined;
    const target = lintTarget(detectionOf(document, text, file));
    return target ? { kind: target.kind, policyType: target.policyType, text, ...(target.host ? { host: target.host } : {}) } : undefined;
  }

  type Feature<T> = (text: string, lines: LineIndex, policyType: PolicyType | undefined, document: TextDocument) => T;

  /** Runs an editor feature for the document's kind; a crash is logged and answered with `fallback`. */
  function onDocument<T>(
    uri: string,
    fallback: T,
    features: { iam?: Feature<T>; redshift?: Feature<T>; host?: (text: string, lines: LineIndex, host: HostKind, document: TextDocument) => T },
  ): T {
    const document = documents.get(uri);
    if (!document) return fallback;
    const target = editorTarget(document);
    const feature = target?.kind === 'iam-policy' ? features.iam : target?.kind === 'redshift-sql' ? features.redshift : undefined;
    if (target?.host) {
      // Completion and outline understand policy JSON, not the HCL or YAML around an embedded policy.
      if (!features.host) return fallback;
      try {
        return features.host(target.text, new LineIndex(target.text), target.host, document);
      } catch (error) {
        log(`editor feature failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    }
    if (!target || !feature) return fallback;
    try {
      return feature(target.text, new LineIndex(target.text), target.policyType, document);
    } catch (error) {
      log(`editor feature failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  function onPolicy<T>(uri: string, fallback: T, feature: Feature<T>): T {
    return onDocument(uri, fallback, { iam: feature });
  }

  connection.onCompletion((params): CompletionList | null => {
    const bySpace = params.context?.triggerCharacter === ' ';
    return onDocument(params.textDocument.uri, null, {
      iam: (text, lines, policyType, document) =>
        bySpace ? null : toCompletionList(completeIam(text, document.offsetAt(params.position), data, policyType ? { policyType } : {}), lines, completionSupport),
      redshift: (text, lines, _policyType, document) => {
        const offset = document.offsetAt(params.position);
        // A space typed for indentation opens nothing; one typed after a word continues the statement.
        if (bySpace && text.slice(lines.lineStartOf(offset), offset).trim() === '') return null;
        return toCompletionList(completeRedshift(text, offset), lines, completionSupport);
      },
      host: (text, lines, host, document) => {
        if (bySpace) return null;
        const list = completeHost(host, text, document.offsetAt(params.position), data);
        return list ? toCompletionList(list, lines, completionSupport) : null;
      },
    });
  });

  connection.onHover((params): Hover | null =>
    onDocument(params.textDocument.uri, null, {
      iam: (text, lines, _policyType, document) => toHover(bindingHover(text, document.offsetAt(params.position)) ?? hoverIam(text, document.offsetAt(params.position), data), lines),
      redshift: (text, lines, _policyType, document) => toHover(bindingHover(text, document.offsetAt(params.position)) ?? hoverRedshift(text, document.offsetAt(params.position)), lines),
      host: (text, lines, host, document) => toHover(hoverHost(host, text, document.offsetAt(params.position), data), lines),
    }),
  );

  connection.onDocumentSymbol((params): DocumentSymbol[] =>
    onDocument(params.textDocument.uri, [], {
      iam: (text, lines, policyType) => toDocumentSymbols(iamDocumentSymbols(parseIamDocument(text, policyType)), lines),
      redshift: (text, lines) => toDocumentSymbols(redshiftDocumentSymbols(parseRedshiftScript(text)), lines),
    }),
  );

  connection.onFoldingRanges((params): FoldingRange[] =>
    onPolicy(params.textDocument.uri, [], (text, lines, policyType) => toFoldingRanges(iamFoldingRanges(parseIamDocument(text, policyType)), text, lines)),
  );

  connection.onCodeLens((params): CodeLens[] =>
    onPolicy(params.textDocument.uri, [], (text, lines, policyType) => toCodeLenses(statementLenses(parseIamDocument(text, policyType), data), params.textDocument.uri, lines)),
  );

  /** The markdown a statement's code lens opens: every action its Action/NotAction patterns cover. */
  connection.onRequest('grantcheck/expandedActions', (params: { uri: string; statementIndex: number }): { markdown: string } | null =>
    onPolicy(params.uri, null, (text, _lines, policyType) => {
      const markdown = expandedActionsMarkdown(parseIamDocument(text, policyType), params.statementIndex, data);
      return markdown ? { markdown } : null;
    }),
  );

  /**
   * The edit that sets one file's policy type in `.grantcheck.json` (`policyTypes`). Untitled files have
   * no path to bind, and a workspace-wide `grantcheck.policyType` overrides per-file bindings: for
   * those the client writes the setting instead.
   */
  connection.onRequest('grantcheck/policyTypeEdit', (params: { uri: string; type: string }): PolicyTypeEditResult => {
    if (params.type !== 'auto' && !isPolicyType(params.type)) return { reason: 'invalid-type' };
    const fsPath = URI.toFsPath(params.uri);
    if (!fsPath) return { reason: 'no-file' };
    if (settings.policyType !== 'auto') return { reason: 'setting-overrides' };
    const targetPath = configTargetPath(fsPath, configs.forFile(fsPath).path, workspaceFolders);
    const target = configTarget(targetPath);
    if (!target || configShapeProblem(target.text, 'policyTypes') !== undefined) return { reason: 'config-not-editable', configUri: URI.fromFsPath(targetPath) };
    const edit = policyTypeWorkspaceEdit(target, fileGlobRelativeTo(path.dirname(targetPath), fsPath), params.type, editSupport);
    return edit ? { edit, configUri: URI.fromFsPath(targetPath) } : { reason: 'cannot-create-file' };
  });

  connection.onRequest('grantcheck/documentInfo', (params: { uri: string }): DocumentInfo => {
    const state = states.get(params.uri);
    if (!state) return { kind: undefined };
    return {
      kind: state.kind,
      detected: { kind: state.detection.kind, reason: state.detection.reason },
      ...(state.result?.iam ? { policyType: state.result.iam.policyType, policyTypeSource: state.result.iam.policyTypeSource } : {}),
      ...(state.tooLarge ? { skippedReason: 'too large' } : {}),
    };
  });

  registerVerifyHandlers(connection, { documentText: (uri) => documents.get(uri)?.getText(), data });
  registerDeployedHandlers(connection, { documentText: (uri) => documents.get(uri)?.getText() });
  registerProfileHandlers(connection, {
    data,
    documents,
    session: sessionBindings,
    bindingFor: (uri) => fileSettings(uri).profile,
    relint: (uri) => {
      const document = documents.get(uri);
      if (document) lintNow(document);
    },
  });

  /** Where "bind to profile" writes (the same config file as "disable rule"). */
  function profileActionContext(): SuggestionActionContext {
    return {
      editSupport,
      configFor: (fsPath) => {
        const targetPath = configTargetPath(fsPath, configs.forFile(fsPath).path, workspaceFolders);
        const label = workspaceFolders.length > 0 ? relativeToFolders(targetPath, workspaceFolders) : targetPath;
        const target = configTarget(targetPath);
        return target && { target, fileGlob: fileGlobRelativeTo(path.dirname(targetPath), fsPath), label };
      },
      ...(clientCommands.has('grantcheck.saveDocument') ? { saveCommand: (configUri: string) => ({ title: 'Save configuration', command: 'grantcheck.saveDocument', arguments: [configUri] }) } : {}),
    };
  }
  documents.listen(connection);
  connection.listen();
}

interface DiagnosticData {
  ruleId: string;
  index: number;
  version: number;
}

/** Answer of `grantcheck/policyTypeEdit`: an edit to apply, or why the client should write the setting instead. */
export interface PolicyTypeEditResult {
  edit?: WorkspaceEdit;
  configUri?: string;
  /** `config-not-editable`: the config is a symbolic link, or JSON of another shape (its diagnostics say so). */
  reason?: 'invalid-type' | 'no-file' | 'setting-overrides' | 'cannot-create-file' | 'config-not-editable';
}

/** A config path shown relative to the workspace folder that holds it. */
function relativeToFolders(target: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const relative = path.relative(folder, target);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative;
  }
  return target;
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
    profiles: normalizeProfileSettings(raw.profiles),
  };
}
