// dist/cli.js and dist/server.js run their bundles through V8's code cache (server/src/bootstrap/compileCache.ts):
// a cached start must behave exactly like an uncached one, a damaged or foreign cache must cost nothing but time,
// and the cache must never live in a directory other users can write.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BUNDLE_WRAPPER_OPEN, cacheDirectory, cacheFileName, fnv1a64, runBundle, unusableDirectory, wrappedSource } from '../../server/src/bootstrap/compileCache';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-compile-cache-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], cache: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, GRANTCHECK_COMPILE_CACHE: cache, GRANTCHECK_DEBUG_STARTUP: '1' };
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('compile cache directory', () => {
  it('follows the platform conventions and GRANTCHECK_COMPILE_CACHE', () => {
    assert.deepEqual(cacheDirectory({}, 'linux', '/home/ann'), { dir: '/home/ann/.cache/grantcheck' });
    assert.deepEqual(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann'), { dir: '/var/cache/ann/grantcheck' });
    // A relative XDG_CACHE_HOME is invalid by the XDG spec: ignored.
    assert.deepEqual(cacheDirectory({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/ann'), { dir: '/home/ann/.cache/grantcheck' });
    assert.deepEqual(cacheDirectory({}, 'darwin', '/Users/ann'), { dir: '/Users/ann/Library/Caches/grantcheck' });
    assert.deepEqual(cacheDirectory({ GRANTCHECK_COMPILE_CACHE: '/tmp/gc' }, 'linux', '/home/ann'), { dir: '/tmp/gc' });
    assert.ok('off' in cacheDirectory({ GRANTCHECK_COMPILE_CACHE: 'off' }, 'linux', '/home/ann'));
    assert.ok('off' in cacheDirectory({ GRANTCHECK_COMPILE_CACHE: 'relative/dir' }, 'linux', '/home/ann'));
    assert.ok('off' in cacheDirectory({}, 'linux', ''));
  });

  it('is used only when private to this user', { skip: process.platform === 'win32' }, () => {
    const fine = path.join(tmp, 'private');
    assert.equal(unusableDirectory(fine), undefined);
    assert.equal(fs.statSync(fine).mode & 0o777, 0o700);
    const open = path.join(tmp, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    assert.match(unusableDirectory(open) ?? '', /writable by other users/);
    const link = path.join(tmp, 'link');
    fs.symlinkSync(fine, link);
    assert.match(unusableDirectory(link) ?? '', /not a directory/);
  });

  it('names the cache after the bundle and its version', () => {
    const a = cacheFileName('/x/dist/cli-main.js', { size: 10, mtimeMs: 1 });
    assert.match(a, /^cli-main-[0-9a-f]{16}\.cache$/);
    assert.notEqual(a, cacheFileName('/x/dist/cli-main.js', { size: 11, mtimeMs: 1 }));
    assert.notEqual(a, cacheFileName('/x/dist/cli-main.js', { size: 10, mtimeMs: 2 }));
    // V8 rejects a cache made under other flags: an editor passing flags and a terminal must not replace each other's.
    assert.notEqual(cacheFileName('/x/dist/cli-main.js', { size: 10, mtimeMs: 1 }, []), cacheFileName('/x/dist/cli-main.js', { size: 10, mtimeMs: 1 }, ['--max-old-space-size=4096']));
  });

  it('hashes with 64-bit FNV-1a (the published test vectors)', () => {
    assert.equal(fnv1a64(''), 'cbf29ce484222325');
    assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  });
});

it('runs a bundle with non-ASCII text as UTF-8, an ASCII one as is (the fast latin1 read)', () => {
  for (const [name, text] of [['ascii.js', 'plain'], ['utf8.js', 'caf\u00e9 \u2192 \ud83d\ude00']] as const) {
    const bundle = path.join(tmp, name);
    fs.writeFileSync(bundle, `module.exports.value = ${JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => c)};\n`, 'utf8');
    const main = { exports: {} } as NodeModule;
    assert.equal(runBundle(bundle, main, { GRANTCHECK_COMPILE_CACHE: 'off' }), 'off');
    assert.equal((main.exports as { value: string }).value, text);
  }
});

it('compiles a pre-wrapped bundle as it is, and wraps any other (a hashbang line stays a comment)', () => {
  const pre = `${BUNDLE_WRAPPER_OPEN}\nmodule.exports.value = 1;\n})\n`;
  assert.equal(wrappedSource(pre), pre);
  assert.equal(wrappedSource(`#!/usr/bin/env node\n${pre}`), `#!/usr/bin/env node\n${pre}`);
  assert.equal(wrappedSource('module.exports.value = 1;'), `${BUNDLE_WRAPPER_OPEN}module.exports.value = 1;\n})`);
  assert.equal(wrappedSource('#!/usr/bin/env node\nx();'), `${BUNDLE_WRAPPER_OPEN}///usr/bin/env node\nx();\n})`);
  for (const [name, text] of [['pre.js', pre], ['pre-hashbang.js', `#!/usr/bin/env node\n${pre}`], ['plain.js', '#!/usr/bin/env node\nmodule.exports.value = 1;\n']] as const) {
    const bundle = path.join(tmp, name);
    fs.writeFileSync(bundle, text);
    const main = { exports: {} } as NodeModule;
    runBundle(bundle, main, { GRANTCHECK_COMPILE_CACHE: 'off' });
    assert.equal((main.exports as { value: number }).value, 1, name);
  }
  // scripts/build.mjs writes the server and CLI bundles pre-wrapped (the loader then compiles no second copy of them).
  for (const bundle of ['cli-main.js', 'server-main.js']) {
    const text = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'latin1');
    assert.equal(wrappedSource(text), text, `${bundle} is not pre-wrapped: scripts/build.mjs must write BUNDLE_WRAPPER_OPEN first`);
  }
});

it('the bundles run in a vm.Script, which cannot import(): none is left in them', () => {
  for (const bundle of ['cli-main.js', 'server-main.js']) {
    const text = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
    assert.doesNotMatch(text, /\bimport\(\s*["'`]/, `${bundle} calls import(): set supported['dynamic-import'] = false in scripts/build.mjs`);
  }
});

describe('dist/cli.js through the compile cache', () => {
  const reference = cli(['--version'], 'off');

  it('writes the cache on the first run and uses it on the next, with the same output', () => {
    assert.equal(reference.status, 0, reference.stderr);
    assert.match(reference.stderr, /compile cache: off/);
    const dir = path.join(tmp, 'cache');
    const first = cli(['--version'], dir);
    assert.equal(first.stdout, reference.stdout);
    assert.match(first.stderr, /compile cache: miss/);
    assert.match(first.stderr, /compile cache: written/);
    const files = fs.readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^cli-main-[0-9a-f]{16}\.cache$/);
    const second = cli(['--version'], dir);
    assert.match(second.stderr, /compile cache: hit/);
    assert.doesNotMatch(second.stderr, /written/);
    assert.equal(second.stdout, reference.stdout);
    assert.equal(second.status, 0);
  });

  it('a damaged cache file is rejected by V8, the run is unaffected and the file is replaced', () => {
    const dir = path.join(tmp, 'damaged');
    cli(['--version'], dir);
    const file = path.join(dir, fs.readdirSync(dir)[0]!);
    fs.writeFileSync(file, Buffer.from('not a V8 code cache at all'));
    const damaged = cli(['--version'], dir);
    assert.match(damaged.stderr, /compile cache: rejected/);
    assert.equal(damaged.stdout, reference.stdout);
    assert.match(cli(['--version'], dir).stderr, /compile cache: hit/);
  });

  it('a directory others can write is not used', { skip: process.platform === 'win32' }, () => {
    const dir = path.join(tmp, 'shared');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    const run = cli(['--version'], dir);
    assert.match(run.stderr, /compile cache: off \(.*writable by other users\)/);
    assert.equal(run.stdout, reference.stdout);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('exit status and output of a failing lint are the same with and without the cache', () => {
    const policy = path.join(tmp, 'broken.policy.json');
    fs.writeFileSync(policy, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjects', Resource: '*' }] }));
    const off = cli(['--format', 'json', policy], 'off');
    const dir = path.join(tmp, 'lint');
    cli(['--format', 'json', policy], dir);
    const on = cli(['--format', 'json', policy], dir);
    assert.equal(off.status, 1, off.stderr);
    assert.equal(on.status, off.status);
    assert.equal(on.stdout, off.stdout);
    assert.match(on.stderr, /compile cache: hit/);
  });
});

describe('chunks through the loader (scripts/serverChunks.mjs)', () => {
  it('a bundle requires ./chunk-<name>.js through the code cache, once; a second start hits both caches with the same result', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'chunks-'));
    fs.copyFileSync(path.join(ROOT, 'dist', 'server.js'), path.join(dir, 'server.js'));
    // The text is larger than its cache here (a long comment), and smaller than it in the chunk (many functions
    // compiled by the run): the loader reads both into one buffer, in either order of size.
    const functions = Array.from({ length: 300 }, (_, i) => `function f${i}(x) { return x + ${i % 7}; }`).join('\n');
    fs.writeFileSync(
      path.join(dir, 'server-main.js'),
      `${BUNDLE_WRAPPER_OPEN}\n/* ${'x'.repeat(300_000)} */\nconst a = require('./chunk-demo.js');\nconst b = require('./chunk-demo.js');\nconst value = a((key) => ({ key, base: 40 }));\nprocess.stdout.write(JSON.stringify({ value, same: a === b }));\n})\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'chunk-demo.js'),
      `${BUNDLE_WRAPPER_OPEN}\nmodule.exports = function (shared) {\n"use strict";\n${functions}\nlet sum = 0;\n${Array.from({ length: 300 }, (_, i) => `sum += f${i}(0);`).join('\n')}\nreturn shared('engine').base + sum;\n};\n})\n`,
    );
    const cache = path.join(dir, 'cache');
    const run = (): { stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [path.join(dir, 'server.js')], { env: { ...process.env, GRANTCHECK_COMPILE_CACHE: cache, GRANTCHECK_DEBUG_STARTUP: '1' }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      return { stdout: r.stdout, stderr: r.stderr };
    };
    const expected = JSON.stringify({ value: 40 + Array.from({ length: 300 }, (_, i) => i % 7).reduce((a, b) => a + b, 0), same: true });
    const first = run();
    assert.equal(first.stdout, expected);
    assert.match(first.stderr, /\[grantcheck\] chunk chunk-demo\.js loaded: compiled in [\d.]+ ms \(miss\)/);
    assert.equal(first.stderr.match(/chunk chunk-demo\.js loaded/g)?.length, 1, 'evaluated once');
    const sizes = Object.fromEntries(fs.readdirSync(cache).map((f) => [f.replace(/-[0-9a-f]{16}\.cache$/, ''), fs.statSync(path.join(cache, f)).size]));
    assert.ok(sizes['server-main']! < fs.statSync(path.join(dir, 'server-main.js')).size, JSON.stringify(sizes));
    assert.ok(sizes['chunk-demo']! > fs.statSync(path.join(dir, 'chunk-demo.js')).size, JSON.stringify(sizes));
    const second = run();
    assert.equal(second.stdout, expected);
    assert.match(second.stderr, /bundle compiled in [\d.]+ ms \(hit\)/);
    assert.match(second.stderr, /chunk chunk-demo\.js loaded: compiled in [\d.]+ ms \(hit\)/);
  });
});
