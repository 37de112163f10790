// Entry point of dist/server.js: the GrantCheck language server over stdio, IPC or sockets (chosen by argv).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { sharedIamData } from './node/iamDataFiles';

const connection = createConnection(ProposedFeatures.all);
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
