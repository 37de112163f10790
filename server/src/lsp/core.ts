// The shared core every feature module registers on: open documents, their analyses (parsed once per version), settings, log.

import * as path from 'node:path';
import type { ProfileRegistry } from '../engine/profiles';
import { URI } from './uri';
import type { WorkspaceProfileCache } from '../node/workspaceProfiles';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IamData } from '../engine/data/iamData';
import type { ConfigCache } from '../node/configFiles';
import type { AwsDataInUse } from '../node/awsData';
import type { Analysis, DocumentCache } from './documentCache';
import type { WorkspaceEditSupport } from './configEdit';
import type { ServerSettings } from './settings';

/** What the client's completion supports: snippets, markdown documentation. */
export interface CompletionClientSupport {
  snippets: boolean;
  markdown: boolean;
}

/** What the client said about itself in `initialize`. */
export interface ClientState {
  completionSupport: CompletionClientSupport;
  editSupport: WorkspaceEditSupport;
  workspaceFolders: string[];
  /** False while VS Code runs the workspace in Restricted Mode (initializationOptions.workspaceTrusted, then grantcheck/workspaceTrust). */
  workspaceTrusted: boolean;
  /** Client commands the client declared (our VS Code client runs `grantcheck.saveDocument`). */
  clientCommands: Set<string>;
}

export interface ServerCore {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: DocumentCache;
  configs: ConfigCache;
  /** A team's own profiles, by repository root / workspace folder (re-read when a profile file changes). */
  workspaceProfiles: WorkspaceProfileCache;
  /** The AWS data in use (bundled, or the folder grantcheck.awsDataPath names): read it at each use, it can change. */
  readonly data: IamData;
  /** Where `data` comes from, for the hover footer, the status bar and the log. */
  awsData(): AwsDataInUse;
  client: ClientState;
  settings(): ServerSettings;
  log(message: string): void;
  /** Config problems already written to the log: once per config version, not on every keystroke. */
  loggedConfigProblems: Set<string>;
}

/** The analysis of an open document's current version; undefined when the document is not open. */
export function analysisOf(core: ServerCore, uri: string): { document: TextDocument; analysis: Analysis } | undefined {
  const document = core.documents.get(uri);
  return document ? { document, analysis: core.cache.get(document) } : undefined;
}

/** Runs a request handler; a crash is logged and answered with `fallback`, the server keeps running. */
export function guarded<T>(core: ServerCore, what: string, uri: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    core.log(`${what} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

/**
 * The profiles a document's bindings resolve against: the built-ins plus its repository's .grantcheck/profiles/.
 * A document without a file (untitled:) uses the first workspace folder's.
 */
export function profilesFor(core: Pick<ServerCore, 'configs' | 'workspaceProfiles'> & { client?: Pick<ServerCore['client'], 'workspaceFolders'> }, uri: string): ProfileRegistry | undefined {
  const fsPath = URI.toFsPath(uri);
  if (fsPath) return core.workspaceProfiles.forRoot(core.configs.lookupRoot(path.dirname(fsPath)))?.registry;
  const folder = core.client?.workspaceFolders[0];
  return folder ? core.workspaceProfiles.forRoot(core.configs.lookupRoot(folder))?.registry : undefined;
}
