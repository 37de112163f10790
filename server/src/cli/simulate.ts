// `grantcheck simulate FILE`: IAM's evaluation of the file as written (iam:SimulateCustomPolicy) side by side with
// GrantCheck's local evaluator; a disagreement is a GrantCheck bug. Read-only: it only calls iam:Simulate*.

import { readFileSync } from 'node:fs';
import { AwsAccessError } from '../aws/errors';
import { formatSimulationTable, simulateDocument, type SimulateDocumentReport } from '../aws/simulateDocument';
import { parseIamDocument } from '../engine/iam/document';
import { sharedIamData } from '../node/iamDataFiles';
import { AWS_CONNECTION_OPTIONS, AWS_CONNECTION_USAGE, iamReaderOptionsFrom, sdkIamReader, type IamReaderFactory } from './awsReader';
import { parseCommandArgs } from './commandArgs';
import { parseContextPairs } from './explain';
import type { CliIo, Subcommand } from './command';

const USAGE = `Usage: grantcheck simulate [options] FILE

Asks IAM's policy simulator (iam:SimulateCustomPolicy) to evaluate FILE as written, for every
(action, resource) pair its Allow statements name, and compares each answer with GrantCheck's own
evaluator. No principal is needed. A disagreement is a GrantCheck bug: please report it.
GrantCheck only reads: it calls iam:Simulate* and nothing else.

${AWS_CONNECTION_USAGE}
  --set NAME=VALUE       a placeholder value: <source-bucket> or \${sourceBucket} (repeatable)
  --context KEY=VALUE    a request context value, e.g. aws:SourceIp=203.0.113.7 (repeatable)
  --format table|json    output format (default: table)

Exit status: 0 AWS and GrantCheck agree on every request, 1 they disagree on at least one, 2 error.
`;

export async function runSimulate(
  args: readonly string[],
  io: CliIo,
  makeReader: IamReaderFactory = sdkIamReader,
): Promise<number> {
  const parsed = parseCommandArgs('simulate', USAGE, args, {
    ...AWS_CONNECTION_OPTIONS,
    set: { type: 'string', multiple: true },
    context: { type: 'string', multiple: true },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values: opts, positionals } = parsed;
  const format = opts.format ?? 'table';
  const fail = (message: string, usage = false): number => {
    io.stderr(`grantcheck simulate: ${message}\n${usage ? `\n${USAGE}` : ''}`);
    return 2;
  };
  if (format !== 'table' && format !== 'json') return fail(`unknown format "${format}" (use table or json)`, true);
  if (positionals.length !== 1) return fail('exactly one FILE is required', true);
  const connection = iamReaderOptionsFrom(opts);
  if ('refused' in connection) return fail(connection.refused);
  // --set has the same NAME=VALUE form as --context, without the list semantics.
  const values = parseContextPairs(opts.set ?? []);
  if (typeof values === 'string') return fail(`--set: ${values}`, true);
  const context = parseContextPairs(opts.context ?? []);
  if (typeof context === 'string') return fail(`--context: ${context}`, true);
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const doc = parseIamDocument(text);
  if (doc.parseErrors.length > 0 || doc.statements.length === 0) return fail(`${file} is not an IAM policy document; run \`grantcheck ${file}\` for details`);
  const single = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1]! : v]));
  let report: SimulateDocumentReport;
  try {
    report = await simulateDocument(await makeReader(connection), doc, sharedIamData(), file, { values: single, context });
  } catch (error) {
    return fail(error instanceof AwsAccessError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (report.results.length === 0) {
    return fail(`nothing to simulate${report.skipped.map((s) => `\n  ${s.value} (${s.origin}): ${s.reason}`).join('')}`);
  }
  io.stdout(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatSimulationTable(report, file));
  return report.disagreements === 0 ? 0 : 1;
}

export const simulateCommand: Subcommand = {
  summary: "compare IAM's own evaluation of a policy file (iam:SimulateCustomPolicy) with GrantCheck's",
  run: (args, io) => runSimulate(args, io),
};
