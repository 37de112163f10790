// The built-in profiles' index (profiles/builtinIndex.ts): what iam/profile-suggestion compares a policy with, bundled
// as its value (scripts/precompute.mjs) so that a start does not read the profile files. It must say exactly what the
// whole profiles say, and the value the build bundles must be the value the module computes.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { allProfiles, BUILTIN_PROFILE_INDEX, builtinProfiles, profileById, profileRegistry } from '../../server/src/engine/profiles';
import * as builtinIndexModule from '../../server/src/engine/profiles/builtinIndex';
import type { Profile } from '../../server/src/engine/profiles/types';

const ROOT = path.join(__dirname, '..', '..');

/** What scripts/precompute.mjs exports. */
interface Precompute {
  PRECOMPUTED_MODULES: string[];
  precomputePlugin(root: string): esbuild.Plugin;
  precomputedSource(file: string, exports: Record<string, unknown>): string;
}

describe('the built-in profiles index', () => {
  it('has every built-in profile, in the order of allProfiles (sorted by id with localeCompare)', () => {
    assert.deepEqual(
      BUILTIN_PROFILE_INDEX.map((p) => p.id),
      allProfiles.map((p) => p.id),
    );
    assert.deepEqual(
      allProfiles.map((p) => p.id),
      allProfiles.map((p) => p.id).sort((a, b) => a.localeCompare(b)),
    );
    assert.ok(BUILTIN_PROFILE_INDEX.length >= 60, `${BUILTIN_PROFILE_INDEX.length} profiles`);
  });

  it("gives each profile's kind and, for IAM profiles, the actions of its non-optional statements, each once, in order", () => {
    const byId = new Map(BUILTIN_PROFILE_INDEX.map((p) => [p.id, p]));
    let iam = 0;
    for (const profile of allProfiles) {
      const entry = byId.get(profile.id)!;
      assert.equal(entry.kind, profile.kind, profile.id);
      // Written out here rather than with requiredActionNames, which the index is made with.
      const expected: string[] = [];
      if (profile.kind !== 'redshift-sql') {
        iam++;
        for (const statement of profile.statements) {
          if (statement.optional === true) continue;
          for (const action of statement.actions) if (!expected.includes(action)) expected.push(action);
        }
      }
      assert.deepEqual(entry.required, expected, profile.id);
    }
    assert.ok(iam > 0 && iam < allProfiles.length, 'IAM and Redshift profiles');
  });

  it('answers an id that is no built-in without the whole profiles; a built-in id with its profile', () => {
    assert.equal(builtinProfiles.byId('acme/nothing'), undefined);
    assert.equal(profileById('acme/nothing'), undefined);
    for (const entry of BUILTIN_PROFILE_INDEX) assert.equal(builtinProfiles.byId(entry.id), allProfiles.find((p) => p.id === entry.id));
    assert.equal(builtinProfiles.profiles, allProfiles);
    // A workspace profile with a built-in's id is not added; another one is, in id order.
    const mine = { ...allProfiles[0]!, id: 'zzz-team/own' } as Profile;
    const clash = { ...allProfiles[1]!, title: 'not the built-in' } as Profile;
    const registry = profileRegistry([mine, clash]);
    assert.equal(registry.profiles.length, allProfiles.length + 1);
    assert.equal(registry.byId(clash.id), allProfiles[1]);
    assert.equal(registry.byId('zzz-team/own'), mine);
  });
});

describe('scripts/precompute.mjs', () => {
  // The build's own plugin, on the module itself: what a bundle holds is what the module computes.
  it('bundles builtinIndex.ts as the value the module computes, without the profile files', async () => {
    const precompute = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'precompute.mjs')).href)) as Precompute;
    const file = path.join(ROOT, 'server', 'src', 'engine', 'profiles', 'builtinIndex.ts');
    assert.ok(precompute.PRECOMPUTED_MODULES.includes('engine/profiles/builtinIndex.ts'));
    const result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      metafile: true,
      logLevel: 'silent',
      outfile: 'index.js',
      plugins: [precompute.precomputePlugin(ROOT)],
    });
    const inputs = Object.keys(result.metafile!.inputs);
    assert.deepEqual(inputs.filter((f) => /profiles[\\/]data[\\/]/.test(f)), [], 'no profile file in the bundle');
    const module = { exports: {} as Record<string, unknown> };
    new Function('module', 'exports', result.outputFiles[0]!.text)(module, module.exports);
    const { BUILTIN_PROFILE_INDEX: bundled, ...rest } = module.exports;
    assert.deepEqual(bundled, builtinIndexModule.BUILTIN_PROFILE_INDEX);
    assert.deepEqual(Object.keys(rest).filter((k) => k !== '__esModule'), []);
  });

  it('refuses an export that is not plain JSON data', async () => {
    const precompute = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'precompute.mjs')).href)) as Precompute;
    assert.match(precompute.precomputedSource('x.ts', { A: [1, 'b', { c: null }] }), /^export const A = JSON\.parse\(/);
    for (const value of [() => 1, new Map([[1, 2]]), undefined, { d: new Date(0) }, [1, undefined], Number.NaN]) {
      assert.throws(() => precompute.precomputedSource('x.ts', { A: value }), /not plain JSON data/, String(value));
    }
  });
});
