#!/usr/bin/env node
// dist/cli.js: runs the CLI bundle (dist/cli-main.js) through the compile cache (./compileCache.ts).
import * as path from 'node:path';
import { runBundle } from './compileCache';

runBundle(path.join(__dirname, 'cli-main.js'), module);
