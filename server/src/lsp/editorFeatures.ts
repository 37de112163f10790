// Converts the engine's editor features (completion, hover, symbols, folding, code lenses) from offsets to LSP shapes.

import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  SymbolKind,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
} from 'vscode-languageserver';
import type { CompletionKind } from '../engine/iam/completion';
import type { RedshiftCompletionKind } from '../engine/redshift/completion';
import type { IamHover } from '../engine/iam/hover';
import type { IamFoldingRange, IamSymbol, IamSymbolKind, StatementLens } from '../engine/iam/symbols';
import type { LineIndex } from '../engine/text';
import type { EngineCompletionItem, EngineCompletionList } from '../engine/types';

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

export interface CompletionClientSupport {
  snippets: boolean;
  markdown: boolean;
}

/** Completion items of either engine (IAM or Redshift). */
type AnyCompletionItem = EngineCompletionItem<CompletionKind | RedshiftCompletionKind>;

export function toCompletionList(
  result: EngineCompletionList<CompletionKind> | EngineCompletionList<RedshiftCompletionKind>,
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
