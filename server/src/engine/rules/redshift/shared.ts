// Helpers shared by the Redshift rules: walking grants, describing grantees, and placing inserted statements.

import { grantOf, type Grantee, type GrantStatement, type Privilege, type RedshiftScript, type Span, type Statement } from '../../redshift/ast';
import { declaredKind, type SymbolTable } from '../../redshift/symbols';
import type { LineIndex } from '../../text';
import type { OffsetEdit } from '../../types';

/** Every GRANT/REVOKE of the script (including ALTER DEFAULT PRIVILEGES actions) that parsed without error. */
export function* checkedGrants(script: RedshiftScript): Generator<{ statement: Statement; grant: GrantStatement }> {
  for (const statement of script.statements) {
    const grant = grantOf(statement);
    if (grant && !grant.hasError && !statement.hasError) yield { statement, grant };
  }
}

/** How a grantee reads in a message: `user bob`, `group analysts`, `role etl`, `PUBLIC`. */
export function granteeLabel(grantee: Grantee): string {
  switch (grantee.kind) {
    case 'public':
      return 'PUBLIC';
    case 'user':
    case 'group':
    case 'role':
      return `${grantee.kind} ${grantee.name?.text ?? ''}`;
    case 'rls-policy':
    case 'masking-policy':
      return `${grantee.kind === 'rls-policy' ? 'RLS' : 'masking'} policy ${grantee.name?.text ?? ''}`;
    default:
      return `${grantee.kind.toUpperCase()} ${grantee.value ? `'${grantee.value.value}'` : ''}`;
  }
}

export function sourceOf(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Privileges as written in a list: `SELECT, INSERT`. */
export function privilegeList(privileges: Privilege[]): string {
  return privileges.map((p) => p.name).join(', ');
}

/** Removes one item of a comma-separated list together with its comma. */
export function removeListItem(items: readonly Span[], index: number): OffsetEdit {
  const item = items[index]!;
  if (index < items.length - 1) return { start: item.start, end: items[index + 1]!.start, newText: '' };
  return { start: items[index - 1]!.end, end: item.end, newText: '' };
}

/** An edit inserting a statement just above `statement` (own line, same indentation) or before it when it shares its line. */
export function insertStatementBefore(text: string, lines: LineIndex, statement: Span, sql: string): OffsetEdit {
  const lineStart = lines.lineStartOf(statement.start);
  if (text.slice(lineStart, statement.start).trim() === '') {
    const indent = lines.indentationAt(statement.start);
    return { start: lineStart, end: lineStart, newText: `${indent}${sql}${lineBreakOf(text)}` };
  }
  return { start: statement.start, end: statement.start, newText: `${sql} ` };
}

/** An edit inserting a statement on its own line after `statement` (after a trailing `--` comment on the same line). */
export function insertStatementAfter(text: string, lines: LineIndex, statement: Span, sql: string): OffsetEdit {
  let lineEnd = statement.end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const rest = text.slice(statement.end, lineEnd).trim();
  if (rest === '' || rest.startsWith('--')) {
    const indent = lines.indentationAt(statement.start);
    return { start: lineEnd, end: lineEnd, newText: `${lineBreakOf(text)}${indent}${sql}` };
  }
  return { start: statement.end, end: statement.end, newText: ` ${sql}` };
}

/** `line N` (1-based) of an offset. */
export function lineLabel(lines: LineIndex, offset: number): string {
  return `line ${lines.positionAt(offset).line + 1}`;
}

/** A bare name (read as a user) that the script creates only as a group or role: redshift/grantee-kind reports it. */
export function namesGroupOrRole(symbols: SymbolTable, grantee: Grantee): boolean {
  if (grantee.kind !== 'user' || !grantee.name || grantee.name.quoted) return false;
  const kind = declaredKind(symbols, grantee.name.value);
  return kind === 'group' || kind === 'role';
}

/** The file's line break: CRLF when it uses CRLF, else LF. */
export function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

const afterErrorCache = new WeakMap<RedshiftScript, (offset: number) => boolean>();

/**
 * Whether an offset lies at or after the first syntax error of its statement. The parser's reading of the rest of
 * such a statement is a guess, so rules report nothing there: one syntax error, no cascaded findings.
 */
export function afterSyntaxError(script: RedshiftScript): (offset: number) => boolean {
  const cached = afterErrorCache.get(script);
  if (cached) return cached;
  const ranges: Span[] = [];
  let e = 0;
  for (const statement of script.statements) {
    if (!statement.hasError) continue;
    while (e < script.errors.length && script.errors[e]!.start < statement.start) e++;
    const error = script.errors[e];
    if (error && error.start <= statement.end) ranges.push({ start: error.start, end: statement.end });
  }
  const test = (offset: number): boolean => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const range = ranges[mid]!;
      if (offset < range.start) hi = mid - 1;
      else if (offset > range.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
  afterErrorCache.set(script, test);
  return test;
}
