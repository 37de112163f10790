// A small JSON Schema (draft-07 subset) checker: the profile schema (profile.schema.json) is the one description of a
// profile file, used by editors through `$schema` and by the engine through this checker. Supported keywords: $ref
// (local #/definitions/…), anyOf, type, enum, properties, required, additionalProperties, items, minItems, pattern,
// minLength, maxLength. Patterns come from the schema, never from the checked document.

export type JsonPath = (string | number)[];

export interface SchemaProblem {
  path: JsonPath;
  message: string;
}

type Schema = Record<string, unknown>;

const compiled = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) compiled.set(pattern, (re = new RegExp(pattern)));
  return re;
}

/** Problems of `value` against `schema` (the root holds `definitions`); empty when it is valid. */
export function checkAgainstSchema(value: unknown, root: Schema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(value, root, root, [], problems);
  return problems;
}

function resolve(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) {
    const name = /^#\/definitions\/(.+)$/.exec(current.$ref)?.[1];
    const target = name ? (root.definitions as Record<string, Schema> | undefined)?.[name] : undefined;
    if (!target) throw new Error(`unknown $ref ${String(current.$ref)}`);
    current = target;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function check(value: unknown, schemaIn: Schema, root: Schema, path: JsonPath, problems: SchemaProblem[]): void {
  const schema = resolve(schemaIn, root);
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Schema[]).map((branch) => {
      const found: SchemaProblem[] = [];
      check(value, branch, root, path, found);
      return found;
    });
    if (branches.some((b) => b.length === 0)) return;
    // Report the branch the value is closest to (a profile with kind "redshift-sql" is judged as a Redshift profile).
    const best = branches.reduce((a, b) => (closeness(b, path) > closeness(a, path) ? b : a));
    problems.push(...best);
    return;
  }
  if (Array.isArray(schema.enum)) {
    if (!(schema.enum as unknown[]).includes(value)) {
      problems.push({ path, message: `${describeValue(value)} is not one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` });
    }
    return;
  }
  const expected = schema.type as string | undefined;
  const actual = typeOf(value);
  if (expected && expected !== actual) {
    problems.push({ path, message: `expected ${article(expected)}, found ${actual === 'null' ? 'null' : article(actual)}` });
    return;
  }
  if (actual === 'string') checkString(value as string, schema, path, problems);
  else if (actual === 'array') checkArray(value as unknown[], schema, root, path, problems);
  else if (actual === 'object') checkObject(value as Record<string, unknown>, schema, root, path, problems);
}

/** How far a branch's problems go into the value: a branch that fails deeper matched more of it. */
function closeness(found: readonly SchemaProblem[], path: JsonPath): number {
  const shallow = found.some((p) => p.path.length === path.length + 1 && p.path[path.length] === 'kind');
  return (shallow ? -1000 : 0) - found.length;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function checkString(value: string, schema: Schema, path: JsonPath, problems: SchemaProblem[]): void {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) problems.push({ path, message: schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long` });
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) problems.push({ path, message: `must be at most ${schema.maxLength} characters long` });
  if (typeof schema.pattern === 'string' && !regex(schema.pattern).test(value)) {
    problems.push({ path, message: `${describeValue(value)} does not have the expected form${typeof schema.description === 'string' ? ` (${schema.description})` : ''}` });
  }
}

function checkArray(value: unknown[], schema: Schema, root: Schema, path: JsonPath, problems: SchemaProblem[]): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push({ path, message: `needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}` });
  if (schema.items && typeof schema.items === 'object') value.forEach((item, i) => check(item, schema.items as Schema, root, [...path, i], problems));
}

function checkObject(value: Record<string, unknown>, schema: Schema, root: Schema, path: JsonPath, problems: SchemaProblem[]): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const key of (schema.required ?? []) as string[]) {
    if (!(key in value)) problems.push({ path, message: `"${key}" is required` });
  }
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key];
    if (property) check(item, property, root, [...path, key], problems);
    else if (schema.additionalProperties === false) {
      const known = Object.keys(properties);
      problems.push({ path: [...path, key], message: `unknown property "${key}"${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}` });
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      check(item, schema.additionalProperties as Schema, root, [...path, key], problems);
    }
  }
}
