// Collects the files a CLI run should lint (recursing directories, honouring ignores) and lints each.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../engine/config';
import { detect, lintTarget, type Detection } from '../engine/detect';
import { fixAll } from '../engine/fixAll';
import { lintText, type LintOptions } from '../engine/lint';
import { ruleById } from '../engine/rules';
import type { IamData } from '../engine/data/iamData';
import type { PolicyType } from '../engine/iam/policyType';
import type { ProfileRegistry } from '../engine/profiles';
import type { ProfileBinding } from '../engine/profiles/types';
import { WorkspaceProfileCache } from '../node/workspaceProfiles';
import type { DocumentKind, Finding, SeverityOverride } from '../engine/types';
import { ConfigCache, isIgnored, settingsForFile, type LoadedConfig, type SkippedConfig } from '../node/configFiles';
import { isWithin, realPathOf } from '../node/paths';

export interface FileResult {
  /** The path as the user gave it (or joined onto the directory they gave). */
  file: string;
  kind: DocumentKind;
  /** What the file was detected as, and why. */
  detection: Detection;
  findings: Finding[];
  text: string;
  /** How the file was stored: what a fix must be written back as. */
  source: SourceText;
  /** Read from standard input (`--stdin`, `-`): `file` is the --stdin-filename or `<stdin>`. */
  stdin?: boolean;
  /** `fix`: the safe fixes applied to `text` in memory (`findings` are then those of `fixed.text`). */
  fixed?: { text: string; applied: number; findingsBefore: Finding[] };
}

/** The bytes a text was decoded from, and how: a fix is written back in the same encoding, with the same BOM. */
export interface SourceText {
  bytes: Buffer;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  bom: boolean;
  /** Invalid UTF-8 was replaced: writing the text back would change more than the fix. */
  lossy: boolean;
}

export interface RunProblem {
  file: string;
  message: string;
}

export interface LintRun {
  results: FileResult[];
  /** Files or directories that could not be read (each with a clear reason). */
  problems: RunProblem[];
  /** Number of files that were read (linted or found to be neither kind). */
  filesRead: number;
  /** PATH arguments that do not exist (a usage error even when other paths were linted). */
  missingInputs: string[];
  /** Files named on the command line that are none of the kinds GrantCheck lints (a usage error too: never passed silently). */
  unrecognizedInputs: string[];
  configProblems: { file: string; line: number; character: number; message: string }[];
  /** What was skipped and why, shown with `--verbose` (symbolic links the walk does not follow). */
  notes: string[];
  /** Config files not used because they link out of the repository (or their own folder), each once. */
  skippedConfigs: SkippedConfig[];
}

export interface LintRunOptions {
  data: IamData;
  policyType?: PolicyType;
  /** A config file to use for every path instead of the nearest one. */
  configPath?: string;
  /** `--profile`: bind every file to this profile (over config bindings). */
  profile?: ProfileBinding;
  /** `--rule ID=SEVERITY`: over the config's `rules`. */
  rules?: Readonly<Record<string, SeverityOverride>>;
  /** `--fix`, `--fix-dry-run`: apply the safe fixes in memory (engine/fixAll.ts); the caller writes them. */
  fix?: boolean;
  /** `--stdin`: lint these bytes instead of paths; `path` (`--stdin-filename`) decides the kind and the config. */
  stdin?: { bytes: Buffer; path?: string };
  /**
   * `--changed-files`: the inputs are the files a hook was given (pre-commit, lint-staged), not the user's
   * choice: ignore globs apply to them and one that is none of the kinds GrantCheck lints is passed over quietly.
   */
  changedFiles?: boolean;
  /** Called after each file with the number done and the total (the CLI's progress line). */
  progress?: (done: number, total: number) => void;
}

const CANDIDATE_EXTENSIONS = new Set(['.json', '.jsonc', '.sql', '.tf', '.yaml', '.yml', '.template']);
const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Files larger than this are reported and skipped (the editor has its own, configurable limit). */
export const CLI_MAX_FILE_BYTES = 50 * 1024 * 1024;

export function lintPaths(inputs: readonly string[], options: LintRunOptions, cache = new ConfigCache()): LintRun {
  const run: LintRun = { results: [], problems: [], filesRead: 0, missingInputs: [], unrecognizedInputs: [], configProblems: [], notes: [], skippedConfigs: [] };
  const fixedConfig = options.configPath ? loadFixedConfig(options.configPath) : undefined;
  const reportedConfigs = new Set<string>();
  const files: CollectedFile[] = [];
  for (const input of inputs) {
    if (options.changedFiles) {
      // A list of changed files (pre-commit, lint-staged): each as a directory walk would see it.
      if (!fs.existsSync(input)) {
        run.missingInputs.push(input);
        run.problems.push({ file: input, message: `Cannot read ${input}: no such file or directory.` });
        continue;
      }
      collect(input, false, files, run, cache, fixedConfig, new Set(), undefined);
    } else {
      collect(input, true, files, run, cache, fixedConfig, new Set(), undefined);
    }
  }
  // `grantcheck infra infra/a.json` names a file twice: it is linted (and reported) once, as a named file.
  const named = new Set(files.filter((f) => f.explicit).map((f) => path.resolve(f.file)));
  const seen = new Set<string>();
  const unique = files.filter(({ file }) => {
    const absolute = path.resolve(file);
    if (seen.has(absolute)) return false;
    seen.add(absolute);
    return true;
  });
  const noteConfig = (settings: ReturnType<typeof settingsForFile>): void => {
    const configPath = settings.config.path;
    if (configPath && !reportedConfigs.has(configPath)) {
      reportedConfigs.add(configPath);
      for (const p of settings.config.problems) run.configProblems.push({ file: configPath, ...p });
    }
    for (const skipped of settings.config.skipped ?? []) {
      if (reportedConfigs.has(skipped.path)) continue;
      reportedConfigs.add(skipped.path);
      run.skippedConfigs.push(skipped);
    }
  };
  // A team's own profiles (.grantcheck/profiles/*.json at the repository root, else the current directory): bindings
  // resolve against them, and their problems are reported like a config's, once per file.
  // A run reads them once per root (the cache's change check costs a directory listing per call: 10 % of a run over
  // thousands of files).
  const workspaceProfiles = new WorkspaceProfileCache();
  const profilesByRoot = new Map<string, ReturnType<WorkspaceProfileCache['forRoot']>>();
  const profilesFor = (file: string): ProfileRegistry => {
    const root = cache.lookupRoot(path.dirname(path.resolve(file))) ?? process.cwd();
    if (!profilesByRoot.has(root)) profilesByRoot.set(root, workspaceProfiles.forRoot(root));
    const found = profilesByRoot.get(root)!;
    for (const f of found.files) {
      if (reportedConfigs.has(f.path)) continue;
      reportedConfigs.add(f.path);
      for (const p of f.problems) run.configProblems.push({ file: f.path, message: p.message, line: p.line, character: p.character });
    }
    return found.registry;
  };
  const external = options.policyType ? { policyType: options.policyType } : {};
  if (options.stdin) {
    // Standard input stands for the file it names: that path decides the kind and the config (it need not exist).
    const stdinPath = options.stdin.path;
    const lookupPath = stdinPath ?? path.join(process.cwd(), '<stdin>');
    const settings = settingsForFile(lookupPath, cache, external, fixedConfig ?? cache.forFile(lookupPath));
    noteConfig(settings);
    const name = stdinPath ?? '<stdin>';
    const source = decodeSource(name, options.stdin.bytes, run);
    if (source !== undefined) {
      run.filesRead++;
      lintOne(name, stdinPath, source, true, settings, options, run, true, profilesFor(lookupPath));
    }
  }
  unique.forEach(({ file }, index) => {
    const explicit = named.has(path.resolve(file));
    const settings = settingsForFile(file, cache, external, fixedConfig ?? cache.forFile(file));
    noteConfig(settings);
    const source = readSource(file, run);
    if (source !== undefined) {
      run.filesRead++;
      lintOne(file, file, source, explicit, settings, options, run, false, profilesFor(file));
    }
    options.progress?.(index + 1, unique.length);
  });
  return run;
}

/** Detects and lints one text (a file, or standard input named `detectPath`), applying the safe fixes when asked. */
function lintOne(
  file: string,
  detectPath: string | undefined,
  read: { text: string; source: SourceText },
  explicit: boolean,
  settings: ReturnType<typeof settingsForFile>,
  options: LintRunOptions,
  run: LintRun,
  stdin: boolean,
  profiles?: ProfileRegistry,
): void {
  const { text, source } = read;
  // --policy-type makes a file named on the command line a policy; in a directory walk it only types the policies found.
  const detection = detect(text, detectPath, settings.detect, options.policyType ? { policyType: { type: options.policyType, source: '--policy-type', explicit } } : {});
  const target = lintTarget(detection);
  if (!target) {
    // A walk passes over unrelated files quietly; a file the user named is reported, never passed silently.
    if (explicit) {
      run.unrecognizedInputs.push(file);
      const hint = stdin && detectPath === undefined ? ' Name it with --stdin-filename (main.tf, template.yaml, grants.sql, x.policy.json) to say what it is.' : notRecognizedHint(file);
      run.problems.push({ file, message: `${file} was not checked: ${detection.reason}.${hint}` });
    }
    return;
  }
  const profile = options.profile ?? settings.profile;
  const lintOptions: LintOptions = {
    data: options.data,
    ...target,
    severities: { ...settings.severities, ...options.rules },
    ...(profile ? { profile } : {}),
    relatedProfiles: settings.relatedProfiles,
    ...(profiles ? { profiles } : {}),
  };
  const result = lintText(text, lintOptions);
  const entry: FileResult = { file, kind: target.kind, detection, findings: result.findings, text, source, ...(stdin ? { stdin: true } : {}) };
  if (options.fix && result.findings.some((f) => f.fix !== undefined)) {
    if (source.lossy) {
      run.problems.push({ file, message: `${file} was not fixed: it is not valid UTF-8, and writing it back would change more than the fixes.` });
    } else {
      const fixed = fixAll(text, lintOptions, 10, result.findings);
      if (fixed.applied > 0 && fixed.text !== text) {
        entry.fixed = { text: fixed.text, applied: fixed.applied, findingsBefore: result.findings };
        entry.findings = lintText(fixed.text, lintOptions).findings;
      }
    }
  }
  run.results.push(entry);
}

/** How to have a named file linted that detection passed over. */
function notRecognizedHint(file: string): string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.sql')) return ' List it in "sqlFiles" of .grantcheck.json to lint it as a Redshift script.';
  if (/\.(ya?ml|template|tf)$/.test(lower)) return '';
  return ' Pass --policy-type (or list it in "policyFiles" of .grantcheck.json) to lint it as an IAM policy.';
}

function loadFixedConfig(configPath: string): LoadedConfig {
  // A file named on the command line is read as it is, wherever it (or a link) points.
  return readNamedConfig(path.resolve(configPath));
}

function readNamedConfig(absolute: string): LoadedConfig {
  const text = fs.readFileSync(absolute, 'utf8');
  const parsed = parseConfig(text, (id) => ruleById(id) !== undefined);
  return { path: absolute, dir: path.dirname(absolute), config: parsed.config, problems: parsed.problems };
}

interface CollectedFile {
  file: string;
  /** Named on the command line (not found by walking a directory). */
  explicit: boolean;
}

function collect(
  input: string,
  explicit: boolean,
  out: CollectedFile[],
  run: LintRun,
  cache: ConfigCache,
  fixedConfig: LoadedConfig | undefined,
  visitedDirs: Set<string>,
  /** The directory PATH argument being walked (its real path): linked files must stay inside it. */
  root: { real: string; given: string } | undefined,
): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file or directory' : code === 'ELOOP' ? 'symbolic link loop' : code === 'EACCES' ? 'permission denied' : describe(error);
    run.problems.push({ file: input, message: `Cannot read ${input}: ${reason}.` });
    if (explicit && code === 'ENOENT') run.missingInputs.push(input);
    return;
  }
  // An entry is ignored by the config that covers the folder holding it (like .gitignore), so a
  // directory's own .grantcheck.json cannot un-ignore it. Explicitly named paths are always linted.
  if (!explicit && isIgnored(input, fixedConfig ?? cache.forFile(input))) return;
  if (stat.isDirectory()) {
    let real: string;
    try {
      real = fs.realpathSync(input);
    } catch {
      real = path.resolve(input);
    }
    if (visitedDirs.has(real)) return; // the same directory named twice
    visitedDirs.add(real);
    const walkRoot = root ?? { real, given: input };
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(input, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      run.problems.push({ file: input, message: `Cannot list ${input}: ${code === 'EACCES' ? 'permission denied' : describe(error)}.` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.isDirectory() && ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
      const child = path.join(input, entry.name);
      if (entry.isFile() || entry.isSymbolicLink()) {
        if (entry.isFile() && !CANDIDATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
        if (entry.isSymbolicLink()) {
          let target: fs.Stats;
          try {
            target = fs.statSync(child);
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ELOOP') run.problems.push({ file: child, message: `Cannot read ${child}: symbolic link loop.` });
            continue; // a dangling link in a tree is not the user's target
          }
          // A repository can hold links to anywhere (`rootfs -> /`): the walk follows none to a directory, and
          // lints a linked file only when it really is inside the tree being walked.
          if (target.isDirectory()) {
            run.notes.push(`Skipped ${child}: a symbolic link to a directory (not followed; name it to lint it).`);
            continue;
          }
          if (target.isFile() && !CANDIDATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
          const real = realPathOf(child);
          if (real === undefined || !isWithin(walkRoot.real, real)) {
            run.notes.push(`Skipped ${child}: it links to ${real ?? 'a path that cannot be resolved'}, outside ${walkRoot.given} (name it to lint it).`);
            continue;
          }
        }
      }
      if (entry.isFile() || entry.isDirectory() || entry.isSymbolicLink()) collect(child, false, out, run, cache, fixedConfig, visitedDirs, walkRoot);
    }
    return;
  }
  if (stat.isFile()) out.push({ file: input, explicit });
  else if (explicit) run.problems.push({ file: input, message: `Skipped ${input}: not a regular file or directory.` });
}

function readSource(file: string, run: LintRun): { text: string; source: SourceText } | undefined {
  let buffer: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > CLI_MAX_FILE_BYTES) {
      run.problems.push({ file, message: `Skipped ${file}: ${(size / 1024 / 1024).toFixed(1)} MB is larger than the ${CLI_MAX_FILE_BYTES / 1024 / 1024} MB limit.` });
      return undefined;
    }
    buffer = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    run.problems.push({ file, message: `Cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : describe(error)}.` });
    return undefined;
  }
  return decodeSource(file, buffer, run);
}

/** decodeSource's text only. */
export function decodeText(file: string, buffer: Buffer, run: Pick<LintRun, 'problems'>): string | undefined {
  return decodeSource(file, buffer, run)?.text;
}

/**
 * Text of a file: UTF-8 (a BOM is dropped) or UTF-16 with a BOM (what Windows PowerShell's `>`
 * writes). Other bytes that are not UTF-8 are replaced and reported; NUL bytes mean binary.
 */
export function decodeSource(file: string, buffer: Buffer, run: Pick<LintRun, 'problems'>): { text: string; source: SourceText } | undefined {
  if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) {
    const encoding = buffer[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(encoding).decode(buffer.subarray(2)), source: { bytes: buffer, encoding, bom: true, lossy: false } };
  }
  if (buffer.subarray(0, 8000).includes(0)) {
    run.problems.push({ file, message: `Skipped ${file}: it looks like a binary file.` });
    return undefined;
  }
  let text: string;
  let lossy = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer);
  } catch {
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(buffer);
    lossy = true;
    run.problems.push({ file, message: `${file} is not valid UTF-8; invalid bytes were replaced before linting.` });
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, source: { bytes: buffer, encoding: 'utf-8', bom, lossy } };
}

/** The bytes to write for a (fixed) text: the source's encoding and byte order mark. */
export function encodeLike(text: string, source: SourceText): Buffer {
  if (source.encoding === 'utf-8') return Buffer.from(source.bom ? `\ufeff${text}` : text, 'utf8');
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (source.encoding === 'utf-16le') return le;
  return le.swap16();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
