// Unit tests of engine/text.ts: LineIndex (LF, CRLF, CR), applyEdits, editDistance and closestMatches.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, applyEdits, closestMatches, editDistance } from '../../server/src/engine/text';

describe('LineIndex', () => {
  const samples: [string, string][] = [
    ['LF', 'ab\ncd\n\nef'],
    ['CRLF', 'ab\r\ncd\r\n\r\nef'],
    ['CR', 'ab\rcd\r\ref'],
    ['mixed', 'ab\r\ncd\ref\n\r\ngh\r\n'],
    ['empty', ''],
    ['one line', 'abc'],
    ['trailing break', 'abc\r\n'],
  ];

  for (const [name, text] of samples) {
    it(`agrees with vscode-languageserver-textdocument on ${name} text`, () => {
      const lines = new LineIndex(text);
      const reference = TextDocument.create('file:///x', 'json', 1, text);
      assert.equal(lines.lineCount, reference.lineCount);
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.deepEqual(lines.positionAt(offset), reference.positionAt(offset), `positionAt(${offset})`);
      }
      for (let line = -1; line <= reference.lineCount; line++) {
        for (let character = -1; character <= 6; character++) {
          const position = { line, character };
          assert.equal(lines.offsetAt(position), reference.offsetAt(position), `offsetAt(${line}:${character})`);
        }
      }
      // isAt(offset, position) is positionAt(offset) = position, for every offset and position around the text.
      for (let offset = -1; offset <= text.length + 1; offset++) {
        const at = reference.positionAt(offset);
        for (let line = -1; line <= reference.lineCount; line++) {
          for (let character = -1; character <= 6; character++) {
            const same = at.line === line && at.character === character;
            assert.equal(lines.isAt(offset, { line, character }), same, `isAt(${offset}, ${line}:${character})`);
          }
        }
      }
    });
  }

  it('counts UTF-16 code units, as LSP does', () => {
    const lines = new LineIndex('"😀x"\n"é"');
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 3 }, 'the emoji is two code units');
    assert.deepEqual(lines.rangeOf(1, 4), { start: { line: 0, character: 1 }, end: { line: 0, character: 4 } });
    assert.deepEqual(lines.positionAt(8), { line: 1, character: 2 });
  });

  it('never places a position between the \\r and \\n of a CRLF', () => {
    const lines = new LineIndex('ab\r\ncd');
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 });
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2, 'past the end of a line is its end, before the break');
  });

  it('finds line starts and indentation', () => {
    const text = '{\r\n    "a": 1,\r\n\t"b": 2\r\n}';
    const lines = new LineIndex(text);
    const a = text.indexOf('"a"');
    const b = text.indexOf('"b"');
    assert.equal(lines.lineStartOf(a), text.indexOf('    "a"'));
    assert.equal(lines.indentationAt(a), '    ');
    assert.equal(lines.indentationAt(b), '\t');
    assert.equal(lines.indentationAt(0), '');
  });
});

describe('applyEdits', () => {
  it('applies edits given in any order', () => {
    const text = 'abcdef';
    const edits = [
      { start: 4, end: 6, newText: 'XY' },
      { start: 0, end: 1, newText: '' },
      { start: 2, end: 2, newText: '-' },
    ];
    assert.equal(applyEdits(text, edits), 'b-cdXY');
  });

  it('keeps two insertions at one offset in the order given', () => {
    assert.equal(applyEdits('ab', [{ start: 1, end: 1, newText: '1' }, { start: 1, end: 1, newText: '2' }]), 'a12b');
  });

  it('drops an edit that overlaps an earlier one', () => {
    const edits = [
      { start: 1, end: 4, newText: 'X' },
      { start: 2, end: 5, newText: 'Y' },
      { start: 3, end: 3, newText: 'Z' },
    ];
    assert.equal(applyEdits('abcdef', edits), 'aXef');
  });

  it('returns the text unchanged without edits', () => {
    assert.equal(applyEdits('same', []), 'same');
  });
});

describe('editDistance', () => {
  it('is the Levenshtein distance', () => {
    assert.equal(editDistance('', ''), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('GetObjects', 'GetObject'), 1);
    assert.equal(editDistance('abc', ''), 3);
  });

  it('stops at max + 1 once the distance is known to be larger', () => {
    assert.equal(editDistance('kitten', 'sitting', 1), 2);
    assert.equal(editDistance('a', 'abcdef', 2), 3);
    assert.equal(editDistance('kitten', 'sitting', 3), 3);
  });
});

describe('closestMatches', () => {
  const s3 = ['GetObject', 'GetObjectAcl', 'PutObject', 'ListBucket', 'GetBucketLocation', 'DeleteObject'];

  it('finds the likely intended name first (case-insensitive), then others within the distance', () => {
    assert.deepEqual(closestMatches('GetObjects', s3), ['GetObject', 'GetObjectAcl', 'PutObject']);
    assert.deepEqual(closestMatches('getobject', s3, 1), ['GetObject']);
    assert.deepEqual(closestMatches('ListBuckets', s3, 1), ['ListBucket']);
  });

  it('suggests nothing when nothing is close', () => {
    assert.deepEqual(closestMatches('CreateFunction', s3), []);
    assert.deepEqual(closestMatches('x', s3), []);
  });

  it('allows fewer typos in short words than in long ones', () => {
    assert.deepEqual(closestMatches('Gat', ['Get', 'Put']), ['Get']);
    assert.deepEqual(closestMatches('Pat', ['Get']), [], 'two edits in a three-letter word is a different word');
    assert.deepEqual(closestMatches('DescribeTabel', ['DescribeTable', 'DescribeStream']), ['DescribeTable']);
  });

  it('honours the limit and breaks ties alphabetically', () => {
    assert.deepEqual(closestMatches('Bat', ['Cat', 'Hat', 'Rat', 'Mat'], 2), ['Cat', 'Hat']);
  });
});
