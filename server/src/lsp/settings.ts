// The server's settings (`grantcheck.*` from the client): their shape, defaults and validation of what the client sends.

import { DEFAULT_POLICY_FILES, type ProfileBindingConfig } from '../engine/config';
import { isPolicyType, type PolicyType } from '../engine/iam/policyType';
import type { SeverityOverride } from '../engine/types';
import { normalizeProfileSettings } from './profiles';

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
