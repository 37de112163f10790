// The unit layer of verify-sql: the read-only guard, connection settings, error messages, and the Redshift dialect
// (svv_* views) answered from recorded rows.

import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { CATALOG_SQL, openCatalog } from '../../server/src/node/redshiftVerify/catalog';
import { compareWithCatalog } from '../../server/src/node/redshiftVerify/compare';
import { describeTarget, resolveTarget, targetWarning, type ConnectionTarget } from '../../server/src/node/redshiftVerify/connection';
import { connectionError, DatabaseConnectionError, guardedQuery, openPgSession, isAllowedStatement, pgpassMatch, ReadOnlyViolation, type QueryFn } from '../../server/src/node/redshiftVerify/session';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { scriptIntent } from '../../server/src/engine/redshift/intent';

const REDSHIFT_VERSION = 'PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 (Red Hat 3.4.2-6.fc3), Redshift 1.0.77467';

describe('read-only guard', () => {
  it('lets through every catalog statement and nothing else, before anything is sent', async () => {
    for (const [name, sql] of Object.entries(CATALOG_SQL)) assert.ok(isAllowedStatement(sql), name);
    const sent: string[] = [];
    const query = guardedQuery(async (sql) => {
      sent.push(sql);
      return [];
    });
    for (const bad of ['DELETE FROM t', 'SELECT 1; DROP TABLE t', 'select 1', 'SET search_path TO x', 'BEGIN', 'COMMIT', 'GRANT SELECT ON t TO u', ' SELECT 1']) {
      await assert.rejects(query(bad), ReadOnlyViolation, bad);
    }
    assert.deepEqual(sent, []);
    await query('BEGIN READ ONLY');
    await query(CATALOG_SQL.users);
    assert.deepEqual(sent, ['BEGIN READ ONLY', CATALOG_SQL.users]);
  });
});

describe('connection settings', () => {
  it('reads a URL, then settings, then PG* variables; TLS verified by default; Redshift port by default', () => {
    const fromEnv = resolveTarget(undefined, {}, { PGHOST: 'cluster.example.com', PGUSER: 'admin', PGDATABASE: 'dev' });
    assert.deepEqual(fromEnv, { host: 'cluster.example.com', port: 5439, database: 'dev', user: 'admin', sslMode: 'verify-full', connectTimeout: 10 });
    const fromUrl = resolveTarget('postgres://bob@db.example.com:5432/app?sslmode=require&connect_timeout=3', { host: 'ignored' }, { PGHOST: 'ignored' });
    assert.deepEqual(fromUrl, { host: 'db.example.com', port: 5432, database: 'app', user: 'bob', sslMode: 'require', connectTimeout: 3 });
    assert.equal(describeTarget(fromUrl as ConnectionTarget), 'db.example.com:5432/app');
  });

  it('refuses a password in the URL, unknown parameters and sslmodes, and a missing host', () => {
    assert.match((resolveTarget('postgres://bob:pw@h/db', {}, {}) as { error: string }).error, /contains a password/);
    assert.match((resolveTarget('postgres://bob@h/db?password=pw', {}, {}) as { error: string }).error, /contains a password/);
    assert.match((resolveTarget('postgres://bob@h/db?sslmode=prefer', {}, {}) as { error: string }).error, /unsupported sslmode "prefer"/);
    assert.match((resolveTarget('mysql://bob@h/db', {}, {}) as { error: string }).error, /must start with postgres:\/\//);
    assert.match((resolveTarget(undefined, {}, { PGUSER: 'x' }) as { error: string }).error, /no database host/);
  });

  it('warns about sslmode=disable to another machine only', () => {
    const remote = resolveTarget('postgres://u@10.0.0.5/db?sslmode=disable', {}, {}) as ConnectionTarget;
    const local = resolveTarget('postgres://u@127.0.0.1/db?sslmode=disable', {}, {}) as ConnectionTarget;
    assert.match(targetWarning(remote) ?? '', /not encrypted/);
    assert.equal(targetWarning(local), undefined);
  });

  it('matches .pgpass lines with wildcards and escapes', () => {
    const t = resolveTarget('postgres://app@db.example.com:5439/dev', {}, {}) as ConnectionTarget;
    assert.equal(pgpassMatch('other:5439:dev:app:no\n*:5439:dev:app:pa\\:ss\\\\word\n', t), 'pa:ss\\word');
    assert.equal(pgpassMatch('db.example.com:5432:*:*:x\n', t), undefined);
  });

  it('names the connection problem: host, refused, timeout, authentication, TLS, database', () => {
    const t = resolveTarget('postgres://app@db.example.com:5439/dev', {}, {}) as ConnectionTarget;
    const kind = (error: object): string => connectionError(error, t).kind;
    assert.equal(kind({ code: 'ENOTFOUND' }), 'host');
    assert.equal(kind({ code: 'ECONNREFUSED' }), 'refused');
    assert.equal(kind({ message: 'Connection terminated due to connection timeout' }), 'timeout');
    assert.equal(kind({ code: '28P01', message: 'password authentication failed' }), 'auth');
    assert.equal(kind({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'tls');
    assert.equal(kind({ code: '3D000' }), 'database');
    assert.match(connectionError({ code: 'ENOTFOUND' }, t).message, /host not found: db\.example\.com/);
  });
});

describe('connection timeout', () => {
  it('says it timed out when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const target = resolveTarget(`postgres://u@127.0.0.1:${port}/db?sslmode=disable&connect_timeout=0.3`, {}, {}) as ConnectionTarget;
      const error = await openPgSession(target, { env: {} }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof DatabaseConnectionError, String(error));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, new RegExp(`timed out after 0\\.3 s connecting to 127\\.0\\.0\\.1:${port}`));
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

/** A Redshift catalog answering from recorded rows, keyed by statement; records what was asked. */
function recordedRedshift(rows: Partial<Record<keyof typeof CATALOG_SQL, (params: readonly unknown[]) => Record<string, unknown>[]>>): { query: QueryFn; asked: string[] } {
  const byText = new Map<string, keyof typeof CATALOG_SQL>(Object.entries(CATALOG_SQL).map(([k, v]) => [v, k as keyof typeof CATALOG_SQL]));
  const asked: string[] = [];
  const query: QueryFn = async (sql, params = []) => {
    const key = byText.get(sql);
    assert.ok(key, `unexpected statement ${sql}`);
    asked.push(key);
    if (key === 'version') return [{ version: REDSHIFT_VERSION, database: 'dev' }];
    const answer = rows[key];
    assert.ok(answer, `no recorded rows for ${key}`);
    return answer(params);
  };
  return { query: guardedQuery(query), asked };
}

const count = (n: boolean): Record<string, unknown>[] => [{ n: n ? '1' : '0' }];

describe('Redshift catalog (svv_* views, recorded rows)', () => {
  it('checks grants to groups, roles and PUBLIC in svv_*_privileges, roles in svv_roles/svv_user_grants, defaults in svv_default_privileges', async () => {
    const { query, asked } = recordedRedshift({
      users: () => [{ name: 'app_reader' }, { name: 'etl' }],
      groups: () => [{ name: 'loaders', member: 'etl' }],
      redshiftRoles: () => [{ name: 'analyst' }],
      schemas: () => [{ name: 'sales' }, { name: 'public' }],
      svvSchema: (p) => count(p[0] === 'sales' && p[1] === 'USAGE' && p[2] === 'group' && p[3] === 'loaders'),
      svvRelation: (p) => count(p[0] === 'sales' && p[1] === 'orders' && p[2] === 'SELECT' && p[3] === 'role' && p[4] === 'analyst'),
      svvUserRole: (p) => count(p[0] === 'app_reader' && p[1] === 'analyst'),
      svvDefaults: (p) => count(p[0] === 'RELATION' && p[1] === 'SELECT' && p[2] === 'group' && p[3] === 'loaders' && p[5] === 'sales'),
      tableExists: (p) => count(p[0] === 'sales' && p[1] === 'orders'),
      hasTable: (p) => [{ ok: p[0] === 'app_reader' && p[1] === '"sales"."orders"' && p[2] === 'SELECT' }],
    });
    const catalog = await openCatalog(query, async () => undefined);
    assert.equal(catalog.dialect, 'redshift');
    const script = [
      'GRANT USAGE, CREATE ON SCHEMA sales TO GROUP loaders;',
      'GRANT SELECT ON sales.orders TO ROLE analyst;',
      'GRANT ROLE analyst TO app_reader;',
      'GRANT SELECT ON sales.orders TO app_reader;',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT SELECT, INSERT ON TABLES TO GROUP loaders;',
      'ALTER GROUP loaders ADD USER app_reader;',
    ].join('\n');
    const results = await compareWithCatalog(scriptIntent(parseRedshiftScript(script)), catalog);
    assert.deepEqual(results.map((r) => [r.line, r.missing]), [
      [1, ['CREATE on schema sales for group loaders']],
      [2, []],
      [3, []],
      [4, []],
      [5, ['default INSERT on tables in schema sales for group loaders']],
      [6, ['app_reader is not a member of group loaders']],
    ]);
    // Users go through has_table_privilege (effective privileges); groups and roles through the views.
    assert.ok(asked.includes('hasTable') && asked.includes('svvRelation') && asked.includes('svvSchema') && asked.includes('svvUserRole'));
    assert.ok(!asked.includes('pgHasRole') && !asked.includes('pgDefaults'));
  });
});
