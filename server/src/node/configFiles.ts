// Finds the nearest .grantcheck.json for a file and turns it (plus editor settings) into lint options.

import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAME, DEFAULT_POLICY_FILES, emptyConfig, parseConfig, type GrantCheckConfig, type ConfigProblem } from '../engine/config';
import type { PolicyType } from '../engine/iam/policyType';
import { ruleById } from '../engine/rules';
import type { DocumentKind, SeverityOverride } from '../engine/types';

export interface LoadedConfig {
  /** Absolute path of the config file, or undefined when none applies. */
  path: string | undefined;
  dir: string | undefined;
  config: GrantCheckConfig;
  problems: ConfigProblem[];
}

/** Settings that come from outside the config file (editor settings, CLI flags). */
export interface ExternalSettings {
  policyFiles?: string[];
  sqlFiles?: string[];
  rules?: Record<string, SeverityOverride>;
  policyType?: PolicyType;
}

export interface FileLintSettings {
  /** Forced kind from policy/sql globs; undefined → detect from content. */
  kind: DocumentKind | undefined;
  policyType: PolicyType | undefined;
  severities: Record<string, SeverityOverride>;
  ignored: boolean;
  config: LoadedConfig;
}

const NO_CONFIG: LoadedConfig = { path: undefined, dir: undefined, config: emptyConfig(), problems: [] };

export class ConfigCache {
  private readonly byDir = new Map<string, LoadedConfig>();

  /** Forget cached configs (after a config file changed on disk). */
  clear(): void {
    this.byDir.clear();
  }

  /** The nearest `.grantcheck.json` at or above the file's directory. */
  forFile(filePath: string): LoadedConfig {
    return this.forDir(path.dirname(path.resolve(filePath)));
  }

  /** The nearest `.grantcheck.json` in or above a directory. */
  forDirectory(dirPath: string): LoadedConfig {
    return this.forDir(path.resolve(dirPath));
  }

  private forDir(dir: string): LoadedConfig {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    let loaded: LoadedConfig;
    let text: string | undefined;
    try {
      text = fs.statSync(candidate).isFile() ? fs.readFileSync(candidate, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      const parsed = parseConfig(text, (id) => ruleById(id) !== undefined);
      loaded = { path: candidate, dir, config: parsed.config, problems: parsed.problems };
    } else {
      const parent = path.dirname(dir);
      loaded = parent === dir ? NO_CONFIG : this.forDir(parent);
    }
    this.byDir.set(dir, loaded);
    return loaded;
  }
}

/** Glob match of a path relative to a base directory, with `**` and dotfiles. */
export function matchesAny(globs: readonly string[], filePath: string, baseDir: string | undefined): boolean {
  if (globs.length === 0) return false;
  const absolute = path.resolve(filePath);
  const relative = baseDir ? path.relative(baseDir, absolute) : absolute;
  const candidates = [relative.split(path.sep).join('/'), absolute.split(path.sep).join('/')];
  return globs.some((glob) => {
    const pattern = glob.includes('/') ? glob : `**/${glob}`;
    const isMatch = picomatch(pattern, { dot: true });
    return candidates.some((c) => isMatch(c) || isMatch(`${c}/`));
  });
}

/** Whether a path (file or directory) is excluded by the config's `ignore` globs. */
export function isIgnored(filePath: string, loaded: LoadedConfig): boolean {
  if (loaded.config.ignore.length === 0) return false;
  const globs = loaded.config.ignore.flatMap((g) => {
    const trimmed = g.replace(/\/+$/, '');
    return [trimmed, `${trimmed}/**`];
  });
  return matchesAny(globs, filePath, loaded.dir);
}

export function settingsForFile(filePath: string, cache: ConfigCache, external: ExternalSettings = {}): FileLintSettings {
  const loaded = cache.forFile(filePath);
  const { config } = loaded;
  const policyGlobs = [...(external.policyFiles ?? DEFAULT_POLICY_FILES)];
  const inConfigPolicy = matchesAny(config.policyFiles, filePath, loaded.dir);
  const inSettingsPolicy = matchesAny(policyGlobs, filePath, undefined);
  const inSql = matchesAny(config.sqlFiles, filePath, loaded.dir) || matchesAny(external.sqlFiles ?? [], filePath, undefined);
  const lower = filePath.toLowerCase();
  let kind: DocumentKind | undefined;
  if ((inConfigPolicy || inSettingsPolicy) && /\.jsonc?$/.test(lower)) kind = 'iam-policy';
  else if (inSql) kind = 'redshift-sql';
  const typeBinding = config.policyTypes.find((b) => matchesAny(b.files, filePath, loaded.dir));
  return {
    kind,
    policyType: external.policyType ?? typeBinding?.type,
    // Editor settings first, then the file's config: the config is the more specific of the two.
    severities: { ...(external.rules ?? {}), ...config.rules },
    ignored: isIgnored(filePath, loaded),
    config: loaded,
  };
}
