// Writes a profile's document (policy JSON or Redshift script) with values filled in, or as a snippet body with tabstops.

import { md5PasswordHash, passwordForm } from '../redshift/password';
import { fillTemplate, isSecretPlaceholder, templateVariables } from './validation';
import { isIamProfile, type GrantTemplate, type IamProfile, type PlaceholderSpec, type Profile, type RedshiftProfile, type StatementTemplate } from './types';

/** The SQL comment that binds a Redshift script to a profile (`-- grantcheck-profile: id key=value …`). */
export const SQL_BINDING_PREFIX = '-- grantcheck-profile:';

/**
 * How a placeholder is written: a filled value (`new`), or a snippet tabstop. `escape` quotes the
 * literal text around placeholders (JSON string escaping is done before it).
 */
export interface Filler {
  value(spec: PlaceholderSpec, index: number): string;
  escapeLiteral(text: string): string;
}

/** Placeholders used by a profile's document, in the order of the profile's list (tabstop numbers follow it). */
export function usedPlaceholders(profile: Profile): PlaceholderSpec[] {
  const used = new Set(documentTemplates(profile).flatMap(templateVariables));
  return profile.placeholders.filter((p) => used.has(p.name));
}

function documentTemplates(profile: Profile): string[] {
  if (isIamProfile(profile)) return profile.statements.flatMap((s) => [...s.resources, ...(s.principal ? [s.principal.value] : []), ...conditionValues(s)]);
  return [
    ...(profile.user ? [profile.user.name, profile.user.password] : []),
    ...profile.grants.flatMap((g) => [g.object, g.grantee]),
  ];
}

/** The document with the given values (defaults applied by the caller); unknown placeholders stay as `${name}`. */
export function renderDocument(profile: Profile, values: Readonly<Record<string, string>>): string {
  return render(profile, {
    value: (spec) => {
      const value = values[spec.name];
      if (value === undefined) return `\${${spec.name}}`;
      return spec.validation === 'redshift-password' ? sqlPassword(value, values.user ?? '') : value;
    },
    escapeLiteral: (text) => text,
  });
}

/**
 * The SQL for a password value: DISABLE, a hash as a literal, or clear text turned into its md5
 * hash (MD5 of password ‖ user name), so a generated script never holds a clear-text password.
 */
export function sqlPassword(value: string, userName: string): string {
  if (/^disable$/i.test(value)) return 'DISABLE';
  const form = passwordForm(value);
  if (form.kind === 'md5-hash' || form.kind === 'sha256-hash') return `'${value}'`;
  return `'${md5PasswordHash(value, userName)}'`;
}

/** A VS Code snippet body: each placeholder a numbered tabstop named by its label (`${1:source-bucket}`). */
export function renderSnippet(profile: Profile): string {
  return render(profile, {
    value: (spec, index) => {
      const tabstop = (text: string): string => `\${${index}:${snippetEscape(text)}}`;
      if (spec.validation === 'redshift-password') {
        // DISABLE (IAM authentication) where Redshift allows it: a snippet never suggests a clear-text password. A
        // superuser's password cannot be disabled, so there the tabstop is a quoted placeholder still to fill.
        return createsSuperuser(profile) ? `'${tabstop(`<${spec.label}>`)}'` : tabstop('DISABLE');
      }
      return tabstop(snippetDefault(profile, spec));
    },
    escapeLiteral: (text) => text.replace(/[\\$]/g, (c) => `\\${c}`),
  });
}

/**
 * What a snippet tabstop holds before the user types: the vendor's default if there is one; in SQL a valid example
 * name (a kebab-case label would be a syntax error there); in a policy `<label>`, which GrantCheck reports as a
 * value still to fill in (iam/placeholder) rather than as a malformed ARN or principal.
 */
export function snippetDefault(profile: Profile, spec: PlaceholderSpec): string {
  if (spec.default !== undefined) return spec.default;
  return isIamProfile(profile) ? `<${spec.label}>` : spec.example;
}

/** The profile's CREATE USER makes a superuser (CREATEUSER): Redshift then rejects PASSWORD DISABLE. */
export function createsSuperuser(profile: Profile): boolean {
  return !isIamProfile(profile) && (profile.user?.options.some((o) => /^createuser$/i.test(o)) ?? false);
}

/** Inside a snippet placeholder `$`, `}` and `\` are special (outside it only `$` and `\`). */
export function snippetEscape(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

// Private-use sentinels mark placeholders while the JSON is serialised, so that escaping never touches them.
const OPEN = '\uE000';
const CLOSE = '\uE001';

function render(profile: Profile, filler: Filler): string {
  const specs = usedPlaceholders(profile);
  const indexOf = new Map(specs.map((s, i) => [s.name, i + 1]));
  const mark = (template: string): string => fillTemplate(template, (name) => (indexOf.has(name) ? `${OPEN}${name}${CLOSE}` : undefined));
  const raw = isIamProfile(profile) ? renderPolicy(profile, mark) : renderScript(profile, mark);
  const parts = raw.split(new RegExp(`${OPEN}([A-Za-z0-9]+)${CLOSE}`));
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return filler.escapeLiteral(part);
      const spec = specs.find((s) => s.name === part)!;
      return filler.value(spec, indexOf.get(part)!);
    })
    .join('');
}

function renderPolicy(profile: IamProfile, mark: (t: string) => string): string {
  const statements = profile.statements.map((s) => statementObject(s, mark));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
}

/** One statement as written in the document (single values as strings, like the vendors write them). */
export function statementObject(s: StatementTemplate, mark: (t: string) => string = (t) => t): Record<string, unknown> {
  const one = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values);
  return {
    ...(s.sid ? { Sid: s.sid } : {}),
    Effect: 'Allow',
    ...(s.principal ? { Principal: { [s.principal.type]: mark(s.principal.value) } } : {}),
    Action: one(s.actions),
    ...(s.resources.length > 0 ? { Resource: one(s.resources.map(mark)) } : {}),
    ...(s.condition ? { Condition: mapCondition(s.condition, mark) } : {}),
  };
}

/** Every value of a statement's condition block (they may hold placeholders, e.g. an external id). */
function conditionValues(s: StatementTemplate): string[] {
  return Object.values(s.condition ?? {}).flatMap((keys) => Object.values(keys).flat());
}

function mapCondition(condition: NonNullable<StatementTemplate['condition']>, mark: (t: string) => string): Record<string, Record<string, string | string[]>> {
  const one = (values: string[]): string | string[] => (values.length === 1 ? values[0]! : values);
  return Object.fromEntries(Object.entries(condition).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, one(v.map(mark))]))]));
}

function renderScript(profile: RedshiftProfile, mark: (t: string) => string): string {
  const binding = usedPlaceholders(profile)
    // Secrets are never written into the binding comment.
    .filter((p) => !isSecretPlaceholder(p))
    .map((p) => ` ${p.name}=${mark(`\${${p.name}}`)}`)
    .join('');
  const lines = [`${SQL_BINDING_PREFIX} ${profile.id}${binding}`, `-- ${profile.vendorTitle}: ${profile.title}.${profile.source.url ? ` ${profile.source.url}` : ''}`];
  if (profile.user) {
    if (profile.user.why) lines.push(`-- ${profile.user.why}`);
    const options = profile.user.options.map((o) => ` ${o}`).join('');
    lines.push(`CREATE USER ${mark(profile.user.name)} PASSWORD ${mark(profile.user.password)}${options};`);
  }
  for (const grant of profile.grants) {
    if (grant.why) lines.push(`-- ${grant.optional ? 'Optional: ' : ''}${grant.why}`);
    lines.push(grantStatement(grant, mark));
  }
  return lines.join('\n') + '\n';
}

/** `GRANT … ON … TO …;` for one grant template. */
export function grantStatement(grant: GrantTemplate, mark: (t: string) => string = (t) => t): string {
  return `GRANT ${grant.privileges.join(', ')} ON ${objectClause(grant.objectKind, mark(grant.object))} TO ${mark(grant.grantee)};`;
}

/** The object part of a GRANT (`DATABASE d`, `SCHEMA s`, `ALL TABLES IN SCHEMA s`, or the table name). */
export function objectClause(kind: GrantTemplate['objectKind'], name: string): string {
  switch (kind) {
    case 'database':
      return `DATABASE ${name}`;
    case 'schema':
      return `SCHEMA ${name}`;
    case 'all-tables':
      return `ALL TABLES IN SCHEMA ${name}`;
    case 'table':
      return name;
  }
}
