// dist/server.js: runs the language server bundle (dist/server-main.js) through the compile cache (./compileCache.ts).
import * as path from 'node:path';
import { runBundle } from './compileCache';

runBundle(path.join(__dirname, 'server-main.js'), module);
