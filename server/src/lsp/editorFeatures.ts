// Editor features (completion, hover, symbols, folding, code lenses, expanded actions): handlers that read the
// document's analysis (parsed once per version) and converters from the engine's offsets to LSP shapes.

import type { CodeLens, CompletionItem, CompletionList, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, SymbolKind } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completeIam, type CompletionKind } from '../engine/iam/completion';
import { completeRedshift, type RedshiftCompletionKind } from '../engine/redshift/completion';
import { completeProfileSnippets, policyDocumentStart, type SnippetCompletionKind } from '../engine/snippetCompletion';
import { hoverIam, type IamHover } from '../engine/iam/hover';
import { expandedActionsMarkdown, iamDocumentSymbols, iamFoldingRanges, statementLenses, type IamFoldingRange, type IamSymbol, type IamSymbolKind, type StatementLens } from '../engine/iam/symbols';
import type { IamDocument } from '../engine/iam/document';
import { parseIamDocument } from '../engine/iam/document';
import type { RedshiftScript } from '../engine/redshift/ast';
import { parseRedshiftScript } from '../engine/redshift/parser';
import { hoverRedshift } from '../engine/redshift/hover';
import { redshiftDocumentSymbols } from '../engine/redshift/outline';
import { hoverHost } from '../engine/hosts/hostHover';
import { completeHost } from '../engine/hosts/hostCompletion';
import type { HostKind } from '../engine/hosts/lintHost';
import { bindingHover } from '../engine/profiles/hover';
import type { LineIndex } from '../engine/text';
import type { EngineCompletionItem, EngineCompletionList } from '../engine/types';
import { analysisOf, guarded, profilesFor, type CompletionClientSupport, type ServerCore } from './core';
import type { Analysis } from './documentCache';
import { awsDataLabel } from '../node/awsData';

/** Client-side command a statement's code lens runs (registered by the VS Code client). */
export const SHOW_EXPANDED_ACTIONS_COMMAND = 'grantcheck.showExpandedActions';

const COMPLETION_KINDS: Record<AnyCompletionItem['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  resource: CompletionItemKind.Reference,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Field,
  principal: CompletionItemKind.Constant,
  snippet: CompletionItemKind.Snippet,
  keyword: CompletionItemKind.Keyword,
  user: CompletionItemKind.Variable,
};

export type { CompletionClientSupport } from './core';

/** Completion items of either engine (IAM or Redshift). */
type AnyCompletionItem = EngineCompletionItem<CompletionKind | RedshiftCompletionKind | SnippetCompletionKind>;

export function toCompletionList(
  result: EngineCompletionList<CompletionKind> | EngineCompletionList<RedshiftCompletionKind> | EngineCompletionList<SnippetCompletionKind>,
  lines: LineIndex,
  support: CompletionClientSupport,
): CompletionList {
  const items: readonly AnyCompletionItem[] = result.items;
  return { isIncomplete: result.isIncomplete, items: items.map((item) => toCompletionItem(item, lines, support)) };
}

function toCompletionItem(item: AnyCompletionItem, lines: LineIndex, support: CompletionClientSupport): CompletionItem {
  const newText = support.snippets ? item.edit.newText : snippetToPlainText(item.edit.newText);
  return {
    label: item.label,
    kind: COMPLETION_KINDS[item.kind],
    ...(item.detail ? { detail: item.detail } : {}),
    ...(item.documentation
      ? { documentation: support.markdown ? { kind: MarkupKind.Markdown, value: item.documentation } : item.documentation }
      : {}),
    filterText: item.filterText,
    sortText: item.sortText,
    textEdit: { range: lines.rangeOf(item.edit.start, item.edit.end), newText },
    insertTextFormat: support.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // The engine already indents every line for the document: the client must not re-indent.
    insertTextMode: InsertTextMode.asIs,
    ...(item.additionalEdits.length > 0
      ? { additionalTextEdits: item.additionalEdits.map((e) => ({ range: lines.rangeOf(e.start, e.end), newText: e.newText })) }
      : {}),
    ...(item.retrigger && support.snippets ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}

/** Snippet text with every tabstop replaced by its placeholder (first choice), for clients without snippets. */
export function snippetToPlainText(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i]!;
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1]!)) {
      out += snippet[++i];
      continue;
    }
    if (c === '$') {
      const rest = snippet.slice(i);
      const simple = /^\$\d+/.exec(rest);
      if (simple) {
        i += simple[0].length - 1;
        continue;
      }
      const braced = /^\$\{\d+(?::((?:\\.|[^}\\])*)|\|([^|]*)\|)?\}/.exec(rest);
      if (braced) {
        out += braced[1] !== undefined ? braced[1].replace(/\\(.)/g, '$1') : braced[2] !== undefined ? (braced[2].split(',')[0] ?? '') : '';
        i += braced[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/**
 * Ends an IAM hover (policy files, Terraform, CloudFormation) with the AWS data it rests on, e.g.
 * "AWS data 0.21.202609261 (workspace)". Redshift hovers read no AWS data and get none.
 */
export function withAwsDataFooter(hover: Hover | null, core: Pick<ServerCore, 'awsData'>): Hover | null {
  if (!hover || typeof hover.contents !== 'object' || !('kind' in hover.contents)) return hover;
  return { ...hover, contents: { kind: hover.contents.kind, value: `${hover.contents.value}\n\n---\n\n_${awsDataLabel(core.awsData())}_` } };
}

export function toHover(hover: IamHover | undefined, lines: LineIndex): Hover | null {
  if (!hover) return null;
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: lines.rangeOf(hover.start, hover.end) };
}

const SYMBOL_KINDS: Record<IamSymbolKind | 'user' | 'group' | 'role' | 'grant', SymbolKind> = {
  version: SymbolKind.Constant,
  statements: SymbolKind.Array,
  statement: SymbolKind.Object,
  element: SymbolKind.Property,
  user: SymbolKind.Variable,
  group: SymbolKind.Namespace,
  role: SymbolKind.Class,
  grant: SymbolKind.Event,
};

export interface EngineSymbol {
  name: string;
  detail: string;
  kind: IamSymbolKind | 'user' | 'group' | 'role' | 'grant';
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: EngineSymbol[];
}

export function toDocumentSymbols(symbols: readonly (IamSymbol | EngineSymbol)[], lines: LineIndex): DocumentSymbol[] {
  return symbols.map((s) => ({
    name: s.name || '(unnamed)',
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KINDS[s.kind],
    range: lines.rangeOf(s.start, s.end),
    selectionRange: lines.rangeOf(Math.max(s.start, s.selectionStart), Math.min(s.end, Math.max(s.selectionStart, s.selectionEnd))),
    children: toDocumentSymbols(s.children, lines),
  }));
}

/**
 * Offsets → line ranges. Like editors' own bracket folding, a range ends on the line before a
 * closing bracket that starts its line, so the bracket stays visible; one-line ranges are dropped.
 */
export function toFoldingRanges(ranges: readonly IamFoldingRange[], text: string, lines: LineIndex): FoldingRange[] {
  const result: FoldingRange[] = [];
  const seen = new Set<string>();
  for (const r of ranges) {
    const startLine = lines.positionAt(r.start).line;
    const closing = lines.positionAt(Math.max(r.start, r.end - 1));
    const closeStartsLine = text.slice(lines.lineStartOf(Math.max(r.start, r.end - 1)), r.end - 1).trim() === '';
    const endLine = closeStartsLine ? closing.line - 1 : closing.line;
    const key = `${startLine}:${endLine}`;
    if (endLine <= startLine || seen.has(key)) continue;
    seen.add(key);
    result.push({ startLine, endLine });
  }
  return result;
}

export function toCodeLenses(lenses: readonly StatementLens[], uri: string, lines: LineIndex): CodeLens[] {
  return lenses.map((lens) => ({
    range: lines.rangeOf(lens.start, lens.end),
    command: { title: lens.title, command: SHOW_EXPANDED_ACTIONS_COMMAND, arguments: [uri, lens.statementIndex] },
  }));
}

/**
 * Profile snippets where a whole document can start: a blank policy file (also a JSON file not yet linted as one,
 * e.g. a new untitled file), or a Redshift script between statements (a SQL file not yet linted as one: only when blank).
 */
function profileSnippetsAt(core: ServerCore, uri: string, position: Position): CompletionItem[] {
  const open = analysisOf(core, uri);
  if (!open) return [];
  const { document, analysis } = open;
  if (analysis.skipped === 'config-file' || analysis.skipped === 'ignored' || analysis.target?.host) return [];
  const offset = document.offsetAt(position);
  const kind = analysis.target?.kind;
  const language = document.languageId;
  // The workspace's own profiles (.grantcheck/profiles/) are offered beside the built-ins, as soon as they are saved.
  const profiles = profilesFor(core, uri)?.profiles;
  let items: EngineCompletionItem<SnippetCompletionKind>[] = [];
  if (kind === 'iam-policy' || (!kind && (language === 'json' || language === 'jsonc'))) items = completeProfileSnippets('iam', analysis.text, offset, profiles);
  else if (kind === 'redshift-sql') items = completeProfileSnippets('redshift', analysis.text, offset, profiles);
  else if (!kind && isSqlLanguage(language) && policyDocumentStart(analysis.text, offset)) items = completeProfileSnippets('redshift', analysis.text, offset, profiles);
  return toCompletionList({ items, isIncomplete: false }, analysis.lines, core.client.completionSupport).items;
}

function isSqlLanguage(languageId: string): boolean {
  return languageId === 'sql' || languageId === 'redshift' || languageId === 'redshift-sql';
}

/** One parsed view of a document for a feature: the analysis's own parse, never a second one. */
interface View<TDoc> {
  analysis: Analysis;
  document: TextDocument;
  doc: TDoc;
}

interface Features<T> {
  iam?: (view: View<IamDocument>) => T;
  redshift?: (view: View<RedshiftScript>) => T;
  /** Policies inside Terraform/CloudFormation: features that understand the host syntax around them. */
  host?: (view: View<HostKind>) => T;
}

/**
 * Runs a feature for the kind the document is linted as, on the analysis of its current version.
 * A crash is logged and answered with `fallback`.
 */
function onDocument<T>(core: ServerCore, uri: string, fallback: T, features: Features<T>): T {
  return guarded(core, 'editor feature', uri, fallback, () => {
    const open = analysisOf(core, uri);
    if (!open) return fallback;
    const { document, analysis } = open;
    const target = analysis.skipped ? undefined : analysis.target;
    if (!target) return fallback;
    if (target.host) return features.host ? features.host({ analysis, document, doc: target.host }) : fallback;
    // The lint result holds the parsed document; only a parser crash (already a finding) leaves it out.
    if (target.kind === 'iam-policy' && features.iam) {
      return features.iam({ analysis, document, doc: analysis.result?.iam ?? parseIamDocument(analysis.text, target.policyType) });
    }
    if (target.kind === 'redshift-sql' && features.redshift) {
      return features.redshift({ analysis, document, doc: analysis.result?.redshift ?? parseRedshiftScript(analysis.text) });
    }
    return fallback;
  });
}

export function registerEditorFeatures(core: ServerCore): void {
  const completionSupport = (): CompletionClientSupport => core.client.completionSupport;
  const { connection } = core;

  connection.onCompletion((params): CompletionList | null => {
    const bySpace = params.context?.triggerCharacter === ' ';
    const list = onDocument<CompletionList | null>(core, params.textDocument.uri, null, {
      iam: ({ analysis, document, doc }) => {
        if (bySpace) return null;
        const policyType = analysis.target?.policyType;
        return toCompletionList(completeIam(analysis.text, document.offsetAt(params.position), core.data, { ...(policyType ? { policyType } : {}), doc }), analysis.lines, completionSupport());
      },
      redshift: ({ analysis, document, doc }) => {
        const offset = document.offsetAt(params.position);
        // A space typed for indentation opens nothing; one typed after a word continues the statement.
        if (bySpace && analysis.text.slice(analysis.lines.lineStartOf(offset), offset).trim() === '') return null;
        return toCompletionList(completeRedshift(analysis.text, offset, doc), analysis.lines, completionSupport());
      },
      host: ({ analysis, document, doc: host }) => {
        if (bySpace) return null;
        const list = completeHost(host, analysis.text, document.offsetAt(params.position), core.data);
        return list ? toCompletionList(list, analysis.lines, completionSupport()) : null;
      },
    });
    if (bySpace) return list;
    const snippets = guarded(core, 'profile snippets', params.textDocument.uri, [], () => profileSnippetsAt(core, params.textDocument.uri, params.position));
    if (snippets.length === 0) return list;
    return { isIncomplete: list?.isIncomplete ?? false, items: [...(list?.items ?? []), ...snippets] };
  });

  connection.onHover((params): Hover | null =>
    onDocument<Hover | null>(core, params.textDocument.uri, null, {
      iam: ({ analysis, document, doc }) => {
        const offset = document.offsetAt(params.position);
        return withAwsDataFooter(toHover(bindingHover(analysis.text, offset, profilesFor(core, params.textDocument.uri)) ?? hoverIam(analysis.text, offset, core.data, doc), analysis.lines), core);
      },
      redshift: ({ analysis, document, doc }) => {
        const offset = document.offsetAt(params.position);
        return toHover(bindingHover(analysis.text, offset, profilesFor(core, params.textDocument.uri)) ?? hoverRedshift(analysis.text, offset, doc), analysis.lines);
      },
      host: ({ analysis, document, doc: host }) =>
        withAwsDataFooter(toHover(hoverHost(host, analysis.text, document.offsetAt(params.position), core.data, analysis.result?.embedded), analysis.lines), core),
    }),
  );

  connection.onDocumentSymbol((params): DocumentSymbol[] =>
    onDocument<DocumentSymbol[]>(core, params.textDocument.uri, [], {
      iam: ({ analysis, doc }) => toDocumentSymbols(iamDocumentSymbols(doc), analysis.lines),
      redshift: ({ analysis, doc }) => toDocumentSymbols(redshiftDocumentSymbols(doc), analysis.lines),
    }),
  );

  connection.onFoldingRanges((params): FoldingRange[] =>
    onDocument<FoldingRange[]>(core, params.textDocument.uri, [], {
      iam: ({ analysis, doc }) => toFoldingRanges(iamFoldingRanges(doc), analysis.text, analysis.lines),
    }),
  );

  connection.onCodeLens((params): CodeLens[] =>
    onDocument<CodeLens[]>(core, params.textDocument.uri, [], {
      iam: ({ analysis, doc }) => toCodeLenses(statementLenses(doc, core.data), params.textDocument.uri, analysis.lines),
    }),
  );

  /** The markdown a statement's code lens opens: every action its Action/NotAction patterns cover. */
  connection.onRequest('grantcheck/expandedActions', (params: { uri: string; statementIndex: number }): { markdown: string } | null =>
    onDocument<{ markdown: string } | null>(core, params.uri, null, {
      iam: ({ doc }) => {
        const markdown = expandedActionsMarkdown(doc, params.statementIndex, core.data);
        return markdown ? { markdown } : null;
      },
    }),
  );
}
