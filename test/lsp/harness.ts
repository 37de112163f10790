// A minimal LSP client for tests: starts dist/server.js (stdio or IPC), answers its requests and records diagnostics.

import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const ROOT = path.resolve(__dirname, '..', '..');
/**
 * Upper bounds for one protocol step. They only matter when something is wrong (a healthy server
 * answers in milliseconds), so they are generous enough for a machine busy running other tests.
 */
export const STARTUP_TIMEOUT_MS = 30_000;
export const STEP_TIMEOUT_MS = 15_000;
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface HarnessOptions {
  transport: 'stdio' | 'ipc';
  /** Advertise `workspace.configuration` and answer `workspace/configuration` with `settings`. */
  pullConfiguration: boolean;
  settings?: Record<string, unknown>;
  initializationOptions?: unknown;
  /**
   * Declare LSP 3.17 pull diagnostics as VS Code's client does (`textDocument.diagnostic`, and
   * `workspace.diagnostics.refreshSupport` unless `refreshSupport` is false). Without it the server pushes.
   */
  pullDiagnostics?: boolean | { refreshSupport: boolean };
}

export interface Publish extends PublishDiagnosticsParams {
  /** Order of arrival (0, 1, 2, …); lets tests tell old publishes from new ones. */
  seq: number;
}

export class LspHarness {
  readonly connection: ProtocolConnection;
  readonly publishes: Publish[] = [];
  /** Messages of window/logMessage, in order. */
  readonly logs: string[] = [];
  /** Notifications of window/showMessage (type 1 error, 2 warning, 3 info), in order. */
  readonly shownMessages: { type: number; message: string }[] = [];
  /** Capabilities the server registered dynamically (client/registerCapability). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** How many `workspace/diagnostic/refresh` requests the server sent. */
  refreshes = 0;
  /** What `workspace/configuration` answers for the `grantcheck` section. */
  settings: Record<string, unknown>;
  stderr = '';
  exitCode: number | null | undefined;
  private seq = 0;
  private readonly listeners = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    connection: ProtocolConnection,
    private readonly options: HarnessOptions,
  ) {
    this.connection = connection;
    this.settings = options.settings ?? {};
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      // Standard error is something the server sends too (debug traces tests wait on).
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
        this.notify();
      });
    });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publishes.push({ ...params, seq: this.seq++ });
      this.notify();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      this.shownMessages.push({ type: params.type, message: params.message });
      this.notify();
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.notify();
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.notify();
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'grantcheck' ? this.settings : null)),
    );
    connection.listen();
  }

  static start(options: HarnessOptions): LspHarness {
    if (!fs.existsSync(SERVER)) {
      throw new Error(`${path.relative(ROOT, SERVER)} is missing: run \`npm run build\` first (\`npm test\` builds before testing).`);
    }
    if (options.transport === 'stdio') {
      const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
      return new LspHarness(child, connection, options);
    }
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    return new LspHarness(child, connection, options);
  }

  async initialize(rootUri: string | null): Promise<InitializeResult> {
    const pull = this.options.pullDiagnostics;
    const refreshSupport = pull !== undefined && pull !== false && (pull === true || pull.refreshSupport);
    const result = await this.within(
      this.connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri,
        capabilities: {
          workspace: {
            configuration: this.options.pullConfiguration,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
            ...(refreshSupport ? { diagnostics: { refreshSupport: true } } : {}),
          },
          textDocument: {
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true },
          },
        },
        initializationOptions: this.options.initializationOptions ?? null,
      }),
      STARTUP_TIMEOUT_MS,
      'initialize',
    );
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | null)[] | null> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.within(
      this.connection.sendRequest<(CodeAction | null)[] | null>('textDocument/codeAction', {
        textDocument: { uri },
        range,
        context: { diagnostics, ...(only ? { only } : {}) },
      }),
      STEP_TIMEOUT_MS,
      'textDocument/codeAction',
    );
  }

  /** Any request, answered within the step timeout (a server that stopped answering fails the test, never hangs it). */
  request<T>(method: string, params: unknown): Promise<T> {
    return this.within(this.connection.sendRequest<T>(method, params), STEP_TIMEOUT_MS, method);
  }

  /** `textDocument/diagnostic` (pull diagnostics), answered within the step timeout. */
  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId !== undefined ? { previousResultId } : {}) });
  }

  /** The sequence number the next publish will get. */
  mark(): number {
    return this.seq;
  }

  /** Waits for a publish for `uri` (after `since`) that satisfies `accept`. */
  waitForDiagnostics(uri: string, accept: (p: Publish) => boolean, what: string, since = 0, timeoutMs = STEP_TIMEOUT_MS): Promise<Publish> {
    return this.waitFor(
      () => this.publishes.find((p) => p.seq >= since && p.uri === uri && accept(p)),
      timeoutMs,
      () => {
        const seen = this.publishes.filter((p) => p.uri === uri && p.seq >= since).map((p) => p.diagnostics.map((d) => d.code));
        return `timed out after ${timeoutMs} ms waiting for ${what} on ${uri}; publishes seen: ${JSON.stringify(seen)}`;
      },
      () => `server exited (${this.exitCode}) while waiting for ${what}. stderr: ${this.stderr}`,
    );
  }

  /** Waits until `condition` holds (checked whenever the server sends something). */
  async waitUntil(condition: () => boolean, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await this.waitFor(() => (condition() ? true : undefined), timeoutMs, () => `timed out after ${timeoutMs} ms waiting for ${what}`);
  }

  /**
   * Resolves with the first value `probe` finds, checked now and whenever the server sends something. Rejects
   * after `timeoutMs`, or as soon as the server has exited when `exitMessage` is given.
   */
  private waitFor<T>(probe: () => T | undefined, timeoutMs: number, timeoutMessage: () => string, exitMessage?: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const hit = probe();
        if (hit !== undefined) done(() => resolve(hit));
        else if (exitMessage && this.exitCode !== undefined) done(() => reject(new Error(exitMessage())));
      };
      const timer = setTimeout(() => done(() => reject(new Error(timeoutMessage()))), timeoutMs);
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits `ms` and returns every publish for `uri` after `since` (for "no diagnostics" checks). */
  async publishesDuring(uri: string, since: number, ms: number): Promise<Publish[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.publishes.filter((p) => p.uri === uri && p.seq >= since);
  }

  /** shutdown + exit; resolves with the process exit code. */
  async shutdown(): Promise<number | null> {
    await this.within(this.connection.sendRequest('shutdown'), STEP_TIMEOUT_MS, 'shutdown');
    await this.connection.sendNotification('exit');
    return this.within(this.exited, STEP_TIMEOUT_MS, 'the server process to exit after `exit`');
  }

  /** Always safe to call: ends the connection and kills the child if it is still running. */
  dispose(): void {
    this.connection.dispose();
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}. Server stderr: ${this.stderr || '(empty)'}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
