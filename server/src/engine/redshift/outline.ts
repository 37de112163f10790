// Outline of a Redshift permission script: the users, groups and roles it creates, and its grants per grantee.

import { grantOf, type GrantStatement, type Identifier, type RedshiftScript } from './ast';
import { oneLine } from './hover';
import { granteeKey, symbolsOf } from './symbols';

export type RedshiftSymbolKind = 'user' | 'group' | 'role' | 'grant';

export interface RedshiftSymbol {
  name: string;
  detail: string;
  kind: RedshiftSymbolKind;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: RedshiftSymbol[];
}

export function redshiftDocumentSymbols(script: RedshiftScript): RedshiftSymbol[] {
  const symbols: RedshiftSymbol[] = [];
  const table = symbolsOf(script);
  for (const statement of script.statements) {
    if (statement.kind !== 'create-user' && statement.kind !== 'create-group' && statement.kind !== 'create-role') continue;
    if (!statement.name) continue;
    const kind = statement.kind === 'create-user' ? 'user' : statement.kind === 'create-group' ? 'group' : 'role';
    const detail =
      kind === 'user'
        ? table.superusers.has(statement.name.value) ? 'user (superuser)' : 'user'
        : kind === 'group'
          ? `group · ${table.groupMembers.get(statement.name.value)?.size ?? 0} members`
          : 'role';
    symbols.push(leaf(statement.name.text, detail, kind, statement, statement.name));
  }
  const byGrantee = new Map<string, { label: string; kind: RedshiftSymbolKind; grants: GrantStatement[] }>();
  for (const statement of script.statements) {
    const grant = grantOf(statement);
    if (!grant || grant.kind !== 'grant') continue;
    for (const grantee of grant.grantees) {
      const key = granteeKey(grantee);
      if (!key) continue;
      let entry = byGrantee.get(key);
      if (!entry) {
        const kind: RedshiftSymbolKind = grantee.kind === 'group' ? 'group' : grantee.kind === 'role' ? 'role' : 'user';
        const label = grantee.kind === 'public' ? 'PUBLIC' : `${grantee.kind === 'user' ? '' : `${grantee.kind.toUpperCase()} `}${grantee.name?.text ?? ''}`;
        entry = { label, kind, grants: [] };
        byGrantee.set(key, entry);
      }
      // ALTER DEFAULT PRIVILEGES: the outline entry spans the whole statement.
      if (!entry.grants.includes(grant)) entry.grants.push(grant);
    }
  }
  if (byGrantee.size === 0) return symbols;
  const grantees: RedshiftSymbol[] = [...byGrantee.values()].map((entry) => {
    const children = entry.grants.map((g) => {
      const span = g.defaultPrivileges ?? g;
      return leaf(oneLine(span, script.text), g.defaultPrivileges ? 'default privileges' : 'grant', 'grant', span, g.keyword);
    });
    return container(entry.label, `${children.length} grant${children.length === 1 ? '' : 's'}`, entry.kind, children);
  });
  symbols.push(container('Grants', `${byGrantee.size} grantee${byGrantee.size === 1 ? '' : 's'}`, 'grant', grantees));
  return symbols;
}

function leaf(name: string, detail: string, kind: RedshiftSymbolKind, span: { start: number; end: number }, selection: Identifier | { start: number; end: number }): RedshiftSymbol {
  return { name, detail, kind, start: span.start, end: span.end, selectionStart: selection.start, selectionEnd: selection.end, children: [] };
}

function container(name: string, detail: string, kind: RedshiftSymbolKind, children: RedshiftSymbol[]): RedshiftSymbol {
  const start = Math.min(...children.map((c) => c.start));
  const end = Math.max(...children.map((c) => c.end));
  const first = children.reduce((a, b) => (b.start < a.start ? b : a));
  return { name, detail, kind, start, end, selectionStart: first.selectionStart, selectionEnd: first.selectionEnd, children };
}
