// Hover for Redshift permission scripts: privileges (what they allow), object kinds (what they accept), and
// users/groups/roles (where the script creates them and what it grants them).

import { grantOf, type GrantStatement, type Privilege, type RedshiftScript } from './ast';
import { GRANT_DOC_URL, OBJECT_KINDS, PRIVILEGE_DESCRIPTIONS, SYSTEM_PERMISSIONS_DOC_URL } from './completion';
import { parseRedshiftScript } from './parser';
import { grantsReaching, symbolsOf, type PrincipalKey, type SymbolTable } from './symbols';
import { LineIndex } from '../text';
import { markdownCode } from '../markdown';

export interface RedshiftHover {
  markdown: string;
  start: number;
  end: number;
}

const CREATE_DOC_URLS: Readonly<Record<'user' | 'group' | 'role', string>> = {
  user: 'https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html',
  group: 'https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_GROUP.html',
  role: 'https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_ROLE.html',
};

/** How many grants a principal hover lists before "and N more". */
const GRANT_LIST_LIMIT = 12;

export function hoverRedshift(text: string, offset: number, script: RedshiftScript = parseRedshiftScript(text)): RedshiftHover | undefined {
  const inside = (span: { start: number; end: number }): boolean => span.start <= offset && offset < span.end;
  for (const statement of script.statements) {
    if (!inside(statement)) continue;
    const grant = grantOf(statement);
    if (!grant) break;
    const privilege = grant.privileges.find(inside);
    if (privilege) return { markdown: privilegeHover(privilege), start: privilege.start, end: privilege.end };
    const target = grant.target;
    if (target.type === 'object' && target.keyword.end > target.keyword.start && inside(target.keyword)) {
      const markdown = objectKindHover(target.keywordText);
      if (markdown) return { markdown, start: target.keyword.start, end: target.keyword.end };
    }
    break;
  }
  const name = script.names.find((n) => inside(n.id) && (n.role === 'user' || n.role === 'group' || n.role === 'role' || n.role === 'schema'));
  if (name && !name.id.variable) {
    const lines = new LineIndex(text);
    const markdown =
      name.role === 'schema'
        ? schemaHover(name.id.value, name.id.text, script, lines, text)
        : principalHover(name.role as 'user' | 'group' | 'role', name.id.value, name.id.text, symbolsOf(script), lines, text);
    return { markdown, start: name.id.start, end: name.id.end };
  }
  return undefined;
}

/** A schema: where the script creates it, its owner, and every grant on it or on its tables/functions. */
function schemaHover(name: string, written: string, script: RedshiftScript, lines: LineIndex, text: string): string {
  const table = symbolsOf(script);
  const created = script.statements.filter((s) => s.kind === 'create-schema' && s.name?.value === name);
  const out = [`**schema ${markdownCode(written)}**`];
  out.push(created.length > 0 ? `Created on line ${lines.positionAt(created[0]!.start).line + 1}.` : 'Not created in this script (it must exist already).');
  const owner = table.schemaOwners.get(name);
  if (owner) out.push(`Owner: ${markdownCode(owner)} (owners need no grants on it).`);
  const grants = script.statements
    .map((s) => grantOf(s))
    .filter((g): g is GrantStatement => g !== undefined && grantTouchesSchema(g, name));
  if (grants.length > 0) {
    const listed = grants.slice(0, GRANT_LIST_LIMIT).map((g) => `- ${markdownCode(oneLine(g.defaultPrivileges ?? g, text))} — line ${lines.positionAt(g.start).line + 1}`);
    if (grants.length > GRANT_LIST_LIMIT) listed.push(`- … and ${grants.length - GRANT_LIST_LIMIT} more`);
    out.push(`**Grants on it or its objects** (${grants.length}):\n${listed.join('\n')}`);
  }
  out.push('Reading a table needs `USAGE` on its schema as well as `SELECT` on the table.');
  out.push(`[Redshift GRANT](${GRANT_DOC_URL})`);
  return out.join('\n\n');
}

function grantTouchesSchema(grant: GrantStatement, schema: string): boolean {
  const target = grant.target;
  if (grant.defaultPrivileges?.inSchemas.some((s) => s.value === schema)) return true;
  if (target.type === 'scoped') return target.schema?.value === schema;
  if (target.type !== 'object') return false;
  return target.objects.some((o) => {
    const parts = o.parts;
    if (target.kind === 'schema' || target.kind.startsWith('all-')) return parts[parts.length - 1]?.value === schema;
    return parts.length >= 2 && parts[parts.length - 2]?.value === schema;
  });
}

function privilegeHover(privilege: Privilege): string {
  if (privilege.category === 'system') {
    return `**${markdownCode(privilege.name)}** (system permission)\n\nAn RBAC system permission: only roles can receive it (${markdownCode(`GRANT ${privilege.name} TO ROLE r`)}).\n\n[System permissions](${SYSTEM_PERMISSIONS_DOC_URL})`;
  }
  if (privilege.category === 'postgres-only') {
    return `**${markdownCode(privilege.name)}**: a PostgreSQL privilege that Amazon Redshift does not have.\n\n[Redshift GRANT](${GRANT_DOC_URL})`;
  }
  const description = PRIVILEGE_DESCRIPTIONS[privilege.name] ?? '';
  const kinds = OBJECT_KINDS.filter((k) => k.accepts.includes(privilege.name)).map((k) => `\`${k.keyword}\``);
  const columns = privilege.columns ? `\n\nColumn-level: only columns ${privilege.columns.map((c) => markdownCode(c.text)).join(', ')}.` : '';
  return `**${markdownCode(privilege.name)}** (privilege)\n\n${description}${columns}\n\nApplies to: ${kinds.join(', ') || '—'}\n\n[Redshift GRANT](${GRANT_DOC_URL})`;
}

function objectKindHover(keywordText: string): string | undefined {
  const kind = OBJECT_KINDS.find((k) => k.keyword === keywordText.toUpperCase());
  if (!kind) return undefined;
  return `**ON ${kind.keyword}**\n\n${kind.description}.\n\nAccepts: ${kind.accepts.map((p) => `\`${p}\``).join(', ')}\n\n[Redshift GRANT](${GRANT_DOC_URL})`;
}

function principalHover(kind: 'user' | 'group' | 'role', name: string, written: string, table: SymbolTable, lines: LineIndex, text: string): string {
  const creations = (kind === 'user' ? table.users : kind === 'group' ? table.groups : table.roles).get(name) ?? [];
  const key: PrincipalKey = `${kind}:${name}`;
  const out = [`**${kind} ${markdownCode(written)}**`];
  out.push(
    creations.length > 0
      ? `Created on line ${creations.map((c) => lines.positionAt(c.start).line + 1).join(', ')}${creations.length > 1 ? ' (more than once)' : ''}.`
      : `Not created in this script (it must exist already).`,
  );
  if (kind === 'user') {
    if (table.superusers.has(name)) out.push('**Superuser** (CREATEUSER): every privilege, no check applies.');
    const groups = [...table.groupMembers].filter(([, members]) => members.has(name)).map(([group]) => group);
    if (groups.length > 0) out.push(`Member of: ${groups.map((g) => markdownCode(g)).join(', ')}`);
  }
  if (kind === 'group') {
    const members = [...(table.groupMembers.get(name) ?? [])];
    out.push(members.length > 0 ? `Members: ${members.map((m) => markdownCode(m)).join(', ')}` : 'No members added in this script.');
  }
  const roles = [...(table.rolesOf.get(key) ?? [])];
  if (roles.length > 0) out.push(`Roles: ${roles.map((r) => markdownCode(r)).join(', ')}`);
  const direct = new Set(table.grants.get(key) ?? []);
  const all = grantsReaching(table, key);
  if (all.length === 0) {
    out.push('This script grants it nothing.');
  } else {
    const listed = all.slice(0, GRANT_LIST_LIMIT).map((g) => `- ${markdownCode(oneLine(g, text))}${direct.has(g) ? '' : ' _(inherited)_'} — line ${lines.positionAt(g.start).line + 1}`);
    if (all.length > GRANT_LIST_LIMIT) listed.push(`- … and ${all.length - GRANT_LIST_LIMIT} more`);
    out.push(`**Granted in this script** (${all.length}):\n${listed.join('\n')}`);
  }
  out.push(`[CREATE ${kind.toUpperCase()}](${CREATE_DOC_URLS[kind]})`);
  return out.join('\n\n');
}

/** A statement's source on one line, shortened. */
export function oneLine(statement: GrantStatement | { start: number; end: number }, text: string, max = 100): string {
  const source = text.slice(statement.start, statement.end).replace(/\s+/g, ' ').replace(/;$/, '').trim();
  return source.length > max ? `${source.slice(0, max - 1)}…` : source;
}
