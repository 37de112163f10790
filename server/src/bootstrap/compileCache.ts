// Start-up of the language server and the CLI: dist/server.js and dist/cli.js are small loaders that run the real
// bundle (dist/server-main.js, dist/cli-main.js) through V8's code cache. Compiling the 1.3 MB bundle was about
// half of the time from spawn to the `initialize` answer (profile in BENCHMARKS.md); with the cache V8 skips it.
//
// The cache lives in a directory of the current user (never shared): GRANTCHECK_COMPILE_CACHE=<dir> chooses another,
// GRANTCHECK_COMPILE_CACHE=off turns it off. A directory that is not private (another owner, writable by others, a
// symbolic link) is not used. Cache files are named after the bundle's size and time and V8's version, written
// atomically, and V8 itself rejects cached data that does not match the source, so a stale or damaged file only
// costs the compile it would have saved. GRANTCHECK_DEBUG_STARTUP=1 prints what happened to standard error.
//
// This module is bundled into the loaders only: it must stay small and import nothing of GrantCheck. The bundles
// contain no `import()` (scripts/build.mjs has esbuild turn it into `require`): a vm.Script has no module loader.

import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

export type CacheOutcome = 'hit' | 'miss' | 'rejected' | 'off';

/**
 * The parameters of the wrapper Node puts around a CommonJS module. The last two are spelled in pieces only because
 * the test build (scripts/build-tests.mjs) replaces those identifiers by the source file's location wherever they
 * appear in a repository module, strings included.
 */
const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__file' + 'name', '__dir' + 'name'].join(', ');

/**
 * How a bundle built by scripts/build.mjs begins (after its hashbang line, which V8 accepts at the start of a script):
 * the bundle is already wrapped, so the loader compiles the file's text as it is. Wrapping it here made V8 flatten a
 * second copy of the whole text (~1 MB of memory touched at every start).
 */
export const BUNDLE_WRAPPER_OPEN = `(function (${WRAPPER_PARAMETERS}) {`;

/** The text to compile: the bundle itself when it is pre-wrapped, else the bundle inside Node's module wrapper. */
export function wrappedSource(source: string): string {
  const start = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  if (source.startsWith(BUNDLE_WRAPPER_OPEN, start)) return source;
  // A hashbang line anywhere but at the start would not be JavaScript.
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  return `${BUNDLE_WRAPPER_OPEN}${body}\n})`;
}

/** Where the compile cache goes, or why there is none. */
export function cacheDirectory(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = safeHomedir(),
): { dir: string } | { off: string } {
  const setting = env.GRANTCHECK_COMPILE_CACHE?.trim();
  if (setting && /^(off|0|false|no)$/i.test(setting)) return { off: 'GRANTCHECK_COMPILE_CACHE turns it off' };
  if (setting) return path.isAbsolute(setting) ? { dir: setting } : { off: 'GRANTCHECK_COMPILE_CACHE must be an absolute path' };
  if (!home) return { off: 'no home directory' };
  if (platform === 'win32') return { dir: path.join(env.LOCALAPPDATA && path.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : path.join(home, 'AppData', 'Local'), 'grantcheck', 'Cache') };
  if (platform === 'darwin') return { dir: path.join(home, 'Library', 'Caches', 'grantcheck') };
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return { dir: path.join(xdg, 'grantcheck') };
}

function safeHomedir(): string {
  try {
    return os.homedir();
  } catch {
    return '';
  }
}

/** Creates `dir` (owner-only) when missing; the reason it must not be used, or undefined when it is private. */
export function unusableDirectory(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return `${dir} is not a directory`;
    if (process.platform !== 'win32') {
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return `${dir} belongs to another user`;
      if ((stat.mode & 0o022) !== 0) return `${dir} is writable by other users`;
    }
    return undefined;
  } catch (error) {
    return `${dir}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * The cache file of a bundle: changes with the bundle's size and time, Node's V8, the architecture and the V8 flags
 * the process was started with (V8 rejects a cache made under other flags, so two launchers would replace each
 * other's file). Not a security boundary (V8 checks the data itself): a 64-bit FNV-1a hash, because loading
 * node:crypto for it cost ~5 ms of every start.
 */
export function cacheFileName(bundle: string, stat: { size: number; mtimeMs: number }, execArgv: readonly string[] = process.execArgv): string {
  const key = fnv1a64(`${bundle}\0${stat.size}\0${stat.mtimeMs}\0${process.versions.v8}\0${process.arch}\0${execArgv.join('\0')}`);
  return `${path.basename(bundle, '.js')}-${key}.cache`;
}

/** FNV-1a, 64 bits, as 16 hexadecimal digits (two 32-bit halves: plain numbers are exact to 53 bits only). */
export function fnv1a64(text: string): string {
  // offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // one byte at a time: the low and the high byte of each UTF-16 unit
    for (const byte of code > 0xff ? [code & 0xff, code >>> 8] : [code]) {
      lo = (lo ^ byte) >>> 0;
      // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64
      const loTimes = lo * 0x1b3;
      const carry = Math.floor(loTimes / 0x100000000);
      const newLo = loTimes >>> 0;
      hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
      lo = newLo;
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** An open file's bytes (up to `size`) into the start of `buffer`; the number of bytes read. */
function readInto(fd: number, buffer: Buffer, size: number): number {
  let done = 0;
  while (done < size) {
    const n = fs.readSync(fd, buffer, done, size - done, done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * The bundle's text. esbuild writes ASCII (non-ASCII characters escaped), and a Buffer read as latin1 is several
 * milliseconds faster than as UTF-8 for 1.3 MB; any other byte falls back to UTF-8.
 */
function decodeSource(bytes: Buffer): string {
  return typeof isAscii === 'function' && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Opens a file for reading with its size, or undefined when it cannot be read. */
function openForRead(file: string): { fd: number; size: number } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    return { fd, size: fs.fstatSync(fd).size };
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    return undefined;
  }
}

/** A bundle's text compiled, with the code cache when there is one, and what happened to the cache. */
interface Compiled {
  script: vm.Script;
  outcome: CacheOutcome;
}

function compile(bundle: string, env: NodeJS.ProcessEnv, debug: (message: string) => void): Compiled & { note: string } {
  const fd = fs.openSync(bundle, 'r');
  let source: string;
  let stat: fs.Stats;
  let cacheFile: string | undefined;
  let reason: string | undefined;
  let cached: Buffer | undefined;
  try {
    stat = fs.fstatSync(fd);
    const where = cacheDirectory(env);
    reason = 'dir' in where ? unusableDirectory(where.dir) : where.off;
    cacheFile = 'dir' in where && reason === undefined ? path.join(where.dir, cacheFileName(bundle, stat)) : undefined;
    const cache = cacheFile ? openForRead(cacheFile) : undefined;
    try {
      // One buffer for the text and then the cache: the memory pages the text was read into are those the cache is
      // read into next (the text is copied into a string first). Two buffers touched ~180 more new pages at every
      // start, ~4 ms where a page fault costs 25 µs (BENCHMARKS.md, cold start).
      const buffer = Buffer.allocUnsafeSlow(Math.max(stat.size, cache?.size ?? 0));
      source = decodeSource(buffer.subarray(0, readInto(fd, buffer, stat.size)));
      if (cache && cache.size > 0) cached = buffer.subarray(0, readInto(cache.fd, buffer, cache.size));
    } finally {
      if (cache) fs.closeSync(cache.fd);
    }
  } finally {
    fs.closeSync(fd);
  }
  // The same wrapper Node puts around a CommonJS module (written by the build, or added here).
  const script = new vm.Script(wrappedSource(source), {
    filename: bundle,
    ...(cached ? { cachedData: cached } : {}),
  });
  const outcome: CacheOutcome = !cacheFile ? 'off' : !cached ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  // Lint workers (cli/lintPool.ts) run the same bundle: they use the cache, the main thread alone writes it
  // (worker_threads is loaded only then: a hit, the usual start, does without it).
  if (cacheFile && outcome !== 'hit' && (require('node:worker_threads') as typeof import('node:worker_threads')).isMainThread) scheduleWrite(script, cacheFile, debug);
  return { script, outcome, note: outcome === 'off' ? `off (${reason})` : `${outcome} ${cacheFile}` };
}

type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

/** Chunks of a bundle (scripts/serverChunks.mjs): `./chunk-<name>.js` beside it, required on first use. */
const CHUNK_REQUEST = /^\.\/chunk-[a-z]+\.js$/;

/**
 * The `require` a bundle runs with: Node's, relative to the bundle, except for its chunks, which are compiled through
 * the code cache like the bundle (and, like it, written inside the module wrapper: Node's own `require` cannot run
 * them). Each chunk is evaluated once.
 */
export function bundleRequire(bundle: string, env: NodeJS.ProcessEnv = process.env): NodeJS.Require {
  const base = createRequire(bundle);
  const chunks = new Map<string, unknown>();
  const tracing = env.GRANTCHECK_DEBUG_STARTUP === '1';
  const chunkRequire = (id: string): unknown => {
    if (!CHUNK_REQUEST.test(id)) return base(id);
    const file = path.join(path.dirname(bundle), id.slice(2));
    if (chunks.has(file)) return chunks.get(file);
    const started = tracing ? performance.now() : 0;
    const faults = tracing ? minorFaults() : 0;
    const debug = tracing ? (message: string): void => void process.stderr.write(`[grantcheck] compile cache: ${message}\n`) : (): void => undefined;
    const { script, outcome, note } = compile(file, env, debug);
    const compiled = tracing ? performance.now() : 0;
    debug(note);
    const module = { exports: {} as unknown };
    (script.runInThisContext() as ModuleFunction).call(module.exports, module.exports, chunkRequire as NodeJS.Require, module, file, path.dirname(file));
    chunks.set(file, module.exports);
    if (tracing) {
      process.stderr.write(
        `[grantcheck] chunk ${path.basename(file)} loaded: compiled in ${(compiled - started).toFixed(1)} ms (${outcome}), evaluated in ${(performance.now() - compiled).toFixed(1)} ms; ${minorFaults() - faults} page faults\n`,
      );
    }
    return module.exports;
  };
  return Object.assign(chunkRequire, { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions }) as NodeJS.Require;
}

/**
 * Runs the CommonJS bundle `bundle` in this process as if it were the main module (same `module`, `__dirname`; its
 * `require` is Node's but for the bundle's chunks: bundleRequire), compiled with the code cache when there is one.
 * Returns what happened to the cache.
 */
export function runBundle(bundle: string, main: NodeModule, env: NodeJS.ProcessEnv = process.env): CacheOutcome {
  const tracing = env.GRANTCHECK_DEBUG_STARTUP === '1';
  const debug = tracing ? (message: string): void => void process.stderr.write(`[grantcheck] compile cache: ${message}\n`) : (): void => undefined;
  // Timings only when traced: the `performance` global loads Node's perf_hooks modules on first use.
  const now = tracing ? (): number => performance.now() : (): number => 0;
  const started = now();
  const faults = tracing ? [minorFaults()] : [];
  const cpu = tracing ? [threadCpuMs()] : [];
  const { script, outcome, note } = compile(bundle, env, debug);
  const compiled = now();
  if (tracing) {
    faults.push(minorFaults());
    cpu.push(threadCpuMs());
  }
  debug(note);
  const run = script.runInThisContext() as ModuleFunction;
  run.call(main.exports, main.exports, bundleRequire(bundle, env), main, bundle, path.dirname(bundle));
  if (tracing) {
    const ms = (n: number): string => n.toFixed(1);
    faults.push(minorFaults());
    cpu.push(threadCpuMs());
    const cpuNote = cpu.every((c) => c !== undefined) ? `; main thread CPU: ${ms(cpu[0]!)} ms before the loader, ${ms(cpu[1]! - cpu[0]!)} compile, ${ms(cpu[2]! - cpu[1]!)} evaluation` : '';
    process.stderr.write(
      `[grantcheck] start-up: loader at ${ms(started)} ms, bundle compiled in ${ms(compiled - started)} ms (${outcome}), evaluated in ${ms(performance.now() - compiled)} ms; ${ms(performance.now())} ms after the process started; page faults: ${faults[0]} before the loader, ${faults[1]! - faults[0]!} compile, ${faults[2]! - faults[1]!} evaluation${cpuNote}\n`,
    );
  }
  return outcome;
}

/**
 * Minor page faults of the process so far (each first touch of a memory page: on some virtual machines a fault costs
 * ~25 µs, so the memory a start touches is most of its time; BENCHMARKS.md, cold start).
 */
export function minorFaults(): number {
  return process.resourceUsage().minorPageFault;
}

/**
 * CPU time of this thread so far in milliseconds (Linux: /proc schedstat, in nanoseconds; the main thread's id is the
 * process id), or undefined elsewhere. Only start-up tracing reads it: the machine's load hardly changes CPU time.
 */
export function threadCpuMs(): number | undefined {
  try {
    const ns = Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache a second after start (the functions compiled by then are in it), or at exit
 * when it ends sooner (a CLI run). Atomic: a temporary file renamed into place; other versions of the file go.
 */
function scheduleWrite(script: vm.Script, cacheFile: string, debug: (message: string) => void): void {
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(temporary, cacheFile);
      const prefix = path.basename(cacheFile).replace(/-[0-9a-f]{16}\.cache$/, '-');
      for (const name of fs.readdirSync(path.dirname(cacheFile))) {
        if (name.startsWith(prefix) && name.endsWith('.cache') && name !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), name), { force: true });
      }
      debug(`written ${cacheFile}`);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      debug(`not written (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  // An editor may stop the server with a signal (no 'exit' event): a second after start the start-up code is compiled.
  setTimeout(write, 1000).unref();
  process.once('exit', write);
}
