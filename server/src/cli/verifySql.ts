// `grantcheck verify-sql [--connection URL] [--format table|json] FILE`: checks that what a Redshift permission
// script grants is in effect in a live database (PostgreSQL wire protocol). Read-only: catalog SELECTs inside
// BEGIN READ ONLY. The password comes from PGPASSWORD, ~/.pgpass or a prompt on a terminal — never the URL.

import { readFileSync } from 'node:fs';
import { resolveTarget, targetWarning } from '../node/redshiftVerify/connection';
import { DatabaseConnectionError, ReadOnlyViolation } from '../node/redshiftVerify/session';
import { allInEffect, formatReportTable, linesWithSyntaxErrors, permissionStatementCount, reportJson, verifySqlScript, type SessionOpener } from '../node/redshiftVerify/verify';
import { parseCommandArgs } from './commandArgs';
import type { CliIo, Subcommand } from './command';

const USAGE = `Usage: grantcheck verify-sql [--connection URL] [--format table|json] FILE

Checks that what the Redshift permission script FILE sets up is in effect in a live database: users,
groups and roles exist, memberships and role grants hold, every granted privilege is held (ON ALL TABLES
IN SCHEMA: by every table the schema has now), default privileges are recorded, revoked ones are gone.
GrantCheck only reads: catalog SELECTs inside a read-only transaction.

  --connection URL       postgres://USER@HOST:PORT/DATABASE[?sslmode=verify-full|verify-ca|require|disable]
                         (default: the PGHOST, PGPORT, PGDATABASE, PGUSER, PGSSLMODE variables; port 5439)
  --format table|json    output format (default: table)

The password is read from PGPASSWORD, a .pgpass file (PGPASSFILE) or, on a terminal, a prompt; a URL
holding a password is refused. TLS with certificate checks is on unless sslmode says otherwise.

Exit status: 0 everything is in effect, 1 something is not, 2 usage or connection error.
`;

export interface VerifySqlDependencies {
  env?: NodeJS.ProcessEnv;
  open?: SessionOpener;
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

export const verifySqlCommand: Subcommand = {
  summary: 'check that what a Redshift permission script grants is in effect in a live database (read-only)',
  run: (args, io) => runVerifySql(args, io, { prompt: terminalPasswordPrompt }),
};
