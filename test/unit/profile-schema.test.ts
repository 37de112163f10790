// Profiles as data: the built-in profile files pass the published schema, the TypeScript types mirror the schema,
// and a broken profile file gets each problem on its own line.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, test } from 'node:test';
import ts from 'typescript';
import { allProfiles, BUILTIN_PROFILE_FILES } from '../../server/src/engine/profiles';
import { parseProfileFile, PROFILE_SCHEMA, profilesFromData } from '../../server/src/engine/profiles/load';

const PROFILES_DIR = path.join(__dirname, '..', '..', 'server', 'src', 'engine', 'profiles');
type Schema = Record<string, any>;
const definitions = (PROFILE_SCHEMA as Schema).definitions as Record<string, Schema>;

test('every built-in profile file passes the schema and the loader, one file per tool', () => {
  const files = fs.readdirSync(path.join(PROFILES_DIR, 'data')).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, BUILTIN_PROFILE_FILES.length, 'every data/*.json file is registered in profiles/builtinFiles.ts');
  const ids: string[] = [];
  const validated: unknown[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(PROFILES_DIR, 'data', file), 'utf8');
    const loaded = parseProfileFile(text);
    assert.deepEqual(loaded.problems, [], file);
    const parsed = JSON.parse(text) as { vendor: string; $schema: string };
    assert.equal(`${parsed.vendor}.json`, file, 'a file is named after its vendor');
    assert.equal(parsed.$schema, '../profile.schema.json');
    ids.push(...loaded.profiles.map((p) => p.id));
    validated.push(...loaded.profiles);
  }
  assert.deepEqual(ids.sort(), allProfiles.map((p) => p.id).sort());
  // At run time the built-ins are read without these checks: what they give must be what the checked loader gives.
  const byId = (a: unknown, b: unknown): number => (a as { id: string }).id.localeCompare((b as { id: string }).id);
  assert.deepEqual([...allProfiles].sort(byId), validated.sort(byId));
});

// ---- the TypeScript types mirror the schema ----

const program = ts.createProgram([path.join(PROFILES_DIR, 'types.ts')], { strict: true, noEmit: true });
const checker = program.getTypeChecker();
const source = program.getSourceFile(path.join(PROFILES_DIR, 'types.ts'))!;

function declared(name: string): ts.Type {
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === name);
  assert.ok(symbol, `types.ts declares ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** Property name → optional, of a TypeScript type. */
function tsProperties(type: ts.Type, leaveOut: string[] = []): Record<string, boolean> {
  return Object.fromEntries(
    checker
      .getPropertiesOfType(type)
      .filter((p) => !leaveOut.includes(p.name))
      .map((p) => [p.name, (p.flags & ts.SymbolFlags.Optional) !== 0]),
  );
}

/** Property name → optional, of a schema object. */
function schemaProperties(schema: Schema): Record<string, boolean> {
  const required = new Set<string>(schema.required ?? []);
  return Object.fromEntries(Object.keys(schema.properties).map((k) => [k, !required.has(k)]));
}

function literalValues(type: ts.Type): string[] {
  const parts = type.isUnion() ? type.types : [type];
  return parts.map((t) => (t as ts.StringLiteralType).value).sort();
}

describe('the TypeScript types mirror profile.schema.json', () => {
  const pairs: [string, Schema, string[]?][] = [
    ['ProfileFile', PROFILE_SCHEMA as Schema],
    ['IamProfile', definitions.iamProfile!, ['vendor', 'vendorTitle']],
    ['RedshiftProfile', definitions.redshiftProfile!, ['vendor', 'vendorTitle']],
    ['ProfileSource', definitions.source!],
    ['PlaceholderSpec', definitions.placeholder!],
    ['StatementTemplate', definitions.statement!],
    ['PrincipalTemplate', definitions.statement!.properties.principal],
    ['GrantTemplate', definitions.grant!],
    ['UserTemplate', definitions.user!],
    ['ProfileCorrection', definitions.corrections!.items],
  ];
  for (const [name, schema, leaveOut] of pairs) {
    it(`${name}: same properties, same optionality`, () => {
      assert.deepEqual(tsProperties(declared(name), leaveOut), schemaProperties(schema));
    });
  }
  it('PlaceholderSpec.mustDifferFrom items', () => {
    const spec = declared('PlaceholderSpec');
    const item = checker.getTypeOfSymbol(checker.getPropertyOfType(spec, 'mustDifferFrom')!);
    const element = checker.getNonNullableType(item) as ts.TypeReference;
    assert.deepEqual(tsProperties(checker.getTypeArguments(element)[0]!), schemaProperties(definitions.placeholder!.properties.mustDifferFrom.items));
  });
  it('the unions have the enums\' values', () => {
    assert.deepEqual(literalValues(declared('PlaceholderValidation')), [...definitions.validation!.enum].sort());
    assert.deepEqual(literalValues(declared('RedshiftObjectKind')), [...definitions.grant!.properties.objectKind.enum].sort());
    assert.deepEqual(literalValues(declared('ProfileDocumentKind')), [...definitions.iamProfile!.properties.kind.enum, ...definitions.redshiftProfile!.properties.kind.enum].sort());
    const principal = declared('PrincipalTemplate');
    assert.deepEqual(literalValues(checker.getTypeOfSymbol(checker.getPropertyOfType(principal, 'type')!)), [...definitions.statement!.properties.principal.properties.type.enum].sort());
  });
});

// ---- a broken file: clear problems on its own lines ----

const VALID = {
  vendor: 'acme',
  vendorTitle: 'Acme ETL',
  profiles: [
    {
      id: 'acme/loader',
      title: 'Loader role',
      kind: 'identity',
      source: { url: 'https://docs.example.com/acme/aws', title: 'Acme — AWS setup', checked: '2026-12-01' },
      placeholders: [{ name: 'bucket', label: 'bucket', description: 'The bucket.', validation: 's3-bucket', example: 'acme-data' }],
      statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::${bucket}/*'] }],
      notes: [],
      corrections: [],
    },
  ],
};

function withProfile(change: (p: Record<string, any>) => void): string {
  const copy = JSON.parse(JSON.stringify(VALID)) as typeof VALID;
  change(copy.profiles[0] as Record<string, any>);
  return JSON.stringify(copy, null, 2);
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length - 1;
}

describe('a profile file with problems', () => {
  it('a valid file loads with its vendor', () => {
    const loaded = parseProfileFile(JSON.stringify(VALID));
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.profiles[0]!.vendorTitle, 'Acme ETL');
  });
  const cases: [string, (p: Record<string, any>) => void, string, RegExp][] = [
    ['an unknown property, on its key', (p) => (p.statement = []), '"statement"', /unknown property "statement"/],
    ['a source without its URL', (p) => delete p.source.url, '"source"', /"url" is required/],
    ['a source URL that is not https', (p) => (p.source.url = 'http://docs.example.com'), '"http://docs.example.com"', /expected form/],
    ['an id of another vendor', (p) => (p.id = 'other/loader'), '"other/loader"', /must start with the file's vendor, "acme\/"/],
    ['an undeclared placeholder', (p) => (p.statements[0].resources = ['arn:aws:s3:::${bukcet}/*']), '"arn:aws:s3:::${bukcet}/*"', /\$\{bukcet\} is not a placeholder of this profile \(declared: bucket\)/],
    ['an invalid example value', (p) => (p.placeholders[0].example = 'Not_A_Bucket'), '"Not_A_Bucket"', /example is not a valid s3-bucket value/],
    ['an action that is not service:Action', (p) => (p.statements[0].actions = ['GetObject']), '"GetObject"', /expected form/],
    ['an unknown kind', (p) => (p.kind = 'role'), '"role"', /not one of/],
    ['a trust statement without a principal', (p) => ((p.kind = 'trust'), (p.statements[0].resources = [])), '"actions"', /needs a principal/],
  ];
  for (const [name, change, needle, message] of cases) {
    it(name, () => {
      const text = withProfile(change);
      const loaded = parseProfileFile(text);
      assert.equal(loaded.profiles.length, 0, 'the broken profile is left out');
      const problem = loaded.problems.find((p) => message.test(p.message));
      assert.ok(problem, `${loaded.problems.map((p) => p.message).join('\n')}`);
      // Statement-level problems sit on the statement, which starts a line above its first property.
      const expected = needle === '"actions"' ? lineOf(text, needle) - 1 : lineOf(text, needle);
      assert.equal(problem.line, expected, problem.message);
    });
  }
  it('invalid JSON is reported where it breaks', () => {
    const loaded = parseProfileFile('{\n  "vendor": "acme",\n  "profiles": [\n}');
    assert.equal(loaded.problems.length, 1);
    assert.match(loaded.problems[0]!.message, /^Invalid JSON/);
    assert.equal(loaded.problems[0]!.line, 3);
  });
  it('one broken profile leaves the others usable', () => {
    const copy = JSON.parse(JSON.stringify(VALID));
    copy.profiles.push({ ...copy.profiles[0], id: 'acme/broken', kind: 'nope' });
    const loaded = profilesFromData(copy);
    assert.deepEqual(loaded.profiles.map((p) => p.id), ['acme/loader']);
    assert.ok(loaded.problems.length > 0);
  });
  it('never throws on any JSON value', () => {
    for (const value of [null, 1, 'x', [], {}, { vendor: 1, vendorTitle: [], profiles: {} }, { vendor: 'a', vendorTitle: 'A', profiles: [null, 1, {}] }]) {
      assert.ok(profilesFromData(value).problems.length > 0);
    }
  });
});
