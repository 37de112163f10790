// `grantcheck verify-sql [--connection URL | --cluster ID … | --workgroup NAME …] [--format table|json] FILE`: checks
// that what a Redshift permission script grants is in effect in a live database, over the PostgreSQL wire protocol
// (catalog SELECTs inside BEGIN READ ONLY; the password from PGPASSWORD, ~/.pgpass or a prompt on a terminal — never
// the URL) or over the Redshift Data API (only the fixed catalog SELECTs; AWS credentials from a profile or the SDK chain).

import { readFileSync } from 'node:fs';
import type { RedshiftDataCaller } from '../aws/redshiftData';
import { resolveTarget, targetWarning } from '../node/redshiftVerify/connection';
import { DataApiStatementError, describeDataApiTarget, resolveDataApiTarget, sdkDataApiCaller, type DataApiAwsSettings, type DataApiSessionOptions, type DataApiTarget } from '../node/redshiftVerify/dataApi';
import { DatabaseConnectionError, ReadOnlyViolation } from '../node/redshiftVerify/session';
import { allInEffect, formatReportTable, linesWithSyntaxErrors, permissionStatementCount, reportJson, verifySqlOverDataApi, verifySqlScript, type SessionOpener } from '../node/redshiftVerify/verify';
import type { SqlVerifyReport } from '../node/redshiftVerify/compare';
import { checkIamEndpoint } from '../aws/endpointPolicy';
import { parseCommandArgs } from './commandArgs';
import type { CliIo, Subcommand } from './command';

const USAGE = `Usage: grantcheck verify-sql [--connection URL] [--format table|json] FILE
       grantcheck verify-sql --cluster ID --database DB [--db-user USER | --secret-arn ARN] [AWS options] FILE
       grantcheck verify-sql --workgroup NAME --database DB [--secret-arn ARN] [AWS options] FILE

Checks that what the Redshift permission script FILE sets up is in effect in a live database: users,
groups and roles exist, memberships and role grants hold, every granted privilege is held (ON ALL TABLES
IN SCHEMA: by every table the schema has now), default privileges are recorded, revoked ones are gone.
GrantCheck only reads: catalog SELECTs (over PostgreSQL, inside a read-only transaction).

PostgreSQL wire protocol (Redshift speaks it):
  --connection URL       postgres://USER@HOST:PORT/DATABASE[?sslmode=verify-full|verify-ca|require|disable]
                         (default: the PGHOST, PGPORT, PGDATABASE, PGUSER, PGSSLMODE variables; port 5439)
  The password is read from PGPASSWORD, a .pgpass file (PGPASSFILE) or, on a terminal, a prompt; a URL
  holding a password is refused. TLS with certificate checks is on unless sslmode says otherwise.

Redshift Data API (no network path to the cluster needed; AWS credentials instead of a password):
  --cluster ID           a provisioned cluster; sign in as --db-user USER (redshift:GetClusterCredentials),
                         with --secret-arn ARN (a Secrets Manager secret), or, with neither, as your IAM identity
  --workgroup NAME       a Redshift Serverless workgroup; your IAM identity, or --secret-arn ARN
  --database DB          the database (required)
  --aws-profile NAME     AWS CLI profile (default: the SDK's default chain: env, AWS_PROFILE, SSO…)
  --region REGION        the cluster's or workgroup's Region (default: AWS_REGION or the profile's region)
  --endpoint URL         a Data API-compatible endpoint (e.g. a VPC endpoint); plain http:// only to this machine
  --allow-insecure-endpoint
                         also accept a plain http:// endpoint on another host (credentials travel unencrypted)
  Only the Data API calls ExecuteStatement (with GrantCheck's fixed catalog SELECTs), DescribeStatement and
  GetStatementResult are made; each statement is waited for at most 120 s.

  --format table|json    output format (default: table)

Exit status: 0 everything is in effect, 1 something is not, 2 usage or connection error.
`;

export interface VerifySqlDependencies {
  env?: NodeJS.ProcessEnv;
  open?: SessionOpener;
  /** The Data API path: the caller (default: the SDK) and the polling clock (tests: no real waiting). */
  dataApi?: { caller?: (target: DataApiTarget, aws: DataApiAwsSettings) => Promise<RedshiftDataCaller> } & Omit<DataApiSessionOptions, 'caller'>;
  /** Asks for the password on a terminal (the CLI entry point supplies it when stdin is a TTY). */
  prompt?: (question: string) => Promise<string | undefined>;
}

/** Reads a password from the terminal without echoing it. */
export function terminalPasswordPrompt(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) {
      resolve(undefined);
      return;
    }
    process.stderr.write(question);
    let answer = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (value: string | undefined): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(answer);
        if (ch === '\u0003' || ch === '\u0004') return done(undefined);
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function runVerifySql(args: readonly string[], io: CliIo, deps: VerifySqlDependencies = {}): Promise<number> {
  const parsed = parseCommandArgs('verify-sql', USAGE, args, {
    connection: { type: 'string' },
    cluster: { type: 'string' },
    workgroup: { type: 'string' },
    database: { type: 'string' },
    'db-user': { type: 'string' },
    'secret-arn': { type: 'string' },
    'aws-profile': { type: 'string' },
    region: { type: 'string' },
    endpoint: { type: 'string' },
    'allow-insecure-endpoint': { type: 'boolean' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values: opts, positionals } = parsed;
  const usage = (message: string): number => {
    io.stderr(`grantcheck verify-sql: ${message}\n\n${USAGE}`);
    return 2;
  };
  const fail = (message: string): number => {
    io.stderr(`grantcheck verify-sql: ${message}\n`);
    return 2;
  };
  const format = opts.format ?? 'table';
  if (format !== 'table' && format !== 'json') return usage(`unknown format "${format}" (use table or json)`);
  if (positionals.length !== 1) return usage('exactly one FILE');
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (permissionStatementCount(text) === 0) return fail(`${file} has no permission statement to verify (GRANT, REVOKE, CREATE USER/GROUP/ROLE, …); run \`grantcheck ${file}\` for syntax errors`);
  const broken = linesWithSyntaxErrors(text);
  if (broken.length > 0) {
    io.stderr(`grantcheck verify-sql: warning: not verified, syntax error in the statement on line${broken.length > 1 ? 's' : ''} ${broken.join(', ')} (run \`grantcheck ${file}\`)\n`);
  }
  const env = deps.env ?? process.env;
  const dataApiTarget = resolveDataApiTarget({ cluster: opts.cluster, workgroup: opts.workgroup, database: opts.database, dbUser: opts['db-user'], secretArn: opts['secret-arn'] });
  const awsOptionGiven = ['aws-profile', 'region', 'endpoint', 'allow-insecure-endpoint'].find((k) => opts[k as keyof typeof opts] !== undefined);
  if (dataApiTarget === undefined) {
    if (opts.database !== undefined) return usage('--database goes with --cluster or --workgroup (over PostgreSQL, put the database in --connection or PGDATABASE)');
    if (awsOptionGiven) return usage(`--${awsOptionGiven} goes with --cluster or --workgroup (the Redshift Data API)`);
  } else {
    if ('error' in dataApiTarget) return usage(dataApiTarget.error);
    if (opts.connection !== undefined) return usage('give either --connection (PostgreSQL wire protocol) or --cluster/--workgroup (Redshift Data API), not both');
    return runOverDataApi(text, dataApiTarget, opts, format, io, deps, fail);
  }
  const target = resolveTarget(opts.connection, {}, env);
  if ('error' in target) return fail(target.error);
  const warning = targetWarning(target);
  if (warning) io.stderr(`grantcheck verify-sql: warning: ${warning}\n`);
  const prompt = deps.prompt;
  try {
    const report = await verifySqlScript(text, target, { env, ...(prompt ? { prompt: (t) => prompt(`Password for ${t.user}@${t.host}: `) } : {}) }, deps.open);
    io.stdout(format === 'json' ? JSON.stringify(reportJson(report), null, 2) + '\n' : formatReportTable(report));
    return allInEffect(report) ? 0 : 1;
  } catch (error) {
    if (error instanceof DatabaseConnectionError || error instanceof ReadOnlyViolation) return fail(error.message);
    return fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function runOverDataApi(
  text: string,
  target: DataApiTarget,
  opts: { 'aws-profile'?: string; region?: string; endpoint?: string; 'allow-insecure-endpoint'?: boolean },
  format: string,
  io: CliIo,
  deps: VerifySqlDependencies,
  fail: (message: string) => number,
): Promise<number> {
  const allowInsecure = opts['allow-insecure-endpoint'] === true;
  const verdict = checkIamEndpoint(opts.endpoint, { allowInsecure, service: 'Redshift Data API' });
  if (!verdict.allowed) return fail(`${verdict.reason}${verdict.insecure ? '; use https://, or pass --allow-insecure-endpoint if you mean it' : ''}`);
  const aws: DataApiAwsSettings = {
    ...(opts['aws-profile'] !== undefined ? { profile: opts['aws-profile'] } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
    ...(verdict.endpoint !== undefined ? { endpoint: verdict.endpoint } : {}),
    ...(allowInsecure ? { allowInsecureEndpoint: true } : {}),
  };
  const { caller: makeCaller = sdkDataApiCaller, ...polling } = deps.dataApi ?? {};
  let report: SqlVerifyReport;
  try {
    const caller = await makeCaller(target, aws);
    report = await verifySqlOverDataApi(text, target, { ...polling, caller });
  } catch (error) {
    if (error instanceof DatabaseConnectionError || error instanceof ReadOnlyViolation || error instanceof DataApiStatementError) return fail(error.message);
    return fail(`unexpected error verifying against ${describeDataApiTarget(target)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (verdict.endpoint) io.stderr(`grantcheck verify-sql: note: Redshift Data API endpoint ${verdict.endpoint} (not AWS's own: the answers come from it)\n`);
  io.stdout(format === 'json' ? JSON.stringify(reportJson(report), null, 2) + '\n' : formatReportTable(report));
  return allInEffect(report) ? 0 : 1;
}

export const verifySqlCommand: Subcommand = {
  summary: 'check that what a Redshift permission script grants is in effect in a live database (read-only)',
  run: (args, io) => runVerifySql(args, io, { prompt: terminalPasswordPrompt }),
};
