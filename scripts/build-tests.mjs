// Bundles test files (test/**/*.test.ts) into .test-build/ with esbuild, one CommonJS file per test file, so
// `node --test` loads one file per test process instead of compiling hundreds of TypeScript modules through
// the tsx loader in every process (143 processes × ~0.7 s of start-up was most of `npm test`).
// Each bundle behaves like the source file run through tsx: npm packages stay external (resolved from the
// repository's node_modules), and `__dirname`/`__filename` keep the value of the module's own source file.

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = path.join(root, '.test-build');

/** Replaces `__dirname`/`__filename` in a repository module by its own source location (bundling would
 * otherwise give every module the location of the bundle). */
const sourceLocation = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      let text = await fs.promises.readFile(args.path, 'utf8');
      // A script imported by a test (scripts/gen-docs.ts) must not run its command: in a bundle `module` is the
      // bundle's, so `require.main === module` would be true in every module of it.
      if (!args.path.endsWith('.test.ts')) text = text.replace(/\brequire\.main === module\b/g, 'false');
      if (/\b__(?:dirname|filename)\b/.test(text)) {
        text = text
          .replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path)))
          .replace(/\b__filename\b/g, JSON.stringify(args.path));
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

/** The bundle of a test file (relative to the repository root). */
export function bundleOf(testFile) {
  return path.join(outDir, testFile.replace(/\.ts$/, '.cjs'));
}

/** Bundles `testFiles` (paths relative to the repository root); resolves when all are written. */
export async function buildTests(testFiles) {
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: testFiles.map((f) => path.join(root, f)),
    outdir: outDir,
    outbase: root,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [sourceLocation],
  });
}
