// Applies a completion item the way an editor does: main edit + additional edits, snippet expanded with defaults or typed values.

import type { OffsetEdit } from '../../server/src/engine/types';

export interface CompletionLike {
  edit: OffsetEdit;
  additionalEdits: OffsetEdit[];
}

export interface ExpandedSnippet {
  text: string;
  /** Offset (in `text`) of `$0`, if the snippet has one. */
  finalTabstop: number | undefined;
  /** Offset of the first tabstop `$1`, if any. */
  firstTabstop: number | undefined;
}

/**
 * Expands LSP snippet syntax: `$n`, `${n}`, `${n:default}`, `${n|a,b|}` (first choice), escapes
 * `\$ \} \\`. `fills` gives the text typed into a tabstop (mirrored tabstops get it too).
 */
export function expandSnippet(snippet: string, fills: Readonly<Record<number, string>> = {}): ExpandedSnippet {
  let out = '';
  let finalTabstop: number | undefined;
  let firstTabstop: number | undefined;
  let i = 0;
  const mark = (n: number): void => {
    if (n === 0) finalTabstop ??= out.length;
    if (n === 1) firstTabstop ??= out.length;
  };
  while (i < snippet.length) {
    const c = snippet[i]!;
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1]!)) {
      out += snippet[i + 1];
      i += 2;
      continue;
    }
    if (c === '$') {
      const simple = /^\$(\d+)/.exec(snippet.slice(i));
      if (simple) {
        const n = Number(simple[1]);
        mark(n);
        out += fills[n] ?? '';
        i += simple[0].length;
        continue;
      }
      const braced = /^\$\{(\d+)(?::((?:\\.|[^}\\])*)|\|([^|]*)\|)?\}/.exec(snippet.slice(i));
      if (braced) {
        const n = Number(braced[1]);
        mark(n);
        const placeholder = braced[2] !== undefined ? braced[2].replace(/\\(.)/g, '$1') : braced[3] !== undefined ? braced[3].split(',')[0]! : '';
        out += fills[n] ?? placeholder;
        i += braced[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { text: out, finalTabstop, firstTabstop };
}

/**
 * The document after accepting `item`, and where the cursor ends: at `$0`, else at the end of the
 * inserted text (after typing into every tabstop and pressing Tab past the last one).
 */
export function applyCompletion(text: string, item: CompletionLike, fills: Readonly<Record<number, string>> = {}): { text: string; cursor: number } {
  const expanded = expandSnippet(item.edit.newText, fills);
  const edits = [...item.additionalEdits.map((e) => ({ ...e, main: false })), { ...item.edit, newText: expanded.text, main: true }].sort(
    (a, b) => a.start - b.start,
  );
  let result = '';
  let last = 0;
  let cursor = 0;
  for (const edit of edits) {
    result += text.slice(last, edit.start);
    if (edit.main) cursor = result.length + (expanded.finalTabstop ?? expanded.text.length);
    result += edit.newText;
    last = edit.end;
  }
  return { text: result + text.slice(last), cursor };
}
