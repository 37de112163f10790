// Where `verify-sql` connects over the PostgreSQL wire protocol (Redshift speaks it): host, port, database and user
// from a postgres:// URL or the standard PG* environment variables; the password only from PGPASSWORD, a .pgpass
// file or a prompt (never from a URL, settings or logs); TLS with certificate checks unless sslmode says otherwise.
// Environment variables: https://www.postgresql.org/docs/current/libpq-envars.html; sslmode values:
// https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-SSLMODE-STATEMENTS

import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { userInfo } from 'node:os';

export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface ConnectionTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  sslMode: SslMode;
  /** PEM of the CA to trust (sslrootcert / PGSSLROOTCERT), for verify-ca / verify-full. */
  rootCert?: string;
  /** Seconds to wait for the connection (connect_timeout / PGCONNECT_TIMEOUT; default 10). */
  connectTimeout: number;
}

/** Settings an editor sends (no password, ever). */
export interface ConnectionSettings {
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  sslMode?: string;
}

const SSL_MODES: readonly SslMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

/** 127.0.0.0/8, ::1, localhost: the only hosts where sslmode=disable is not worth a warning. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** `host:port/database` — what every report names the database by (no user, no password). */
export function describeTarget(t: ConnectionTarget): string {
  const host = isIP(t.host) === 6 ? `[${t.host}]` : t.host;
  return `${host}:${t.port}/${t.database}`;
}

/**
 * The target from a `postgres://` URL (optional), editor settings (optional) and the environment, in that order of
 * precedence; or a message saying what is wrong. A URL holding a password is refused: command lines end up in shell
 * histories and process lists.
 */
export function resolveTarget(
  url: string | undefined,
  settings: ConnectionSettings,
  env: NodeJS.ProcessEnv,
): ConnectionTarget | { error: string } {
  let fromUrl: { host?: string; port?: string; database?: string; user?: string; sslmode?: string; sslrootcert?: string; connect_timeout?: string } = {};
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: 'the connection is not a URL: use postgres://USER@HOST:PORT/DATABASE' };
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:' && parsed.protocol !== 'redshift:') {
      return { error: `the connection URL must start with postgres:// or postgresql://, not ${parsed.protocol}//` };
    }
    if (parsed.password !== '') {
      return { error: 'the connection URL contains a password: remove it and set PGPASSWORD or use a .pgpass file (command lines are visible to other processes and kept in shell history)' };
    }
    const q = parsed.searchParams;
    fromUrl = {
      ...(parsed.hostname ? { host: decodeURIComponent(parsed.hostname) } : {}),
      ...(parsed.port ? { port: parsed.port } : {}),
      ...(parsed.pathname.length > 1 ? { database: decodeURIComponent(parsed.pathname.slice(1)) } : {}),
      ...(parsed.username ? { user: decodeURIComponent(parsed.username) } : {}),
      ...(q.get('sslmode') !== null ? { sslmode: q.get('sslmode')! } : {}),
      ...(q.get('sslrootcert') !== null ? { sslrootcert: q.get('sslrootcert')! } : {}),
      ...(q.get('connect_timeout') !== null ? { connect_timeout: q.get('connect_timeout')! } : {}),
    };
    for (const key of q.keys()) {
      if (key === 'password') return { error: 'the connection URL contains a password: remove it and set PGPASSWORD or use a .pgpass file' };
      if (!['sslmode', 'sslrootcert', 'connect_timeout'].includes(key)) return { error: `unsupported connection URL parameter "${key}" (supported: sslmode, sslrootcert, connect_timeout)` };
    }
  }
  const host = fromUrl.host ?? settings.host ?? env.PGHOST;
  if (!host) return { error: 'no database host: give --connection postgres://USER@HOST:PORT/DATABASE or set PGHOST' };
  if (host.startsWith('/')) return { error: 'Unix-domain sockets are not supported: give a host name' };
  const portText = fromUrl.port ?? (settings.port !== undefined ? String(settings.port) : undefined) ?? env.PGPORT ?? '5439';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `invalid port "${portText}"` };
  const user = fromUrl.user ?? settings.user ?? env.PGUSER ?? safeUserName();
  if (!user) return { error: 'no database user: put it in the URL (postgres://USER@HOST/DB) or set PGUSER' };
  const database = fromUrl.database ?? settings.database ?? env.PGDATABASE ?? user;
  const modeText = (fromUrl.sslmode ?? settings.sslMode ?? env.PGSSLMODE ?? 'verify-full').toLowerCase();
  if (!SSL_MODES.includes(modeText as SslMode)) return { error: `unsupported sslmode "${modeText}" (use verify-full, verify-ca, require or disable)` };
  const rootCertPath = fromUrl.sslrootcert ?? env.PGSSLROOTCERT;
  let rootCert: string | undefined;
  if (rootCertPath && modeText !== 'disable') {
    try {
      rootCert = readFileSync(rootCertPath, 'utf8');
    } catch (error) {
      return { error: `cannot read sslrootcert ${rootCertPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
  }
  const timeoutText = fromUrl.connect_timeout ?? env.PGCONNECT_TIMEOUT ?? '10';
  const connectTimeout = Number(timeoutText);
  if (!Number.isFinite(connectTimeout) || connectTimeout <= 0) return { error: `invalid connect_timeout "${timeoutText}"` };
  return { host, port, database, user, sslMode: modeText as SslMode, ...(rootCert !== undefined ? { rootCert } : {}), connectTimeout };
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** A warning to print before connecting, if any (sslmode=disable to another machine sends the password in clear). */
export function targetWarning(t: ConnectionTarget): string | undefined {
  if (t.sslMode === 'disable' && !isLoopbackHost(t.host)) {
    return `sslmode=disable: the connection to ${t.host} is not encrypted; the password and the catalog travel in clear text.`;
  }
  return undefined;
}
