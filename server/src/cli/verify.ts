// `grantcheck verify --principal ARN FILE`: checks with iam:SimulatePrincipalPolicy that a real role or user has
// every permission the policy (or a GrantCheck profile) grants. Read-only: it only calls List*, Get*, Simulate*.

import { readFileSync } from 'node:fs';
import { endpointLine } from '../aws/endpointPolicy';
import { AwsAccessError } from '../aws/errors';
import { allAllowed, contextEntriesFor, requiredPairsFromDocument, requiredPairsFromProfile, verifyPairs, type RequiredPairs, type VerifyReport } from '../aws/verify';
import { parseIamDocument } from '../engine/iam/document';
import { profileById } from '../engine/profiles/index';
import { ConfigCache } from '../node/configFiles';
import { profilesOfCurrentDirectory } from '../node/workspaceProfiles';
import { isIamProfile } from '../engine/profiles/types';
import { checkValues } from '../engine/profiles/validation';
import { sharedIamData } from '../node/iamDataFiles';
import { AWS_CONNECTION_OPTIONS, AWS_CONNECTION_USAGE, iamReaderOptionsFrom, sdkIamReader, type IamReaderFactory } from './awsReader';
import { parseCommandArgs } from './commandArgs';
import { parseContextPairs } from './explain';
import type { CliIo, Subcommand } from './command';

const USAGE = `Usage: grantcheck verify --principal ARN [options] FILE
       grantcheck verify --principal ARN --profile PROFILE-ID [--set NAME=VALUE…] [options]

Checks, with IAM's policy simulator (iam:SimulatePrincipalPolicy), that the IAM role or user ARN has
every permission the Allow statements of FILE grant (or that a GrantCheck profile requires):
its attached, inline and group policies, permissions boundary and SCPs are all taken into account.
GrantCheck only reads: it calls iam:List*, iam:Get* and iam:Simulate* and nothing else.

  --principal ARN        arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:user/NAME
${AWS_CONNECTION_USAGE}
  --profile ID           verify what this GrantCheck profile requires (see \`grantcheck profiles\`)
  --set NAME=VALUE       a placeholder value: <source-bucket> or \${sourceBucket} (repeatable)
  --context KEY=VALUE    a simulation context value, e.g. aws:SourceIp=203.0.113.7 (repeatable)
  --format table|json    output format (default: table)

Exit status: 0 every required permission is allowed, 1 at least one is denied, 2 error.
`;

function parseValues(pairs: readonly string[]): Record<string, string> | string {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `--set expects NAME=VALUE, got "${pair}"`;
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return values;
}

/** The required pairs from FILE and/or the profile, or a usage problem. */
function requirements(file: string | undefined, profileId: string | undefined, values: Record<string, string>): RequiredPairs | string {
  const data = sharedIamData();
  const all: RequiredPairs = { pairs: [], skipped: [] };
  if (profileId !== undefined) {
    const cache = new ConfigCache();
    const profile = profileById(profileId, profilesOfCurrentDirectory((dir) => cache.lookupRoot(dir)).registry);
    if (!profile) return `unknown profile "${profileId}"`;
    if (!isIamProfile(profile)) return `profile "${profileId}" is a Redshift profile: only IAM profiles can be verified against AWS`;
    const check = checkValues(profile, values);
    if (check.problems.length > 0) return check.problems.join('; ');
    const fromProfile = requiredPairsFromProfile(profile, data, check.values);
    all.pairs.push(...fromProfile.pairs);
    all.skipped.push(...fromProfile.skipped);
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
    const doc = parseIamDocument(text);
    if (doc.parseErrors.length > 0 || doc.statements.length === 0) return `${file} is not an IAM policy document; run \`grantcheck ${file}\` for details`;
    const fromFile = requiredPairsFromDocument(doc, data, values, file);
    const seen = new Set(all.pairs.map((p) => `${p.action.toLowerCase()}\u0000${p.resource}`));
    all.pairs.push(...fromFile.pairs.filter((p) => !seen.has(`${p.action.toLowerCase()}\u0000${p.resource}`)));
    all.skipped.push(...fromFile.skipped);
  }
  return all;
}

export function formatVerifyTable(report: VerifyReport): string {
  const denied = report.results.filter((r) => r.decision !== 'allowed');
  const width = (f: (r: (typeof report.results)[number]) => string): number => Math.max(0, ...report.results.map((r) => f(r).length));
  const aw = width((r) => r.action);
  const rw = width((r) => r.resource);
  const label = (d: string): string => (d === 'allowed' ? 'allowed' : d === 'explicitDeny' ? 'DENIED (explicit)' : 'DENIED');
  const lw = Math.max(...report.results.map((r) => label(r.decision).length), 0);
  const lines = [`Principal: ${report.principal}`, ...(report.endpoint ? [endpointLine(report.endpoint)] : []), ''];
  const ordered = [...denied, ...report.results.filter((r) => r.decision === 'allowed')];
  for (const r of ordered) {
    lines.push(`  ${label(r.decision).padEnd(lw)}  ${r.action.padEnd(aw)}  ${r.resource.padEnd(rw)}  ${r.reason}; required by ${r.origin}`);
  }
  lines.push('');
  lines.push(
    denied.length === 0
      ? `All ${report.results.length} required permissions are allowed.`
      : `${denied.length} of ${report.results.length} required permissions ${denied.length === 1 ? 'is' : 'are'} denied.`,
  );
  for (const s of report.skipped) lines.push(`Not verified: ${s.value} (${s.origin}): ${s.reason}.`);
  return lines.join('\n') + '\n';
}

/** Runs the command; `makeReader` lets embedders and tests supply the reader. */
export async function runVerify(
  args: readonly string[],
  io: CliIo,
  makeReader: IamReaderFactory = sdkIamReader,
): Promise<number> {
  const parsed = parseCommandArgs('verify', USAGE, args, {
    principal: { type: 'string' },
    ...AWS_CONNECTION_OPTIONS,
    profile: { type: 'string' },
    set: { type: 'string', multiple: true },
    context: { type: 'string', multiple: true },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values: opts, positionals } = parsed;
  const format = opts.format ?? 'table';
  const usage = (message: string): number => {
    io.stderr(`grantcheck verify: ${message}\n\n${USAGE}`);
    return 2;
  };
  if (!opts.principal) return usage('--principal is required');
  if (format !== 'table' && format !== 'json') return usage(`unknown format "${format}" (use table or json)`);
  if (positionals.length > 1) return usage('at most one FILE');
  if (positionals.length === 0 && opts.profile === undefined) return usage('a FILE or --profile is required');
  const connection = iamReaderOptionsFrom(opts);
  if ('refused' in connection) {
    io.stderr(`grantcheck verify: ${connection.refused}\n`);
    return 2;
  }
  const values = parseValues(opts.set ?? []);
  if (typeof values === 'string') return usage(values);
  const context = parseContextPairs(opts.context ?? []);
  if (typeof context === 'string') return usage(`--context: ${context}`);
  const required = requirements(positionals[0], opts.profile, values);
  if (typeof required === 'string') {
    io.stderr(`grantcheck verify: ${required}\n`);
    return 2;
  }
  if (required.pairs.length === 0) {
    io.stderr(`grantcheck verify: nothing to verify${required.skipped.map((s) => `\n  ${s.value} (${s.origin}): ${s.reason}`).join('')}\n`);
    return 2;
  }
  let report: VerifyReport;
  try {
    const reader = await makeReader(connection);
    const entries = contextEntriesFor(context, sharedIamData());
    report = await verifyPairs(reader, opts.principal, required, entries.length > 0 ? { context: entries } : {});
  } catch (error) {
    io.stderr(`grantcheck verify: ${error instanceof AwsAccessError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return 2;
  }
  io.stdout(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatVerifyTable(report));
  return allAllowed(report) ? 0 : 1;
}

export const verifyCommand: Subcommand = {
  summary: 'check with IAM\'s policy simulator that a role or user has what a policy or profile needs',
  run: (args, io) => runVerify(args, io),
};
