// scripts/buildInterop.mjs (issue #19, cold start): esbuild's copy of a CommonJS module imported by an ES module
// (`__toESM`: one getter per export, at every start) is dropped where the bundle only reads named properties of it.
// Bundles built here with esbuild from ES modules importing CommonJS modules in every way, minified and not, must
// behave the same with and without the copies, and keep exactly the copies that are read otherwise.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');

interface BuildInterop {
  toEsmHelperName(text: string): string | undefined;
  unwrapInteropCopies(text: string, fileName?: string): { text: string; unwrapped: string[]; kept: string[] };
}
const load = async (): Promise<BuildInterop> => (await import(pathToFileURL(path.join(ROOT, 'scripts', 'buildInterop.mjs')).href)) as BuildInterop;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-interop-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** CommonJS modules (one per way of importing it) and an ES entry importing them; the entry logs what it sees. */
const FILES: Record<string, string> = {
  // A CommonJS module without __esModule (like node:fs): its copy has a `default`, the module itself.
  'plain.cjs': 'exports.greet = (n) => "hi " + n; exports.count = 1; exports.bump = () => { exports.count++; }; exports.I = "i";',
  'named.cjs': 'exports.join = (a, b) => a + "/" + b; exports.sep = "/";',
  'def.cjs': 'module.exports = { value: 42 };',
  'passed.cjs': 'exports.a = 1; exports.b = 2;',
  'indexed.cjs': 'exports.a = "A"; exports.b = "B";',
  'optional.cjs': 'exports.maybe = "m";',
  // TypeScript's CommonJS output (__esModule set): no `default` in the copy.
  'ts.cjs': 'Object.defineProperty(exports, "__esModule", { value: true }); exports.kind = "ts";',
  // Its `default` read: kept (whether a module sets __esModule is not known from the bundle's text).
  'tsdefault.cjs': 'Object.defineProperty(exports, "__esModule", { value: true }); exports.default = "ts default";',
  'late.cjs': 'exports.early = 1; setTimeout(() => {}, 0); exports.addLater = () => { exports.later = "added"; };',
  'entry.ts': [
    'import * as plain from "./plain.cjs";',
    'import { join, sep } from "./named.cjs";',
    'import def from "./def.cjs";',
    'import * as passed from "./passed.cjs";',
    'import * as indexed from "./indexed.cjs";',
    'import * as optional from "./optional.cjs";',
    'import * as tsModule from "./ts.cjs";',
    'import tsDefault from "./tsdefault.cjs";',
    'import * as late from "./late.cjs";',
    'const out = [];',
    // Named reads (and a live value: `count` read after `bump`), a string and an object key spelt like bindings.
    'plain.bump(); out.push(plain.greet("a"), plain.count, plain.I, { plain: 1 }.plain, "plain", join("x", sep));',
    'out.push(def.value);',
    'out.push(Object.keys(passed).sort().join(","));',
    'const key = ["a", "b"][out.length % 2]; out.push(indexed[key]);',
    'out.push(optional?.maybe);',
    'out.push(tsModule.kind, tsDefault);',
    'late.addLater(); out.push(late.early, late.later);',
    'console.log(JSON.stringify(out));',
  ].join('\n'),
};

async function bundle(minify: boolean): Promise<string> {
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(tmp, name), text);
  const result = await esbuild.build({ entryPoints: [path.join(tmp, 'entry.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', minify, logLevel: 'silent', outfile: path.join(tmp, 'out.js') });
  return result.outputFiles[0]!.text;
}

/** What a bundle logs. */
function run(text: string): string {
  const logged: string[] = [];
  const module = { exports: {} };
  new Function('module', 'exports', 'require', 'console', text)(module, module.exports, require, { log: (s: string) => logged.push(s) });
  return logged.join('\n');
}

describe('scripts/buildInterop.mjs', () => {
  for (const minify of [true, false]) {
    it(`drops only the copies read by name alone, and the bundle logs the same (${minify ? 'minified' : 'not minified'})`, async () => {
      const { toEsmHelperName, unwrapInteropCopies } = await load();
      const text = await bundle(minify);
      assert.ok(toEsmHelperName(text), 'the helper is found');
      const { text: unwrappedText, unwrapped, kept } = unwrapInteropCopies(text);
      const modules = (list: string[]): string[] => list.map((entry) => /(?:require\("\.\/)?([a-z]+)\.cjs|require_([a-z]+)/.exec(entry)?.slice(1).find(Boolean) ?? entry).sort();
      // Not minified, esbuild names each wrapper require_<file>: the entries say which module each copy was of.
      if (!minify) {
        assert.deepEqual(modules(unwrapped), ['late', 'named', 'plain', 'ts']);
        assert.deepEqual(modules(kept), ['def', 'indexed', 'optional', 'passed', 'tsdefault']);
      } else {
        assert.equal(unwrapped.length, 4, unwrapped.join(' '));
        assert.equal(kept.length, 5, kept.join(' '));
      }
      assert.notEqual(unwrappedText, text);
      const before = JSON.parse(run(text)) as unknown[];
      const now = JSON.parse(run(unwrappedText)) as unknown[];
      // The one difference: a name the module adds after the copy was made is seen (the copy had no getter for it).
      assert.deepEqual([before.pop(), now.pop()], [null, 'added']);
      assert.deepEqual(now, before);
      assert.deepEqual(now, ['hi a', 2, 'i', 1, 'plain', 'x//', 42, 'a,b,default', 'A', 'm', 'ts', 'ts default', 1]);
    });
  }

  it('leaves a text without the helper as it is', async () => {
    const { unwrapInteropCopies } = await load();
    const text = 'var fs = require("node:fs"); fs.readFileSync;';
    assert.deepEqual(unwrapInteropCopies(text), { text, unwrapped: [], kept: [] });
  });
});
