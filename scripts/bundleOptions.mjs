// The esbuild options that decide how the shipped bundles' code runs, shared by scripts/build.mjs and by the bench's
// engine bundle (scripts/bench.ts), so `npm run bench` measures the engine as it ships.

export const SHIPPED_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // As the bundles resolve packages (jsonc-parser's UMD main cannot be bundled).
  mainFields: ['module', 'main'],
  // `import()` becomes `require()`: the server and CLI bundles run in a vm.Script (the compile cache of
  // server/src/bootstrap/compileCache.ts), which has no module loader for dynamic imports.
  supported: { 'dynamic-import': false },
};
