// `npm run bench`: measures engine, server and CLI performance on generated inputs and writes BENCHMARKS.md.
// Not part of `npm test`: numbers, not pass/fail. Targets come from the performance issue.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { generateCloudFormationJsonTemplate, generateCloudFormationTemplate, generatePolicy, generateSql, PROFILE_LOOK_ALIKE_POLICY, COLD_POLICY, ENGINE_POLICY_BYTES, REPOSITORY_SCALE, repositoryFiles } from '../test/support/benchInputs';
import type { CloudFormationCache } from '../server/src/engine/hosts/cloudformationResources';
import type { LintOptions } from '../server/src/engine/lint';
import type { IamData } from '../server/src/engine/data/iamData';
import { generateTerraformPolicies } from '../test/support/terraformFiles';
import { MIN_CORES_FOR_POOL } from '../server/src/cli/lintPool';

const ROOT = path.join(__dirname, '..');
const QUICK = process.argv.includes('--quick');
/**
 * `--only=typing,repo`: run only these sections (engine, doubling, typing, cold, memory, repo, package, peers) and
 * replace only them in BENCHMARKS.md, keeping the others as they were (the machine is shared: run what you changed).
 */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const selected = (section: string): boolean => !ONLY || ONLY.includes(section);
const RUNS = QUICK ? 3 : 7;
const DEBOUNCE_MS = 120; // server/src/lsp/server.ts

// ---------- generators (deterministic) ----------


export { generatePolicy, generateSql } from '../test/support/benchInputs';

// ---------- statistics ----------

function stats(samples: number[]): { median: number; min: number; max: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), min: sorted[0]!, max: sorted[sorted.length - 1]!, p95: at(0.95) };
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));

// ---------- the engine as it ships ----------

/** The engine (scripts/benchEngine.ts) bundled as the shipped bundles are; set by main() before any section runs. */
let engine: typeof import('./benchEngine');

/**
 * Bundles scripts/benchEngine.ts with the shipped bundles' options (minified, as `npm run build` writes dist/) into
 * .bench/engine.js and loads it: the engine rows then time the code users run. Under tsx, which runs this script,
 * every closure is wrapped in a `__name` call the shipped code does not have (≈ 10–15 % of a large policy's lint).
 */
async function loadShippedEngine(): Promise<typeof import('./benchEngine')> {
  const esbuild = await import('esbuild');
  const { SHIPPED_BUNDLE_OPTIONS } = await import('./bundleOptions.mjs');
  const outfile = path.join(ROOT, '.bench', 'engine.js');
  await esbuild.build({ ...SHIPPED_BUNDLE_OPTIONS, entryPoints: [path.join(ROOT, 'scripts', 'benchEngine.ts')], outfile, minify: true, legalComments: 'none', logLevel: 'warning' });
  const loaded = require(outfile) as typeof import('./benchEngine');
  if (typeof loaded.lintText !== 'function' || fs.readFileSync(outfile, 'utf8').includes('__name(')) throw new Error(`${outfile}: not the engine as it ships`);
  return loaded;
}

// ---------- 1. engine ----------

function benchEngine(data: IamData): string[] {
  const rows: string[] = [];
  rows.push('| input | size | lint median (min–max) ms | parseTree median ms | ratio |');
  rows.push('|---|---|---|---|---|');
  // Warm the data for the services the generated policies use, as an editor session would have.
  engine.lintText(generatePolicy(20_000), { data, kind: 'iam-policy' });
  const perKb: number[] = [];
  // The same per KB in CPU time, fastest of several runs each after a collection (as the doubling rows measure):
  // wall-time medians of the small inputs carry scheduler stalls and collections left by earlier inputs.
  const cpuPerKb: number[] = [];
  const gc = exposedGc();
  for (const bytes of ENGINE_POLICY_BYTES) {
    const text = generatePolicy(bytes, bytes);
    const runs = bytes >= 1_000_000 ? Math.max(3, RUNS - 2) : RUNS * 3;
    const lint = stats(Array.from({ length: runs }, () => time(() => engine.lintText(text, { data, kind: 'iam-policy' }))));
    const parse = stats(Array.from({ length: runs }, () => time(() => parseTree(text, []))));
    if (bytes >= 5_000) perKb.push(lint.median / (text.length / 1000));
    if (bytes >= 5_000) {
      const cpuRuns = bytes >= 1_000_000 ? 3 : 9;
      const fastest = Math.min(...Array.from({ length: cpuRuns }, () => cpuTime(gc, () => engine.lintText(text, { data, kind: 'iam-policy' }))));
      cpuPerKb.push(fastest / (text.length / 1000));
    }
    const label = bytes === 1_500_000 ? 'policy, all ARNs unique (target ≤ 3× parseTree)' : 'policy';
    rows.push(`| ${label} | ${kb(text.length)} | ${fmt(lint.median)} (${fmt(lint.min)}–${fmt(lint.max)}) | ${fmt(parse.median)} | ${(lint.median / parse.median).toFixed(2)}× |`);
  }
  rows.push(`| lint ms per KB, largest ÷ smallest from 5 KB to 6 MB (target ≤ 2×) | – | ${(Math.max(...perKb) / Math.min(...perKb)).toFixed(2)}× | – | – |`);
  rows.push(`| the same in CPU time, fastest of 3–9 runs after a collection | – | ${(Math.max(...cpuPerKb) / Math.min(...cpuPerKb)).toFixed(2)}× (${cpuPerKb.map((v) => v.toFixed(3)).join(', ')} ms/KB) | – | – |`);
  // Every finding's fix is written in HCL and checked on its own policy: one typo per policy must not make the
  // file cost more than twice its clean time (it used to re-parse the whole file twice per fix).
  const clean = generateTerraformPolicies(400, false);
  const typos = generateTerraformPolicies(400, true);
  const lintTerraform = (text: string) => (): void => void engine.lintText(text, { data, kind: 'iam-policy', host: 'terraform' });
  const cleanTime = stats(Array.from({ length: RUNS }, () => time(lintTerraform(clean))));
  const typoTime = stats(Array.from({ length: RUNS }, () => time(lintTerraform(typos))));
  rows.push(`| Terraform, 400 policies, clean | ${kb(clean.length)} | ${fmt(cleanTime.median)} (${fmt(cleanTime.min)}–${fmt(cleanTime.max)}) | – | – |`);
  rows.push(`| Terraform, 400 policies, one typo each (target ≤ 2× clean) | ${kb(typos.length)} | ${fmt(typoTime.median)} (${fmt(typoTime.min)}–${fmt(typoTime.max)}) | – | ${(typoTime.median / cleanTime.median).toFixed(2)}× clean |`);
  for (const count of [10, 100, 1_000, 10_000]) {
    const text = generateSql(count);
    const lint = stats(Array.from({ length: RUNS * 2 }, () => time(() => engine.lintText(text, { data, kind: 'redshift-sql' }))));
    rows.push(`| SQL, ${count} statements | ${kb(text.length)} | ${fmt(lint.median)} (${fmt(lint.min)}–${fmt(lint.max)}) | – | – |`);
  }
  return rows;
}

/** `gc()`, exposed for the process (the doubling rows and the engine's CPU rows collect before each timing). */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return ((globalThis as { gc?: () => void }).gc ??= runInNewContext('gc') as () => void);
}

/** CPU time (this process, ms) of `fn` after a full collection. */
function cpuTime(gc: () => void, fn: () => void): number {
  gc();
  const started = process.cpuUsage();
  fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/** The doubling check of `npm test` (test/support/doubling.ts), with a collection before each timing. */
function benchDoubling(): string[] {
  setFlagsFromString('--expose-gc');
  (globalThis as { gc?: unknown }).gc ??= runInNewContext('gc');
  return engine.DOUBLING_CASES.map((c) => {
    const r = engine.measureDoubling(c);
    return `| ${c.name} | ${kb(r.size)} → ${kb(r.sizeLarge)} | ${fmt(r.ms)} → ${fmt(r.msLarge)} | ${r.ratio.toFixed(2)}× | ≤ ${engine.MAX_DOUBLING_RATIO}× |`;
  });
}

function kb(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(1)} KB`;
}

// ---------- 2, 3, 5. language server ----------

interface Server {
  child: ChildProcess;
  connection: ProtocolConnection;
  diagnostics: (uri: string, version?: number) => Promise<number>;
  /** Standard error so far, when started with `captureStderr`. */
  stderr: () => string;
}

async function startServer(env: NodeJS.ProcessEnv = process.env, captureStderr = false, serverJs = path.join(ROOT, 'dist', 'server.js')): Promise<Server> {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', captureStderr ? 'pipe' : 'inherit'], env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; version: number | undefined; resolve: (t: number) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
    const now = performance.now();
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.uri === params.uri && (w.version === undefined || params.version === w.version)) {
        waiters.splice(i, 1);
        w.resolve(now);
      }
    }
  });
  connection.onRequest('workspace/configuration', () => [{}]);
  connection.listen();
  return {
    child,
    connection,
    diagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    stderr: () => stderr,
  };
}

async function initialize(server: Server, capabilities: object = {}): Promise<void> {
  await server.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities });
  await server.connection.sendNotification('initialized', {});
}

async function stopServer(server: Server): Promise<void> {
  try {
    await Promise.race([server.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    await server.connection.sendNotification('exit');
  } catch {
    // already gone
  }
  server.child.kill();
}

/** The 1 MB CloudFormation template of the typing benchmark: 300 managed policies. */
function typingTemplate(): string {
  return generateCloudFormationTemplate(300, 1_040_000);
}

/** Where the typing benchmarks type: inside the Sid of a statement in the middle of the document. */
function typingOffset(text: string, sidOpening: string): number {
  return text.indexOf(sidOpening, Math.floor(text.length / 2)) + sidOpening.length;
}

/**
 * CPU time (user + system, ms) the process `pid` has used so far, from /proc (clock ticks of 10 ms: read it around many
 * keystrokes, not one); undefined where /proc is not there.
 */
function processCpuMs(pid: number | undefined, mainThread = false): number | undefined {
  try {
    // The process (every thread: the collector's and the compiler's too), or its main (JavaScript) thread only.
    const stat = fs.readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime) are the 12th and 13th after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

interface TypingRun {
  latencies: number[];
  /** The server process's CPU time per keystroke (ms), averaged over the edits. */
  serverCpuPerEdit?: number;
  /** The same for its main thread only (the JavaScript; the rest is the collector's and the compiler's threads). */
  mainThreadCpuPerEdit?: number;
  /** Pull mode: how many pulls were answered `unchanged`. */
  unchanged?: number;
}

/**
 * Types `edits` characters at `insertAt` through the server (`serverJs`, this build's by default), as one of two clients:
 * - `pull`, as VS Code's (vscode-languageclient 11 with LSP 3.17 pull diagnostics): it declares the capability, sends
 *   `textDocument/diagnostic` with the last resultId right after each didChange; latency: didChange sent → pull
 *   answered (the server has no debounce in this mode);
 * - `push`, as a client without it (Neovim, Emacs): latency: didChange sent → its diagnostics published, less the
 *   server's debounce.
 */
async function typeInServer(uri: string, languageId: string, text: string, insertAt: number, edits: number, mode: 'push' | 'pull', serverJs?: string, pauseMs = 0): Promise<TypingRun> {
  const server = await startServer(process.env, false, serverJs);
  const pull = mode === 'pull';
  server.connection.onRequest('workspace/diagnostic/refresh', () => null);
  await initialize(server, pull ? { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }, workspace: { diagnostics: { refreshSupport: true } } } : {});
  let version = 1;
  let resultId: string | undefined;
  const pullNow = async (): Promise<{ kind: string; resultId?: string }> => {
    const report = await server.connection.sendRequest<{ kind: string; resultId?: string }>('textDocument/diagnostic', { textDocument: { uri }, ...(resultId ? { previousResultId: resultId } : {}) });
    resultId = report.resultId ?? resultId;
    return report;
  };
  const first = pull ? undefined : server.diagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  if (pull) await pullNow();
  else await first;
  // `pauseMs`: the first keystroke comes that long after the open's diagnostics (a person reads before typing; the
  // server warms the keystroke's path meanwhile: lsp/warmUp.ts).
  if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  const latencies: number[] = [];
  let unchanged = 0;
  const cpuBefore = processCpuMs(server.child.pid);
  const mainBefore = processCpuMs(server.child.pid, true);
  for (let i = 0; i < edits; i++) {
    version++;
    const ch = String.fromCharCode(97 + (i % 26));
    const offset = insertAt + i;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    text = text.slice(0, offset) + ch + text.slice(offset);
    const published = pull ? undefined : server.diagnostics(uri, version);
    const sent = performance.now();
    const change = server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
    });
    if (pull) {
      // vscode-languageclient pulls as soon as the didChange is sent (DiagnosticFeatureProviderImpl, onChange).
      const report = await pullNow();
      await change;
      latencies.push(performance.now() - sent);
      if (report.kind === 'unchanged') unchanged++;
    } else {
      await change;
      const at = await published!;
      latencies.push(Math.max(0, at - sent - DEBOUNCE_MS));
    }
  }
  const cpuAfter = processCpuMs(server.child.pid);
  const mainAfter = processCpuMs(server.child.pid, true);
  await stopServer(server);
  return {
    latencies,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { serverCpuPerEdit: (cpuAfter - cpuBefore) / edits } : {}),
    ...(mainBefore !== undefined && mainAfter !== undefined ? { mainThreadCpuPerEdit: (mainAfter - mainBefore) / edits } : {}),
    ...(pull ? { unchanged } : {}),
  };
}

/** Starts the server with a document open and stops it once its compile cache is written (one second after start). */
async function primeCompileCache(uri: string, languageId: string, text: string): Promise<void> {
  const server = await startServer();
  await initialize(server);
  const diagnostics = server.diagnostics(uri, 1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await diagnostics;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await stopServer(server);
}

/**
 * The engine's share of a keystroke, in CPU time (less disturbed by other processes than wall time): the same edits
 * linted in full and incrementally (with the language server's per-document cache), p50 and p95 of each; `fullEvery`:
 * the full lint of every n-th edit only (a full lint of a 1 MB template takes a second).
 */
function engineKeystrokes(text: string, insertAt: number, edits: number, options: LintOptions, fullEvery = 1): { full: ReturnType<typeof stats>; incremental: ReturnType<typeof stats>; rereads: number; edits: number; template?: CloudFormationCache['stats'] } {
  const cpu = (fn: () => void): number => {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  const cache = new engine.LintCache();
  engine.lintText(text, { ...options, cache, lines: engine.LineIndex.of(text) });
  // A template's reads from here on (the first lint read all of it).
  const first = options.host === 'cloudformation' ? { ...engine.cloudFormationCacheOf(cache).stats } : undefined;
  const full: number[] = [];
  const incremental: number[] = [];
  for (let i = 0; i < edits; i++) {
    text = text.slice(0, insertAt + i) + String.fromCharCode(97 + (i % 26)) + text.slice(insertAt + i);
    // As the language server lints: with its line index of this version (LineIndex.of, derived from the last one's).
    incremental.push(cpu(() => engine.lintText(text, { ...options, cache, lines: engine.LineIndex.of(text) })));
    if (i % fullEvery === 0) full.push(cpu(() => engine.lintText(text, options)));
  }
  return { full: stats(full), incremental: stats(incremental), rereads: cache.rereads, edits, ...(first ? { template: since(first, engine.cloudFormationCacheOf(cache).stats) } : {}) };
}

/** Counters now less counters then. */
function since<T extends Record<string, number>>(then: T, now: T): T {
  return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - then[k]!])) as T;
}

/** What a template's keystrokes re-read (hosts/cloudformationResources.ts, counted after the first lint): one scalar, one resource, or the whole template. */
function templateReads(template: CloudFormationCache['stats'], edits: number): string {
  return `keystrokes that re-read one scalar: ${template.patched} of ${edits}, one resource: ${template.parsed - template.patched}, the whole template: ${template.wholeParses}`;
}

async function benchTyping(data: IamData): Promise<string[]> {
  const policy = generatePolicy(50_000, 7);
  const template = typingTemplate();
  const rows: string[] = [];
  const policyAt = typingOffset(policy, '"Sid": "');
  const templateAt = typingOffset(template, "Sid: '");
  const server = (label: string, s: ReturnType<typeof stats>, target: string): string => `| ${label} | ${fmt(s.median)} | ${fmt(s.p95)} | ${fmt(s.max)} | ${target} |`;
  // What VS Code experiences (pull diagnostics), then a client that gets them pushed (as in the earlier runs).
  const typed = async (label: string, uri: string, languageId: string, text: string, at: number, edits: number, target: string): Promise<void> => {
    for (const mode of ['pull', 'push'] as const) {
      const run = await typeInServer(uri, languageId, text, at, edits, mode);
      const how = mode === 'pull' ? 'pull client (as VS Code): didChange sent → pull answered' : `push client: didChange sent → publish, less the ${DEBOUNCE_MS} ms debounce`;
      const notes = [
        ...(mode === 'pull' ? [target] : []),
        ...(run.serverCpuPerEdit !== undefined ? [`server CPU ${fmt(run.serverCpuPerEdit)} ms per keystroke${run.mainThreadCpuPerEdit !== undefined ? ` (main thread ${fmt(run.mainThreadCpuPerEdit)})` : ''}`] : []),
        ...(run.unchanged !== undefined ? [`${run.unchanged} of ${edits} answered "unchanged"`] : []),
      ];
      rows.push(server(`${label}, ${edits} single-character edits, ${how}`, stats(run.latencies), notes.join('; ')));
    }
  };
  // VS Code starts the server with its compile cache (server/src/bootstrap/compileCache.ts), written one second into
  // the first start after an install. The build has just rewritten the bundles, so the first start here would have no
  // cache (every function compiled when first called) and would write it in the middle of the typing: one start
  // first, with the policy open for as long as the write waits, as a person's earlier session.
  await primeCompileCache('file:///bench/typing.policy.json', 'json', policy);
  await typed('50 KB policy', 'file:///bench/typing.policy.json', 'json', policy, policyAt, 200, 'p95 < 5 ms');
  // The same pull client typing 1 s after the open, as a person does (the server idle meanwhile).
  const paused = await typeInServer('file:///bench/typing.policy.json', 'json', policy, policyAt, 200, 'pull', undefined, 1000);
  rows.push(
    server(
      '50 KB policy, 200 single-character edits, pull client (as VS Code), first keystroke 1 s after the open',
      stats(paused.latencies),
      `first 10 keystrokes: median ${fmt(stats(paused.latencies.slice(0, 10)).median)} ms${paused.serverCpuPerEdit !== undefined ? `; server CPU ${fmt(paused.serverCpuPerEdit)} ms per keystroke${paused.mainThreadCpuPerEdit !== undefined ? ` (main thread ${fmt(paused.mainThreadCpuPerEdit)})` : ''}` : ''}`,
    ),
  );
  await typed(`CloudFormation template, 300 policies, ${kb(template.length)}`, 'file:///bench/typing-template.yaml', 'yaml', template, templateAt, 50, 'p95 < 10 ms');
  const engine = (label: string, r: ReturnType<typeof engineKeystrokes>): string[] => [
    `| ${label}, engine only, full lint (CPU ms) | ${fmt(r.full.median)} | ${fmt(r.full.p95)} | ${fmt(r.full.max)} | |`,
    // A policy file's keystrokes re-read only the edited statement (iam/document.ts): how many did.
    `| ${label}, engine only, incremental (CPU ms) | ${fmt(r.incremental.median)} | ${fmt(r.incremental.p95)} | ${fmt(r.incremental.max)} | ${(r.full.median / r.incremental.median).toFixed(1)}× faster than full (p50)${r.rereads > 0 ? `; ${r.rereads} of ${r.edits} keystrokes re-read one statement` : ''}${r.template ? `; ${templateReads(r.template, r.edits)}` : ''} |`,
  ];
  rows.push(...engine('50 KB policy', engineKeystrokes(policy, policyAt, 100, { data, kind: 'iam-policy' })));
  // 100 keystrokes (the p95 of 20 was their largest), the full lint of every fifth.
  rows.push(...engine(`CloudFormation template ${kb(template.length)}`, engineKeystrokes(template, templateAt, 100, { data, kind: 'iam-policy', host: 'cloudformation' }, 5)));
  // The same template written as JSON (an edit inside one resource re-parses that resource: hosts/cloudformationResources.ts).
  const jsonTemplate = generateCloudFormationJsonTemplate(300, 1_040_000);
  rows.push(...engine(`CloudFormation JSON template ${kb(jsonTemplate.length)}`, engineKeystrokes(jsonTemplate, typingOffset(jsonTemplate, '"Sid": "'), 100, { data, kind: 'iam-policy', host: 'cloudformation' }, 5)));
  return rows;
}

async function benchColdStart(): Promise<string[]> {
  // With V8's code cache (the normal case from the second start on: server/src/bootstrap/compileCache.ts) in a
  // cache directory of this run, and with the cache off (a first start). The environment is this process's without
  // NODE_EXTRA_CA_CERTS: Node 20 parses its bundle and every root certificate before any JavaScript runs (~35 ms on
  // this machine, which sets it for a proxy; an editor passes it on only when its user set it), so it has a row of its
  // own. The kinds of start take turns, so a busy machine slows them alike.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-bench-compile-cache-'));
  try {
    const user: NodeJS.ProcessEnv = { ...process.env };
    delete user.NODE_EXTRA_CA_CERTS;
    const cached = { ...user, GRANTCHECK_COMPILE_CACHE: cacheDir };
    // Warm-up: a first start as an editor makes it (initialize, then the open policy is linted), living until its
    // compile cache is written a second after start: the cache then holds what a start and a first lint compile.
    const warmUp = await startServer(cached);
    await initialize(warmUp);
    const warmDiagnostics = warmUp.diagnostics(COLD_URI);
    await warmUp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: COLD_URI, languageId: 'json', version: 1, text: COLD_POLICY } });
    await warmDiagnostics;
    const caches = (): number => fs.readdirSync(cacheDir).filter((f) => f.endsWith('.cache')).length;
    for (let i = 0; i < 100 && caches() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    // Then, once the main bundle's cache is written (so it holds what a policy start compiles, no more), a SQL script,
    // a Terraform file and a profile look-alike, so the chunks they load (scripts/serverChunks.mjs) have their caches too.
    await openAndWait(warmUp, COLD_SQL);
    await openAndWait(warmUp, COLD_TERRAFORM);
    await openAndWait(warmUp, COLD_LOOK_ALIKE);
    for (let i = 0; i < 100 && caches() < 4; i++) await new Promise((r) => setTimeout(r, 50));
    await stopServer(warmUp);
    const extraCa = process.env.NODE_EXTRA_CA_CERTS;
    const samples = { warm: [] as ColdSample[], off: [] as ColdSample[], extraCa: [] as ColdSample[], traced: [] as ColdSample[], node: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      samples.warm.push(await coldStart(cached));
      samples.off.push(await coldStart({ ...user, GRANTCHECK_COMPILE_CACHE: 'off' }));
      if (extraCa) samples.extraCa.push(await coldStart({ ...cached, NODE_EXTRA_CA_CERTS: extraCa }));
      // Where a cached start goes, from the server's own clock (GRANTCHECK_DEBUG_STARTUP=1).
      samples.traced.push(await coldStart({ ...cached, GRANTCHECK_DEBUG_STARTUP: '1' }, true, true));
      const t0 = performance.now();
      spawnSync(process.execPath, ['-e', '0'], { env: user, stdio: 'ignore' });
      samples.node.push(performance.now() - t0);
    }
    const row = (what: string, values: number[], target = ''): string => {
      const s = stats(values);
      return `| ${what} | ${fmt(s.median)} | ${fmt(s.min)}–${fmt(s.max)} | ${target} |`;
    };
    const of = (list: ColdSample[], key: keyof ColdSample): number[] => list.map((s) => s[key]).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    const faults = (key: keyof ColdSample): string => {
      const values = of(samples.traced, key);
      return values.length ? `; ${stats(values).median.toLocaleString('en-US')} page faults` : '';
    };
    const rows = [
      row('spawn → initialize result', of(samples.warm, 'init')),
      row('spawn → first diagnostics (5 services)', of(samples.warm, 'first'), '≤ 150 ms'),
      row('spawn → initialize result, no compile cache (first start)', of(samples.off, 'init')),
      row('spawn → first diagnostics, no compile cache (first start)', of(samples.off, 'first')),
    ];
    if (extraCa) rows.push(row('spawn → first diagnostics with this machine\'s NODE_EXTRA_CA_CERTS', of(samples.extraCa, 'first')));
    rows.push(row('Node alone: spawn → exit of `node -e 0` (the floor)', samples.node));
    if (of(samples.warm, 'cpu').length) rows.push(row('server main thread CPU time, spawn → first diagnostics', of(samples.warm, 'cpu')));
    if (of(samples.traced, 'cpuCompile').length) {
      rows.push(
        row('server main thread CPU time: bundle read + compiled from the code cache', of(samples.traced, 'cpuCompile')),
        row('server main thread CPU time: bundle evaluated', of(samples.traced, 'cpuEvaluate')),
      );
    }
    if (of(samples.warm, 'cpuLint').length) rows.push(row('server main thread CPU time: initialize answered → first diagnostics (the first lint)', of(samples.warm, 'cpuLint')));
    rows.push(
      row(`in the server: Node's own start (process start → loader${faults('nodeFaults')})`, of(samples.traced, 'node')),
      row(`in the server: bundle read + compiled from the code cache (cache hit${faults('compileFaults')})`, of(samples.traced, 'compile')),
      row(`in the server: bundle evaluated (module top levels, connection${faults('evaluateFaults')})`, of(samples.traced, 'evaluate')),
      row(`in the server: evaluated → initialize answered (${faults('initializeFaults').slice(2) || 'page faults unknown'})`, of(samples.traced, 'initialize')),
      row(`in the server: initialize answered → first diagnostics sent (${faults('lintFaults').slice(2) || 'page faults unknown'})`, of(samples.traced, 'lint')),
      // What the chunks moved out of the start costs later: the first document that needs one (its compile cache written).
      row('then the first SQL script: didOpen → diagnostics (loads chunk-sql.js)', of(samples.traced, 'sql')),
      row('then the first Terraform file: didOpen → diagnostics (loads chunk-hosts.js)', of(samples.traced, 'terraform')),
      row('then a policy that looks like a built-in profile: didOpen → diagnostics (loads chunk-profiles.js)', of(samples.traced, 'lookAlike')),
    );
    return rows;
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

const COLD_URI = 'file:///bench/cold.policy.json';
/** Opened after the policy: the first documents of their kinds, which load the server's chunks. */
const COLD_SQL = { uri: 'file:///bench/cold.sql', languageId: 'sql', text: "CREATE GROUP analysts;\nCREATE USER bob PASSWORD DISABLE;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts;\n" };
const COLD_TERRAFORM = {
  uri: 'file:///bench/cold.tf',
  languageId: 'terraform',
  text: 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }] })\n}\n',
};

/**
 * Opened last: an unbound policy that reproduces a built-in profile (iam/profile-suggestion names it), the first
 * document that needs whole profiles (the start reads only their index: profiles/builtinIndex.ts).
 */
const COLD_LOOK_ALIKE = { uri: 'file:///bench/artie.policy.json', languageId: 'json', text: PROFILE_LOOK_ALIKE_POLICY };

/** Opens a document and resolves with the milliseconds until its diagnostics arrive. */
async function openAndWait(server: Server, doc: { uri: string; languageId: string; text: string }): Promise<number> {
  const t0 = performance.now();
  const published = server.diagnostics(doc.uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { ...doc, version: 1 } });
  return (await published) - t0;
}

/** One start: wall times from spawn; with `traced`, the server's own phases (GRANTCHECK_DEBUG_STARTUP=1). */
interface ColdSample {
  init: number;
  first: number;
  /** CPU time of the server's main thread until the first diagnostics arrived (Linux: /proc schedstat). */
  cpu?: number;
  /** The same from the `initialize` answer to the first diagnostics (the server is idle in between): the first lint. */
  cpuLint?: number;
  /** With `traced`: the main thread's CPU time reading the bundle and its code cache, and evaluating it (the loader's marks). */
  cpuCompile?: number;
  cpuEvaluate?: number;
  node?: number;
  compile?: number;
  evaluate?: number;
  initialize?: number;
  lint?: number;
  nodeFaults?: number;
  compileFaults?: number;
  evaluateFaults?: number;
  initializeFaults?: number;
  lintFaults?: number;
  /** With `follow`: a SQL script, a Terraform file, then a profile look-alike opened after the first diagnostics, each to its diagnostics. */
  sql?: number;
  terraform?: number;
  lookAlike?: number;
}

/** CPU time of a process's main thread so far in ms (Linux: /proc schedstat, nanoseconds), or undefined. */
function threadCpuMs(pid: number | undefined): number | undefined {
  try {
    const ns = Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isNaN(ns) ? undefined : ns / 1e6;
  } catch {
    return undefined;
  }
}

async function coldStart(env: NodeJS.ProcessEnv, traced = false, follow = false): Promise<ColdSample> {
  const t0 = performance.now();
  const server = await startServer(env, traced);
  await initialize(server);
  const t1 = performance.now();
  const cpuAtInitialize = threadCpuMs(server.child.pid);
  const published = server.diagnostics(COLD_URI);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: COLD_URI, languageId: 'json', version: 1, text: COLD_POLICY } });
  const t2 = await published;
  const cpu = threadCpuMs(server.child.pid);
  const sample: ColdSample = {
    init: t1 - t0,
    first: t2 - t0,
    ...(cpu !== undefined ? { cpu } : {}),
    ...(cpu !== undefined && cpuAtInitialize !== undefined ? { cpuLint: cpu - cpuAtInitialize } : {}),
  };
  if (follow) {
    sample.sql = await openAndWait(server, COLD_SQL);
    sample.terraform = await openAndWait(server, COLD_TERRAFORM);
    sample.lookAlike = await openAndWait(server, COLD_LOOK_ALIKE);
  }
  if (traced) {
    for (let wait = 0; wait < 100 && !/first diagnostics sent/.test(server.stderr()); wait++) await new Promise((r) => setTimeout(r, 20));
    const trace = server.stderr();
    const num = (re: RegExp): number => Number(re.exec(trace)?.[1] ?? NaN);
    const loader = num(/loader at ([\d.]+) ms/);
    const compiled = num(/compiled in ([\d.]+) ms/);
    const evaluated = num(/evaluated in ([\d.]+) ms/);
    const answered = num(/initialize answered ([\d.]+) ms/);
    const sent = num(/first diagnostics sent ([\d.]+) ms/);
    if ([loader, compiled, evaluated, answered, sent].some(Number.isNaN)) throw new Error(`no start-up trace from the server:\n${trace}`);
    const before = num(/page faults: (\d+) before the loader/);
    const compileFaults = num(/(\d+) compile,/);
    const evaluateFaults = num(/(\d+) evaluation/);
    const atInitialize = num(/initialize answered [\d.]+ ms after the process started \((\d+) page faults\)/);
    const atFirst = num(/first diagnostics sent [\d.]+ ms after the process started \((\d+) page faults\)/);
    // The loader's main-thread CPU marks (Linux only: absent elsewhere).
    const cpuCompile = num(/main thread CPU: [\d.]+ ms before the loader, ([\d.]+) compile/);
    const cpuEvaluate = num(/main thread CPU: [\d.]+ ms before the loader, [\d.]+ compile, ([\d.]+) evaluation/);
    if (!Number.isNaN(cpuCompile)) Object.assign(sample, { cpuCompile, cpuEvaluate });
    Object.assign(sample, {
      node: loader,
      compile: compiled,
      evaluate: evaluated,
      initialize: answered - (loader + compiled + evaluated),
      lint: sent - answered,
      nodeFaults: before,
      compileFaults,
      evaluateFaults,
      initializeFaults: atInitialize - (before + compileFaults + evaluateFaults),
      lintFaults: atFirst - atInitialize,
    });
  }
  await stopServer(server);
  return sample;
}

async function benchServerMemory(data: IamData): Promise<string[]> {
  const services = data.servicePrefixes();
  const server = await startServer();
  await initialize(server);
  const pending: Promise<number>[] = [];
  for (let i = 0; i < 100; i++) {
    const prefixA = services[(i * 7) % services.length]!;
    const prefixB = services[(i * 13 + 50) % services.length]!;
    const actionsA = data.actions(prefixA).slice(0, 5).map((a) => `${prefixA}:${a.name}`);
    const actionsB = data.actions(prefixB).slice(0, 5).map((a) => `${prefixB}:${a.name}`);
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actionsA, Resource: '*' }, { Effect: 'Allow', Action: actionsB, Resource: '*' }] }, null, 2);
    const uri = `file:///bench/mem/p${i}.policy.json`;
    pending.push(server.diagnostics(uri));
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  }
  await Promise.all(pending);
  const rss = readRssKb(server.child.pid!);
  await stopServer(server);
  return [`| server RSS after opening 100 policies across ~100 services | ${(rss / 1024).toFixed(0)} MB | < 150 MB |`];
}

function readRssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

// ---------- 4. repository scale ----------

/**
 * One CLI process on a generated repository, with one thread (`--jobs 1`) and with one thread per core (at least
 * two: n − 1 workers linting while the main thread reads the files and writes the report, cli/lintPool.ts),
 * interleaved, in the same run: wall time and
 * the peak RSS of the whole process (every thread: getrusage's maxRSS), and its CPU time (every thread: user +
 * system). The first row is the corpus of earlier runs (policies and SQL only), with one thread. The default is one
 * thread per core from MIN_CORES_FOR_POOL cores on (at most one worker per 400 files), one thread below.
 */
function benchRepository(): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-bench-repo-'));
  try {
    const scale = QUICK ? { policies: REPOSITORY_SCALE.policies / 10, scripts: REPOSITORY_SCALE.scripts / 10, templates: REPOSITORY_SCALE.templates / 10 } : REPOSITORY_SCALE;
    const { policies, scripts, templates } = scale;
    // Policies in 100 folders, SQL scripts, half Terraform and half CloudFormation (test/support/benchInputs.ts).
    for (const file of repositoryFiles(scale)) {
      const full = path.join(dir, ...file.path.split('/'));
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, file.text);
    }
    const wrapper = `const fs=require('fs');process.on('exit',()=>{const r=process.resourceUsage();fs.writeSync(2,'\\nMAXRSS '+r.maxRSS+' CPU '+(r.userCPUTime+r.systemCPUTime)+'\\n')});require(${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))});`;
    interface Measured {
      walls: number[];
      cpus: number[];
      rssKb: number;
      stdout: string;
    }
    const runOnce = (args: string[], into: Measured): void => {
      const t0 = performance.now();
      const result = spawnSync(process.execPath, ['-e', wrapper, 'cli', '--format', 'json', '--quiet', ...args], { cwd: dir, maxBuffer: 1 << 30, encoding: 'utf8' });
      into.walls.push(performance.now() - t0);
      const usage = /MAXRSS (\d+) CPU (\d+)/.exec(result.stderr);
      into.rssKb = Math.max(into.rssKb, Number(usage?.[1] ?? 0));
      into.cpus.push(Number(usage?.[2] ?? 0) / 1000);
      if (result.status !== 0 && result.status !== 1) throw new Error(`CLI failed (${result.status}): ${result.stderr.slice(0, 500)}`);
      into.stdout = result.stdout;
    };
    /** Runs each variant in turn, so a shared machine's load falls on all of them alike. */
    const interleaved = (variants: string[][]): Measured[] => {
      const measured = variants.map((): Measured => ({ walls: [], cpus: [], rssKb: 0, stdout: '' }));
      for (let i = 0; i < (QUICK ? 1 : 3); i++) variants.forEach((args, v) => runOnce(args, measured[v]!));
      return measured;
    };
    const row = (label: string, m: Measured, target: string): string => {
      const wall = stats(m.walls);
      return `| ${label} | ${(wall.median / 1000).toFixed(2)} s (${(wall.min / 1000).toFixed(2)}–${(wall.max / 1000).toFixed(2)}; CPU ${(stats(m.cpus).median / 1000).toFixed(1)} s) | ${(m.rssKb / 1024).toFixed(0)} MB | ${target} |`;
    };
    const n = (count: number): string => count.toLocaleString('en');
    const cores = os.availableParallelism();
    const threads = Math.max(2, cores);
    const [old, single, pool] = interleaved([
      ['--jobs', '1', 'policies', 'sql'],
      ['--jobs', '1', '.'],
      ['--jobs', String(threads), '.'],
    ]) as [Measured, Measured, Measured];
    if (pool.stdout !== single.stdout) throw new Error('the pool and --jobs 1 wrote different reports');
    const corpus = `${n(policies)} policies + ${n(scripts)} SQL scripts + ${n(templates)} Terraform/CloudFormation files`;
    const poolDefault = cores >= MIN_CORES_FOR_POOL;
    return [
      row(`CLI on ${n(policies)} policies + ${n(scripts)} SQL scripts`, old, '< 10 s, < 300 MB'),
      row(`CLI on ${corpus}, one thread (--jobs 1${poolDefault ? '' : `; the default below ${MIN_CORES_FOR_POOL} cores`})`, single, poolDefault ? '–' : '≤ 3 s, ≤ 150 MB'),
      row(`CLI on ${corpus}, ${threads} threads (--jobs ${threads}: ${threads - 1} worker${threads > 2 ? 's' : ''} linting, the main thread reading and reporting${poolDefault ? '; the default' : ''}; same report as --jobs 1)`, pool, '≤ 3 s, ≤ 150 MB'),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- 6. package ----------

function benchPackage(): string[] {
  const rows: string[] = [];
  for (const file of ['client.js', 'server.js', 'cli.js']) {
    const full = path.join(ROOT, 'dist', file);
    if (fs.existsSync(full)) rows.push(`| dist/${file} | ${kb(fs.statSync(full).size)} | |`);
  }
  const dataDir = path.join(ROOT, 'dist', 'iam-data');
  if (fs.existsSync(dataDir)) rows.push(`| dist/iam-data (AWS data, uncompressed) | ${kb(dirSize(dataDir))} | |`);
  const vsix = fs.readdirSync(ROOT).filter((f) => f.endsWith('.vsix')).sort().pop();
  if (vsix) rows.push(`| ${vsix} | ${kb(fs.statSync(path.join(ROOT, vsix)).size)} | < 3 MB |`);
  else rows.push('| .vsix | not built (run `npm run package` first) | < 3 MB |');
  return rows;
}

function dirSize(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? dirSize(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
}

// ---------- peers ----------

function benchPeers(): string[] {
  const rows: string[] = [];
  for (const [name, variable] of [['Parliament', 'PARLIAMENT'], ['sqlfluff', 'SQLFLUFF']] as const) {
    const command = process.env[variable];
    if (!command) {
      rows.push(`| ${name} | not measured: set \`${variable}\` to its command to compare (it is not an npm package) |`);
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-peer-'));
    const file = path.join(dir, name === 'Parliament' ? 'p.json' : 's.sql');
    fs.writeFileSync(file, name === 'Parliament' ? generatePolicy(3_000) : generateSql(50));
    const walls = Array.from({ length: 3 }, () => time(() => spawnSync('sh', ['-c', `${command} ${JSON.stringify(file)}`], { stdio: 'ignore' })));
    rows.push(`| ${name} (\`${command}\`) on one ${name === 'Parliament' ? '3 KB policy' : '50-statement script'} | ${fmt(stats(walls).median)} ms per process |`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('run `npm run build` first');
  engine = await loadShippedEngine();
  // The AWS data as the shipped server and CLI read it (dist/iam-data, written by the build).
  const data = new engine.IamData(engine.createDataFileReader(path.join(ROOT, 'dist', 'iam-data')));
  const started = Date.now();
  const section = (title: string, rows: string[]): string => `## ${title}\n\n${rows.join('\n')}\n`;
  const sections: string[] = [];
  const run = async (key: string, title: string, header: string[], rows: () => string[] | Promise<string[]>): Promise<void> => {
    if (!selected(key)) return;
    console.log(`${key}…`);
    sections.push(section(title, [...header, ...(await rows())]));
  };
  await run('engine', '1. Engine lint time (targets: 1 MB policy ≤ 3× parseTree; 5 KB policy < 2 ms)', [], () => benchEngine(data));
  await run('doubling', '1b. Doubling an input (CPU time, fastest of 4 after a collection; the same check runs in `npm test`)', ['| input | size | lint ms CPU | ratio | target |', '|---|---|---|---|---|'], benchDoubling);
  await run('typing', '2. Typing latency in the language server (stdio): a pull client as VS Code, a push client (debounce excluded); and the engine\'s share of a keystroke', ['| scenario | p50 ms | p95 ms | max ms | target |', '|---|---|---|---|---|'], () => benchTyping(data));
  await run('cold', '3. Cold start', ['| step | median ms | range ms | target |', '|---|---|---|---|'], benchColdStart);
  await run('repo', '4. Repository scale (one CLI process, one thread and its worker pool)', ['| scenario | wall time | peak RSS | target |', '|---|---|---|---|'], benchRepository);
  await run('memory', '5. Memory', ['| scenario | RSS | target |', '|---|---|---|'], () => benchServerMemory(data));
  await run('package', '6. Package', ['| artefact | size | target |', '|---|---|---|'], benchPackage);
  await run('peers', 'Peers', ['| tool | result |', '|---|---|'], benchPeers);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const heading = [
    '# GrantCheck benchmarks',
    '',
    `Written by \`npm run bench\`${QUICK ? ' (--quick)' : ''}${ONLY ? ` (--only=${ONLY.join(',')}: the other sections are from an earlier run)` : ''} on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    `Medians of ${RUNS}+ runs unless stated; the whole run took ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  const previousFile = path.join(ROOT, 'BENCHMARKS.md');
  const previous = fs.existsSync(previousFile) ? fs.readFileSync(previousFile, 'utf8') : '';
  const notesFile = path.join(ROOT, 'BENCHMARKS.notes.md');
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : '';
  const fresh = sections.map((text) => (previous ? addPreviousColumn(text, previous) : text));
  const body = ONLY ? replaceSections(withoutNotes(previous, notes), fresh) : fresh.join('\n');
  const out = `${heading}\n${body.trimEnd()}\n${notes ? `\n${notes}` : ''}`;
  fs.writeFileSync(previousFile, out);
  console.log(fresh.join('\n'));
}

/** The sections of a BENCHMARKS.md (from its first `## ` to the notes), without its heading and notes. */
function withoutNotes(file: string, notes: string): string {
  const firstNotesLine = notes.split('\n')[0] ?? '';
  const cut = firstNotesLine ? file.indexOf(`\n${firstNotesLine}`) : -1;
  const sections = cut >= 0 ? file.slice(0, cut) : file;
  const first = sections.indexOf('\n## ');
  return first >= 0 ? sections.slice(first + 1) : '';
}

/** Replaces each section of `body` whose number (or title) a fresh section has; appends fresh sections it lacks. */
export function replaceSections(body: string, fresh: readonly string[]): string {
  const parts = body.split(/^(?=## )/m).filter((p) => p.trim() !== '');
  const id = (part: string): string => /^## (\S+)/.exec(part)?.[1] ?? part;
  const out = parts.map((part) => {
    const replacement = fresh.find((f) => id(f) === id(part));
    return replacement ? `${replacement}\n` : part;
  });
  for (const f of fresh) if (!parts.some((p) => id(p) === id(f))) out.push(`${f}\n`);
  return out.join('');
}

/**
 * Adds a "previous run" column to every table: the measured cells (all but the first, size and target columns) of
 * the row with the same label and size in the BENCHMARKS.md being replaced, or "–" for a new row.
 */
export function addPreviousColumn(current: string, previous: string): string {
  const cells = (line: string): string[] => line.slice(1, -1).split('|').map((c) => c.trim());
  const key = (c: string[]): string => `${c[0]}|${/\d.*(KB|MB)$/.test(c[1] ?? '') ? c[1] : ''}`;
  const old = new Map<string, string[]>();
  let dropLast = false; // the previous file's own "previous run" column
  let inTable = false;
  for (const line of previous.split('\n')) {
    if (!line.startsWith('|')) inTable = false;
    else if (!inTable) {
      inTable = true;
      dropLast = line.includes('previous run');
    } else if (!line.startsWith('|---')) {
      const c = cells(line);
      old.set(key(c), dropLast ? c.slice(0, -1) : c);
    }
  }
  let header = true;
  return current
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) {
        header = true;
        return line;
      }
      if (line.startsWith('|---')) return line + '---|';
      if (header) {
        header = false;
        return line + ' previous run |';
      }
      const c = cells(line);
      const before = old.get(key(c));
      const measured = before ? before.slice(1).filter((v, i) => !(i === 0 && /(KB|MB)$/.test(v)) && !/^(<|≤|p95 <)/.test(v) && v !== '') : undefined;
      return line + ` ${measured && measured.length > 0 ? measured.join(' · ') : '–'} |`;
    })
    .join('\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
