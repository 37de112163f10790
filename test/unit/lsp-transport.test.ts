// The language server's message writer (server/src/lsp/transport.ts): each message in one write, byte for byte what
// vscode-jsonrpc's stream writer sends, in the order written, never split or interleaved; errors reported as the
// library reports them; the transport argument read as the library reads it; and the real server answering over a
// socket and a named pipe (standard input and output: every test/lsp test through the harness).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createProtocolConnection, SocketMessageReader, SocketMessageWriter, StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-languageserver-protocol/node';
import { consoleToClient, FramedMessageWriter, frameMessage, transportArgument } from '../../server/src/lsp/transport';
import { prng, type Rng } from '../support/prng';

const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');
const PIECES = ['a', 'Z', ' ', '"', '\\', '\n', '\r\n', '\t', '\u0000', 'é', 'ü', '€', '😀', '\ud800', '{"x":1}', '\u2028'];

function randomString(rng: Rng, max: number): string {
  let s = '';
  const n = Math.floor(rng() * max);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rng() * PIECES.length)]!;
  return s;
}

function randomMessage(rng: Rng, id: number): Message {
  const kind = rng();
  const params = { text: randomString(rng, rng() < 0.05 ? 5000 : 40), n: rng() * 1e6, list: [randomString(rng, 5), null, true] };
  if (kind < 0.4) return { jsonrpc: '2.0', id, method: 'm/' + randomString(rng, 4), params } as Message;
  if (kind < 0.7) return { jsonrpc: '2.0', method: 'n', params } as Message;
  return { jsonrpc: '2.0', id, result: rng() < 0.2 ? null : params } as Message;
}

/** The chunks a stream was given, one per write() call. */
function recorder(): { stream: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, chunks };
}

describe('FramedMessageWriter', () => {
  it('sends each message in one write, byte for byte what the library writer sends in two', async () => {
    const rng = prng(19);
    const messages = Array.from({ length: 300 }, (_, i) => randomMessage(rng, i));
    const ours = recorder();
    const library = recorder();
    const framed = new FramedMessageWriter(ours.stream);
    const reference = new StreamMessageWriter(library.stream);
    for (const message of messages) {
      await framed.write(message);
      await reference.write(message);
    }
    assert.equal(ours.chunks.length, messages.length, 'one write per message');
    assert.equal(library.chunks.length, 2 * messages.length, 'the library writes header and body apart');
    assert.ok(Buffer.concat(ours.chunks).equals(Buffer.concat(library.chunks)), 'the same bytes');
    for (let i = 0; i < messages.length; i++) assert.ok(ours.chunks[i]!.equals(Buffer.concat([library.chunks[2 * i]!, library.chunks[2 * i + 1]!])), `message ${i}`);
    assert.ok(frameMessage(messages[0]!).equals(ours.chunks[0]!));
  });

  it('keeps the order of messages written without waiting, each whole, and a reader reads them all', async () => {
    const rng = prng(7);
    const messages = Array.from({ length: 200 }, (_, i) => randomMessage(rng, i));
    // A slow stream (its callbacks come later, some writes are buffered): order and framing must hold anyway.
    const chunks: Buffer[] = [];
    const pipe = new PassThrough({ highWaterMark: 64 });
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        pipe.write(chunk);
        setImmediate(callback);
      },
    });
    const writer = new FramedMessageWriter(slow);
    const received: Message[] = [];
    const reader = new StreamMessageReader(pipe);
    const all = new Promise<void>((resolve) => {
      reader.listen((message) => {
        received.push(message);
        if (received.length === messages.length) resolve();
      });
    });
    await Promise.all(messages.map((m) => writer.write(m)));
    await all;
    assert.deepEqual(received, JSON.parse(JSON.stringify(messages)));
    assert.equal(chunks.length, messages.length);
    for (let i = 0; i < messages.length; i++) assert.ok(chunks[i]!.equals(frameMessage(messages[i]!)), `write ${i} is message ${i}, whole`);
    reader.dispose();
  });

  it('reports a failed write as the library does: onError with the message and the count, the promise rejected', async () => {
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('broken pipe'));
      },
    });
    failing.on('error', () => undefined);
    const writer = new FramedMessageWriter(failing);
    const errors: [Error, Message | undefined, number | undefined][] = [];
    writer.onError((e) => errors.push(e));
    const message: Message = { jsonrpc: '2.0', method: 'x' } as Message;
    await assert.rejects(writer.write(message), /broken pipe/);
    const withCount = errors.find((e) => e[2] !== undefined);
    assert.ok(withCount, 'an error event naming the message');
    assert.equal(withCount[1], message);
    assert.equal(withCount[2], 1);
    // A message JSON cannot encode: an error event and a rejection, nothing written.
    const { stream, chunks } = recorder();
    const second = new FramedMessageWriter(stream);
    let fired = 0;
    second.onError(() => fired++);
    await assert.rejects(second.write({ jsonrpc: '2.0', method: 'x', params: { n: 1n } } as unknown as Message));
    assert.equal(fired, 1);
    assert.equal(chunks.length, 0);
  });

  it('fires close when its stream closes', async () => {
    const { stream } = recorder();
    const writer = new FramedMessageWriter(stream);
    let closed = 0;
    writer.onClose(() => closed++);
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, 1);
  });
});

describe('transportArgument', () => {
  it('reads argv as vscode-languageserver does: the first transport argument wins', () => {
    assert.deepEqual(transportArgument(['--stdio']), { kind: 'stdio' });
    assert.deepEqual(transportArgument(['--node-ipc', '--stdio']), { kind: 'ipc' });
    assert.deepEqual(transportArgument(['--clientProcessId=12', '--stdio']), { kind: 'stdio' });
    assert.deepEqual(transportArgument(['--socket=5007']), { kind: 'socket', port: 5007 });
    assert.deepEqual(transportArgument(['--socket', '5007']), { kind: 'socket', port: 5007 });
    assert.deepEqual(transportArgument(['--pipe=/tmp/x.sock']), { kind: 'pipe', name: '/tmp/x.sock' });
    assert.deepEqual(transportArgument(['--pipe', '/tmp/x.sock', '--stdio']), { kind: 'pipe', name: '/tmp/x.sock' });
    assert.equal(transportArgument([]), undefined);
    assert.equal(transportArgument(['--socket=abc']), undefined);
  });
});

describe('consoleToClient', () => {
  it('sends console output to the client log, never to standard output', () => {
    const saved = { log: console.log, debug: console.debug, info: console.info, warn: console.warn, error: console.error, trace: console.trace, dir: console.dir };
    const lines: string[] = [];
    try {
      consoleToClient({ log: (m) => lines.push(`log ${m}`), info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) });
      console.log('a %d', 1, { b: 2 });
      console.info('i');
      console.warn('w');
      console.error('e');
      console.debug('d');
      console.dir({ x: 1 });
    } finally {
      Object.assign(console, saved);
    }
    assert.deepEqual(lines, ['log a 1 { b: 2 }', 'info i', 'warn w', 'error e', 'log d', 'log { x: 1 }']);
  });
});

/** Initialize, open a policy, read its pushed diagnostics, shut down: the server over `reader`/`writer`. */
async function lintOverConnection(reader: SocketMessageReader, writer: SocketMessageWriter): Promise<string[]> {
  const connection = createProtocolConnection(reader, writer);
  const diagnostics = new Promise<string[]>((resolve) => connection.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: { code: string }[] }) => resolve(p.diagnostics.map((d) => d.code))));
  connection.onRequest('workspace/configuration', () => [{}]);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] });
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///t/p.json', languageId: 'json', version: 1, text } });
  const codes = await diagnostics;
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  return codes;
}

/** Listens on `where` (a port on 127.0.0.1 or a pipe path), starts the server with `args`, lints over the accepted socket. */
async function serverOver(listen: (server: net.Server) => Promise<string[]>): Promise<string[]> {
  const server = net.createServer();
  const args = await listen(server);
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const socket = await accepted;
    return await lintOverConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
  } finally {
    server.close();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    child.kill();
  }
}

describe('the server over a socket and a pipe', () => {
  it('answers over --socket=<port>', async () => {
    const codes = await serverOver(
      (server) =>
        new Promise((resolve) =>
          server.listen(0, '127.0.0.1', () => resolve([`--socket=${(server.address() as net.AddressInfo).port}`])),
        ),
    );
    assert.ok(codes.includes('iam/unknown-action'), codes.join(', '));
  });

  it('answers over --pipe=<path>', { skip: process.platform === 'win32' }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-pipe-'));
    try {
      const codes = await serverOver((server) => new Promise((resolve) => server.listen(path.join(dir, 'lsp.sock'), () => resolve(['--pipe', path.join(dir, 'lsp.sock')]))));
      assert.ok(codes.includes('iam/unknown-action'), codes.join(', '));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
