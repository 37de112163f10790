// The database behind the e2e step of "GrantCheck: Verify Redshift script against database" (issue 17): a real
// PostgreSQL server (test/support/pgServer.ts: initdb/pg_ctl in a temp dir, 127.0.0.1, random port) seeded so that
// fixtures/workspace/sql/verify-setup.sql differs from it in exactly three places. Started by the code-server
// runner (scripts/e2e/test-code-server.mjs, bundled to out/e2e/ by build-vscode-tests.mjs) before code-server, so
// the password reaches the extension host the way a user's does: PGPASSWORD in the environment, never a setting.

import { randomBytes } from 'node:crypto';
import { startPgServer, type PgServer } from '../../support/pgServer';

/** Environment variables the runner hands the extension host (read by verifySql.e2e.ts). */
export const E2E_PG_ENV = {
  host: 'GRANTCHECK_E2E_PG_HOST',
  port: 'GRANTCHECK_E2E_PG_PORT',
  database: 'GRANTCHECK_E2E_PG_DATABASE',
  user: 'GRANTCHECK_E2E_PG_USER',
} as const;

export const VERIFY_DATABASE = 'warehouse';
export const VERIFY_USER = 'verifier';

/**
 * The database as it is now. Against verify-setup.sql, three differences: USAGE on schema sales was revoked from
 * app_reader after the script ran, app_writer was never created, and sales.late_orders was created after
 * `GRANT SELECT ON ALL TABLES IN SCHEMA sales`. Everything else the script says is in effect.
 */
function seedSql(password: string): string {
  return `
CREATE USER ${VERIFY_USER} PASSWORD '${password}';
CREATE USER app_reader PASSWORD 'reader-e2e-pw';
CREATE GROUP loaders;
CREATE USER etl PASSWORD 'etl-e2e-pw' IN GROUP loaders;
CREATE SCHEMA sales;
CREATE TABLE sales.orders (id int);
CREATE TABLE sales.customers (id int);
GRANT USAGE ON SCHEMA sales TO app_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO app_reader;
CREATE SCHEMA stage;
GRANT USAGE, CREATE ON SCHEMA stage TO GROUP loaders;
CREATE TABLE sales.late_orders (id int);
REVOKE USAGE ON SCHEMA sales FROM app_reader;
`;
}

export interface VerifyDatabase {
  /** Variables for code-server's environment: where to connect (E2E_PG_ENV) and PGPASSWORD. */
  env: Record<string, string>;
  /** The seeded password: must appear in no diagnostic, report, output channel or log. */
  secret: string;
  /** Statements the extension sent as the verifying user, from the server's statement log (log_statement=all). */
  verifierStatements(): string[];
  stop(): Promise<void>;
}

/** Starts and seeds the server, or says why it cannot run here (startPgServer throws instead when GRANTCHECK_REQUIRE_E2E=1). */
export async function startVerifyDatabase(): Promise<VerifyDatabase | { skip: string }> {
  const started = await startPgServer();
  if ('skip' in started) return started;
  const server: PgServer = started;
  // Random per run and free of quoting trouble; long enough that it cannot turn up in a log by chance.
  const secret = `gc-e2e-${randomBytes(12).toString('hex')}`;
  try {
    await server.admin(`CREATE DATABASE ${VERIFY_DATABASE};`);
    await server.admin(seedSql(secret), VERIFY_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    env: {
      [E2E_PG_ENV.host]: server.host,
      [E2E_PG_ENV.port]: String(server.port),
      [E2E_PG_ENV.database]: VERIFY_DATABASE,
      [E2E_PG_ENV.user]: VERIFY_USER,
      PGPASSWORD: secret,
    },
    secret,
    verifierStatements: () => server.statementsOf(VERIFY_USER),
    stop: () => server.stop(),
  };
}
