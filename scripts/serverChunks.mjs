// The language server bundle in chunks loaded on first use (issue #19, cold start). dist/server-main.js holds what a
// start and the first diagnostics of a policy file need; the parts below are each built into dist/chunk-<name>.js and
// loaded, through the code cache (server/src/bootstrap/compileCache.ts `loadChunk`), the first time one of their
// exports is read: the Redshift SQL engine when a SQL script is first linted, the Terraform/CloudFormation hosts with
// the first such file, completion and hover with the first request, the AWS calls with the first verify/deployed.
//
// The sources do not change: an import of a chunk's root module (SERVER_CHUNKS) resolves, in the main bundle, to a
// stub whose exports are getters that load the chunk. A chunk never holds a second copy of a module of the main
// bundle: its imports of those modules resolve to the main bundle's own bindings, handed over by a registry function
// when the chunk is loaded (so module state such as caches, and classes compared with `instanceof`, exist once). A
// chunk's imports of another chunk's roots go through the main bundle's stub too. `checkChunks` fails the build when
// a module is in two outputs, and test/lsp/startup.test.ts checks what a start loads.
//
// Build: (1) the main bundle with the stubs (to learn which modules it holds), (2) each chunk with those modules as
// registry look-ups (to learn which ones the chunks use), (3) the main bundle again with the registry of exactly those.

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** dist/<file> → its root modules (paths under server/src). Detection (engine/detect.ts) stays in the main bundle. */
export const SERVER_CHUNKS = {
  // Redshift SQL: parsing, completion, hover, outline (the rules stay in the main bundle: the registry lists them all).
  'chunk-sql.js': ['engine/redshift/parser.ts', 'engine/redshift/completion.ts', 'engine/redshift/hover.ts', 'engine/redshift/outline.ts'],
  // Terraform (HCL) and CloudFormation: extraction, writers, host hover and completion (`looksLikeCloudFormation`,
  // which detect.ts asks, stays in the main bundle).
  'chunk-hosts.js': ['engine/hosts/lintHost.ts', 'engine/hosts/hostHover.ts', 'engine/hosts/hostCompletion.ts'],
  // Editor features a person asks for: completion and hover (symbols, folding and code lenses, which editors ask for
  // as soon as a file opens, stay in the main bundle), and the profile requirements report.
  'chunk-features.js': ['engine/iam/completion.ts', 'engine/iam/hover.ts', 'engine/snippetCompletion.ts', 'engine/profiles/hover.ts', 'engine/profiles/report.ts'],
  // The built-in profiles as whole objects (~140 KB of JSON): linting needs only their index (profiles/builtinIndex.ts,
  // evaluated at build time by scripts/precompute.mjs); snippets, hover, the report and bound profiles read these.
  // With the reader and schema of profile files, which a workspace's own profiles (.grantcheck/profiles/) need.
  'chunk-profiles.js': ['engine/profiles/builtinData.ts', 'engine/profiles/load.ts'],
  // Verify against AWS and compare with the deployed policy (the SDK itself is dist/aws-sdk.js).
  'chunk-aws.js': ['aws/verify.ts', 'aws/deployed.ts', 'aws/sdkIamReader.ts', 'aws/endpointPolicy.ts', 'aws/errors.ts'],
};

const STUB_NAMESPACE = 'grantcheck-chunk-stub';
const SHARED_NAMESPACE = 'grantcheck-shared';
const LOADER_MODULE = 'grantcheck:chunk-loader';
const REGISTRY_MODULE = 'grantcheck:chunk-registry';
const HOLDER_MODULE = 'grantcheck:chunk-holder';
/** The registry function a chunk receives (a free identifier of the chunk's code, bound by its wrapper). */
const SHARED_PARAMETER = '__grantcheckShared';
/** Chunks are written inside the CommonJS wrapper (like the bundles) and evaluate to a function of the registry. */
export const CHUNK_BANNER = `(function (exports, require, module, __filename, __dirname) {\nmodule.exports = function (${SHARED_PARAMETER}) {\n"use strict";\nvar module = { exports: {} }, exports = module.exports;`;
export const CHUNK_FOOTER = 'return module.exports;\n};\n})';

/** Repository-relative path with forward slashes (the registry's keys). */
function keyOf(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Export names of ES modules (their own `export` statements: a module with `export *` cannot be listed this way). */
async function exportNames(root, files) {
  if (files.length === 0) return new Map();
  for (const file of files) {
    if (/^\s*export\s*\*\s*from/m.test(fs.readFileSync(file, 'utf8'))) throw new Error(`${keyOf(root, file)}: \`export * from\` in a module shared with a chunk (scripts/serverChunks.mjs needs its export names)`);
  }
  const result = await esbuild.build({ entryPoints: files, bundle: false, write: false, metafile: true, format: 'esm', outdir: path.join(root, 'dist', '.names'), outbase: root, logLevel: 'silent' });
  const names = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    names.set(path.resolve(root, output.entryPoint), output.exports);
  }
  return names;
}

/**
 * Builds dist/server-main.js and its chunks. `options` are the main bundle's esbuild options (entry point, plugins,
 * outfile); chunks get the same plugins and settings.
 */
export async function buildServerWithChunks(root, options) {
  const rootsByFile = new Map();
  for (const [chunk, roots] of Object.entries(SERVER_CHUNKS)) {
    for (const r of roots) {
      const file = path.join(root, 'server', 'src', r);
      if (!fs.existsSync(file)) throw new Error(`SERVER_CHUNKS: ${r} does not exist (scripts/serverChunks.mjs)`);
      rootsByFile.set(file, chunk);
    }
  }
  const rootNames = await exportNames(root, [...rootsByFile.keys()]);

  /** Resolves an import as esbuild would; undefined for externals and virtual modules. */
  async function resolveFile(build, args) {
    if (args.pluginData?.grantcheckResolving) return undefined;
    const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, namespace: 'file', pluginData: { grantcheckResolving: true } });
    if (resolved.errors.length > 0 || resolved.external || resolved.namespace !== 'file') return undefined;
    return resolved.path;
  }

  // The main bundle: chunk roots become stubs; the loader, its holder and the registry are virtual modules. The stubs
  // are CommonJS (lazy getters) and reach the loader through the holder, a CommonJS object the loader (an ES module,
  // imported after the entry) fills: a stub that required the ES loader would make esbuild wrap the loader, the
  // registry and every module the registry names in lazy-initialisation functions.
  const mainPlugin = (shared) => ({
    name: 'server-chunks-main',
    setup(build) {
      build.onResolve({ filter: /^grantcheck:chunk-(loader|registry|holder)$/ }, (args) => ({ path: args.path, namespace: SHARED_NAMESPACE }));
      build.onResolve({ filter: /^\.\/chunk-[a-z]+\.js$/ }, (args) => (args.namespace === SHARED_NAMESPACE ? { path: args.path, external: true } : undefined));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === STUB_NAMESPACE) return undefined;
        const file = await resolveFile(build, args);
        if (file && rootsByFile.has(file)) return { path: file, namespace: STUB_NAMESPACE };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: STUB_NAMESPACE }, (args) => {
        const chunk = rootsByFile.get(args.path);
        const names = rootNames.get(args.path) ?? [];
        return {
          contents: [
            `const holder = require(${JSON.stringify(HOLDER_MODULE)});`,
            `let loaded;`,
            `const load = () => {`,
            `  if (loaded) return loaded;`,
            `  // The loader is set once the whole bundle is evaluated: a chunk's export read at a module's top level is a build error to fix.`,
            `  if (!holder.loadChunk) throw new Error(${JSON.stringify(`${keyOf(root, args.path)} (${chunk}) was read while the bundle was being evaluated: move that use into a function (scripts/serverChunks.mjs)`)});`,
            `  return (loaded = holder.loadChunk(${JSON.stringify(chunk)})[${JSON.stringify(keyOf(root, args.path))}]);`,
            `};`,
            `Object.defineProperty(exports, "__esModule", { value: true });`,
            `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { get: () => load()[name], enumerable: true });`,
          ].join('\n'),
          loader: 'js',
          resolveDir: path.dirname(args.path),
        };
      });
      build.onLoad({ filter: /.*/, namespace: SHARED_NAMESPACE }, (args) => {
        if (args.path === HOLDER_MODULE) return { contents: `module.exports = { loadChunk: undefined };`, loader: 'js' };
        if (args.path === LOADER_MODULE) {
          return {
            contents: [
              `import { sharedModule } from ${JSON.stringify(REGISTRY_MODULE)};`,
              `import holder from ${JSON.stringify(HOLDER_MODULE)};`,
              `const chunks = new Map();`,
              `function chunkFile(name) {`,
              `  switch (name) {`,
              ...Object.keys(SERVER_CHUNKS).map((c) => `    case ${JSON.stringify(c)}: return require(${JSON.stringify(`./${c}`)});`),
              `  }`,
              `  throw new Error("no chunk " + name);`,
              `}`,
              `/** The exports of a chunk's root modules, by key; the chunk is evaluated once, with the registry. */`,
              `export function loadChunk(name) {`,
              `  let chunk = chunks.get(name);`,
              `  if (!chunk) {`,
              `    chunk = chunkFile(name)(sharedModule);`,
              `    chunks.set(name, chunk);`,
              `  }`,
              `  return chunk;`,
              `}`,
              `holder.loadChunk = loadChunk;`,
            ].join('\n'),
            loader: 'js',
            resolveDir: root,
          };
        }
        // The registry: for each module a chunk imports from the main bundle, an object of getters on the main
        // bundle's own bindings (built when a chunk first asks: nothing of it runs at start).
        const imports = [];
        const cases = [];
        let n = 0;
        for (const [key, entry] of [...shared.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
          const spec = JSON.stringify(entry.file);
          if (entry.names) {
            const locals = entry.names.map((name) => [name, `m${n}_${imports.length}_${name.replace(/\W/g, '_')}`]);
            if (locals.length > 0) imports.push(`import { ${locals.map(([name, local]) => `${JSON.stringify(name)} as ${local}`).join(', ')} } from ${spec};`);
            cases.push(`    case ${JSON.stringify(key)}: return { __esModule: true, ${locals.map(([name, local]) => `get ${JSON.stringify(name)}() { return ${local}; }`).join(', ')} };`);
          } else {
            // CommonJS modules (and chunk roots: their stubs) are required where they are asked for.
            cases.push(`    case ${JSON.stringify(key)}: return require(${spec});`);
          }
          n++;
        }
        return {
          contents: [
            ...imports,
            `const modules = new Map();`,
            `function build(key) {`,
            `  switch (key) {`,
            ...cases,
            `  }`,
            `  throw new Error("the main bundle does not hold " + key + " for a chunk (scripts/serverChunks.mjs)");`,
            `}`,
            `export function sharedModule(key) {`,
            `  let m = modules.get(key);`,
            `  if (!m) {`,
            `    m = build(key);`,
            `    modules.set(key, m);`,
            `  }`,
            `  return m;`,
            `}`,
          ].join('\n'),
          loader: 'js',
          resolveDir: root,
        };
      });
    },
  });

  // The main entry gains one import after its own: the loader (with the registry), evaluated after everything else.
  const mainOptions = (shared, write) => ({
    ...options,
    entryPoints: undefined,
    stdin: { contents: `"use strict";\nimport ${JSON.stringify(options.entryPoints[0])};\nimport ${JSON.stringify(LOADER_MODULE)};`, resolveDir: root, sourcefile: 'server-entry.js', loader: 'js' },
    plugins: [mainPlugin(shared), ...(options.plugins ?? [])],
    metafile: true,
    write,
  });

  const first = await esbuild.build(mainOptions(new Map(), false));
  const inMain = new Set(Object.keys(first.metafile.inputs).filter((f) => !f.includes(':')).map((f) => path.resolve(root, f)));

  // Each chunk: main-bundle modules and other chunks' roots become registry look-ups.
  const chunkBuilds = [];
  for (const [chunk, roots] of Object.entries(SERVER_CHUNKS)) {
    const asked = new Map();
    const chunkPlugin = {
      name: 'server-chunks-chunk',
      setup(build) {
        build.onResolve({ filter: /.*/ }, async (args) => {
          if (args.namespace === SHARED_NAMESPACE) return undefined;
          const file = await resolveFile(build, args);
          if (!file) return undefined;
          const otherRoot = rootsByFile.has(file) && rootsByFile.get(file) !== chunk;
          if (!inMain.has(file) && !otherRoot) return undefined;
          asked.set(keyOf(root, file), file);
          return { path: file, namespace: SHARED_NAMESPACE };
        });
        build.onLoad({ filter: /.*/, namespace: SHARED_NAMESPACE }, (args) => ({
          contents: `module.exports = ${SHARED_PARAMETER}(${JSON.stringify(keyOf(root, args.path))});`,
          loader: 'js',
        }));
      },
    };
    const entry = roots.map((r, i) => `import * as r${i} from ${JSON.stringify(path.join(root, 'server', 'src', r))};`).join('\n') + `\nexport { ${roots.map((r, i) => `r${i} as ${JSON.stringify(`server/src/${r}`)}`).join(', ')} };`;
    const result = await esbuild.build({
      ...options,
      entryPoints: undefined,
      stdin: { contents: entry, resolveDir: root, sourcefile: `${chunk}-entry.js`, loader: 'js' },
      outfile: path.join(path.dirname(options.outfile), chunk),
      plugins: [chunkPlugin, ...(options.plugins ?? [])],
      banner: { js: CHUNK_BANNER },
      footer: { js: CHUNK_FOOTER },
      metafile: true,
      write: false,
    });
    chunkBuilds.push({ chunk, result, asked });
  }

  // What the registry must hold: each module asked for, with its export names when it is an ES module of the main bundle.
  const askedFiles = new Map();
  for (const { asked } of chunkBuilds) for (const [key, file] of asked) askedFiles.set(key, file);
  const formats = new Map(Object.entries(first.metafile.inputs).map(([f, input]) => [path.resolve(root, f), input.format]));
  const esmShared = [...askedFiles.values()].filter((file) => !rootsByFile.has(file) && formats.get(file) === 'esm');
  const sharedNames = await exportNames(root, esmShared);
  const shared = new Map();
  for (const [key, file] of askedFiles) shared.set(key, { file, names: rootsByFile.has(file) || formats.get(file) !== 'esm' ? undefined : sharedNames.get(file) ?? [] });

  const final = await esbuild.build(mainOptions(shared, true));
  const finalInputs = new Set(Object.keys(final.metafile.inputs).filter((f) => !f.includes(':')).map((f) => path.resolve(root, f)));
  checkChunks(root, finalInputs, inMain, chunkBuilds);
  for (const { result } of chunkBuilds) for (const file of result.outputFiles) fs.writeFileSync(file.path, file.contents);
  return { main: final.metafile, chunks: Object.fromEntries(chunkBuilds.map(({ chunk, result }) => [chunk, result.metafile])) };
}

/** Every module of the sources is in one output only: the main bundle, or one chunk. */
function checkChunks(root, finalInputs, firstInputs, chunkBuilds) {
  for (const file of finalInputs) if (!firstInputs.has(file)) throw new Error(`serverChunks: the registry pulled ${keyOf(root, file)} into the main bundle`);
  const owner = new Map([...finalInputs].map((f) => [f, 'server-main.js']));
  for (const { chunk, result } of chunkBuilds) {
    for (const f of Object.keys(result.metafile.inputs)) {
      if (f.includes(':')) continue;
      const file = path.resolve(root, f);
      if (owner.has(file)) throw new Error(`serverChunks: ${keyOf(root, file)} is in both ${owner.get(file)} and ${chunk}`);
      owner.set(file, chunk);
    }
  }
}
