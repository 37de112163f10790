// `grantcheck profiles [show <id>]` and `grantcheck new <id> --set key=value …`: the profile catalogue on the command line.

import * as path from 'node:path';
import { profileById, profilesByVendor, type ProfileRegistry } from '../engine/profiles';
import { ConfigCache } from '../node/configFiles';
import { profilesOfCurrentDirectory } from '../node/workspaceProfiles';
import { sharedIamData } from '../node/iamDataFiles';
import { requiredActions, requiredGrants } from '../engine/profiles/requirements';
import { renderDocument } from '../engine/profiles/render';
import { isIamProfile, type Profile, type ProfileBinding } from '../engine/profiles/types';
import { checkValues } from '../engine/profiles/validation';
import { closestMatches } from '../engine/text';
import { parseCommandArgs } from './commandArgs';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Subcommand } from './command';

const PROFILES_USAGE = `Usage: grantcheck profiles              list the profiles, grouped by vendor
       grantcheck profiles show <id>    requirements, placeholders, notes and corrections of one profile
`;

const NEW_USAGE = `Usage: grantcheck new <profile-id> [--set key=value]...

Prints the profile's policy (JSON) or Redshift script with the values filled in.
Every placeholder without a default needs a --set; values are validated.
`;

export const profilesCommand: Subcommand = {
  summary: 'list the known profiles (documented permissions of data tools), or show one',
  async run(args, io) {
    if (args[0] === '-h' || args[0] === '--help') {
      io.stdout(PROFILES_USAGE);
      return EXIT_OK;
    }
    if (args.length === 0) {
      io.stdout(listProfiles(workspaceRegistry(io)));
      return EXIT_OK;
    }
    if (args[0] === 'show' && args.length === 2) {
      const profile = findProfile(args[1]!, io, workspaceRegistry(io));
      if (!profile) return EXIT_USAGE;
      io.stdout(describeProfile(profile));
      return EXIT_OK;
    }
    io.stderr(`grantcheck profiles: unexpected arguments: ${args.join(' ')}\n\n${PROFILES_USAGE}`);
    return EXIT_USAGE;
  },
};

export const newCommand: Subcommand = {
  summary: 'print a new policy or Redshift script from a profile (grantcheck new <id> --set key=value)',
  async run(args, io) {
    const parsed = parseCommandArgs('new', NEW_USAGE, args, { set: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } }, io);
    if (typeof parsed === 'number') return parsed;
    if (parsed.positionals.length !== 1) {
      io.stderr(`grantcheck new: give exactly one profile id\n\n${NEW_USAGE}`);
      return EXIT_USAGE;
    }
    const profile = findProfile(parsed.positionals[0]!, io, workspaceRegistry(io));
    if (!profile) return EXIT_USAGE;
    const given = parseSetValues(parsed.values.set ?? [], io, 'new');
    if (!given) return EXIT_USAGE;
    const checked = checkValues(profile, given);
    const problems = [
      ...checked.problems,
      ...checked.missing.map((p) => `missing --set ${p.name}=… (${p.description} Example: ${p.example})`),
    ];
    if (problems.length > 0) {
      io.stderr(`grantcheck new ${profile.id}: invalid or missing values:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return EXIT_USAGE;
    }
    io.stdout(renderDocument(profile, checked.values));
    return EXIT_OK;
  },
};

/** `key=value` pairs from repeated --set options; undefined (after printing why) when one is malformed. */
export function parseSetValues(pairs: readonly string[], io: CliIo, command: string): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      io.stderr(`grantcheck ${command}: --set needs key=value, got "${pair}"\n`);
      return undefined;
    }
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return values;
}

/**
 * The built-in profiles plus the workspace's (.grantcheck/profiles/*.json at the repository root of the current
 * directory); each problem of a workspace profile file is printed (file:line:column), the rest still loads.
 */
export function workspaceRegistry(io: CliIo, quiet = false): ProfileRegistry {
  const cache = new ConfigCache();
  const found = profilesOfCurrentDirectory((dir) => cache.lookupRoot(dir));
  for (const file of quiet ? [] : found.files) {
    for (const p of file.problems) io.stderr(`${path.relative(process.cwd(), file.path) || file.path}:${p.line + 1}:${p.character + 1}: ${p.message}\n`);
  }
  return found.registry;
}

function findProfile(id: string, io: CliIo, registry?: ProfileRegistry): Profile | undefined {
  const profile = profileById(id, registry);
  if (profile) return profile;
  const suggestions = closestMatches(id, (registry?.profiles ?? profilesByVendor().flatMap((g) => g.profiles)).map((p) => p.id));
  io.stderr(`grantcheck: unknown profile "${id}"${suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''}; \`grantcheck profiles\` lists them\n`);
  return undefined;
}

export function listProfiles(registry?: ProfileRegistry): string {
  const lines: string[] = [];
  for (const group of profilesByVendor(registry)) {
    lines.push(`${group.vendorTitle}`);
    const width = Math.max(...group.profiles.map((p) => p.id.length));
    for (const p of group.profiles) lines.push(`  ${p.id.padEnd(width)}  ${p.kind.padEnd(12)}  ${p.title}`, `  ${''.padEnd(width)}  source: ${p.source.url}`);
    lines.push('');
  }
  lines.push('Show one: grantcheck profiles show <id> · new document: grantcheck new <id> --set key=value');
  return lines.join('\n') + '\n';
}

export function describeProfile(profile: Profile): string {
  const out: string[] = [`${profile.id} — ${profile.vendorTitle}: ${profile.title}`, `Document: ${profile.kind}`];
  out.push(`Source: ${profile.source.title} <${profile.source.url}> (checked ${profile.source.checked})`, '');
  out.push('Placeholders:');
  if (profile.placeholders.length === 0) out.push('  (none)');
  for (const p of profile.placeholders) {
    out.push(`  ${p.name} (${p.validation}${p.default !== undefined ? `, default ${p.default}` : ''}, e.g. ${p.example}) — ${p.description}`);
  }
  out.push('', 'Required:');
  if (isIamProfile(profile)) {
    const data = sharedIamData();
    const all = requiredActions(profile, {}, data, true);
    for (const r of all) {
      const on = r.insertResources.length > 0 ? ` on ${r.insertResources.join(' | ')}` : '';
      const principal = r.principal ? ` for ${r.principal.type} ${profile.statements[r.statementIndex]!.principal!.value}` : '';
      out.push(`  ${r.optional ? '(optional) ' : ''}${r.action}${on}${principal}`);
    }
  } else {
    if (profile.user) out.push(`  CREATE USER ${profile.user.name}${profile.user.options.length > 0 ? ` with ${profile.user.options.join(', ')}` : ''}`);
    for (const g of requiredGrants(profile, {}, true)) {
      out.push(`  ${g.optional ? '(optional) ' : ''}GRANT ${g.privilege} ON ${g.objectKind === 'all-tables' ? 'ALL TABLES IN SCHEMA' : g.objectKind === 'table' ? 'TABLE' : g.objectKind.toUpperCase()} ${g.template.object} TO ${g.template.grantee}`);
    }
  }
  if (profile.notes.length > 0) out.push('', 'Notes:', ...profile.notes.map((n) => `  - ${n}`));
  if (profile.corrections.length > 0) {
    out.push('', 'Corrections to the published page:');
    for (const c of profile.corrections) out.push(`  - published: ${c.published}`, `    corrected: ${c.corrected}`, `    why: ${c.why}`);
  }
  return out.join('\n') + '\n';
}

/** The binding for `--profile <id> [--set k=v …]` on a lint run: undefined without --profile, 'invalid' after printing why. */
export function profileBindingFromOptions(id: string | undefined, sets: readonly string[], io: CliIo): ProfileBinding | undefined | 'invalid' {
  if (id === undefined) {
    if (sets.length === 0) return undefined;
    io.stderr('grantcheck: --set needs --profile <id>\n');
    return 'invalid';
  }
  // The lint run reports the workspace profile files' problems itself.
  const profile = findProfile(id, io, workspaceRegistry(io, true));
  if (!profile) return 'invalid';
  const given = parseSetValues(sets, io, '--profile');
  if (!given) return 'invalid';
  // Unbound values are allowed here (they mean "any"); invalid ones are not.
  const checked = checkValues(profile, given);
  if (checked.problems.length > 0) {
    io.stderr(`grantcheck: invalid values for ${profile.id}:\n${checked.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 'invalid';
  }
  return { id: profile.id, values: checked.values };
}
