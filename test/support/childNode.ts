// Arguments of `node` for a child process that loads repository TypeScript modules (guarded timing runs, growth and
// doubling measurements). When the tests run bundled (scripts/run-tests.mjs sets GRANTCHECK_TEST_BUNDLES), a
// module listed in CHILD_MODULES of scripts/build-tests.mjs is loaded as its JavaScript bundle; otherwise (or with
// GRANTCHECK_TESTS_TSX=1) the TypeScript source is loaded through tsx, as before. The child's cwd must be the
// repository root (the paths in `code` are relative to it).

import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** The bundle of a repository module (`test/support/growth.ts`), when the tests run bundled and it was built. */
function bundleOf(module: string): string | undefined {
  const dir = process.env.GRANTCHECK_TEST_BUNDLES;
  if (!dir) return undefined;
  const bundle = path.join(dir, module.replace(/\.ts$/, '.cjs'));
  return fs.existsSync(bundle) ? bundle : undefined;
}

/** `node` arguments that evaluate CommonJS `code`, whose `require('./<path>.ts')` calls load repository modules. */
export function nodeEvalArgs(code: string): string[] {
  const modules = [...code.matchAll(/require\('\.\/([\w./-]+\.ts)'\)/g)].map((m) => m[1]!);
  const bundles = modules.map(bundleOf);
  if (modules.length === 0 || bundles.some((b) => b === undefined)) return ['--import', 'tsx', '-e', code];
  let i = 0;
  return ['-e', code.replace(/require\('\.\/([\w./-]+\.ts)'\)/g, () => `require(${JSON.stringify(bundles[i++])})`)];
}

/** `node` arguments that run the repository script `module` (`test/support/globTiming.ts`), then `args`. */
export function nodeScriptArgs(module: string, ...args: string[]): string[] {
  const bundle = bundleOf(module);
  return bundle ? [bundle, ...args] : ['--import', 'tsx', path.join(ROOT, module), ...args];
}
