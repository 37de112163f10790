// `grantcheck deployed --principal ARN [--policy NAME|ARN] [FILE]`: lists a role's or user's policies, prints one as
// deployed, or diffs it against a local file. Read-only: it only calls iam:List* and iam:Get*.

import { readFileSync } from 'node:fs';
import { compareWithDeployed, fetchDeployedPolicy, listPrincipalPolicies, prettyPolicy } from '../aws/deployed';
import { endpointLine, endpointSuffix } from '../aws/endpointPolicy';
import { AwsAccessError } from '../aws/errors';
import { AWS_CONNECTION_OPTIONS, AWS_CONNECTION_USAGE, iamReaderOptionsFrom, sdkIamReader, type IamReaderFactory } from './awsReader';
import { parseCommandArgs } from './commandArgs';
import type { CliIo, Subcommand } from './command';

const USAGE = `Usage: grantcheck deployed --principal ARN [options]                   list its policies
       grantcheck deployed --principal ARN --policy NAME|ARN [options]     print one as deployed
       grantcheck deployed --principal ARN --policy NAME|ARN [options] FILE  diff it against FILE

Reads the managed (default version) or inline policy of an IAM role or user as deployed, prints it as
2-space JSON, and with FILE shows a unified diff (deployed → FILE). Content is compared as JSON:
whitespace and key order do not count; array order and a string vs a one-element array do (IAM keeps
the form it was given). GrantCheck only reads: it calls iam:List* and iam:Get* and nothing else.

  --principal ARN        arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:user/NAME
  --policy NAME|ARN      an attached managed or inline policy name, or a managed policy ARN
${AWS_CONNECTION_USAGE}

Exit status: 0 listed/printed, or FILE has the same content; 1 FILE differs; 2 error.
`;

export async function runDeployed(
  args: readonly string[],
  io: CliIo,
  makeReader: IamReaderFactory = sdkIamReader,
): Promise<number> {
  const parsed = parseCommandArgs('deployed', USAGE, args, {
    principal: { type: 'string' },
    policy: { type: 'string' },
    ...AWS_CONNECTION_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values: opts, positionals } = parsed;
  const fail = (message: string, usage = false): number => {
    io.stderr(`grantcheck deployed: ${message}\n${usage ? `\n${USAGE}` : ''}`);
    return 2;
  };
  if (!opts.principal) return fail('--principal is required', true);
  if (positionals.length > 1) return fail('at most one FILE', true);
  if (positionals.length === 1 && opts.policy === undefined) return fail('comparing with FILE needs --policy', true);
  const connection = iamReaderOptionsFrom(opts);
  if ('refused' in connection) return fail(connection.refused);
  let fileText: string | undefined;
  const file = positionals[0];
  if (file !== undefined) {
    try {
      fileText = readFileSync(file, 'utf8');
    } catch (error) {
      return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  try {
    const reader = await makeReader(connection);
    if (opts.policy === undefined) {
      const policies = await listPrincipalPolicies(reader, opts.principal);
      const lines = [`Policies of ${opts.principal}${endpointSuffix(reader.endpoint)}:`, ...policies.map((p) => (p.kind === 'managed' ? `  managed  ${p.name}  ${p.arn}` : `  inline   ${p.name}`))];
      if (policies.length === 0) lines.push('  (none)');
      io.stdout(lines.join('\n') + '\n');
      return 0;
    }
    const deployed = await fetchDeployedPolicy(reader, opts.principal, opts.policy);
    if (fileText === undefined) {
      // stdout stays the policy document (to pipe or save); where it was read from goes to stderr.
      if (deployed.endpoint) io.stderr(`grantcheck deployed: ${endpointLine(deployed.endpoint)}\n`);
      io.stdout(prettyPolicy(deployed.document));
      return 0;
    }
    const comparison = compareWithDeployed(deployed, fileText, file!);
    const at = endpointSuffix(deployed.endpoint);
    if (comparison.same) {
      io.stdout(`${file} has the same content as the deployed policy ${deployed.name}${at}${comparison.diff ? ' (only formatting or key order differs)' : ''}.\n`);
      return 0;
    }
    io.stdout(comparison.diff || `${file} differs from the deployed policy ${deployed.name}${at}.\n`);
    return 1;
  } catch (error) {
    return fail(error instanceof AwsAccessError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const deployedCommand: Subcommand = {
  summary: "list a role's or user's policies, print one as deployed, or diff it against a local file",
  run: (args, io) => runDeployed(args, io),
};
