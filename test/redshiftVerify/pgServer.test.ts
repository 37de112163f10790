// verify-sql against a real PostgreSQL server (started here on 127.0.0.1, random port, temp dir, stopped after):
// the acceptance script with three deliberate differences, the statement log proving only read-only catalog
// SELECTs were sent, connection errors that say which, and a seeded password that never appears in any output.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runVerifySql } from '../../server/src/cli/verifySql';
import { resolveTarget, type ConnectionTarget } from '../../server/src/node/redshiftVerify/connection';
import { verifyDiagnostics, verifyReportMarkdown } from '../../server/src/node/redshiftVerify/report';
import { isAllowedStatement } from '../../server/src/node/redshiftVerify/session';
import { verifySqlScript } from '../../server/src/node/redshiftVerify/verify';
import { startPgServer, type PgServer } from '../support/pgServer';
import { VERIFY_SCRIPT } from '../support/verifyScript';

const SECRET = 'Seeded-Secret-7Qx!pg';
const CLI = resolve(__dirname, '../../dist/cli.js');

const SETUP = `
CREATE USER verifier PASSWORD '${SECRET}';
CREATE USER app_reader PASSWORD 'reader-pw';
CREATE GROUP loaders;
CREATE USER etl PASSWORD 'etl-pw' IN GROUP loaders;
CREATE ROLE analyst;
GRANT analyst TO app_reader;
CREATE SCHEMA sales;
CREATE TABLE sales.orders (id int);
CREATE TABLE sales.customers (id int);
GRANT USAGE ON SCHEMA sales TO app_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO app_reader;
-- the differences: a table created after ON ALL TABLES, USAGE revoked later (app_writer is never created)
CREATE TABLE sales.late_orders (id int);
REVOKE USAGE ON SCHEMA sales FROM app_reader;
CREATE SCHEMA stage;
GRANT USAGE, CREATE ON SCHEMA stage TO GROUP loaders;
ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT ON TABLES TO app_reader;
`;

const SCRIPT = VERIFY_SCRIPT;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function inProcess(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runVerifySql(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false }, { env });
  return { code, stdout, stderr };
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'verify-sql', ...args], { env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? '/nonexistent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('verify-sql against a PostgreSQL server', () => {
  let server: PgServer | undefined;
  let skip: string | undefined;
  let dir: string;
  let file: string;
  let url: string;
  const outputs: string[] = [];
  const env = (): NodeJS.ProcessEnv => ({ PGPASSWORD: SECRET, HOME: dir });

  before(async () => {
    const started = await startPgServer();
    if ('skip' in started) {
      skip = started.skip;
      return;
    }
    server = started;
    await server.admin('CREATE DATABASE app;');
    await server.admin(SETUP, 'app');
    dir = mkdtempSync(join(tmpdir(), 'grantcheck-verify-sql-'));
    file = join(dir, 'setup.sql');
    writeFileSync(file, SCRIPT);
    url = `postgres://verifier@127.0.0.1:${server.port}/app?sslmode=disable`;
  });

  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports exactly the three differences on their lines (CLI, JSON)', async (t) => {
    if (skip) return t.skip(skip);
    const out = await cli(['--connection', url, '--format', 'json', file], env());
    outputs.push(out.stdout, out.stderr);
    assert.equal(out.code, 1, out.stderr);
    const report = JSON.parse(out.stdout) as { database: string; results: { line: number; statement: string; inEffect: boolean; missing: string[] }[] };
    assert.equal(report.database, `127.0.0.1:${server!.port}/app`);
    assert.deepEqual(report.results.map((r) => r.line), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const failed = report.results.filter((r) => !r.inEffect).map((r) => [r.line, r.missing]);
    assert.deepEqual(failed, [
      [3, ['user app_writer does not exist']],
      [6, ['USAGE on schema sales for app_reader']],
      [7, ['SELECT on table sales.late_orders for app_reader (in schema sales: created, or its grant revoked, after this statement ran)']],
    ]);
    assert.equal(report.results.find((r) => r.line === 6)!.statement, 'GRANT USAGE ON SCHEMA sales TO app_reader;');
  });

  it('sends only BEGIN READ ONLY, catalog SELECTs and ROLLBACK (the server statement log)', async (t) => {
    if (skip) return t.skip(skip);
    const out = await inProcess(['--connection', url, file], env());
    outputs.push(out.stdout, out.stderr);
    assert.equal(out.code, 1);
    const statements = server!.statementsOf('verifier');
    assert.ok(statements.length > 10, `statements logged: ${statements.length}`);
    assert.equal(statements[0], 'BEGIN READ ONLY');
    assert.equal(statements.at(-1), 'ROLLBACK');
    const other = statements.filter((s) => !isAllowedStatement(s));
    assert.deepEqual(other, []);
    assert.ok(statements.every((s) => s === 'BEGIN READ ONLY' || s === 'ROLLBACK' || s.startsWith('SELECT ')));
  });

  it('prints a table naming the database and each statement not in effect', async (t) => {
    if (skip) return t.skip(skip);
    const out = await inProcess(['--connection', url, file], env());
    outputs.push(out.stdout, out.stderr);
    assert.match(out.stdout, new RegExp(`^Database: 127\\.0\\.0\\.1:${server!.port}/app \\(PostgreSQL\\)`));
    assert.match(out.stdout, /line  6  NOT IN EFFECT  GRANT USAGE ON SCHEMA sales TO app_reader;\n\s+missing: USAGE on schema sales for app_reader\n/);
    assert.match(out.stdout, /3 of 11 permission statements are not in effect\.\n$/);
  });

  it('exits 0 when everything is in effect', async (t) => {
    if (skip) return t.skip(skip);
    const good = join(dir, 'good.sql');
    writeFileSync(good, 'GRANT USAGE, CREATE ON SCHEMA stage TO GROUP loaders;\nGRANT SELECT ON sales.orders TO app_reader;\nREVOKE USAGE ON SCHEMA sales FROM app_reader;\nGRANT SELEC ON t TO u;\n');
    const out = await inProcess(['--connection', url, good], env());
    outputs.push(out.stdout, out.stderr);
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /All 3 permission statements are in effect\./);
    assert.match(out.stderr, /warning: not verified, syntax error in the statement on line 4 /);
  });

  it('reads default privileges, role grants and revokes from the catalog (negative cases)', async (t) => {
    if (skip) return t.skip(skip);
    const bad = join(dir, 'bad.sql');
    writeFileSync(
      bad,
      'ALTER DEFAULT PRIVILEGES IN SCHEMA stage GRANT SELECT ON TABLES TO app_reader;\nGRANT ROLE analyst TO etl;\nREVOKE SELECT ON sales.orders FROM app_reader;\nGRANT SELECT ON sales.missing_table TO app_reader;\n',
    );
    const out = await inProcess(['--connection', url, '--format', 'json', bad], env());
    outputs.push(out.stdout, out.stderr);
    assert.equal(out.code, 1, out.stderr);
    const report = JSON.parse(out.stdout) as { results: { line: number; missing: string[] }[] };
    assert.deepEqual(report.results.map((r) => [r.line, r.missing]), [
      [1, ['default SELECT on tables in schema stage for app_reader']],
      [2, ['role analyst is not granted to etl']],
      [3, ['app_reader still has SELECT on table sales.orders (directly, through a group or role, or through PUBLIC)']],
      [4, ['table sales.missing_table does not exist']],
    ]);
  });

  it('says which connection problem it met: authentication, refused, TLS required by default', async (t) => {
    if (skip) return t.skip(skip);
    const auth = await inProcess(['--connection', url, file], { PGPASSWORD: 'wrong-password', HOME: dir });
    assert.equal(auth.code, 2);
    assert.match(auth.stderr, /authentication failed for user verifier on 127\.0\.0\.1:\d+/);
    const noPassword = await inProcess(['--connection', url, file], { HOME: dir });
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /asks for a password for user verifier: set PGPASSWORD/);
    const refused = await inProcess(['--connection', `postgres://verifier@127.0.0.1:1/app?sslmode=disable`, file], env());
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /connection refused by 127\.0\.0\.1:1/);
    const tls = await inProcess(['--connection', `postgres://verifier@127.0.0.1:${server!.port}/app`, file], env());
    assert.equal(tls.code, 2);
    assert.match(tls.stderr, /does not accept TLS connections/);
    outputs.push(auth.stdout, auth.stderr, noPassword.stderr, refused.stderr, tls.stderr);
  });

  it('reads the password from .pgpass (mode 0600) and refuses one in the URL', async (t) => {
    if (skip) return t.skip(skip);
    const pgpass = join(dir, 'pgpass');
    writeFileSync(pgpass, `# comment\n127.0.0.1:${server!.port}:app:verifier:${SECRET}\n`, { mode: 0o600 });
    const out = await inProcess(['--connection', url, file], { PGPASSFILE: pgpass, HOME: dir });
    outputs.push(out.stdout, out.stderr);
    assert.equal(out.code, 1, out.stderr);
    const inUrl = await inProcess(['--connection', `postgres://verifier:${encodeURIComponent(SECRET)}@127.0.0.1:${server!.port}/app?sslmode=disable`, file], {});
    assert.equal(inUrl.code, 2);
    assert.match(inUrl.stderr, /contains a password/);
    outputs.push(inUrl.stdout, inUrl.stderr);
  });

  it('gives the editor one diagnostic per statement not in effect, on its line, and a markdown report', async (t) => {
    if (skip) return t.skip(skip);
    const target = resolveTarget(url, {}, {}) as ConnectionTarget;
    let prompted = 0;
    // No PGPASSWORD and no .pgpass: the editor's input box (here: a stub) supplies the password.
    const report = await verifySqlScript(SCRIPT, target, { env: { HOME: dir }, prompt: async () => (prompted++, SECRET) });
    assert.equal(prompted, 1);
    const diagnostics = verifyDiagnostics(SCRIPT, report);
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.line]), [
      [2, 0, 2],
      [5, 0, 5],
      [6, 0, 6],
    ]);
    assert.equal(diagnostics[1]!.message, `Not in effect in 127.0.0.1:${server!.port}/app: USAGE on schema sales for app_reader.`);
    const markdown = verifyReportMarkdown(report, 'setup.sql');
    assert.match(markdown, /\*\*3 of 11 permission statements are not in effect\.\*\*/);
    assert.match(markdown, /\| 6 \| `GRANT USAGE ON SCHEMA sales TO app_reader;` \| \*\*no\*\* \| USAGE on schema sales for app\\_reader \|/);
    outputs.push(markdown, ...diagnostics.map((d) => d.message));
  });

  it('never prints the seeded password', (t) => {
    if (skip) return t.skip(skip);
    assert.ok(outputs.length > 0);
    for (const text of outputs) assert.ok(!text.includes(SECRET) && !text.includes(encodeURIComponent(SECRET)), text);
  });
});
