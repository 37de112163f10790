// Entry point of dist/server.js: the GrantCheck language server over stdio, IPC or sockets (chosen by argv).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { sharedIamData } from './node/iamDataFiles';

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => {
  connection.console.error(`[grantcheck] uncaught: ${error.stack ?? error.message}`);
});
startServer(connection, sharedIamData());
