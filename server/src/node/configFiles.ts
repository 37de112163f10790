// Finds the nearest .grantcheck.json for a file and turns it (plus editor settings) into lint options.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_POLICY_FILES, emptyConfig, parseConfig, type GrantCheckConfig, type ConfigProblem, type ProfileBindingConfig } from '../engine/config';
import { compileGlob, GlobBudget, globForMessage, matchesGlob, type CompiledGlob } from '../engine/glob';
import type { ProfileBinding } from '../engine/profiles/types';
import type { PolicyType } from '../engine/iam/policyType';
import { ruleById } from '../engine/rules';
import type { DetectConfig } from '../engine/detect';
import type { SeverityOverride } from '../engine/types';
import { resolvedPath, isWithin, realPathOf } from './paths';

export interface LoadedConfig {
  /** Absolute path of the config file, or undefined when none applies. */
  path: string | undefined;
  dir: string | undefined;
  config: GrantCheckConfig;
  problems: ConfigProblem[];
  /** Config files passed over on the way up, and why (a link out of the repository or workspace folder). */
  skipped?: SkippedConfig[];
}

export interface SkippedConfig {
  path: string;
  reason: string;
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

/** A config file larger than this is not read (it is reported instead). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** What the lookup knows about a directory: the roots above it and the config that applies. */
interface DirLookup {
  /** The nearest directory at or above holding `.git` (a directory, or a file in worktrees and submodules). */
  repositoryRoot: string | undefined;
  /** The nearest workspace folder at or above. */
  workspaceFolder: string | undefined;
  loaded: LoadedConfig;
}

/**
 * Finds the config of a file: the nearest `.grantcheck.json` at or above its directory, up to the
 * repository root (the nearest directory holding `.git`) or, outside a repository, the workspace
 * folder; configs above that never apply (a parent directory cannot turn off a repository's checks).
 * A config whose real path is outside that root (a symbolic link) is passed over, and said so.
 */
export class ConfigCache {
  private readonly byDir = new Map<string, DirLookup>();
  private workspaceFolders = new Set<string>();

  /** Forget cached configs (after a config file changed on disk). */
  clear(): void {
    this.byDir.clear();
  }

  /** The editor's workspace folders: where the lookup stops for files in no repository. */
  setWorkspaceFolders(folders: readonly string[]): void {
    this.workspaceFolders = new Set(folders.map((f) => path.resolve(f)));
    this.clear();
  }

  /** The nearest `.grantcheck.json` at or above the file's directory. */
  forFile(filePath: string): LoadedConfig {
    return this.lookup(path.dirname(resolvedPath(filePath))).loaded;
  }

  /** The nearest `.grantcheck.json` in or above a directory. */
  forDirectory(dirPath: string): LoadedConfig {
    return this.lookup(resolvedPath(dirPath)).loaded;
  }

  /** Where the lookup for a directory stops: its repository root, else its workspace folder, else nowhere. */
  lookupRoot(dirPath: string): string | undefined {
    const found = this.lookup(resolvedPath(dirPath));
    return found.repositoryRoot ?? found.workspaceFolder;
  }

  private lookup(dir: string): DirLookup {
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const parentDir = path.dirname(dir);
    const parent = parentDir === dir ? undefined : this.lookup(parentDir);
    const repositoryRoot = hasGitEntry(dir) ? dir : parent?.repositoryRoot;
    const workspaceFolder = this.workspaceFolders.has(dir) ? dir : parent?.workspaceFolder;
    const root = repositoryRoot ?? workspaceFolder;
    // The parent's config applies here too, unless this directory is where the lookup stops.
    const inherited = parent && root !== dir ? parent.loaded : NO_CONFIG;
    const found = readConfigIn(dir, root ?? dir);
    let loaded: LoadedConfig;
    if (found === undefined) loaded = inherited;
    else if ('skipped' in found) loaded = { ...inherited, skipped: [...(inherited.skipped ?? []), found.skipped] };
    else loaded = found.loaded;
    const result = { repositoryRoot, workspaceFolder, loaded };
    this.byDir.set(dir, result);
    return result;
  }
}

function hasGitEntry(dir: string): boolean {
  try {
    fs.lstatSync(path.join(dir, '.git'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The `.grantcheck.json` of one directory: undefined when there is none, `skipped` when its real
 * path is outside `root` (it is a link out of the repository or workspace folder, or cannot be resolved).
 */
function readConfigIn(dir: string, root: string): { loaded: LoadedConfig } | { skipped: SkippedConfig } | undefined {
  const candidate = path.join(dir, CONFIG_FILE_NAME);
  try {
    fs.lstatSync(candidate);
  } catch {
    return undefined;
  }
  const real = realPathOf(candidate);
  const realRoot = realPathOf(root) ?? root;
  if (real === undefined) return { skipped: { path: candidate, reason: 'it is a symbolic link that cannot be resolved' } };
  if (!isWithin(realRoot, real)) return { skipped: { path: candidate, reason: `it links to ${real}, outside ${root}` } };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  if (stat.size > MAX_CONFIG_BYTES) {
    const problem = { message: `The configuration is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB and was not read.`, line: 0, character: 0 };
    return { loaded: { path: candidate, dir, config: emptyConfig(), problems: [problem] } };
  }
  let text: string;
  try {
    text = fs.readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseConfig(text, (id) => ruleById(id) !== undefined);
  return { loaded: { path: candidate, dir, config: parsed.config, problems: parsed.problems } };
}

interface ListGlob {
  /** The glob as the user wrote it (named in detection reasons). */
  source: string;
  matcher: CompiledGlob;
  /** Matches at any depth (starts with a globstar), so it may select a file outside the base directory. */
  floats: boolean;
}
/** Compiled globs by list (config and settings arrays live as long as their config or settings). */
const compiledLists = new WeakMap<readonly string[], Map<string, readonly ListGlob[]>>();

/**
 * The compiled globs of a list, as matched: anchored or floating, with `/**` for descendants. Globs
 * past the limits of one list (glob.ts) are left out: they match nothing (parseConfig and
 * limitGlobSettings report them; this only guards callers that skipped those).
 */
function compiledList(globs: readonly string[], anchored: boolean, descendants: boolean): readonly ListGlob[] {
  let byMode = compiledLists.get(globs);
  if (!byMode) {
    byMode = new Map();
    compiledLists.set(globs, byMode);
  }
  const mode = `${anchored}:${descendants}`;
  let list = byMode.get(mode);
  if (!list) {
    const budget = new GlobBudget();
    const nocase = process.platform === 'win32';
    const compiled: ListGlob[] = [];
    for (const glob of globs) {
      if (budget.admit(glob) !== undefined) continue;
      const pattern = toPattern(glob, anchored);
      const floats = pattern === '**' || pattern.startsWith('**/');
      for (const variant of descendants ? [pattern, `${pattern}/**`] : [pattern]) {
        const result = compileGlob(variant, { nocase, maxLength: Infinity });
        if ('glob' in result) compiled.push({ source: glob, matcher: result.glob, floats });
      }
    }
    list = compiled;
    byMode.set(mode, list);
  }
  return list;
}

export interface GlobSettings {
  policyFiles: string[];
  sqlFiles: string[];
  profiles: ProfileBindingConfig[];
}

/**
 * Glob settings (`grantcheck.policyFiles`, `.sqlFiles`, `.profiles`; an untrusted workspace may set them)
 * cut to the limits of glob.ts, each setting with its own budget, and a message for every glob left out.
 * A profile binding left without globs is dropped.
 */
export function limitGlobSettings<T extends GlobSettings>(settings: T): { settings: T; problems: string[] } {
  const problems: string[] = [];
  const keep = (name: string, globs: readonly string[], budget: GlobBudget): string[] =>
    globs.filter((glob) => {
      const reason = budget.admit(glob);
      if (reason !== undefined) problems.push(`${name}: the glob "${globForMessage(glob)}" is ignored: ${reason}.`);
      return reason === undefined;
    });
  const policyFiles = keep('grantcheck.policyFiles', settings.policyFiles, new GlobBudget());
  const sqlFiles = keep('grantcheck.sqlFiles', settings.sqlFiles, new GlobBudget());
  const profileBudget = new GlobBudget();
  const profiles = settings.profiles
    .map((binding, index) => ({ ...binding, files: keep(`grantcheck.profiles[${index}].files`, binding.files, profileBudget) }))
    .filter((binding) => binding.files.length > 0);
  return { settings: { ...settings, policyFiles, sqlFiles, profiles }, problems };
}

/**
 * The glob as matched against a `/`-separated path, with gitignore-like anchoring: a glob containing a slash
 * (other than a trailing one) is relative to the base directory — a leading `/` only says so
 * explicitly — and any other glob matches at every depth (`*.gen.json`, `build/`). Without a base
 * directory (editor settings, which have no folder of their own) every glob matches at any depth.
 */
export function toPattern(glob: string, anchored: boolean): string {
  const slashed = process.platform === 'win32' ? glob.split('\\').join('/') : glob;
  let end = slashed.length;
  while (end > 0 && slashed.charCodeAt(end - 1) === 0x2f) end--;
  const trimmed = slashed.slice(0, end);
  let start = 0;
  while (start < trimmed.length && trimmed.charCodeAt(start) === 0x2f) start++;
  const body = trimmed.slice(start);
  if (body.startsWith('**/') || body === '**') return body;
  const hasSlash = trimmed.includes('/');
  return anchored && hasSlash ? body : `**/${body}`;
}

/** Whether a path matches any of the globs, anchored at `baseDir` (see toPattern). */
export function matchesAny(globs: readonly string[], filePath: string, baseDir: string | undefined, matchDescendants = false): boolean {
  return firstMatch(globs, filePath, baseDir, matchDescendants) !== undefined;
}

/** The first of the globs that matches the path, as written (named in detection reasons), or undefined. */
function firstMatch(globs: readonly string[], filePath: string, baseDir: string | undefined, matchDescendants = false): string | undefined {
  if (globs.length === 0) return undefined;
  const absolute = resolvedPath(filePath);
  const relative = baseDir ? relativeTo(resolvedPath(baseDir), absolute) : undefined;
  // A file outside the base directory is matched by its absolute path, so only the globs that
  // float (no slash) can select it.
  const inside = relative !== undefined && relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  const chosen = inside ? relative : absolute;
  const candidate = path.sep === '/' ? chosen : chosen.split(path.sep).join('/');
  const anchored = baseDir !== undefined;
  for (const glob of compiledList(globs, anchored, matchDescendants)) {
    if ((inside || !anchored || glob.floats) && matchesGlob(glob.matcher, candidate)) return glob.source;
  }
  return undefined;
}

/**
 * path.relative(dir, file) for two paths resolvedPath gave: a file inside `dir` (POSIX) is its tail, without
 * path.relative's work (it resolves both again).
 */
function relativeTo(dir: string, file: string): string {
  if (path.sep === '/' && file.length > dir.length && file.startsWith(dir) && (dir === '/' || file.charCodeAt(dir.length) === 47)) {
    return file.slice(dir === '/' ? 1 : dir.length + 1);
  }
  return path.relative(dir, file);
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
  // Built property by property (this runs for every file of a CLI run: spreads of conditional objects were most of its cost).
  const detect: DetectConfig = {};
  if (policyGlob !== undefined) detect.policyGlob = policyGlob;
  if (sqlGlob !== undefined) detect.sqlGlob = sqlGlob;
  if (typeBinding && typeGlob !== undefined) detect.policyTypeBinding = { glob: typeGlob, type: typeBinding.type };
  // Editor settings first, then the file's config: the config is the more specific of the two.
  // Then the config's per-file `overrides` that match the file, in order.
  const severities: Record<string, SeverityOverride> = { ...external.rules, ...config.rules };
  for (const override of config.overrides) if (matchesAny(override.files, filePath, loaded.dir)) Object.assign(severities, override.rules);
  const settings: FileLintSettings = {
    detect,
    policyType: external.policyType ?? typeBinding?.type,
    severities,
    ignored: isIgnored(filePath, loaded),
    config: loaded,
    relatedProfiles: [],
  };
  addProfileBindings(settings, filePath, loaded, external.profiles ?? []);
  return settings;
}

/** The file's profile binding (config before editor setting) and the other bindings in scope, set on `settings`. */
function addProfileBindings(settings: FileLintSettings, filePath: string, loaded: LoadedConfig, fromSettings: readonly ProfileBindingConfig[]): void {
  const fromConfig = loaded.config.profiles;
  if (fromConfig.length === 0 && fromSettings.length === 0) return;
  const scoped = [...fromConfig.map((b) => ({ b, base: loaded.dir })), ...fromSettings.map((b) => ({ b, base: undefined }))];
  const own = scoped.find(({ b, base }) => matchesAny(b.files, filePath, base));
  const toBinding = (b: ProfileBindingConfig): ProfileBinding => ({ id: b.profile, values: b.values });
  if (own) settings.profile = toBinding(own.b);
  settings.relatedProfiles = scoped.filter((s) => s !== own).map(({ b }) => toBinding(b));
}
