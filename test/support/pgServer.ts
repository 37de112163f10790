// A throwaway PostgreSQL server for the verify-sql tests: initdb in a temp dir, started on 127.0.0.1 with a random
// port and every statement logged (user@@statement), stopped and deleted by stop(). Uses the Debian `postgresql`
// binaries (installed by .ci/run); run as the `postgres` user when the tests run as root (initdb refuses root).
// Without the binaries, startPgServer() returns a reason to skip, unless GRANTCHECK_REQUIRE_E2E=1 (then it throws).

import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgServer {
  host: '127.0.0.1';
  port: number;
  /** Runs SQL as the superuser `admin` over the Unix socket (psql, ON_ERROR_STOP). */
  admin(sql: string, database?: string): Promise<void>;
  /** Statements the server logged for `user`, in order. */
  statementsOf(user: string): string[];
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) return `/usr/lib/postgresql/${v}/bin`;
  return undefined;
}

function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root but there is no postgres user to run the test server as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The server, or why it cannot run here (the caller skips with that reason). */
export async function startPgServer(): Promise<PgServer | { skip: string }> {
  const bin = binDir();
  if (!bin) {
    const reason = 'PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin): apt-get install postgresql';
    if (process.env.GRANTCHECK_REQUIRE_E2E === '1') throw new Error(reason);
    return { skip: reason };
  }
  const ids = postgresIds();
  const dir = mkdtempSync(join(tmpdir(), 'grantcheck-pg-'));
  chmodSync(dir, 0o755);
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const exec = (file: string, args: string[]): Promise<unknown> =>
    ids ? run('runuser', ['-u', 'postgres', '--', join(bin, file), ...args], { cwd: dir, timeout: 60_000 }) : run(join(bin, file), args, { cwd: dir, timeout: 60_000 });
  await exec('initdb', ['-D', data, '-U', 'admin', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c log_statement=all -c log_line_prefix=%u@@ -c fsync=off -c ssl=off`;
  await exec('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', options, 'start']);
  let counter = 0;
  return {
    host: '127.0.0.1',
    port,
    async admin(sql, database = 'postgres') {
      const file = join(dir, `setup-${counter++}.sql`);
      writeFileSync(file, sql);
      if (ids) chownSync(file, ids.uid, ids.gid);
      await exec('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'admin', '-d', database, '-f', file]);
    },
    statementsOf(user) {
      const out: string[] = [];
      for (const line of readFileSync(log, 'utf8').split('\n')) {
        if (!line.startsWith(`${user}@@`)) continue;
        const m = /LOG:\s+(?:statement|execute [^:]*):\s(.*)$/.exec(line);
        if (m) out.push(m[1]!);
      }
      return out;
    },
    async stop() {
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
