// Editor features never throw and always produce well-formed edits, at every offset of corpus documents and their mutations.
//
// Invariants: completion edits lie inside the text and contain the cursor; additional edits do not
// overlap the main edit; hovers cover the cursor; symbols nest. Deterministic (seeded mutations).

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { completeIam } from '../../server/src/engine/iam/completion';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { hoverIam } from '../../server/src/engine/iam/hover';
import { iamDocumentSymbols, iamFoldingRanges, statementLenses, type IamSymbol } from '../../server/src/engine/iam/symbols';
import { completeRedshift } from '../../server/src/engine/redshift/completion';
import { hoverRedshift } from '../../server/src/engine/redshift/hover';
import { redshiftDocumentSymbols, type RedshiftSymbol } from '../../server/src/engine/redshift/outline';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import type { OffsetEdit } from '../../server/src/engine/types';
import { testData } from '../support/data';
import { loadCorpus, mutate, prng } from '../support/fuzz';

const ROOT = path.resolve(__dirname, '..', '..');

function checkEdits(text: string, offset: number, items: { label: string; edit: OffsetEdit; additionalEdits: OffsetEdit[] }[]): string | undefined {
  for (const item of items) {
    const { start, end } = item.edit;
    if (!(0 <= start && start <= offset && offset <= end && end <= text.length)) return `${item.label}: edit ${start}-${end} does not contain the cursor ${offset}`;
    for (const extra of item.additionalEdits) {
      if (extra.start < 0 || extra.end > text.length) return `${item.label}: additional edit outside the text`;
      if (extra.start < end && start < extra.end) return `${item.label}: additional edit overlaps the main edit`;
      if (extra.start === start) return `${item.label}: additional edit at the insertion point (undefined order)`;
    }
  }
  return undefined;
}

function checkNesting(symbols: readonly (IamSymbol | RedshiftSymbol)[], text: string, parent?: { start: number; end: number }): string | undefined {
  for (const s of symbols) {
    if (s.start > s.end || s.end > text.length) return `${s.name}: bad range`;
    if (parent && (s.start < parent.start || s.end > parent.end)) return `${s.name}: outside its parent`;
    const problem = checkNesting(s.children as (IamSymbol | RedshiftSymbol)[], text, s);
    if (problem) return problem;
  }
  return undefined;
}

function samples(kind: 'iam-policy' | 'redshift-sql', count: number): string[] {
  const corpus = loadCorpus(ROOT).filter((c) => c.kind === kind).map((c) => c.text).filter((t) => t.length < 4000);
  const r = prng(kind === 'iam-policy' ? 7 : 11);
  const texts = corpus.slice(0, 6);
  for (let i = 0; i < count; i++) texts.push(mutate(corpus[i % corpus.length]!, r, kind));
  return texts;
}

describe('editor feature invariants', () => {
  it('IAM: completion, hover, symbols, folding and lenses at every offset', () => {
    const data = testData();
    for (const text of samples('iam-policy', 12)) {
      const doc = parseIamDocument(text);
      assert.equal(checkNesting(iamDocumentSymbols(doc), text), undefined);
      for (const range of iamFoldingRanges(doc)) assert.ok(range.start <= range.end && range.end <= text.length);
      statementLenses(doc, data);
      for (let offset = 0; offset <= text.length; offset += 7) {
        const problem = checkEdits(text, offset, completeIam(text, offset, data).items);
        assert.equal(problem, undefined, `${problem} in:\n${text.slice(0, offset)}|${text.slice(offset)}`);
        const hover = hoverIam(text, offset, data);
        if (hover) assert.ok(hover.start <= offset && offset <= hover.end, `hover ${hover.start}-${hover.end} misses ${offset}`);
      }
    }
  });

  it('Redshift: completion, hover and symbols at every offset', () => {
    for (const text of samples('redshift-sql', 12)) {
      const script = parseRedshiftScript(text);
      assert.equal(checkNesting(redshiftDocumentSymbols(script), text), undefined);
      for (let offset = 0; offset <= text.length; offset += 3) {
        const problem = checkEdits(text, offset, completeRedshift(text, offset).items);
        assert.equal(problem, undefined, `${problem} in:\n${text.slice(0, offset)}|${text.slice(offset)}`);
        const hover = hoverRedshift(text, offset, script);
        if (hover) assert.ok(hover.start <= offset && offset <= hover.end);
      }
    }
  });
});
