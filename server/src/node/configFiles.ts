// Finds the nearest .grantcheck.json for a file and turns it (plus editor settings) into lint options.

import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAME, DEFAULT_POLICY_FILES, emptyConfig, parseConfig, type GrantCheckConfig, type ConfigProblem, type ProfileBindingConfig } from '../engine/config';
import type { ProfileBinding } from '../engine/profiles/types';
import type { PolicyType } from '../engine/iam/policyType';
import { ruleById } from '../engine/rules';
import type { DetectConfig } from '../engine/detect';
import type { SeverityOverride } from '../engine/types';

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
  /** The `grantcheck.profiles` setting (globs not anchored). */
  profiles?: ProfileBindingConfig[];
}

export interface FileLintSettings {
  /** What the config says about the file's kind (the globs that match it), for engine/detect.ts. */
  detect: DetectConfig;
  policyType: PolicyType | undefined;
  severities: Record<string, SeverityOverride>;
  ignored: boolean;
  config: LoadedConfig;
  /** The profile the file is bound to (config `profiles` first, then the editor setting). */
  profile?: ProfileBinding;
  /** Every other binding in scope (their values feed cross-document checks such as separate buckets). */
  relatedProfiles: ProfileBinding[];
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

const matcherCache = new Map<string, (candidate: string) => boolean>();

function compiled(pattern: string): (candidate: string) => boolean {
  let matcher = matcherCache.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true, nocase: process.platform === 'win32' });
    matcherCache.set(pattern, matcher);
  }
  return matcher;
}

/**
 * The picomatch pattern for a user glob, with gitignore-like anchoring: a glob containing a slash
 * (other than a trailing one) is relative to the base directory — a leading `/` only says so
 * explicitly — and any other glob matches at every depth (`*.gen.json`, `build/`). Without a base
 * directory (editor settings, which have no folder of their own) every glob matches at any depth.
 */
export function toPattern(glob: string, anchored: boolean): string {
  const slashed = process.platform === 'win32' ? glob.replace(/\\/g, '/') : glob;
  const trimmed = slashed.replace(/\/+$/, '');
  const body = trimmed.replace(/^\/+/, '');
  if (body.startsWith('**/') || body === '**') return body;
  const hasSlash = trimmed.includes('/');
  return anchored && hasSlash ? body : `**/${body}`;
}

/** Whether a path matches any of the globs, anchored at `baseDir` (see toPattern). */
export function matchesAny(globs: readonly string[], filePath: string, baseDir: string | undefined, matchDescendants = false): boolean {
  if (globs.length === 0) return false;
  const absolute = path.resolve(filePath);
  const relative = baseDir ? path.relative(path.resolve(baseDir), absolute) : undefined;
  // A file outside the base directory is matched by its absolute path, so only the globs that
  // float (no slash) can select it.
  const inside = relative !== undefined && relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  const candidate = (inside ? relative : absolute).split(path.sep).join('/');
  return globs.some((glob) => {
    const pattern = toPattern(glob, baseDir !== undefined);
    const floats = pattern === '**' || pattern.startsWith('**/');
    if (baseDir !== undefined && !inside && !floats) return false;
    return compiled(pattern)(candidate) || (matchDescendants && compiled(`${pattern}/**`)(candidate));
  });
}

/** Whether a path (file or directory) is excluded by the config's `ignore` globs; an ignored directory excludes everything in it. */
export function isIgnored(filePath: string, loaded: LoadedConfig): boolean {
  if (loaded.config.ignore.length === 0) return false;
  return matchesAny(loaded.config.ignore, filePath, loaded.dir, true);
}

/**
 * Everything that decides how one file is linted. `loaded` replaces the nearest config
 * (the CLI's `--config FILE`).
 */
export function settingsForFile(
  filePath: string,
  cache: ConfigCache,
  external: ExternalSettings = {},
  loaded: LoadedConfig = cache.forFile(filePath),
): FileLintSettings {
  const { config } = loaded;
  const policyGlob = firstMatch(config.policyFiles, filePath, loaded.dir) ?? firstMatch(external.policyFiles ?? DEFAULT_POLICY_FILES, filePath, undefined);
  const sqlGlob = firstMatch(config.sqlFiles, filePath, loaded.dir) ?? firstMatch(external.sqlFiles ?? [], filePath, undefined);
  const typeBinding = config.policyTypes.find((b) => matchesAny(b.files, filePath, loaded.dir));
  const typeGlob = typeBinding && firstMatch(typeBinding.files, filePath, loaded.dir);
  const profiles = profileBindingsFor(filePath, loaded, external.profiles ?? []);
  return {
    ...profiles,
    detect: {
      ...(policyGlob !== undefined ? { policyGlob } : {}),
      ...(sqlGlob !== undefined ? { sqlGlob } : {}),
      ...(typeBinding && typeGlob !== undefined ? { policyTypeBinding: { glob: typeGlob, type: typeBinding.type } } : {}),
    },
    policyType: external.policyType ?? typeBinding?.type,
    // Editor settings first, then the file's config: the config is the more specific of the two.
    severities: { ...(external.rules ?? {}), ...config.rules },
    ignored: isIgnored(filePath, loaded),
    config: loaded,
  };
}

/** The first of the globs that matches the path (named in detection reasons), or undefined. */
function firstMatch(globs: readonly string[], filePath: string, baseDir: string | undefined): string | undefined {
  return globs.find((glob) => matchesAny([glob], filePath, baseDir));
}

/** The file's profile binding (config before editor setting) and the other bindings in scope. */
function profileBindingsFor(filePath: string, loaded: LoadedConfig, fromSettings: readonly ProfileBindingConfig[]): { profile?: ProfileBinding; relatedProfiles: ProfileBinding[] } {
  const scoped = [
    ...loaded.config.profiles.map((b) => ({ b, base: loaded.dir })),
    ...fromSettings.map((b) => ({ b, base: undefined })),
  ];
  const own = scoped.find(({ b, base }) => matchesAny(b.files, filePath, base));
  const toBinding = (b: ProfileBindingConfig): ProfileBinding => ({ id: b.profile, values: b.values });
  return {
    ...(own ? { profile: toBinding(own.b) } : {}),
    relatedProfiles: scoped.filter((s) => s !== own).map(({ b }) => toBinding(b)),
  };
}
