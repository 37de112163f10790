// LSP wiring: initialize, capabilities, settings, and each feature module registered on the shared core. No product logic lives here.
//
// Every feature reads the document's analysis from one DocumentCache (parsed once per version):
// diagnostics.ts, editorFeatures.ts, codeActions.ts, documentInfo.ts; profiles/verify/deployed add their requests.

import type { ProfileRegistry } from '../engine/profiles';
import { WorkspaceProfileCache } from '../node/workspaceProfiles';
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
} from './protocol';
import { storedDocuments } from './documentStore';
import { URI } from './uri';
import { startupMark } from './startupTrace';
import { registerProfileHandlers, SessionBindings } from './profiles';
import type { IamData } from '../engine/data/iamData';
import type { lintText } from '../engine/lint';
import { ConfigCache, limitGlobSettings } from '../node/configFiles';
import { awsDataLabel, resolveAwsDataSetting, type AwsDataInUse } from '../node/awsData';
import { registerEditorFeatures } from './editorFeatures';
import { registerVerifyHandlers } from './verify';
import { FIX_ALL_KIND, registerCodeActions, registerPolicyTypeEdit } from './codeActions';
import { registerDeployedHandlers } from './deployed';
import { profilesFor, type ServerCore } from './core';
import { analyzeDocument, DocumentCache } from './documentCache';
import { DiagnosticsPublisher, lintingStartedMessage, sameAsFindings, toDiagnostic } from './diagnostics';
import { IncrementalWarmUp } from './warmUp';
import { registerDocumentInfo } from './documentInfo';
import { DEFAULT_SETTINGS, detectDocument, fileSettings, normalizeSettings, type FileSettings, type ServerSettings } from './settings';

export { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from './settings';
export type { DocumentInfo } from './documentInfo';
export { FIX_ALL_KIND, type PolicyTypeEditResult } from './codeActions';

/** Hooks for tests: the lint the cache runs (wrap it to count analyses); the transport's incoming messages. */
export interface ServerOptions {
  lint?: typeof lintText;
  /**
   * Subscribes to every message the transport receives (before it is handled): the idle-time warm-up (warmUp.ts)
   * stops at once. Without it the warm-up stops on document events and diagnostic pulls only.
   */
  onIncoming?: (listener: () => void) => void;
  /** False: no idle-time warm-up. */
  warmUp?: boolean;
}

/** Starts the server on a connection; returns the core (its cache counts analyses: the parse-once test reads it). */
export function startServer(connection: Connection, data: IamData, options: ServerOptions = {}): ServerCore {
  const documents = new TextDocuments(storedDocuments);
  const configs = new ConfigCache();
  const workspaceProfiles = new WorkspaceProfileCache();
  // `core` is read when a document is analysed, after it is initialised below.
  const profilesOf = (uri: string): ProfileRegistry | undefined => profilesFor(core, uri);
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;
  let canWatchFiles = false;
  const sessionBindings = new SessionBindings();
  const log = (message: string): void => connection.console.log(`[grantcheck] ${message}`);
  // The bundled data until grantcheck.awsDataPath names another (resolved when the setting, the folders or the
  // workspace trust change; the data itself stays lazy: each service is read when a rule first asks).
  let awsData: AwsDataInUse = { data, origin: 'bundled' };
  let awsDataKey = JSON.stringify(['', [], true]);

  const cache = new DocumentCache((document, lintCache) =>
    analyzeDocument(document, {
      lintCache,
      get data() {
        return awsData.data;
      },
      settings: () => settings,
      fileSettings: (uri) => fileSettingsOf(uri),
      detect: (doc, text, file, contentUnread) => detectDocument(doc, text, file, settings, contentUnread),
      ...(options.lint ? { lint: options.lint } : {}),
      profiles: profilesOf,
    }),
  );
  const core: ServerCore = {
    connection,
    documents,
    cache,
    configs,
    workspaceProfiles,
    get data() {
      return awsData.data;
    },
    awsData: () => awsData,
    client: { completionSupport: { snippets: false, markdown: false }, editSupport: { documentChanges: false, createFile: false }, workspaceFolders: [], workspaceTrusted: true, clientCommands: new Set() },
    settings: () => settings,
    log,
    loggedConfigProblems: new Set(),
  };

  /** Settings globs past the limits of glob.ts are left out and said so in the log (once per message). */
  const loggedSettingProblems = new Set<string>();
  /** The settings last applied, as JSON: pulling the same settings again changes nothing. */
  let appliedSettings: string | undefined;
  /**
   * Applies settings; returns whether they changed (every analysis is then stale). VS Code sends the settings in
   * `initialize` and answers the pull that follows with the same: no second lint of every open document at start.
   */
  function useSettings(next: ServerSettings): boolean {
    const key = JSON.stringify(next);
    if (key === appliedSettings) return false;
    appliedSettings = key;
    const limited = limitGlobSettings(next);
    settings = limited.settings;
    cache.invalidateAll();
    for (const problem of limited.problems) {
      if (loggedSettingProblems.has(problem)) continue;
      loggedSettingProblems.add(problem);
      log(`settings: ${problem}`);
    }
    useAwsData();
    return true;
  }

  /**
   * Chooses the AWS data for grantcheck.awsDataPath, the workspace folders and trust (again only when one of them
   * changed). A refused folder is said in a notification and the log; linting goes on with the bundled data.
   * Returns whether the data changed (every analysis is then stale).
   */
  function useAwsData(): boolean {
    const key = JSON.stringify([settings.awsDataPath, core.client.workspaceFolders, core.client.workspaceTrusted]);
    if (key === awsDataKey) return false;
    awsDataKey = key;
    const chosen = resolveAwsDataSetting(settings.awsDataPath, { folders: core.client.workspaceFolders, trusted: core.client.workspaceTrusted, bundled: data });
    for (const note of chosen.notes) log(note);
    if (chosen.rejected) {
      log(`grantcheck.awsDataPath: ${chosen.rejected}`);
      // A notification (window/showMessage), not a request the client would have to answer.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `GrantCheck: ${chosen.rejected}` });
    }
    const before = awsData;
    // The same folder again keeps its data (and the services already read).
    awsData = chosen.source !== undefined && chosen.source === before.source ? before : { data: chosen.data, origin: chosen.origin, ...(chosen.source ? { source: chosen.source } : {}) };
    if (awsData.data === before.data && awsData.origin === before.origin) return false;
    log(`AWS service authorization data: now ${awsDataLabel(awsData)}${awsData.source ? ` from ${awsData.source}` : ''} (updated ${awsData.data.version.updatedAt}).`);
    cache.invalidateAll();
    return true;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const init = params.initializationOptions as { settings?: Partial<ServerSettings>; clientCommands?: unknown; workspaceTrusted?: unknown } | undefined;
    // Editors without a Restricted Mode say nothing: their workspaces are trusted.
    core.client.workspaceTrusted = init?.workspaceTrusted !== false;
    if (Array.isArray(init?.clientCommands)) core.client.clientCommands = new Set(init.clientCommands.filter((c): c is string => typeof c === 'string'));
    const completionItem = params.capabilities.textDocument?.completion?.completionItem;
    core.client.completionSupport = {
      snippets: completionItem?.snippetSupport === true,
      markdown: completionItem?.documentationFormat?.includes('markdown') === true,
    };
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    core.client.editSupport = {
      documentChanges: workspaceEdit?.documentChanges === true,
      createFile: workspaceEdit?.resourceOperations?.includes('create') === true,
    };
    core.client.workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
      .map((f) => URI.toFsPath(f.uri))
      .filter((p): p is string => p !== undefined);
    configs.setWorkspaceFolders(core.client.workspaceFolders);
    // After the folders and the trust are known: grantcheck.awsDataPath may name a folder relative to them.
    if (init?.settings) useSettings(normalizeSettings(init.settings));
    cache.invalidateAll();
    startupMark('initialize answered');
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
        // Pull diagnostics (LSP 3.17) for a client that can pull and refresh: diagnostics.ts.
        ...diagnostics.negotiate(params.capabilities),
      },
      serverInfo: { name: 'grantcheck' },
    };
  });

  connection.onInitialized(() => {
    // The first line of the output channel: which GrantCheck and which AWS data every finding rests on.
    log(lintingStartedMessage(awsData.data, awsData.source));
    log(diagnostics.modeDescription());
    // Editors other than VS Code (whose client watches the file itself) tell us about config edits only if asked.
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.grantcheck.json' }, { globPattern: '**/.grantcheck/profiles/*.json' }] }).catch(() => undefined);
    }
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'grantcheck' }).catch(() => undefined);
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    let changed = false;
    try {
      const pulled = (await connection.workspace.getConfiguration('grantcheck')) as Partial<ServerSettings> | null;
      changed = useSettings(normalizeSettings(pulled ?? {}));
    } catch (error) {
      log(`could not read settings, using defaults: ${String(error)}`);
    }
    if (changed) diagnostics.relintAll();
  }

  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) {
      void refreshSettings();
      return;
    }
    const pushed = (change.settings as { grantcheck?: Partial<ServerSettings> } | null)?.grantcheck;
    if (useSettings(normalizeSettings(pushed ?? {}))) diagnostics.relintAll();
  });

  // VS Code grants trust during a session (revoking it reloads the window): data in the workspace may now be read.
  connection.onNotification('grantcheck/workspaceTrust', (params: { trusted?: unknown }) => {
    core.client.workspaceTrusted = params?.trusted !== false;
    if (useAwsData()) diagnostics.relintAll();
  });

  connection.onDidChangeWatchedFiles(() => {
    // A .grantcheck.json or a workspace profile file changed: forget every cached config and analysis, and lint again.
    configs.clear();
    workspaceProfiles.clear();
    cache.invalidateAll();
    core.loggedConfigProblems.clear();
    diagnostics.relintAll();
  });

  const fileSettingsOf = (uri: string): FileSettings => {
    const session = sessionBindings.get(uri);
    return cache.fileSettings(uri, session, () => fileSettings(uri, settings, configs, session));
  };

  const debugWarmUp = process.env.GRANTCHECK_DEBUG_WARMUP === '1' ? (line: string): void => void process.stderr.write(`[grantcheck warm-up] ${line}\n`) : undefined;
  const warmUp =
    options.warmUp === false
      ? undefined
      : new IncrementalWarmUp({
          environment: (uri) => ({ data: awsData.data, ...(profilesOf(uri) ? { profiles: profilesOf(uri)! } : {}) }),
          diagnostics: (findings, version) => findings.map((f, i) => toDiagnostic(f, i, version)),
          same: sameAsFindings,
          ...(debugWarmUp ? { debug: debugWarmUp } : {}),
        });
  if (warmUp) connection.onShutdown(() => warmUp.stop());
  const diagnostics = new DiagnosticsPublisher(core, warmUp);
  registerCodeActions(core, diagnostics);
  registerEditorFeatures(core);
  registerDocumentInfo(core);

  registerPolicyTypeEdit(core);

  registerVerifyHandlers(connection, {
    documentText: (uri) => documents.get(uri)?.getText(),
    get data() {
      return awsData.data;
    },
  });
  registerDeployedHandlers(connection, { documentText: (uri) => documents.get(uri)?.getText() });
  registerProfileHandlers(connection, {
    get data() {
      return awsData.data;
    },
    documents,
    session: sessionBindings,
    bindingFor: (uri) => fileSettingsOf(uri).profile,
    profilesFor: profilesOf,
    workspaceProfiles: () => profilesOf('untitled:workspace'),
    relint: (uri) => {
      // A session binding changed the file's settings without a new version: its analysis is stale.
      cache.delete(uri);
      const document = documents.get(uri);
      if (document) diagnostics.lintNow(document);
    },
  });
  documents.listen(connection);
  connection.listen();
  if (warmUp) options.onIncoming?.(() => warmUp.interrupt());
  return core;
}
