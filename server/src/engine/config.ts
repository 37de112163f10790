// `.grantcheck.json`: parsing and validation (pure). Finding the file on disk is the caller's job.

import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { GlobBudget, globForMessage } from './glob';
import { isPolicyType, type PolicyType } from './iam/policyType';
import { MAX_JSON_DEPTH, offsetBeyondDepth } from './iam/document';
import { LineIndex } from './text';
import type { SeverityOverride } from './types';
import { UNUSED_SUPPRESSION_RULE_ID } from './suppressions';

export const CONFIG_FILE_NAME = '.grantcheck.json';

export interface PolicyTypeBinding {
  files: string[];
  type: PolicyType;
}

export interface ProfileBindingConfig {
  files: string[];
  profile: string;
  values: Record<string, string>;
}

/** Rule severities for some files only (`overrides`), applied after `rules`; later entries win. */
export interface RuleOverrideConfig {
  files: string[];
  rules: Record<string, SeverityOverride>;
}

export interface GrantCheckConfig {
  rules: Record<string, SeverityOverride>;
  /** Globs (gitignore-like, relative to the config file) of paths never linted. */
  ignore: string[];
  /** Extra globs of JSON files linted as IAM policies. */
  policyFiles: string[];
  /** Extra globs of SQL files linted as Redshift scripts. */
  sqlFiles: string[];
  policyTypes: PolicyTypeBinding[];
  profiles: ProfileBindingConfig[];
  /** Per-file rule severities, e.g. a rule turned off for one policy file (strict JSON has no comments to suppress it). */
  overrides: RuleOverrideConfig[];
}

export interface ConfigProblem {
  message: string;
  line: number;
  character: number;
}

export interface ParsedConfig {
  config: GrantCheckConfig;
  problems: ConfigProblem[];
}

export const DEFAULT_POLICY_FILES = ['**/*.policy.json', '**/policies/**/*.json', '**/*-policy.json', '**/*.iam.json'];

export function emptyConfig(): GrantCheckConfig {
  return { rules: {}, ignore: [], policyFiles: [], sqlFiles: [], policyTypes: [], profiles: [], overrides: [] };
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const KNOWN_KEYS = new Set(['$schema', 'rules', 'ignore', 'policyFiles', 'sqlFiles', 'policyTypes', 'profiles', 'overrides']);

/** Finding ids that are not rules of rules/index.ts but can be configured like one. */
export const CONFIGURABLE_NON_RULE_IDS: readonly string[] = [UNUSED_SUPPRESSION_RULE_ID];

/**
 * Parses a config file. Every problem is reported with its position; whatever is valid is kept
 * and the rest falls back to the defaults, so a typo never disables linting.
 */
export function parseConfig(text: string, isKnownRule: (id: string) => boolean = () => true): ParsedConfig {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const at = (offset: number, message: string): void => {
    const { line, character } = lines.positionAt(offset);
    problems.push({ message, line, character });
  };
  const errors: ParseError[] = [];
  const tooDeepAt = offsetBeyondDepth(text, MAX_JSON_DEPTH);
  if (tooDeepAt >= 0) {
    at(tooDeepAt, `The configuration is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    return { config: emptyConfig(), problems };
  }
  const raw = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  for (const error of errors) at(error.offset, `JSON syntax error: ${printParseErrorCode(error.error)}`);
  const config = emptyConfig();
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    if (errors.length === 0) at(0, 'The configuration must be a JSON object.');
    return { config, problems };
  }
  const obj = raw as Record<string, unknown>;
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  /** Where a problem with the value at `path` is shown: its property key, or the value itself in an array. */
  const offsetOf = (...location: (string | number)[]): number => {
    const node = tree ? findNodeAtLocation(tree, location) : undefined;
    const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key?.offset ?? node?.offset ?? 0;
  };
  // Every glob of the file shares one budget (glob.ts), so matching a path stays cheap whatever the file holds.
  const budget = new GlobBudget();
  const admitted = (globs: readonly string[], location: (string | number)[], single: boolean): string[] =>
    globs.filter((glob, index) => {
      const reason = budget.admit(glob);
      if (reason === undefined) return true;
      at(offsetOf(...location, ...(single ? [] : [index])), `The glob "${globForMessage(glob)}" in "${location[0]}" is ignored: ${reason}.`);
      return false;
    });
  for (const key of Object.keys(obj)) {
    if (!KNOWN_KEYS.has(key)) at(offsetOf(key), `Unknown key "${key}" (known: ${[...KNOWN_KEYS].filter((k) => k !== '$schema').join(', ')}).`);
  }
  /** Reads a rule id → severity object into `into`; problems are reported at `location` + rule id. */
  const readRules = (value: unknown, location: (string | number)[], into: Record<string, SeverityOverride>, what: string): void => {
    if (!isPlainObject(value)) {
      at(offsetOf(...location), `${what} must be an object of rule id → severity.`);
      return;
    }
    for (const [id, severity] of Object.entries(value)) {
      if (typeof severity !== 'string' || !SEVERITIES.has(severity)) {
        at(offsetOf(...location, id), `Severity of "${id}" must be one of error, warning, info, hint, off.`);
      } else if (!isKnownRule(id) && !CONFIGURABLE_NON_RULE_IDS.includes(id)) {
        at(offsetOf(...location, id), `Unknown rule id "${id}".`);
      } else {
        into[id] = severity as SeverityOverride;
      }
    }
  };
  if (obj.rules !== undefined) readRules(obj.rules, ['rules'], config.rules, '"rules"');
  for (const key of ['ignore', 'policyFiles', 'sqlFiles'] as const) {
    const value = obj[key];
    if (value === undefined) continue;
    if (!isStringArray(value)) at(offsetOf(key), `"${key}" must be an array of glob strings.`);
    else config[key] = admitted(value, [key], false);
  }
  if (obj.policyTypes !== undefined) {
    if (!Array.isArray(obj.policyTypes)) at(offsetOf('policyTypes'), '"policyTypes" must be an array of {"files", "type"}.');
    else {
      for (const [index, entry] of obj.policyTypes.entries()) {
        const files = isPlainObject(entry) ? globList(entry.files) : undefined;
        if (!isPlainObject(entry) || !files || !isPolicyType(entry.type)) {
          at(offsetOf('policyTypes', index), 'Each "policyTypes" entry needs "files" (glob or globs) and "type" (identity, resource, trust, kms-key or scp).');
          continue;
        }
        const kept = admitted(files, ['policyTypes', index, 'files'], typeof entry.files === 'string');
        if (kept.length > 0) config.policyTypes.push({ files: kept, type: entry.type as PolicyType });
      }
    }
  }
  if (obj.profiles !== undefined) {
    if (!Array.isArray(obj.profiles)) at(offsetOf('profiles'), '"profiles" must be an array of {"files", "profile", "values"}.');
    else {
      for (const [index, entry] of obj.profiles.entries()) {
        const files = isPlainObject(entry) ? globList(entry.files) : undefined;
        if (!isPlainObject(entry) || !files || typeof entry.profile !== 'string') {
          at(offsetOf('profiles', index), 'Each "profiles" entry needs "files" (glob or globs) and "profile" (a profile id).');
          continue;
        }
        const values: Record<string, string> = {};
        if (isPlainObject(entry.values)) {
          for (const [k, v] of Object.entries(entry.values)) if (typeof v === 'string') values[k] = v;
        }
        const kept = admitted(files, ['profiles', index, 'files'], typeof entry.files === 'string');
        if (kept.length > 0) config.profiles.push({ files: kept, profile: entry.profile, values });
      }
    }
  }
  if (obj.overrides !== undefined) {
    if (!Array.isArray(obj.overrides)) at(offsetOf('overrides'), '"overrides" must be an array of {"files", "rules"}.');
    else {
      for (const [index, entry] of obj.overrides.entries()) {
        const files = isPlainObject(entry) ? globList(entry.files) : undefined;
        if (!isPlainObject(entry) || !files || entry.rules === undefined) {
          at(offsetOf('overrides', index), 'Each "overrides" entry needs "files" (glob or globs) and "rules" (rule id → severity).');
          continue;
        }
        const rules: Record<string, SeverityOverride> = {};
        readRules(entry.rules, ['overrides', index, 'rules'], rules, '"rules" of an override');
        const kept = admitted(files, ['overrides', index, 'files'], typeof entry.files === 'string');
        if (kept.length > 0) config.overrides.push({ files: kept, rules });
      }
    }
  }
  return { config, problems };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function globList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return isStringArray(value) && value.length > 0 ? value : undefined;
}
