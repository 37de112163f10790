// Entry point of dist/server.js: the GrantCheck language server over stdio, IPC or sockets (chosen by argv).

import { createConnection, ProposedFeatures, type MessageReader } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { consoleToClient, streamTransport } from './lsp/transport';
import { sharedIamData } from './node/iamDataFiles';

// Standard input and output, a socket or a pipe: a writer that sends each message in one write (lsp/transport.ts);
// IPC: the library's own. Standard input is passed as the stream itself (its types want a reader with a writer; at
// run time it takes either, vscode-jsonrpc lib/node/main.js createMessageConnection): then, as when it opens standard
// input itself, the server exits when standard input ends.
const transport = streamTransport(process.argv.slice(2));
const connection = transport ? createConnection(ProposedFeatures.all, transport.input as MessageReader, transport.output) : createConnection(ProposedFeatures.all);
if (transport?.stdio) consoleToClient(connection.console);
process.on('uncaughtException', (error) => {
  connection.console.error(`[grantcheck] uncaught: ${error.stack ?? error.message}`);
});
startServer(connection, sharedIamData(), {
  // Every message read from the transport VS Code (IPC) or another editor (standard input) uses: the idle-time
  // warm-up (lsp/warmUp.ts) stops before its next slice. Listening beside the protocol's reader takes nothing from it.
  onIncoming: (listener) => {
    if (process.argv.includes('--node-ipc')) process.on('message', listener);
    else if (process.argv.includes('--stdio')) process.stdin.on('data', listener);
  },
});
