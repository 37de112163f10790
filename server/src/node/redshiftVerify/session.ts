// A read-only session on the database: the only statements that ever leave GrantCheck are `BEGIN READ ONLY`,
// `ROLLBACK` and `SELECT …` texts written in this folder (values always as parameters). The guard refuses anything
// else before it reaches the wire; test/redshiftVerify/pgServer.test.ts reads the server's statement log to prove it.

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionTarget } from './connection';

/** Runs one query; rows as plain objects. */
export type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

export class ReadOnlyViolation extends Error {}

/**
 * Why a connection failed, in words that say which: wrong host, refused, authentication, timeout, TLS, database; over
 * the Redshift Data API also access denied, unknown cluster or workgroup, no network, throttling.
 */
export class DatabaseConnectionError extends Error {
  constructor(
    readonly kind: 'host' | 'refused' | 'auth' | 'timeout' | 'tls' | 'database' | 'password' | 'access-denied' | 'not-found' | 'network' | 'throttled' | 'other',
    message: string,
  ) {
    super(message);
  }
}

/** Whether `sql` is a statement the verifier may send. */
export function isAllowedStatement(sql: string): boolean {
  if (sql === 'BEGIN READ ONLY' || sql === 'ROLLBACK') return true;
  // One SELECT and nothing after it: no `;` anywhere (our texts have none; parameters travel separately).
  return /^SELECT\s/.test(sql) && !sql.includes(';');
}

/** Wraps `query` so that only allowed statements pass (the rest throw ReadOnlyViolation without being sent). */
export function guardedQuery(query: QueryFn): QueryFn {
  return (sql, params) => {
    if (!isAllowedStatement(sql)) return Promise.reject(new ReadOnlyViolation(`refused to send a statement that is not a catalog SELECT: ${sql.slice(0, 40)}`));
    return query(sql, params);
  };
}

export interface PasswordSources {
  env: NodeJS.ProcessEnv;
  /** Asked last, when neither PGPASSWORD nor a .pgpass line gives one (a terminal prompt, an editor input box). */
  prompt?: (target: ConnectionTarget) => Promise<string | undefined>;
}

/** PGPASSWORD, else the matching .pgpass line (PGPASSFILE or ~/.pgpass, mode 0600), else the prompt. */
export async function passwordFor(target: ConnectionTarget, sources: PasswordSources): Promise<string> {
  const fromEnv = sources.env.PGPASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const fromFile = await pgpassLookup(target, sources.env);
  if (fromFile !== undefined) return fromFile;
  const prompted = sources.prompt ? await sources.prompt(target) : undefined;
  if (prompted !== undefined && prompted !== '') return prompted;
  throw new DatabaseConnectionError('password', `the server asks for a password for user ${target.user}: set PGPASSWORD or add a line to ~/.pgpass (or PGPASSFILE)`);
}

/** The password of the first matching `host:port:database:user:password` line (`*` matches anything; a backslash escapes `:` and itself). */
export function pgpassMatch(text: string, target: ConnectionTarget): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const fields: string[] = [];
    let current = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (ch === '\\' && i + 1 < line.length) current += line[++i];
      else if (ch === ':' && fields.length < 4) {
        fields.push(current);
        current = '';
      } else current += ch;
    }
    fields.push(current);
    if (fields.length !== 5) continue;
    const wanted = [target.host, String(target.port), target.database, target.user];
    if (wanted.every((value, i) => fields[i] === '*' || fields[i] === value)) return fields[4];
  }
  return undefined;
}

/** PGPASSFILE or ~/.pgpass; like libpq, ignored when others may read it (POSIX). */
async function pgpassLookup(target: ConnectionTarget, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = env.PGPASSFILE ?? (env.HOME || env.USERPROFILE ? join(env.HOME ?? env.USERPROFILE!, process.platform === 'win32' ? 'AppData/Roaming/postgresql/pgpass.conf' : '.pgpass') : undefined);
  if (!file) return undefined;
  try {
    const info = await stat(file);
    if (!info.isFile() || (process.platform !== 'win32' && (info.mode & 0o077) !== 0)) return undefined;
    return pgpassMatch(await readFile(file, 'utf8'), target);
  } catch {
    return undefined;
  }
}

/** An open read-only session: `query` is guarded; `close` rolls back and disconnects. */
export interface ReadOnlySession {
  query: QueryFn;
  /** Ends the failed transaction and starts a new read-only one (after a catalog function raised an error). */
  recover(): Promise<void>;
  close(): Promise<void>;
}

/** Turns a driver error into a DatabaseConnectionError naming what went wrong. */
export function connectionError(error: unknown, target: ConnectionTarget): DatabaseConnectionError {
  if (error instanceof DatabaseConnectionError) return error;
  const e = error as { code?: string; message?: string };
  const where = `${target.host}:${target.port}`;
  const message = e.message ?? String(error);
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new DatabaseConnectionError('host', `host not found: ${target.host} (check the host name)`);
    case 'ECONNREFUSED':
      return new DatabaseConnectionError('refused', `connection refused by ${where}: is the database running and listening on port ${target.port}?`);
    case 'ETIMEDOUT':
      return new DatabaseConnectionError('timeout', `timed out connecting to ${where} (firewall, security group, or a wrong port?)`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DatabaseConnectionError('host', `host unreachable: ${target.host}`);
    case '28P01':
    case '28000':
      return new DatabaseConnectionError('auth', `authentication failed for user ${target.user} on ${where} (wrong user or password, or pg_hba.conf refuses this client)`);
    case '3D000':
      return new DatabaseConnectionError('database', `database ${target.database} does not exist on ${where}`);
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new DatabaseConnectionError('tls', `the server's TLS certificate is not trusted (${e.code}): give its CA with sslrootcert=FILE, or sslmode=require to skip the check`);
    default:
      break;
  }
  if (/timeout/i.test(message)) return new DatabaseConnectionError('timeout', `timed out after ${target.connectTimeout} s connecting to ${where}`);
  if (/does not support SSL/i.test(message)) {
    return new DatabaseConnectionError('tls', `${where} does not accept TLS connections; use sslmode=disable only for a database on this machine or a trusted network`);
  }
  return new DatabaseConnectionError('other', `cannot connect to ${where}: ${message}`);
}

/** Opens a read-only session with the `pg` driver (loaded on first use). */
export async function openPgSession(target: ConnectionTarget, sources: PasswordSources): Promise<ReadOnlySession> {
  const { Client } = (await import('pg')).default;
  const ssl =
    target.sslMode === 'disable'
      ? false
      : {
          rejectUnauthorized: target.sslMode !== 'require',
          ...(target.rootCert !== undefined ? { ca: target.rootCert } : {}),
          // verify-ca checks the chain but not the name.
          ...(target.sslMode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
        };
  const client = new Client({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: () => passwordFor(target, sources),
    ssl,
    connectionTimeoutMillis: target.connectTimeout * 1000,
    query_timeout: 60_000,
    application_name: 'grantcheck-verify',
  });
  // A dropped connection after connect surfaces on the next query; without a listener it would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(error, target);
  }
  const raw: QueryFn = async (sql, params) => (await client.query(sql, params ? [...params] : [])).rows as Record<string, unknown>[];
  const query = guardedQuery(raw);
  try {
    await query('BEGIN READ ONLY');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(error, target);
  }
  return {
    query,
    async recover() {
      await query('ROLLBACK');
      await query('BEGIN READ ONLY');
    },
    async close() {
      try {
        await query('ROLLBACK');
      } catch {
        // the connection may already be gone
      }
      await client.end().catch(() => undefined);
    },
  };
}
