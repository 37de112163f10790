// Bundles test files (test/**/*.test.ts) into .test-build/ with esbuild (one esbuild call for all), so `node --test`
// loads plain JavaScript instead of compiling hundreds of TypeScript modules through the tsx loader in every test
// process (143 processes × ~0.7 s of start-up was most of `npm test`).
//
// Two kinds of bundle (see planTests):
// - a test file of its own (.test-build/test/…/x.test.cjs): files that start processes or servers, measure time or
//   change process-wide state, and every file when only some are run (`node scripts/run-tests.mjs <substring>`);
// - a group (.test-build/groups/group-N.cjs): several pure test files in one process, each inside a `describe`
//   named by its path (so its hooks stay its own), sharing one copy of the engine and its AWS data. Every test
//   process costs ~0.35 s of CPU before its first test and each file loads the AWS data again: grouping the pure
//   files saves most of a minute of CPU.
// Each bundle behaves like the source file run through tsx: npm packages stay external (resolved from the
// repository's node_modules), and `__dirname`/`__filename` keep the value of the module's own source file.
// Modules that tests load in a child process (test/support/childNode.ts) are bundled too (.test-build/<path>.cjs),
// so the child loads JavaScript instead of compiling them through tsx.

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = path.join(root, '.test-build');

/** Modules that tests load in a child process (test/support/childNode.ts): bundled beside the tests. A module
 * missing here still works, through tsx. */
export const CHILD_MODULES = ['test/support/growth.ts', 'test/support/doubling.ts', 'test/support/globTiming.ts', 'server/src/engine/iam/wildcard.ts', 'server/src/cli/main.ts', 'server/src/lsp/server.ts'];

/** Directories whose test files may share a process with others (when nothing in them says otherwise). */
const GROUPABLE_DIRS = ['test/rules/', 'test/unit/', 'test/security/'];
/** A test file (or a support module it imports) matching this runs in its own process: it starts processes or
 * servers, measures time (a neighbour's garbage collection would be charged to it), or changes process state.
 * `// test-runner: own process` in a file asks for the same. */
const OWN_PROCESS =
  /\b(?:spawn|spawnSync|fork|execFile|execFileSync|execSync)\s*\(|evalGuarded|cpuUsage|performance\.now|hrtime|process\.chdir|process\.env\.\w+\s*=[^=]|delete process\.env|new Worker\b|createServer|\.listen\(|test-runner: own process/;
/** How many groups the groupable files are spread over (each is one test process). */
const GROUPS = 6;
/** The test files that take longest (CPU-bound for 10–35 s): started first, so that none of them is left running
 * alone at the end. `node --test` runs its files in the order of their paths, hence their bundles'
 * .test-build/0-first/ prefix (then come the groups, then every other file). */
const START_FIRST = [
  'test/unit/fuzz-growth.test.ts',
  'test/unit/lint-doubling.test.ts',
  'test/package/npm.test.ts',
  'test/unit/hostPerformance.test.ts',
  'test/unit/redshift-fuzz.test.ts',
  'test/aws/verify.test.ts',
];

function sourceOf(file) {
  try {
    return fs.readFileSync(path.join(root, file), 'utf8');
  } catch {
    return '';
  }
}

/** Whether a test file must run in a process of its own (see OWN_PROCESS). */
function needsOwnProcess(testFile) {
  const posix = testFile.split(path.sep).join('/');
  if (!GROUPABLE_DIRS.some((dir) => posix.startsWith(dir))) return true;
  const text = sourceOf(testFile);
  if (OWN_PROCESS.test(text)) return true;
  // The repository modules it imports from test/ (helpers such as test/support/guard.ts), one level deep.
  for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    const imported = path.join(path.dirname(testFile), match[1]);
    if (!imported.split(path.sep).join('/').startsWith('test/')) continue;
    if (OWN_PROCESS.test(sourceOf(`${imported}.ts`))) return true;
  }
  return false;
}

/** The bundle of a test file run on its own (relative to the repository root). */
export function bundleOf(testFile) {
  return path.join(outDir, testFile.replace(/\.ts$/, '.cjs'));
}

/**
 * What runs in which test process: `[{ bundle, files }]` (bundle: absolute path; files: relative to the root).
 * With `group`, the files that need no process of their own are spread over a few groups (largest first, each to
 * the lightest group, by source size); without, every file is its own bundle.
 */
export function planTests(testFiles, { group = true } = {}) {
  const own = group ? testFiles.filter(needsOwnProcess) : testFiles;
  const pooled = testFiles.filter((f) => !own.includes(f));
  const first = (f) => START_FIRST.indexOf(f.split(path.sep).join('/'));
  const units = own.map((f) => ({ bundle: first(f) >= 0 && group ? path.join(outDir, '0-first', `${String(first(f)).padStart(2, '0')}`, f.replace(/\.ts$/, '.cjs')) : bundleOf(f), files: [f] }));
  if (pooled.length === 1) units.push({ bundle: bundleOf(pooled[0]), files: pooled });
  else if (pooled.length > 1) {
    const groups = Array.from({ length: Math.min(GROUPS, pooled.length) }, (_, i) => ({ bundle: path.join(outDir, 'groups', `group-${i + 1}.cjs`), files: [], weight: 0 }));
    const sized = pooled.map((f) => ({ f, size: fs.statSync(path.join(root, f)).size })).sort((a, b) => b.size - a.size || a.f.localeCompare(b.f));
    for (const { f, size } of sized) {
      const lightest = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
      lightest.files.push(f);
      lightest.weight += size + 4_000; // each file also costs its set-up
    }
    for (const g of groups) {
      g.files.sort();
      units.push({ bundle: g.bundle, files: g.files });
    }
  }
  return units;
}

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

/** The entry module of a group: each test file is loaded inside a suite named by its path, so that its top-level
 * hooks (before, afterEach, …) apply to its own tests only, as when it runs alone. */
function groupEntry(files) {
  return files.map((f) => {
    const posix = f.split(path.sep).join('/');
    return `describe(${JSON.stringify(posix)}, () => { require(${JSON.stringify(path.join(root, f))}); });`;
  }).join('\n');
}

const groupEntries = (units) => ({
  name: 'test-groups',
  setup(build) {
    build.onResolve({ filter: /^test-group:/ }, (args) => ({ path: args.path.slice('test-group:'.length), namespace: 'test-group' }));
    build.onLoad({ filter: /.*/, namespace: 'test-group' }, (args) => {
      const unit = units.find((u) => u.bundle === args.path);
      return { contents: `const { describe } = require('node:test');\n${groupEntry(unit.files)}\n`, loader: 'js', resolveDir: root };
    });
  },
});

/** Bundles the `units` of planTests (or plain test files, each its own bundle) and the child-process support
 * modules; resolves when all are written. */
export async function buildTests(units) {
  if (units.length > 0 && typeof units[0] === 'string') units = planTests(units, { group: false });
  fs.rmSync(outDir, { recursive: true, force: true });
  const entryPoints = [];
  for (const unit of units) {
    const out = path.relative(outDir, unit.bundle).replace(/\.cjs$/, '');
    if (unit.files.length === 1 && !unit.bundle.includes(`${path.sep}groups${path.sep}`)) entryPoints.push({ in: path.join(root, unit.files[0]), out });
    else entryPoints.push({ in: `test-group:${unit.bundle}`, out });
  }
  for (const child of CHILD_MODULES) {
    if (fs.existsSync(path.join(root, child))) entryPoints.push({ in: path.join(root, child), out: child.replace(/\.ts$/, '') });
  }
  await esbuild.build({
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    // GrantCheck's version as the product bundles have it (server/src/version.ts; from a bundle in .test-build/ its
    // fallback, ../../package.json, is not found): a CLI run in a test reports what dist/cli.js reports.
    define: { __GRANTCHECK_VERSION__: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version) },
    plugins: [groupEntries(units), sourceLocation],
  });
}
