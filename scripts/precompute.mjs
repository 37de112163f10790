// Modules the bundles hold as their value rather than their code (issue #19, cold start): each is evaluated when the
// bundles are built, and bundled as `export const NAME = JSON.parse("…")`, so a start neither evaluates it nor loads
// what it was computed from. Such a module exports data only (JSON values: the build fails on anything else, such as
// a function, `undefined` or a Map). Tests and scripts import the module itself, so both readings come from the same
// code and the same files; test/unit/precompute.test.ts checks that they agree.

import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/** Paths under server/src of the modules to evaluate at build time. */
export const PRECOMPUTED_MODULES = ['engine/profiles/builtinIndex.ts'];

/**
 * The exports of a module, evaluated now: bundled alone (npm packages included) and run in this process.
 * Returns the exports and the files the value was computed from (for watch mode).
 */
export async function evaluateModule(file) {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // As the bundles resolve packages (jsonc-parser's UMD main cannot be bundled).
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
    outfile: 'precomputed.js',
  });
  const code = result.outputFiles[0].text;
  const module = { exports: {} };
  new Function('module', 'exports', 'require', '__filename', '__dirname', code)(module, module.exports, createRequire(file), file, path.dirname(file));
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(f));
  return { exports: module.exports, inputs };
}

/** The source text standing for a module's exports: each a JSON value, checked to read back equal. */
export function precomputedSource(file, exports) {
  const lines = [];
  for (const [name, value] of Object.entries(exports)) {
    if (name === '__esModule') continue;
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`${file}: export ${name} cannot be precomputed`);
    const json = JSON.stringify(value);
    if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) {
      throw new Error(`${file}: export ${name} is not plain JSON data (scripts/precompute.mjs evaluates it at build time)`);
    }
    const frozen = value !== null && typeof value === 'object' && Object.isFrozen(value);
    const parsed = `JSON.parse(${JSON.stringify(json)})`;
    lines.push(`export const ${name} = ${frozen ? `Object.freeze(${parsed})` : parsed};`);
  }
  return lines.join('\n');
}

/** The esbuild plugin: PRECOMPUTED_MODULES load as their evaluated exports. */
export function precomputePlugin(root) {
  const files = new Set(PRECOMPUTED_MODULES.map((m) => path.join(root, 'server', 'src', m)));
  const names = PRECOMPUTED_MODULES.map((m) => path.basename(m).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    name: 'precompute',
    setup(build) {
      build.onLoad({ filter: new RegExp(`[\\\\/](?:${names.join('|')})$`) }, async (args) => {
        if (!files.has(args.path)) return undefined;
        const { exports, inputs } = await evaluateModule(args.path);
        return { contents: precomputedSource(path.relative(root, args.path), exports), loader: 'js', watchFiles: inputs };
      });
    },
  };
}
