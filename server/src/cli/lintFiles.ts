// Collects the files a CLI run should lint (recursing directories, honouring ignores) and lints each.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../engine/config';
import { detect, lintTarget, type Detection } from '../engine/detect';
import { lintText } from '../engine/lint';
import { ruleById } from '../engine/rules';
import type { IamData } from '../engine/data/iamData';
import type { PolicyType } from '../engine/iam/policyType';
import type { ProfileBinding } from '../engine/profiles/types';
import type { DocumentKind, Finding } from '../engine/types';
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
  for (const input of inputs) collect(input, true, files, run, cache, fixedConfig, new Set(), undefined);
  // `grantcheck infra infra/a.json` names a file twice: it is linted (and reported) once, as a named file.
  const named = new Set(files.filter((f) => f.explicit).map((f) => path.resolve(f.file)));
  const seen = new Set<string>();
  for (const { file } of files) {
    const absolute = path.resolve(file);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    const explicit = named.has(absolute);
    const settings = settingsForFile(file, cache, options.policyType ? { policyType: options.policyType } : {}, fixedConfig ?? cache.forFile(file));
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
    const text = readText(file, run);
    if (text === undefined) continue;
    run.filesRead++;
    // --policy-type makes a file named on the command line a policy; in a directory walk it only types the policies found.
    const detection = detect(text, file, settings.detect, options.policyType ? { policyType: { type: options.policyType, source: '--policy-type', explicit } } : {});
    const target = lintTarget(detection);
    if (!target) {
      // A walk passes over unrelated files quietly; a file the user named is reported, never passed silently.
      if (explicit) {
        run.unrecognizedInputs.push(file);
        run.problems.push({ file, message: `${file} was not checked: ${detection.reason}.${notRecognizedHint(file)}` });
      }
      continue;
    }
    const result = lintText(text, {
      data: options.data,
      ...target,
      severities: settings.severities,
      ...((options.profile ?? settings.profile) ? { profile: (options.profile ?? settings.profile)! } : {}),
      relatedProfiles: settings.relatedProfiles,
    });
    run.results.push({ file, kind: target.kind, detection, findings: result.findings, text });
  }
  return run;
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

function readText(file: string, run: LintRun): string | undefined {
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
  return decodeText(file, buffer, run);
}

/**
 * Text of a file: UTF-8 (a BOM is dropped) or UTF-16 with a BOM (what Windows PowerShell's `>`
 * writes). Other bytes that are not UTF-8 are replaced and reported; NUL bytes mean binary.
 */
export function decodeText(file: string, buffer: Buffer, run: Pick<LintRun, 'problems'>): string | undefined {
  if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) {
    const encoding = buffer[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return new TextDecoder(encoding).decode(buffer.subarray(2));
  }
  if (buffer.subarray(0, 8000).includes(0)) {
    run.problems.push({ file, message: `Skipped ${file}: it looks like a binary file.` });
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
    run.problems.push({ file, message: `${file} is not valid UTF-8; invalid bytes were replaced before linting.` });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
