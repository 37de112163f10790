// Seeded fuzzing of .grantcheck.json handling with random JSON values of every shape (issue #14): loading, matching,
// editing and config diagnostics never throw, and what loading keeps always has the documented types.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { emptyConfig, parseConfig, type GrantCheckConfig } from '../../server/src/engine/config';
import { isPolicyType } from '../../server/src/engine/iam/policyType';
import { ruleById } from '../../server/src/engine/rules';
import { ConfigCache, settingsForFile, type LoadedConfig } from '../../server/src/node/configFiles';
import { configFileDiagnostics } from '../../server/src/lsp/configDiagnostics';
import { configShapeProblem, disableRuleWorkspaceEdit, policyTypeEdits } from '../../server/src/lsp/configEdit';
import { profileBindingEdits } from '../../server/src/lsp/profiles';
import { prng, type Rng } from '../support/prng';

const KEYS = ['rules', 'ignore', 'policyFiles', 'sqlFiles', 'policyTypes', 'profiles', '$schema', 'files', 'type', 'profile', 'values', '__proto__', 'constructor', 'toString', 'iam/json-syntax', ''];
const STRINGS = ['x', '', 'error', 'off', 'trust', 'identity', '*', '**', '**/*.json', '{a,b}', '[', '[!a]', '!x', '@(a)', '*a*a*a*a*a*a*a*a*b', 'iam/json-syntax', 'constructor', '__proto__', '\u0000', '../x'];
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)]!;

function randomValue(r: Rng, depth: number): unknown {
  const kind = depth >= 4 ? int(r, 4) : int(r, 6);
  switch (kind) {
    case 0:
      return pick(r, STRINGS);
    case 1:
      return pick(r, [0, -1, 3, 1e308, 0.5]);
    case 2:
      return pick(r, [true, false]);
    case 3:
      return null;
    case 4:
      return Array.from({ length: int(r, 4) }, () => randomValue(r, depth + 1));
    default: {
      const entries = Array.from({ length: int(r, 5) }, () => [pick(r, KEYS), randomValue(r, depth + 1)] as const);
      return Object.fromEntries(entries);
    }
  }
}

/** A config of the documented shape (globs may still be refused). */
function wellFormedConfig(r: Rng): unknown {
  const globs = (): string[] => Array.from({ length: int(r, 3) }, () => pick(r, STRINGS.filter((s) => s !== '')));
  return {
    rules: { 'iam/json-syntax': pick(r, ['error', 'warning', 'info', 'hint', 'off']) },
    ignore: globs(),
    policyFiles: globs(),
    policyTypes: [{ files: pick(r, ['a/*.json', '**']), type: pick(r, ['trust', 'identity']) }],
    profiles: [{ files: ['t/*.json'], profile: 'x/y', values: { bucket: 'b' } }],
  };
}

/** Config text: a random value at the top, a well-formed config, or an object with known keys holding random values. */
function randomConfigText(r: Rng): string {
  const roll = r();
  const value =
    roll < 0.3
      ? randomValue(r, 0)
      : roll < 0.6
        ? wellFormedConfig(r)
        : Object.fromEntries(Array.from({ length: 1 + int(r, 4) }, () => [pick(r, KEYS.slice(0, 7)), randomValue(r, 1)] as const));
  // JSON.stringify drops a `__proto__` key made by Object.fromEntries only when it is inherited; write it as text too.
  const text = JSON.stringify(value, null, r() < 0.5 ? 2 : undefined) ?? 'null';
  return r() < 0.1 ? text.replace('{', '{"__proto__": {"rules": "x"}, ') : text;
}

function assertWellTyped(config: GrantCheckConfig, text: string): void {
  const strings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
  assert.ok(Object.values(config.rules).every((s) => ['error', 'warning', 'info', 'hint', 'off'].includes(s)), text);
  assert.ok(strings(config.ignore) && strings(config.policyFiles) && strings(config.sqlFiles), text);
  assert.ok(config.policyTypes.every((b) => strings(b.files) && b.files.length > 0 && isPolicyType(b.type)), text);
  assert.ok(config.profiles.every((b) => strings(b.files) && b.files.length > 0 && typeof b.profile === 'string' && Object.values(b.values).every((v) => typeof v === 'string')), text);
}

describe('config handling on random JSON values (seeded)', () => {
  it('2000 configs: load, match, edit and diagnose without throwing', () => {
    const r = prng(1414);
    const base = path.resolve('/ws');
    const support = { documentChanges: true, createFile: true };
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const text = randomConfigText(r);
      const parsed = parseConfig(text, (id) => ruleById(id) !== undefined);
      assertWellTyped(parsed.config, text);
      if (parsed.problems.length > 0) rejected++;
      for (const p of parsed.problems) assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character) && p.message.length > 0, text);
      const loaded: LoadedConfig = { path: path.join(base, '.grantcheck.json'), dir: base, config: parsed.config, problems: parsed.problems };
      for (const file of ['a.policy.json', 'x/y/z.sql', '../outside.json', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']) {
        const s = settingsForFile(path.join(base, file), new ConfigCache(), {}, loaded);
        assert.equal(typeof s.ignored, 'boolean');
      }
      // An edit is offered exactly when the key it writes has the right shape.
      const disable = disableRuleWorkspaceEdit({ path: loaded.path!, text, version: null }, 'iam/json-syntax', support);
      assert.equal(disable === undefined, configShapeProblem(text, 'rules') !== undefined, text);
      const typeEdits = policyTypeEdits(text, './a.json', pick(r, ['trust', 'auto']));
      assert.equal(typeEdits === undefined, configShapeProblem(text, 'policyTypes') !== undefined, text);
      const bindingEdits = profileBindingEdits(text, './a.json', 'artie/dynamodb-streams');
      assert.equal(bindingEdits === undefined, configShapeProblem(text, 'profiles') !== undefined, text);
      const diagnostics = configFileDiagnostics(text, loaded.path!, loaded);
      assert.equal(diagnostics.length, parsed.problems.length, text);
    }
    // The generator means something only if it makes both kinds of file.
    assert.ok(rejected > 200 && rejected < 1800, `${rejected} of 2000 had problems`);
    assert.deepEqual(parseConfig('{}').config, emptyConfig());
  });
});
