// The .grantcheck.json JSON Schema (server/src/cli/schema.ts → dist/grantcheck.schema.json, contributed to VS Code
// through `jsonValidation`): it accepts the repository's examples and rejects wrong shapes, and it agrees with
// the config parser (engine/config.ts) on every sample: valid by the schema ⇔ parsed without a problem.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { initialConfig } from '../../server/src/cli/init';
import { configSchema } from '../../server/src/cli/schema';
import { parseConfig } from '../../server/src/engine/config';
import { allRules, ruleById } from '../../server/src/engine/rules';

const ROOT = path.resolve(__dirname, '..', '..');

type Schema = Record<string, unknown>;

/** The draft-07 keywords the schema uses (a test validator; the schema must not use others). */
function validate(schema: Schema, value: unknown, at = '$'): string[] {
  const known = new Set(['$schema', 'title', 'description', 'type', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'anyOf', 'minItems', 'examples', 'deprecationMessage']);
  for (const key of Object.keys(schema)) assert.ok(known.has(key), `the test validator does not know the keyword ${key}`);
  const errors: string[] = [];
  const type = schema.type as string | undefined;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (type === 'object' && !isObject) return [`${at}: not an object`];
  if (type === 'array' && !Array.isArray(value)) return [`${at}: not an array`];
  if (type === 'string' && typeof value !== 'string') return [`${at}: not a string`];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) return [`${at}: not one of ${(schema.enum as unknown[]).join(', ')}`];
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((s) => validate(s, value, at).length === 0)) return [`${at}: matches none of anyOf`];
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((v, i) => errors.push(...validate(schema.items as Schema, v, `${at}[${i}]`)));
  }
  if (isObject) {
    const obj = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in obj)) errors.push(`${at}: missing ${key}`);
    for (const [key, v] of Object.entries(obj)) {
      if (key in properties) errors.push(...validate(properties[key]!, v, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown key ${key}`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties as Schema, v, `${at}.${key}`));
    }
  }
  return errors;
}

function configBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```jsonc?\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => /"(rules|ignore|policyFiles|policyTypes|profiles)"/.test(block));
}

const schema = configSchema();
const isKnownRule = (id: string): boolean => ruleById(id) !== undefined;

function check(text: string): { schema: string[]; parser: string[] } {
  const value = parse(text, [], { allowTrailingComma: true }) as unknown;
  return { schema: validate(schema, value), parser: parseConfig(text, isKnownRule).problems.map((p) => p.message) };
}

const VALID: [string, string][] = [
  ['empty', '{}'],
  ['every key', '{ "$schema": "./node_modules/grantcheck/dist/grantcheck.schema.json", "rules": { "iam/policy-version": "off", "redshift/hardcoded-password": "error" }, "ignore": ["build/"], "policyFiles": ["infra/**/*.json"], "sqlFiles": ["grants/*.sql"], "policyTypes": [{ "files": "buckets/*.json", "type": "resource" }, { "files": ["roles/*.json", "trust/*.json"], "type": "trust" }], "profiles": [{ "files": "iam/source.json", "profile": "structural/dynamodb-source-s3", "values": { "sourceBucket": "acme-src" } }] }'],
  ['comments and trailing commas', '// a comment\n{ "ignore": ["x/",], /* more */ }'],
];
const INVALID: [string, string][] = [
  ['a list at the top', '[]'],
  ['an unknown key', '{ "rule": {} }'],
  ['an unknown severity', '{ "rules": { "iam/policy-version": "warn" } }'],
  ['an unknown rule id', '{ "rules": { "iam/no-such-rule": "off" } }'],
  ['rules as a list', '{ "rules": ["iam/policy-version"] }'],
  ['ignore as a string', '{ "ignore": "build/" }'],
  ['a glob that is no string', '{ "policyFiles": [1] }'],
  ['a policyTypes entry without a type', '{ "policyTypes": [{ "files": "a.json" }] }'],
  ['an unknown policy type', '{ "policyTypes": [{ "files": "a.json", "type": "user" }] }'],
  ['an empty files list', '{ "policyTypes": [{ "files": [], "type": "trust" }] }'],
  ['a profile binding without a profile', '{ "profiles": [{ "files": "a.json" }] }'],
  ['profiles as an object', '{ "profiles": {} }'],
];

describe('the .grantcheck.json schema', () => {
  it('accepts the examples of docs/configuration.md and README.md, and what `grantcheck init` writes', () => {
    const samples: [string, string][] = [...VALID, ['grantcheck init', initialConfig('/x', [])]];
    for (const doc of ['docs/configuration.md', 'README.md']) {
      configBlocks(fs.readFileSync(path.join(ROOT, doc), 'utf8')).forEach((block, i) => samples.push([`${doc} block ${i + 1}`, block.replace(/"…"/g, '"x"')]));
    }
    assert.ok(samples.some(([name]) => name.startsWith('docs/configuration.md')), 'docs/configuration.md has an example');
    for (const [name, text] of samples) {
      const result = check(text);
      assert.deepEqual(result, { schema: [], parser: [] }, name);
    }
  });

  it('rejects wrong shapes, each of which the parser reports too', () => {
    for (const [name, text] of INVALID) {
      const result = check(text);
      assert.ok(result.schema.length > 0, `the schema rejects ${name}`);
      assert.ok(result.parser.length > 0, `the parser reports ${name}`);
    }
  });

  it('names every rule (and former id) with its severities, and is what the build wrote to dist/', () => {
    const rules = ((schema.properties as Record<string, Schema>).rules!.properties ?? {}) as Record<string, Schema>;
    for (const rule of allRules) assert.deepEqual(rules[rule.id]?.enum, ['error', 'warning', 'info', 'hint', 'off'], rule.id);
    const built = path.join(ROOT, 'dist', 'grantcheck.schema.json');
    assert.ok(fs.existsSync(built), 'dist/grantcheck.schema.json is missing: run `npm run build`');
    assert.deepEqual(JSON.parse(fs.readFileSync(built, 'utf8')), schema, 'dist/grantcheck.schema.json is stale: run `npm run build`');
  });

  it('is contributed to VS Code for .grantcheck.json, which opens as JSON with comments', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation: { fileMatch: string; url: string }[]; languages: { id: string; filenames?: string[] }[] } };
    assert.deepEqual(pkg.contributes.jsonValidation, [
      { fileMatch: '.grantcheck.json', url: './dist/grantcheck.schema.json' },
      { fileMatch: '**/.grantcheck/profiles/*.json', url: './dist/grantcheck-profile.schema.json' },
    ]);
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!dist\/grantcheck-profile\.schema\.json$/m);
    assert.ok(pkg.contributes.languages.some((l) => l.id === 'jsonc' && l.filenames?.includes('.grantcheck.json')));
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!dist\/grantcheck\.schema\.json$/m);
  });
});
