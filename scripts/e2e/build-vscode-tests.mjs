// Compiles the VS Code e2e suite (test/e2e/vscode/*.ts) with esbuild into out/e2e/vscode/.
// `vscode` comes from the extension host and `mocha` from this repo's node_modules at run time.

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './common.mjs';

export const E2E_OUT = path.join(root, 'out', 'e2e', 'vscode');

const SOURCE = path.join(root, 'test', 'e2e', 'vscode');

export async function buildVscodeTests() {
  // index.js loads every *.e2e.js it finds next to it: start from an empty folder so a deleted test is not run.
  fs.rmSync(E2E_OUT, { recursive: true, force: true });
  const suites = fs.readdirSync(SOURCE).filter((f) => f.endsWith('.e2e.ts')).sort();
  await esbuild.build({
    entryPoints: [path.join(SOURCE, 'index.ts'), ...suites.map((f) => path.join(SOURCE, f))],
    outdir: E2E_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
    // jsonc-parser's UMD build (its "main") requires files esbuild cannot see; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
  });
  // The code-server runner starts the verify-sql database (a Node-side helper, not part of the extension host suite).
  const database = path.join(root, 'out', 'e2e', 'verifySqlDatabase.mjs');
  await esbuild.build({
    entryPoints: [path.join(SOURCE, 'verifySqlDatabase.ts')],
    outfile: database,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
  });
  return { index: path.join(E2E_OUT, 'index.js'), database };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await buildVscodeTests()).index);
}
