// Registry ↔ docs consistency: every rule is registered once, sorted, documented, and its doc examples really fire.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, test } from 'node:test';
import { allRules, iamRules, redshiftRules, ruleDocPath } from '../../server/src/engine/rules';
import { lintCode } from '../support/ruleTester';
import { fixesLabel, ruleIndexMarkdown } from '../../scripts/gen-docs';

const ROOT = path.join(__dirname, '..', '..');

/** Fenced code blocks under a `## Heading` of a markdown page. */
export function examplesUnder(markdown: string, heading: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.toLowerCase().startsWith(heading.toLowerCase()));
  if (!section) return [];
  return [...section.matchAll(/```(?:json|jsonc|sql)\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

test('rule ids are unique, well-formed and sorted', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of allRules) assert.match(rule.id, new RegExp(`^${rule.domain}/[a-z0-9]+(-[a-z0-9]+)*$`));
  assert.deepEqual([...ids].sort(), ids);
  // rules/index.ts, lint.ts and suppressions.ts sort rule ids by code unit: for such ids, localeCompare's order too.
  assert.deepEqual([...ids].sort((a, b) => a.localeCompare(b)), ids);
  assert.equal(allRules.length, iamRules.length + redshiftRules.length);
});

describe('every rule has a doc page whose examples behave as documented', () => {
  for (const rule of allRules) {
    it(rule.id, () => {
      const file = path.join(ROOT, ruleDocPath(rule.id));
      assert.ok(fs.existsSync(file), `${ruleDocPath(rule.id)} is missing`);
      const markdown = fs.readFileSync(file, 'utf8');
      assert.ok(markdown.startsWith(`# ${rule.id}\n`), 'doc starts with "# <rule id>"');
      // Safe fixes vs suggestions: the header says which the rule has, and a "Fixes" section says which are safe and why.
      assert.ok(markdown.includes(`**Fixes:** ${fixesLabel(rule)}\n`), `the header says "**Fixes:** ${fixesLabel(rule)}"`);
      if (rule.fixable || rule.hasSuggestions) assert.match(markdown, /^## Fixes\n/m, 'a rule with fixes or suggestions has a "## Fixes" section');
      const kind = rule.domain === 'iam' ? 'iam-policy' : 'redshift-sql';
      const incorrect = examplesUnder(markdown, 'Incorrect');
      assert.ok(incorrect.length > 0, 'doc has an "## Incorrect" example');
      for (const example of incorrect) {
        const fired = lintCode(example, kind).filter((f) => f.ruleId === rule.id);
        assert.ok(fired.length > 0, `the incorrect example should trigger ${rule.id}:\n${example}`);
      }
      for (const example of examplesUnder(markdown, 'Correct')) {
        const fired = lintCode(example, kind).filter((f) => f.ruleId === rule.id);
        assert.deepEqual(fired.map((f) => f.message), [], `the correct example should not trigger ${rule.id}`);
      }
    });
  }
});

test('docs/rules/README.md is the index generated from the registry (run `npm run docs`)', () => {
  const index = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
  assert.equal(index, ruleIndexMarkdown());
});
