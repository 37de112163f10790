// Findings → quick fixes in the LSP adapter: the safe fix is the preferred action, suggestions are plain quick fixes.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { quickFixActions } from '../../server/src/lsp/codeActions';
import type { Finding } from '../../server/src/engine/types';
import { testData } from '../support/data';

const URI = 'file:///p.json';
const diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm' };
const findingOf = (text: string, ruleId: string): Finding => lintText(text, { data: testData(), kind: 'iam-policy' }).findings.find((f) => f.ruleId === ruleId)!;

it('the safe fix is the one preferred quick fix; suggestions are offered, never preferred', () => {
  const typo = findingOf('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjects","Resource":"*"}]}', 'iam/unknown-action');
  assert.deepEqual(
    quickFixActions(typo, diagnostic, URI).map((a) => [a.title, a.kind, a.isPreferred]),
    [['Change to "s3:GetObject"', 'quickfix', true]],
  );
  const product = findingOf('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamo:GetItem","Resource":"*"}]}', 'iam/unknown-service');
  const actions = quickFixActions(product, diagnostic, URI);
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.isPreferred]),
    [['Change the service prefix to "dynamodb"', 'quickfix', false]],
  );
  assert.deepEqual(actions[0]!.diagnostics, [diagnostic]);
  assert.deepEqual(actions[0]!.edit?.changes?.[URI], [{ range: { start: { line: 0, character: 65 }, end: { line: 0, character: 71 } }, newText: 'dynamodb' }]);
});
