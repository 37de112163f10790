// The language server's transport: which one argv names, and a message writer that sends each message in one write.
//
// Why: vscode-jsonrpc's stream writer (WriteableStreamMessageWriter) writes a message's header, waits for that write to
// finish, then writes its body: two system calls per message, and over a pipe or a socket the second write is a second
// wake-up of the client. Typing in a 1 MB template, the two writes of the (small) pull answer were 18 % of the
// server's time per keystroke (BENCHMARKS.md, sixth pass). FramedMessageWriter encodes the message as the library's
// default does (JSON, UTF-8, `Content-Length` header; vscode-jsonrpc lib/common/messageWriter.js) and hands header and
// body to the stream as one buffer, so a message is never split between writes of other messages and messages keep the
// order write() was called in (each is encoded and passed to the stream at once; streams keep write order).
//
// Over IPC (VS Code's transport: TransportKind.ipc) the library's writer already sends one message per `process.send`,
// so `--node-ipc` and no transport argument stay the library's own choice.

import * as net from 'node:net';
import { format, inspect } from 'node:util';
import { AbstractMessageWriter, SocketMessageReader, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

const CONTENT_LENGTH = 'Content-Length: ';

/** The bytes one message is sent as: `Content-Length: n\r\n\r\n` and the message as UTF-8 JSON (vscode-jsonrpc's default encoding). */
export function frameMessage(message: Message): Buffer {
  const json = JSON.stringify(message, undefined, 0);
  const length = Buffer.byteLength(json, 'utf8');
  const header = `${CONTENT_LENGTH}${length}\r\n\r\n`;
  const frame = Buffer.allocUnsafe(header.length + length);
  frame.write(header, 0, 'latin1');
  frame.write(json, header.length, 'utf8');
  return frame;
}

/**
 * A MessageWriter over a byte stream (standard output, a socket, a named pipe) that sends each message in one write.
 * Errors are reported as the library's stream writer reports them: onError with the message and the count of failed
 * writes, and the write's promise rejected.
 */
export class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let frame: Buffer;
    try {
      frame = frameMessage(message);
    } catch (error) {
      // A message JSON cannot encode (a cycle, a BigInt): as the library's writer, an error event and a rejection.
      this.fireError(error as Error);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.stream.write(frame, (error?: Error | null) => {
        if (error === undefined || error === null) {
          resolve();
          return;
        }
        this.errorCount++;
        this.fireError(error, message, this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}

/** What argv asks for, read as vscode-languageserver's createConnection reads it (the first transport argument wins). */
export type TransportArgument = { kind: 'ipc' } | { kind: 'stdio' } | { kind: 'socket'; port: number } | { kind: 'pipe'; name: string } | undefined;

export function transportArgument(argv: readonly string[]): TransportArgument {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--node-ipc') return { kind: 'ipc' };
    if (arg === '--stdio') return { kind: 'stdio' };
    if (arg === '--socket') return socket(argv[i + 1]);
    if (arg === '--pipe') return pipe(argv[i + 1]);
    const [name, value] = arg.split('=');
    if (name === '--socket') return socket(value);
    if (name === '--pipe') return pipe(value);
  }
  return undefined;
}

function socket(value: string | undefined): TransportArgument {
  // The library takes parseInt of it and ignores a port that is not a number (then it finds no transport).
  const port = parseInt(value ?? '', 10);
  return port ? { kind: 'socket', port } : undefined;
}

function pipe(value: string | undefined): TransportArgument {
  return value ? { kind: 'pipe', name: value } : undefined;
}

/**
 * The input and output to give createConnection for a stream transport (standard input and output, a socket to the
 * client's port on 127.0.0.1, a named pipe: where the library would connect), or undefined to let it choose (IPC,
 * or no transport argument).
 */
export function streamTransport(argv: readonly string[]): { input: NodeJS.ReadableStream | MessageReader; output: MessageWriter; stdio: boolean } | undefined {
  const argument = transportArgument(argv);
  if (!argument || argument.kind === 'ipc') return undefined;
  if (argument.kind === 'stdio') return { input: process.stdin, output: new FramedMessageWriter(process.stdout), stdio: true };
  const connection = argument.kind === 'socket' ? net.createConnection(argument.port, '127.0.0.1') : net.createConnection(argument.name);
  return { input: new SocketMessageReader(connection), output: new SocketWriter(connection), stdio: false };
}

/** The framed writer over a socket, which it closes when disposed (as the library's SocketMessageWriter does). */
class SocketWriter extends FramedMessageWriter {
  constructor(private readonly socket: net.Socket) {
    super(socket);
  }

  override dispose(): void {
    super.dispose();
    this.socket.destroy();
  }
}

/**
 * Over standard output nothing but messages may be written: console output goes to the client's log instead (the
 * library does this itself when it opens standard input and output; here the server opens them).
 */
export function consoleToClient(remote: { log(message: string): void; info(message: string): void; warn(message: string): void; error(message: string): void }): void {
  console.log = (...args: unknown[]) => remote.log(format(...args));
  console.debug = (...args: unknown[]) => remote.log(format(...args));
  console.info = (...args: unknown[]) => remote.info(format(...args));
  console.warn = (...args: unknown[]) => remote.warn(format(...args));
  console.error = (...args: unknown[]) => remote.error(format(...args));
  console.trace = (...args: unknown[]) => remote.log(`Trace${args.length > 0 ? `: ${format(...args)}` : ''}\n${(new Error().stack ?? '').split('\n').slice(2).join('\n')}`);
  console.dir = (value: unknown, options?: object) => remote.log(inspect(value, options));
}
