// Profile files: JSON text → validated profiles, with every problem placed on the file's own line. Built-in profiles
// (data/*.json) and workspace profiles (.grantcheck/profiles/*.json) go through the same checks.

import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../text';
import schema from './profile.schema.json';
import { checkAgainstSchema, type JsonPath } from './schemaCheck';
import type { Profile, ProfileEntry, ProfileFile } from './types';
import { templateVariables, validatePlaceholderValue } from './validation';

/** The published JSON Schema of a profile file (written to dist/grantcheck-profile.schema.json by the build). */
export const PROFILE_SCHEMA: Readonly<Record<string, unknown>> = schema;

export interface ProfileFileProblem {
  message: string;
  /** 0-based position of what the problem is about. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export interface LoadedProfiles {
  /** The valid profiles (a profile with a problem is left out; the rest of the file still counts). */
  profiles: Profile[];
  problems: ProfileFileProblem[];
}

/** A problem found in a parsed value, before positions are known. */
export interface DataProblem {
  path: JsonPath;
  message: string;
}

/** Profile files are small; a larger one is refused rather than parsed on every keystroke. */
export const MAX_PROFILE_FILE_BYTES = 512 * 1024;

/** Parses and validates one profile file. Never throws. `taken`: why an id cannot be used (a built-in's, another file's). */
export function parseProfileFile(text: string, taken?: (id: string) => string | undefined): LoadedProfiles {
  const lines = new LineIndex(text);
  const at = (start: number, end: number, message: string): ProfileFileProblem => {
    const a = lines.positionAt(start);
    const b = lines.positionAt(end);
    return { message, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character };
  };
  if (text.length > MAX_PROFILE_FILE_BYTES) return { profiles: [], problems: [at(0, 0, `A profile file is at most ${MAX_PROFILE_FILE_BYTES / 1024} KB; this one is not read.`)] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    return { profiles: [], problems: [at(first?.offset ?? 0, (first?.offset ?? 0) + (first?.length ?? 0), `Invalid JSON: ${first ? printParseErrorCode(first.error) : 'empty file'}.`)] };
  }
  const { profiles, problems } = profilesFromData(nodeValue(tree), taken);
  return {
    profiles,
    problems: problems.map((p) => {
      const node = nodeAt(tree, p.path);
      return at(node.offset, node.offset + node.length, p.message);
    }),
  };
}

/** The value of a parsed tree (jsonc-parser's getNodeValue without prototype keys). */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const value: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? [];
        if (key && child) value[String(key.value)] = nodeValue(child);
      }
      return { ...value };
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value as unknown;
  }
}

/** The deepest node of a path that exists (a missing property is reported on its object; a bad key on the key). */
function nodeAt(tree: Node, path: JsonPath): Node {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (!node) continue;
    // An unknown property: point at its key rather than its whole value.
    if (n === path.length && node.parent?.type === 'property' && node.parent.children?.[0] && typeof path[n - 1] === 'string') {
      return node.parent.children[0];
    }
    return node;
  }
  return tree;
}

/** Validates a parsed profile file: the schema first, then what a schema cannot say (ids, placeholders, templates). */
/**
 * The profiles of a built-in file, without checking it again at every start (40 ms of a CLI run): the built-in files
 * are checked with profilesFromData by test/unit/profile-schema.test.ts, which fails on any problem.
 */
export function builtinProfilesFromData(data: unknown): Profile[] {
  const file = data as ProfileFile;
  return file.profiles.map((entry) => ({ ...entry, vendor: file.vendor, vendorTitle: file.vendorTitle }) as Profile);
}

export function profilesFromData(data: unknown, taken?: (id: string) => string | undefined): { profiles: Profile[]; problems: DataProblem[] } {
  const schemaProblems = checkAgainstSchema(data, schema as Record<string, unknown>);
  // A problem outside `profiles[i]` (vendor, vendorTitle, the list itself) makes the whole file unusable.
  const fileLevel = schemaProblems.filter((p) => p.path[0] !== 'profiles' || p.path.length < 2);
  if (fileLevel.length > 0) return { profiles: [], problems: schemaProblems };
  const file = data as ProfileFile;
  const problems: DataProblem[] = [...schemaProblems];
  const broken = new Set(schemaProblems.map((p) => p.path[1] as number));
  const profiles: Profile[] = [];
  const seen = new Set<string>();
  file.profiles.forEach((entry, index) => {
    if (broken.has(index)) return;
    const found = entryProblems(file, entry).map((p) => ({ path: ['profiles', index, ...p.path], message: p.message }));
    if (seen.has(entry.id)) found.push({ path: ['profiles', index, 'id'], message: `Profile id "${entry.id}" appears twice in this file.` });
    const clash = taken?.(entry.id);
    if (clash) found.push({ path: ['profiles', index, 'id'], message: clash });
    seen.add(entry.id);
    problems.push(...found);
    if (found.length === 0) profiles.push({ ...entry, vendor: file.vendor, vendorTitle: file.vendorTitle } as Profile);
  });
  return { profiles, problems };
}

const ARN_OR_VARIABLE = /^(?:\*|arn:|\$\{[A-Za-z][A-Za-z0-9]*\})/;

function entryProblems(file: ProfileFile, entry: ProfileEntry): DataProblem[] {
  const problems: DataProblem[] = [];
  if (!entry.id.startsWith(`${file.vendor}/`)) problems.push({ path: ['id'], message: `Profile id "${entry.id}" must start with the file's vendor, "${file.vendor}/".` });
  const names = new Map<string, number>();
  const labels = new Set<string>();
  entry.placeholders.forEach((spec, i) => {
    if (names.has(spec.name)) problems.push({ path: ['placeholders', i, 'name'], message: `Placeholder "${spec.name}" is declared twice.` });
    names.set(spec.name, i);
    if (labels.has(spec.label)) problems.push({ path: ['placeholders', i, 'label'], message: `Label "${spec.label}" is used by two placeholders.` });
    labels.add(spec.label);
    const example = validatePlaceholderValue(spec, spec.example);
    if (example) problems.push({ path: ['placeholders', i, 'example'], message: `The example is not a valid ${spec.validation} value: ${example}.` });
    if (spec.default !== undefined) {
      const problem = validatePlaceholderValue(spec, spec.default);
      if (problem) problems.push({ path: ['placeholders', i, 'default'], message: `The default is not a valid ${spec.validation} value: ${problem}.` });
    }
  });
  const checkTemplate = (template: string, path: JsonPath): void => {
    for (const name of templateVariables(template)) {
      if (!names.has(name)) problems.push({ path, message: `\${${name}} is not a placeholder of this profile (declared: ${[...names.keys()].join(', ') || 'none'}).` });
    }
  };
  if (entry.kind === 'redshift-sql') {
    if (entry.user) {
      checkTemplate(entry.user.name, ['user', 'name']);
      checkTemplate(entry.user.password, ['user', 'password']);
    }
    entry.grants.forEach((g, i) => {
      checkTemplate(g.object, ['grants', i, 'object']);
      checkTemplate(g.grantee, ['grants', i, 'grantee']);
    });
    if (!entry.user && entry.grants.length === 0) problems.push({ path: ['grants'], message: 'A Redshift profile needs a user or at least one grant.' });
    return problems;
  }
  entry.statements.forEach((s, i) => {
    s.resources.forEach((r, j) => {
      checkTemplate(r, ['statements', i, 'resources', j]);
      if (!ARN_OR_VARIABLE.test(r)) problems.push({ path: ['statements', i, 'resources', j], message: `A resource is "*", an ARN or a placeholder holding one; "${r}" is none of them.` });
    });
    if (s.principal) checkTemplate(s.principal.value, ['statements', i, 'principal', 'value']);
    for (const [operator, keys] of Object.entries(s.condition ?? {})) {
      for (const [key, values] of Object.entries(keys)) values.forEach((v, k) => checkTemplate(v, ['statements', i, 'condition', operator, key, k]));
    }
    const needsPrincipal = entry.kind !== 'identity';
    if (needsPrincipal && !s.principal) problems.push({ path: ['statements', i], message: `A statement of a ${entry.kind} policy needs a principal.` });
    if (!needsPrincipal && s.principal) problems.push({ path: ['statements', i, 'principal'], message: 'An identity policy has no principal: it applies to the role or user it is attached to.' });
    if (entry.kind !== 'trust' && s.resources.length === 0) problems.push({ path: ['statements', i, 'resources'], message: `A statement of a ${entry.kind} policy needs at least one resource.` });
  });
  return problems;
}
