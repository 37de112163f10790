// Parse once per document version: detection, lint result (with the parsed document) and LineIndex, shared by every feature.
//
// Diagnostics, completion, hover, symbols, folding, code lenses, code actions and documentInfo all read the
// analysis of the document's current version. Completion may ask before the debounced lint runs: it then
// analyses that version once and the lint reuses it. A settings or config change starts a new generation.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IamData } from '../engine/data/iamData';
import { isLintedLanguage, lintTarget, type Detection } from '../engine/detect';
import { lintText, type LintResult } from '../engine/lint';
import { LintCache } from '../engine/lintCache';
import { LineIndex } from '../engine/text';
import type { DocumentKind } from '../engine/types';
import type { ProfileRegistry } from '../engine/profiles';
import { isWorkspaceProfileFile } from '../node/workspaceProfiles';
import { isConfigFile } from './configDiagnostics';
import type { FileSettings, ServerSettings } from './settings';
import { URI } from './uri';
import { StoredDocument } from './documentStore';

export type { FileSettings } from './settings';

export type LintTarget = NonNullable<ReturnType<typeof lintTarget>>;

/** Everything the features need about one version of a document, computed once. */
export interface Analysis {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  /** Why nothing is linted: not a linted language or disabled, ignored by config, the config file itself, too large. */
  skipped?: 'disabled' | 'ignored' | 'config-file' | 'profile-file' | 'too-large';
  detection?: Detection;
  /** What the text is linted as; undefined when GrantCheck does not read this document. */
  target?: LintTarget;
  file?: FileSettings;
  result?: LintResult;
}

/** What analysis needs from the server: settings and per-file settings (I/O passed in, as in vscode-json-languageservice). */
export interface AnalysisEnv {
  data: IamData;
  settings(): ServerSettings;
  fileSettings(uri: string): FileSettings;
  detect(document: TextDocument, text: string, file: FileSettings, contentUnread?: boolean): Detection;
  lint?: typeof lintText;
  /** The profiles a document's bindings resolve against (built-ins plus its workspace's .grantcheck/profiles/). */
  profiles?(uri: string): ProfileRegistry | undefined;
  /** The document's findings of earlier versions, so that a keystroke re-checks only what changed (engine/lintCache.ts). */
  lintCache?: LintCache;
}

export function analyzeDocument(document: TextDocument, env: AnalysisEnv): Analysis {
  const text = document.getText();
  // The store's index of this version (derived from the document's previous one), which the engine is handed too.
  const lines = document instanceof StoredDocument ? document.lines : LineIndex.of(text);
  const base = { uri: document.uri, version: document.version, text, lines };
  const settings = env.settings();
  if (!settings.enable || !isLintedLanguage(document.languageId)) return { ...base, skipped: 'disabled' };
  const fsPath = URI.toFsPath(document.uri);
  if (fsPath && (document.languageId === 'json' || document.languageId === 'jsonc') && isConfigFile(fsPath)) {
    return { ...base, skipped: 'config-file', detection: { kind: 'none', reason: 'GrantCheck configuration file', explicit: false } };
  }
  if (fsPath && (document.languageId === 'json' || document.languageId === 'jsonc') && isWorkspaceProfileFile(fsPath)) {
    return { ...base, skipped: 'profile-file', detection: { kind: 'none', reason: 'GrantCheck profile file', explicit: false } };
  }
  const file = env.fileSettings(document.uri);
  if (file.ignored) return { ...base, skipped: 'ignored', file };
  // The size check comes before reading the content: detecting a SQL script tokenizes all of it.
  if (text.length > settings.maxFileSize) {
    const detection = env.detect(document, text, file, true);
    const target = lintTarget(detection);
    return { ...base, skipped: 'too-large', file, detection, ...(target ? { target } : {}) };
  }
  const detection = env.detect(document, text, file);
  const target = lintTarget(detection);
  if (!target) return { ...base, file, detection };
  const profiles = env.profiles?.(document.uri);
  const result = (env.lint ?? lintText)(text, {
    ...(profiles ? { profiles } : {}),
    data: env.data,
    ...target,
    severities: file.severities,
    ...(file.profile ? { profile: file.profile } : {}),
    relatedProfiles: file.relatedProfiles,
    ...(env.lintCache ? { cache: env.lintCache } : {}),
    // The analysis' LineIndex of this very text: the lint converts its offsets with it rather than building another.
    lines: base.lines,
  });
  return { ...base, file, detection, target, result };
}

/** The kind shown to the user: what the document is linted as (also when it is too large to lint). */
export function kindOf(analysis: Analysis): DocumentKind | undefined {
  return analysis.target?.kind;
}

/**
 * Analyses by document, valid for one (version, settings generation), and each open document's lint cache (the
 * findings of its statements, kept across versions; it checks the configuration itself, so a new generation keeps it).
 */
export class DocumentCache {
  private readonly entries = new Map<string, { generation: number; analysis: Analysis }>();
  private readonly lintCaches = new Map<string, LintCache>();
  private generation = 0;
  /** How many analyses (detect + parse + lint) ran: what the parse-once test counts. */
  analyses = 0;

  constructor(private readonly analyze: (document: TextDocument, lintCache: LintCache) => Analysis) {}

  get(document: TextDocument): Analysis {
    const entry = this.entries.get(document.uri);
    if (entry && entry.generation === this.generation && entry.analysis.version === document.version) return entry.analysis;
    this.analyses++;
    let lintCache = this.lintCaches.get(document.uri);
    if (!lintCache) this.lintCaches.set(document.uri, (lintCache = new LintCache()));
    const analysis = this.analyze(document, lintCache);
    this.entries.set(document.uri, { generation: this.generation, analysis });
    return analysis;
  }

  private readonly fileSettingsByUri = new Map<string, { generation: number; session: unknown; value: FileSettings }>();

  /**
   * A document's FileSettings (`compute`), kept for this generation and the document's session binding `session`:
   * what changes them (settings, a config file, the workspace folders) starts a new generation, so a keystroke does
   * not merge the settings and the config again.
   */
  fileSettings(uri: string, session: unknown, compute: () => FileSettings): FileSettings {
    const kept = this.fileSettingsByUri.get(uri);
    if (kept && kept.generation === this.generation && kept.session === session) return kept.value;
    const value = compute();
    this.fileSettingsByUri.set(uri, { generation: this.generation, session, value });
    return value;
  }

  /** Settings, a config file or a session binding changed: every analysis is stale. */
  invalidateAll(): void {
    this.generation++;
  }

  /** The document was closed (or must be analysed from scratch). */
  delete(uri: string): void {
    this.entries.delete(uri);
    this.lintCaches.delete(uri);
    this.fileSettingsByUri.delete(uri);
  }
}
