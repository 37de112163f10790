// Collects the files a CLI run should lint (recursing directories, honouring ignores), resolves each file's settings
// (LintPlan, always in this thread) and lints each (lintTask: in this thread or in a worker, cli/lintPool.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../engine/config';
import { detect, lintTarget, type DetectConfig, type Detection } from '../engine/detect';
import { fixAll } from '../engine/fixAll';
import { lintText, type LintOptions } from '../engine/lint';
import { ruleById } from '../engine/rules';
import type { IamData } from '../engine/data/iamData';
import type { PolicyType } from '../engine/iam/policyType';
import type { ProfileRegistry } from '../engine/profiles';
import type { Profile, ProfileBinding } from '../engine/profiles/types';
import { WorkspaceProfileCache } from '../node/workspaceProfiles';
import type { DocumentKind, Finding, SeverityOverride } from '../engine/types';
import { ConfigCache, isIgnored, settingsForFile, type LoadedConfig, type SkippedConfig } from '../node/configFiles';
import { isWithin, realPathOf, resolvedPath } from '../node/paths';

/** One linted file as the report needs it. The text and bytes are kept only where something still needs them. */
export interface LintedFile {
  /** The path as the user gave it (or joined onto the directory they gave). */
  file: string;
  kind: DocumentKind;
  /** What the file was detected as, and why. */
  detection: Detection;
  findings: Finding[];
  /** The text linted: kept for standard input, for a fixed file (the diff) and by `lintPaths` (`keepText`). */
  text?: string;
  /** How the file was stored (what a fix must be written back as): kept with `text`. */
  source?: SourceText;
  /** Read from standard input (`--stdin`, `-`): `file` is the --stdin-filename or `<stdin>`. */
  stdin?: boolean;
  /** `fix`: the safe fixes applied to `text` in memory (`findings` are then those of `fixed.text`). */
  fixed?: { text: string; applied: number; findingsBefore: Finding[] };
}

/** A linted file with its text (what `lintPaths` returns). */
export interface FileResult extends LintedFile {
  text: string;
  source: SourceText;
}

/** How the file was stored: what a fix must be written back as, with the same encoding and BOM. */
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

export interface ConfigProblemReport {
  file: string;
  line: number;
  character: number;
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
  configProblems: ConfigProblemReport[];
  /** What was skipped and why, shown with `--verbose` (symbolic links the walk does not follow). */
  notes: string[];
  /** Config files not used because they link out of the repository (or their own folder), each once. */
  skippedConfigs: SkippedConfig[];
  /** Files that could not be linted (an internal error): the run fails. */
  failedFiles: string[];
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

// ── One file: plain data in, plain data out (the same code runs in this thread or in a worker, cli/lintPool.ts) ──

/** What is needed to lint one file, with its settings already resolved: plain data a worker thread receives as is. */
export interface LintTask {
  /** Position in the run: results are reported in this order. */
  index: number;
  file: string;
  /** The path detection sees (standard input: the --stdin-filename, if any). */
  detectPath: string | undefined;
  /** Named on the command line (or standard input): reported when it is none of the kinds GrantCheck lints. */
  explicit: boolean;
  /** Standard input's bytes; a file is read by whoever lints it. */
  stdinBytes?: Uint8Array;
  /**
   * The file's bytes, read by the thread that planned it (a pool: the main thread reads while a worker lints, and
   * transfers them); absent, the file is read by whoever lints it.
   */
  fileBytes?: Uint8Array;
  detect: DetectConfig;
  severities: Record<string, SeverityOverride>;
  profile?: ProfileBinding;
  relatedProfiles: ProfileBinding[];
  /** The root whose workspace profiles apply (`.grantcheck/profiles/`); their definitions travel once per worker. */
  profilesRoot: string;
}

/** Options of the whole run that every task shares. */
export interface TaskContext {
  data: IamData;
  policyType?: PolicyType;
  fix?: boolean;
  /** Keep every file's text and bytes in its result (`lintPaths`); otherwise only standard input's and fixed files'. */
  keepText?: boolean;
  /** The profile registry of a root (the built-ins plus its workspace profiles). */
  profiles: (root: string) => ProfileRegistry | undefined;
}

/** What linting one file gave: in index order, the CLI reports `problems`, then the result. */
export interface TaskOutcome {
  index: number;
  file: string;
  /** The file was read and decoded (linted, or found to be none of the kinds). */
  read: boolean;
  problems: RunProblem[];
  /** A named file that is none of the kinds GrantCheck lints. */
  unrecognized?: boolean;
  /** Linting failed (an internal error, a lint worker that stopped): the file was not checked. */
  failed?: boolean;
  result?: LintedFile;
  /**
   * Instead of `result`, when a lint worker wrote the file's part of the report itself (cli/lintPool.ts): what the
   * run needs of the file, without its findings.
   */
  reported?: ReportedFile;
}

/**
 * One file's part of a report, made by whoever linted the file (cli/lintPool.ts: a worker sends this instead of the
 * findings): its text as if another file's part came before it (the stream fixes the first one up), and for stylish
 * the counts its summary line needs. Only the stream keeps state across files.
 */
export interface ReportPiece {
  text: string;
  /** JSON array elements in `text` (json, sarif): each starts with `,` (the first of the report's gets `[`). */
  elements: number;
  /** stylish: the visible findings by severity, and how many of them have a safe fix. */
  counts?: { error: number; warning: number; info: number; hint: number; fixable: number };
}

/** A linted file as its report piece and its counts (what the exit status needs). */
export interface ReportedFile {
  piece: ReportPiece;
  errors: number;
  warnings: number;
}

/** Reads, decodes, detects and lints one file (and applies the safe fixes in memory). Never throws. */
export function lintTask(task: LintTask, context: TaskContext): TaskOutcome {
  const outcome: TaskOutcome = { index: task.index, file: task.file, read: false, problems: [] };
  const stdin = task.stdinBytes !== undefined;
  try {
    const bytes = task.stdinBytes ?? task.fileBytes;
    const read = bytes !== undefined ? decodeSource(task.file, toBuffer(bytes), outcome) : readSource(task.file, outcome);
    if (read === undefined) return outcome;
    outcome.read = true;
    lintRead(task, read, stdin, context, outcome);
  } catch (error) {
    return failedOutcome(task, `GrantCheck failed on it (internal error: ${describe(error)})`, outcome.read);
  }
  return outcome;
}

/** The outcome of a file that could not be linted, and why. */
export function failedOutcome(task: Pick<LintTask, 'index' | 'file'>, why: string, read = false): TaskOutcome {
  return { index: task.index, file: task.file, read, failed: true, problems: [{ file: task.file, message: `${task.file} was not checked: ${why}.` }] };
}

/** Bytes as a Buffer without copying (a worker's message delivers a Buffer as a plain Uint8Array). */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Detects and lints one text (a file, or standard input named `detectPath`), applying the safe fixes when asked. */
function lintRead(task: LintTask, read: { text: string; source: SourceText }, stdin: boolean, context: TaskContext, outcome: TaskOutcome): void {
  const { file, detectPath, explicit } = task;
  const { text, source } = read;
  // --policy-type makes a file named on the command line a policy; in a directory walk it only types the policies found.
  const detection = detect(text, detectPath, task.detect, context.policyType ? { policyType: { type: context.policyType, source: '--policy-type', explicit } } : {});
  const target = lintTarget(detection);
  if (!target) {
    // A walk passes over unrelated files quietly; a file the user named is reported, never passed silently.
    if (explicit) {
      outcome.unrecognized = true;
      const hint = stdin && detectPath === undefined ? ' Name it with --stdin-filename (main.tf, template.yaml, grants.sql, x.policy.json) to say what it is.' : notRecognizedHint(file);
      outcome.problems.push({ file, message: `${file} was not checked: ${detection.reason}.${hint}` });
    }
    return;
  }
  const profiles = context.profiles(task.profilesRoot);
  const lintOptions: LintOptions = {
    data: context.data,
    ...target,
    severities: task.severities,
    ...(task.profile ? { profile: task.profile } : {}),
    relatedProfiles: task.relatedProfiles,
    ...(profiles ? { profiles } : {}),
  };
  const result = lintText(text, lintOptions);
  const entry: LintedFile = { file, kind: target.kind, detection, findings: result.findings, ...(stdin ? { stdin: true } : {}) };
  if (context.keepText || stdin) Object.assign(entry, { text, source });
  if (context.fix && result.findings.some((f) => f.fix !== undefined)) {
    if (source.lossy) {
      outcome.problems.push({ file, message: `${file} was not fixed: it is not valid UTF-8, and writing it back would change more than the fixes.` });
    } else {
      const fixed = fixAll(text, lintOptions, 10, result.findings);
      if (fixed.applied > 0 && fixed.text !== text) {
        // The diff needs the text, the write the bytes it was read from (written over only while they are unchanged).
        Object.assign(entry, { text, source, fixed: { text: fixed.text, applied: fixed.applied, findingsBefore: result.findings } });
        entry.findings = lintText(fixed.text, lintOptions).findings;
      }
    }
  }
  outcome.result = entry;
}

// ── A run: the walk and each file's settings (this thread), then the files linted in order ──

/** A file of the run with its resolved task and what its settings brought to light first (reported with it). */
export interface PlannedFile {
  task: LintTask;
  configProblems: ConfigProblemReport[];
  skippedConfigs: SkippedConfig[];
}

/** One file's outcome with the config problems first seen on its way: what the CLI reports, in input order. */
export interface EmittedFile extends TaskOutcome {
  configProblems: ConfigProblemReport[];
  skippedConfigs: SkippedConfig[];
}

/**
 * The files of a run, found by walking the inputs (synchronously, before any file is linted), and their settings
 * (configs, ignores, workspace profiles), resolved in input order as each file is planned: configs and profile
 * files are read once, and their problems are reported once, with the first file they apply to.
 */
export class LintPlan {
  /** Problems of the walk (missing inputs, unreadable directories, link loops). */
  readonly problems: RunProblem[] = [];
  readonly notes: string[] = [];
  readonly missingInputs: string[] = [];
  /** How many files will be linted (standard input counts as one). */
  readonly total: number;
  private readonly files: CollectedFile[];
  private readonly named: Set<string>;
  private readonly fixedConfig: LoadedConfig | undefined;
  private readonly reportedConfigs = new Set<string>();
  private readonly workspaceProfiles = new WorkspaceProfileCache();
  private readonly profilesByRoot = new Map<string, ReturnType<WorkspaceProfileCache['forRoot']>>();
  private readonly external: { policyType?: PolicyType };

  constructor(
    inputs: readonly string[],
    readonly options: LintRunOptions,
    private readonly cache = new ConfigCache(),
  ) {
    this.fixedConfig = options.configPath ? loadFixedConfig(options.configPath) : undefined;
    this.external = options.policyType ? { policyType: options.policyType } : {};
    const files: CollectedFile[] = [];
    const walk = { problems: this.problems, notes: this.notes, missingInputs: this.missingInputs };
    for (const input of inputs) {
      if (options.changedFiles) {
        // A list of changed files (pre-commit, lint-staged): each as a directory walk would see it.
        if (!fs.existsSync(input)) {
          this.missingInputs.push(input);
          this.problems.push({ file: input, message: `Cannot read ${input}: no such file or directory.` });
          continue;
        }
        collect(input, false, files, walk, cache, this.fixedConfig, new Set(), undefined);
      } else {
        collect(input, true, files, walk, cache, this.fixedConfig, new Set(), undefined);
      }
    }
    // `grantcheck infra infra/a.json` names a file twice: it is linted (and reported) once, as a named file.
    this.named = new Set(files.filter((f) => f.explicit).map((f) => f.absolute));
    const seen = new Set<string>();
    this.files = files.filter(({ absolute }) => {
      if (seen.has(absolute)) return false;
      seen.add(absolute);
      return true;
    });
    this.total = this.files.length + (options.stdin ? 1 : 0);
  }

  /** The task of file `index` (0 … total − 1): call in index order, each once. */
  plan(index: number): PlannedFile {
    const seen: Omit<PlannedFile, 'task'> = { configProblems: [], skippedConfigs: [] };
    const stdin = this.options.stdin;
    if (stdin && index === 0) {
      // Standard input stands for the file it names: that path decides the kind and the config (it need not exist).
      const lookupPath = stdin.path ?? path.join(process.cwd(), '<stdin>');
      const task = this.taskFor(index, stdin.path ?? '<stdin>', stdin.path, lookupPath, true, seen);
      return { task: { ...task, stdinBytes: stdin.bytes }, ...seen };
    }
    // Resolved once (by the walk): the config lookup, the globs and the profiles root all take the absolute path as they would the relative one.
    const { file, absolute } = this.files[index - (stdin ? 1 : 0)]!;
    return { task: this.taskFor(index, file, file, absolute, this.named.has(absolute), seen), ...seen };
  }

  /** The workspace profiles of a root (as planned tasks name it): sent to each worker once. */
  workspaceProfilesOf(root: string): Profile[] {
    return this.profilesByRoot.get(root)?.profiles ?? [];
  }

  /** The registry of a root, for linting in this thread. */
  registryOf(root: string): ProfileRegistry | undefined {
    return this.profilesByRoot.get(root)?.registry;
  }

  private taskFor(index: number, file: string, detectPath: string | undefined, lookupPath: string, explicit: boolean, planned: Omit<PlannedFile, 'task'>): LintTask {
    lookupPath = resolvedPath(lookupPath);
    const settings = settingsForFile(lookupPath, this.cache, this.external, this.fixedConfig ?? this.cache.forFile(lookupPath));
    this.noteConfig(settings, planned);
    const profilesRoot = this.profilesRootOf(lookupPath, planned);
    const profile = this.options.profile ?? settings.profile;
    return {
      index,
      file,
      detectPath,
      explicit,
      detect: settings.detect,
      // settingsForFile's object is this file's own: the --rule overrides go straight into it.
      severities: this.options.rules ? Object.assign(settings.severities, this.options.rules) : settings.severities,
      ...(profile ? { profile } : {}),
      relatedProfiles: settings.relatedProfiles,
      profilesRoot,
    };
  }

  private noteConfig(settings: ReturnType<typeof settingsForFile>, planned: Omit<PlannedFile, 'task'>): void {
    const configPath = settings.config.path;
    if (configPath && !this.reportedConfigs.has(configPath)) {
      this.reportedConfigs.add(configPath);
      for (const p of settings.config.problems) planned.configProblems.push({ file: configPath, ...p });
    }
    for (const skipped of settings.config.skipped ?? []) {
      if (this.reportedConfigs.has(skipped.path)) continue;
      this.reportedConfigs.add(skipped.path);
      planned.skippedConfigs.push(skipped);
    }
  }

  /**
   * A team's own profiles (.grantcheck/profiles/*.json at the repository root, else the current directory): bindings
   * resolve against them, and their problems are reported like a config's, once. A run reads them once per root
   * (the cache's change check costs a directory listing per call: 10 % of a run over thousands of files).
   */
  private profilesRootOf(file: string, planned: Omit<PlannedFile, 'task'>): string {
    const root = this.cache.lookupRoot(path.dirname(file)) ?? process.cwd();
    if (!this.profilesByRoot.has(root)) this.profilesByRoot.set(root, this.workspaceProfiles.forRoot(root));
    for (const f of this.profilesByRoot.get(root)!.files) {
      if (this.reportedConfigs.has(f.path)) continue;
      this.reportedConfigs.add(f.path);
      for (const p of f.problems) planned.configProblems.push({ file: f.path, message: p.message, line: p.line, character: p.character });
    }
    return root;
  }
}

/** The context of a run's tasks linted in this thread. */
export function taskContext(plan: LintPlan, keepText = false): TaskContext {
  const { data, policyType, fix } = plan.options;
  return { data, ...(policyType ? { policyType } : {}), ...(fix ? { fix: true } : {}), keepText, profiles: (root) => plan.registryOf(root) };
}

/** Lints every planned file in this thread, in order (small runs, standard input, `--jobs 1`). */
export function lintPlanInProcess(plan: LintPlan, emit: (file: EmittedFile) => void, keepText = false): void {
  const context = taskContext(plan, keepText);
  for (let index = 0; index < plan.total; index++) {
    const planned = plan.plan(index);
    const outcome = lintTask(planned.task, context);
    emit({ ...outcome, configProblems: planned.configProblems, skippedConfigs: planned.skippedConfigs });
    if (!planned.task.stdinBytes) plan.options.progress?.(index + 1, plan.total);
  }
}

/** Lints the paths in this thread and returns every result with its text (`grantcheck init`, the fuzzer, tests). */
export function lintPaths(inputs: readonly string[], options: LintRunOptions, cache = new ConfigCache()): LintRun {
  const plan = new LintPlan(inputs, options, cache);
  const run: LintRun = { results: [], problems: [...plan.problems], filesRead: 0, missingInputs: [...plan.missingInputs], unrecognizedInputs: [], configProblems: [], notes: [...plan.notes], skippedConfigs: [], failedFiles: [] };
  lintPlanInProcess(plan, (emitted) => collectEmitted(run, emitted), true);
  return run;
}

/** Adds one emitted file to a LintRun. */
export function collectEmitted(run: LintRun, emitted: EmittedFile): void {
  run.configProblems.push(...emitted.configProblems);
  run.skippedConfigs.push(...emitted.skippedConfigs);
  run.problems.push(...emitted.problems);
  if (emitted.read) run.filesRead++;
  if (emitted.unrecognized) run.unrecognizedInputs.push(emitted.file);
  if (emitted.failed) run.failedFiles.push(emitted.file);
  if (emitted.result) run.results.push(emitted.result as FileResult);
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
  /** `file` resolved (resolvedPath), once. */
  absolute: string;
  /** Named on the command line (not found by walking a directory). */
  explicit: boolean;
}

/** What the walk reports. */
interface WalkLog {
  problems: RunProblem[];
  notes: string[];
  missingInputs: string[];
}

function collect(
  input: string,
  explicit: boolean,
  out: CollectedFile[],
  run: WalkLog,
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
    // What covers this directory's entries (each is ignored by the config of the folder holding it).
    const entriesConfig = fixedConfig ?? cache.forDirectory(input);
    // The entries' absolute paths are this one's and their names (path.resolve of each costs more than its lint's share).
    const absoluteDir = resolvedPath(input);
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
      if (entry.isFile()) {
        // The listing says it is a regular file: no stat needed (a file gone since is reported when it is read).
        if (!isIgnored(child, entriesConfig)) out.push({ file: child, absolute: `${absoluteDir}${absoluteDir.endsWith(path.sep) ? '' : path.sep}${entry.name}`, explicit: false });
      } else if (entry.isDirectory() || entry.isSymbolicLink()) collect(child, false, out, run, cache, fixedConfig, visitedDirs, walkRoot);
    }
    return;
  }
  if (stat.isFile()) out.push({ file: input, absolute: resolvedPath(input), explicit });
  else if (explicit) run.problems.push({ file: input, message: `Skipped ${input}: not a regular file or directory.` });
}

export function readSource(file: string, run: Pick<LintRun, 'problems'>): { text: string; source: SourceText } | undefined {
  const buffer = readFileBytes(file, run);
  return buffer === undefined ? undefined : decodeSource(file, buffer, run);
}

/**
 * A file's bytes (in memory of their own: a Buffer that owns its ArrayBuffer, so it can be transferred to a worker),
 * or undefined with the problem added: unreadable, or over the size limit.
 */
export function readFileBytes(file: string, run: Pick<LintRun, 'problems'>): Buffer | undefined {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    // One open file: its size (the limit) from fstat, then its bytes (a stat of the path first was a second lookup).
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > CLI_MAX_FILE_BYTES) {
      run.problems.push({ file, message: `Skipped ${file}: ${(size / 1024 / 1024).toFixed(1)} MB is larger than the ${CLI_MAX_FILE_BYTES / 1024 / 1024} MB limit.` });
      return undefined;
    }
    buffer = readOpenFile(fd, size);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    run.problems.push({ file, message: `Cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : describe(error)}.` });
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return buffer;
}

/**
 * The bytes of an open file whose size fstat gave: read to that size (a file that grew is read as it was, like
 * readFileSync), or to the end when it gave none (pipes, /proc files), never past the size limit.
 */
function readOpenFile(fd: number, size: number): Buffer {
  if (size > 0) {
    // Its own memory (not a slice of Buffer's shared pool): a kept result holds only its file's bytes.
    const buffer = Buffer.allocUnsafeSlow(size);
    let length = 0;
    while (length < size) {
      const read = fs.readSync(fd, buffer, length, size - length, null);
      if (read === 0) break;
      length += read;
    }
    return length === size ? buffer : buffer.subarray(0, length);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafeSlow(64 * 1024);
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    total += read;
    if (total > CLI_MAX_FILE_BYTES) throw new Error(`it is larger than the ${CLI_MAX_FILE_BYTES / 1024 / 1024} MB limit`);
    chunks.push(chunk.subarray(0, read));
  }
  // Its own memory here too (Buffer.concat may take a slice of the shared pool, which must never be transferred).
  const buffer = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(buffer, at);
  return buffer;
}

/** Decoders are reusable (`decode` without `stream` starts afresh): one of each for every file of a run. */
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_REPLACING = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

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
    text = UTF8_STRICT.decode(buffer);
  } catch {
    text = UTF8_REPLACING.decode(buffer);
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
