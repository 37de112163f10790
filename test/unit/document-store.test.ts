// The language server's document store (server/src/lsp/documentStore.ts) behaves exactly as
// vscode-languageserver-textdocument's TextDocument: the same text, line count, positions and offsets (UTF-16,
// `\n`, `\r\n` and `\r`, clamping, reversed ranges) after every notification of random editing sessions, with
// single, multi-cursor (bottom-up, as VS Code sends them), unordered and full changes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { StoredDocument } from '../../server/src/lsp/documentStore';
import { LineIndex } from '../../server/src/engine/text';
import { prng, type Rng } from '../support/prng';

const PIECES = ['a', 'b', 'xyz', ' ', '\n', '\r\n', '\r', '😀', 'é', '\n\n', '\r\r\n'];

function randomText(rng: Rng, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(rng() * PIECES.length)]!;
  return text;
}

/** A position anywhere, also outside the text: a line before the first or after the last, a character past the line's end. */
function randomPosition(doc: TextDocument, rng: Rng): { line: number; character: number } {
  const line = Math.floor(rng() * (doc.lineCount + 2)) - 1;
  const character = Math.floor(rng() * 8) - (rng() < 0.1 ? 1 : 0);
  return { line, character };
}

/** A position inside the text (a character of its line, or its end). */
function exactPosition(doc: TextDocument, rng: Rng, atOrBefore = doc.getText().length): { line: number; character: number } {
  return doc.positionAt(Math.floor(rng() * (atOrBefore + 1)));
}

/** The changes of one notification: one edit, edits at several cursors bottom-up, unordered edits, or a full change. */
function randomChanges(doc: TextDocument, rng: Rng): TextDocumentContentChangeEvent[] {
  const kind = rng();
  const inserted = (): string => (rng() < 0.3 ? '' : randomText(rng, 1 + Math.floor(rng() * 3)));
  if (kind < 0.05) return [{ text: randomText(rng, Math.floor(rng() * 30)) }];
  if (kind < 0.45) {
    const start = rng() < 0.8 ? exactPosition(doc, rng) : randomPosition(doc, rng);
    const end = rng() < 0.5 ? start : rng() < 0.8 ? exactPosition(doc, rng) : randomPosition(doc, rng);
    return [{ range: { start, end }, text: inserted() }];
  }
  if (kind < 0.8) {
    // Bottom-up: each edit ends before the previous one starts (in the text before the notification).
    const changes: TextDocumentContentChangeEvent[] = [];
    let limit = doc.getText().length;
    for (let n = 1 + Math.floor(rng() * 4); n > 0 && limit >= 0; n--) {
      const endOffset = Math.floor(rng() * (limit + 1));
      const startOffset = Math.max(0, endOffset - Math.floor(rng() * 3));
      changes.push({ range: { start: doc.positionAt(startOffset), end: doc.positionAt(endOffset) }, text: inserted() });
      limit = startOffset - 1 - Math.floor(rng() * 3);
    }
    return changes;
  }
  // Any order, overlapping, out of range, reversed, a full change among them.
  const changes: TextDocumentContentChangeEvent[] = [];
  for (let n = 1 + Math.floor(rng() * 4); n > 0; n--) {
    if (rng() < 0.05) changes.push({ text: randomText(rng, 5) });
    else changes.push({ range: { start: randomPosition(doc, rng), end: randomPosition(doc, rng) }, text: inserted() });
  }
  return changes;
}

function assertSameDocument(stored: StoredDocument, expected: TextDocument, what: string): void {
  const text = expected.getText();
  assert.equal(stored.getText(), text, what);
  assert.equal(stored.version, expected.version, what);
  assert.equal(stored.lineCount, expected.lineCount, `${what}: lineCount of ${JSON.stringify(text)}`);
  for (let offset = -2; offset <= text.length + 2; offset++) {
    assert.deepEqual(stored.positionAt(offset), expected.positionAt(offset), `${what}: positionAt(${offset}) in ${JSON.stringify(text)}`);
  }
  for (let line = -1; line <= expected.lineCount + 1; line++) {
    for (let character = -1; character <= 10; character++) {
      const position = { line, character };
      assert.equal(stored.offsetAt(position), expected.offsetAt(position), `${what}: offsetAt(${line}:${character}) in ${JSON.stringify(text)}`);
    }
    assert.deepEqual(stored.getLineRange(line), expected.getLineRange(line), `${what}: getLineRange(${line}) in ${JSON.stringify(text)}`);
    assert.equal(stored.getEOLCharacters(line), expected.getEOLCharacters(line), `${what}: getEOLCharacters(${line}) in ${JSON.stringify(text)}`);
    const range = { start: { line, character: 1 }, end: { line: line + 1, character: 0 } };
    assert.equal(stored.getText(range), expected.getText(range), `${what}: getText(${JSON.stringify(range)})`);
  }
  // The store's line index is the index of its text.
  assert.deepEqual(
    Array.from({ length: stored.lineCount }, (_, line) => stored.lines.offsetAt({ line, character: 0 })),
    Array.from({ length: stored.lineCount }, (_, line) => new LineIndex(text).offsetAt({ line, character: 0 })),
    what,
  );
}

/**
 * The reference: each change applied by TextDocument to a document created from the text before it. (TextDocument
 * applied to one document miscounts its lines after a change naming a line outside the text, e.g. line -1, which
 * VS Code never sends; its text stays right. The store's lines are those of its text.)
 */
function sequentially(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TextDocument {
  let text = document.getText();
  for (const change of changes) {
    const fresh = TextDocument.create(document.uri, document.languageId, version, text);
    TextDocument.update(fresh, [change], version);
    text = fresh.getText();
  }
  return TextDocument.create(document.uri, document.languageId, version, text);
}

describe('the document store behaves as vscode-languageserver-textdocument', () => {
  it('over random editing sessions (positions, offsets, line ranges after every notification)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rng = prng(seed);
      const text = randomText(rng, Math.floor(rng() * 40));
      const expected = TextDocument.create('file:///a.yaml', 'yaml', 1, text);
      const stored = new StoredDocument('file:///a.yaml', 'yaml', 1, text);
      assertSameDocument(stored, expected, `seed ${seed}, opened`);
      let reference = expected;
      for (let version = 2; version <= 25; version++) {
        const changes = randomChanges(reference, rng);
        reference = sequentially(reference, changes, version);
        stored.update(changes, version);
        assertSameDocument(stored, reference, `seed ${seed}, version ${version}, changes ${JSON.stringify(changes)}`);
      }
    }
  });

  it('a long document (line index derived from the previous version through the edit)', () => {
    const rng = prng(99);
    const text = randomText(rng, 12_000);
    let expected = TextDocument.create('file:///a.yaml', 'yaml', 1, text);
    const stored = new StoredDocument('file:///a.yaml', 'yaml', 1, text);
    for (let version = 2; version <= 60; version++) {
      const changes = randomChanges(expected, rng);
      expected = sequentially(expected, changes, version);
      stored.update(changes, version);
      assert.equal(stored.getText(), expected.getText());
      for (let n = 0; n < 200; n++) {
        const offset = Math.floor(rng() * (expected.getText().length + 1));
        assert.deepEqual(stored.positionAt(offset), expected.positionAt(offset));
        const position = randomPosition(expected, rng);
        position.line = Math.floor(rng() * expected.lineCount);
        assert.equal(stored.offsetAt(position), expected.offsetAt(position));
      }
      assert.equal(stored.lineCount, expected.lineCount);
    }
  });

  it('an edit at several cursors, sent bottom-up, makes one new text and one line index', () => {
    const text = 'line\r\n'.repeat(5000);
    const stored = new StoredDocument('file:///a.yaml', 'yaml', 1, text);
    const expected = TextDocument.create('file:///a.yaml', 'yaml', 1, text);
    void stored.lines;
    const changes = [2400, 2000, 1990, 1900].map((line) => ({ range: { start: { line, character: 2 }, end: { line, character: 3 } }, text: 'X\n' }));
    const before = { ...LineIndex.stats };
    stored.update(changes, 2);
    TextDocument.update(expected, changes, 2);
    assert.equal(stored.getText(), expected.getText());
    const made = LineIndex.stats.derived + LineIndex.stats.built + LineIndex.stats.shared - (before.derived + before.built + before.shared);
    assert.equal(made, 1, 'one line index for the notification');
    assert.equal(LineIndex.stats.derived - before.derived, 1, 'derived from the previous one');
    for (const line of [0, 1900, 1901, 1902, 1992, 2003, 2404, 2405, 5003]) assert.equal(stored.offsetAt({ line, character: 1 }), expected.offsetAt({ line, character: 1 }));
  });

  it('hands its line index to the engine: LineIndex.of of the same text is that index, also after another document was indexed', () => {
    const stored = new StoredDocument('file:///a.yaml', 'yaml', 1, 'Resources:\n  A:\n'.repeat(3000));
    void stored.lines;
    stored.update([{ range: { start: { line: 5, character: 2 }, end: { line: 5, character: 2 } }, text: 'x' }], 2);
    const own = stored.lines;
    assert.equal(LineIndex.of(stored.getText()), own);
    // Another document indexed in between: the next version is still derived from this document's own index.
    LineIndex.of('another document\n'.repeat(2000));
    const before = LineIndex.stats.derived;
    stored.update([{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, text: '# c\n' }], 3);
    assert.equal(LineIndex.stats.derived, before + 1);
    assert.equal(LineIndex.of(stored.getText()), stored.lines);
  });
});
