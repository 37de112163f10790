// Installs code-server 4.99.4 (VS Code 1.99.3 on Node 20) into GrantCheck's e2e cache, never into
// the extension's own dependencies. Applies the offline workarounds from the editor-testing notes.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Skip, cacheDir, log, which } from './common.mjs';

// 4.99.4 is the last release that runs on Node 20; a caret range would pull one needing Node 24.
export const CODE_SERVER_VERSION = '4.99.4';
// Where @vscode/ripgrep's postinstall looks before downloading from GitHub.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function codeServerBinary(dir = path.join(cacheDir(), 'code-server')) {
  return path.join(dir, 'node_modules', '.bin', 'code-server');
}

/** Returns the code-server launcher, installing it first when the cache does not have it. */
export function ensureCodeServer() {
  const dir = path.join(cacheDir(), 'code-server');
  const bin = codeServerBinary(dir);
  const marker = path.join(dir, `installed-${CODE_SERVER_VERSION}`);
  if (fs.existsSync(bin) && fs.existsSync(marker)) return bin;
  if (process.arch !== 'x64' || process.platform !== 'linux') throw new Skip(`code-server suite supports linux-x64 only (this is ${process.platform}-${process.arch})`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'grantcheck-e2e-code-server', private: true }));
  seedRipgrepCache();
  log('code-server', `installing code-server@${CODE_SERVER_VERSION} into ${dir} (≈ 35 s, once)`);
  const started = Date.now();
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    // node-pty's postinstall runs `npx node-gyp`; npm would cancel that prompt without yes=true.
    env: { ...process.env, npm_config_yes: 'true' },
    encoding: 'utf8',
  });
  if (result.status !== 0 || !fs.existsSync(bin)) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
    const tail = output.trim().split('\n').slice(-15).join('\n');
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(output)) throw new Skip(`cannot download code-server (no network?):\n${tail}`);
    if (/gssapi\/gssapi\.h/.test(output)) throw new Skip(`kerberos needs the Kerberos headers (apt-get install -y libkrb5-dev):\n${tail}`);
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed:\n${tail}`);
  }
  fs.writeFileSync(marker, new Date().toISOString());
  log('code-server', `installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

/** @vscode/ripgrep downloads rg from GitHub unless its cache already holds the archive: seed it with Debian's rg. */
function seedRipgrepCache() {
  const rg = which('rg');
  if (!rg) throw new Skip('ripgrep is not installed (apt-get install -y ripgrep); code-server needs it and cannot download it offline');
  const cache = path.join(os.tmpdir(), RIPGREP_CACHE);
  const archive = path.join(cache, RIPGREP_ASSET);
  if (fs.existsSync(archive)) return;
  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-rg-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  const tar = spawnSync('tar', ['-czf', archive, '-C', staging, 'rg'], { stdio: 'inherit' });
  fs.rmSync(staging, { recursive: true, force: true });
  if (tar.status !== 0) throw new Error('could not create the ripgrep archive for @vscode/ripgrep');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureCodeServer());
}
