// The open documents' text, one version at a time: what vscode-languageserver-textdocument's TextDocument does for
// TextDocuments (open, incremental and full changes, versions, positionAt/offsetAt), on the engine's LineIndex.
//
// Why not TextDocument: it keeps line offsets of its own (a second index beside the one the analysis and the
// engine share, rebuilt whole on open and after a CRLF split by an edit) and applies each change of a
// notification to a flattened string, so an edit at k cursors of a 1 MB template copied the text k times. Here
// each version's LineIndex is derived from the previous version's through the edit the editor sent (no text
// comparison, and not whichever document was indexed last) and handed to the engine (LineIndex.edited); the
// changes of one notification written bottom-up, as VS Code sends a multi-cursor edit, become one new string.
//
// What cannot go: one flat copy of the text per version. The engine reads flat strings, and V8 copies a string of
// more than 128 KB into fresh large-object pages (≈ 3.5 µs per KB on the 2-core machine of BENCHMARKS.md, most of
// it page faults; 0.5 µs per KB below that size).
//
// Positions are exactly TextDocument's (UTF-16 code units, `\n`, `\r\n` and `\r` line breaks, out-of-range
// positions clamped, a reversed range swapped): test/unit/document-store.test.ts runs random sessions against it.

import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../engine/text';
import type { Position, Range } from '../engine/types';

export class StoredDocument implements TextDocument {
  private text: string;
  private index: LineIndex | undefined;
  private currentVersion: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
  ) {
    this.text = text;
    this.currentVersion = version;
  }

  get version(): number {
    return this.currentVersion;
  }

  /** This version's line index (the one the analysis and the engine use for the same text). */
  get lines(): LineIndex {
    return (this.index ??= LineIndex.of(this.text));
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  getLineRange(line: number): Range {
    const lines = this.lines;
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const at = Math.min(line, lines.lineCount - 1);
    const start = lines.offsetAt({ line: at, character: 0 });
    const end = line >= lines.lineCount ? this.text.length : this.beforeLineBreak(at, start);
    return { start: { line: at, character: 0 }, end: { line: at, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    const lines = this.lines;
    if (line < 0 || line >= lines.lineCount) return '';
    return this.text.substring(this.beforeLineBreak(line, lines.offsetAt({ line, character: 0 })), this.nextLineStart(line));
  }

  private nextLineStart(line: number): number {
    return line + 1 < this.lines.lineCount ? this.lines.offsetAt({ line: line + 1, character: 0 }) : this.text.length;
  }

  /** Where a line's break starts (its end when it has none). */
  private beforeLineBreak(line: number, lineStart: number): number {
    let end = this.nextLineStart(line);
    while (end > lineStart && isLineBreak(this.text.charCodeAt(end - 1))) end--;
    return end;
  }

  /** Applies the changes of one didChange notification, in order, and takes its version. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (let k = 0; k < changes.length; k++) {
      const change = changes[k]!;
      if (!('range' in change)) {
        // A full change: everything before it no longer matters.
        this.text = change.text;
        this.index = undefined;
        continue;
      }
      const batch = bottomUpRun(this.lines, changes, k);
      if (batch.length > 1) {
        this.applyBatch(batch);
        k += batch.length - 1;
      } else this.applyOne(change.range, change.text);
    }
    this.currentVersion = version;
  }

  private applyOne(range: Range, inserted: string): void {
    const lines = this.lines;
    const [start, end] = offsetsOf(lines, range);
    const previous = this.text;
    const next = previous.substring(0, start) + inserted + previous.substring(end);
    this.text = next;
    this.index = LineIndex.edited(lines, next, { start, oldEnd: end, newEnd: start + inserted.length });
  }

  /** Changes whose offsets in the current text are theirs in the text each is applied to (bottomUpRun): one new string. */
  private applyBatch(batch: readonly { start: number; end: number; text: string }[]): void {
    const previous = this.text;
    const pieces: string[] = [];
    let cursor = previous.length;
    // The batch runs bottom-up: the text is assembled from its end.
    for (const edit of batch) {
      pieces.push(previous.substring(edit.end, cursor), edit.text);
      cursor = edit.start;
    }
    pieces.push(previous.substring(0, cursor));
    const next = pieces.reverse().join('');
    const first = batch[batch.length - 1]!.start;
    const last = batch[0]!;
    const delta = next.length - previous.length;
    this.text = next;
    this.index = LineIndex.edited(this.lines, next, { start: first, oldEnd: last.end, newEnd: last.end + delta });
  }
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

/** A range's offsets as TextDocument computes them: a reversed range is swapped. */
function offsetsOf(lines: LineIndex, range: Range): [number, number] {
  const { start, end } = range;
  const reversed = start.line > end.line || (start.line === end.line && start.character > end.character);
  const a = lines.offsetAt(reversed ? end : start);
  const b = lines.offsetAt(reversed ? start : end);
  return [a, b];
}

/**
 * The changes from `k` on that can be applied as one: each ends before the previous one starts (bottom-up, as VS
 * Code sends an edit at several cursors), every position is exact (no clamping) and none touches a line break the
 * previous change could re-pair, so each change's offsets in the current text are also its offsets in the text
 * it is applied to. At least the change at `k` when it is incremental (a run of one is applied alone).
 */
function bottomUpRun(lines: LineIndex, changes: readonly TextDocumentContentChangeEvent[], k: number): { start: number; end: number; text: string }[] {
  const run: { start: number; end: number; text: string }[] = [];
  const text = lines.source;
  for (let i = k; i < changes.length; i++) {
    const change = changes[i]!;
    if (!('range' in change)) break;
    const exact = exactOffset(lines, change.range.start);
    const endOffset = exactOffset(lines, change.range.end);
    if (exact === undefined || endOffset === undefined || endOffset < exact) break;
    if (run.length > 0) {
      const before = run[run.length - 1]!.start;
      // Strictly before it, and not a `\r` right before it (an inserted `\n` would pair with it and move lines).
      if (!(endOffset < before && text.charCodeAt(before - 1) !== 13)) break;
    }
    run.push({ start: exact, end: endOffset, text: change.text });
  }
  return run;
}

/** The offset of a position that names a character of its line (or its end) exactly; undefined when it would be clamped. */
function exactOffset(lines: LineIndex, position: Position): number | undefined {
  if (position.line < 0 || position.line >= lines.lineCount || position.character < 0) return undefined;
  const lineStart = lines.offsetAt({ line: position.line, character: 0 });
  const offset = lines.offsetAt(position);
  return offset === lineStart + position.character ? offset : undefined;
}

/** For `new TextDocuments(storedDocuments)`: the server's documents are StoredDocuments. */
export const storedDocuments: TextDocumentsConfiguration<StoredDocument> = {
  create: (uri, languageId, version, content) => new StoredDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};
