// Compiles the VS Code e2e suite (test/e2e/vscode/*.ts) with esbuild into out/e2e/vscode/.
// `vscode` comes from the extension host and `mocha` from this repo's node_modules at run time.

import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { root } from './common.mjs';

export const E2E_OUT = path.join(root, 'out', 'e2e', 'vscode');

export async function buildVscodeTests() {
  await esbuild.build({
    entryPoints: [path.join(root, 'test/e2e/vscode/index.ts'), path.join(root, 'test/e2e/vscode/suite.e2e.ts'), path.join(root, 'test/e2e/vscode/editor-ux.e2e.ts'), path.join(root, 'test/e2e/vscode/verify.e2e.ts')],
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
  return { index: path.join(E2E_OUT, 'index.js') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log((await buildVscodeTests()).index);
}
