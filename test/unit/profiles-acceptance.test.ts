// Acceptance: for every IAM profile, drop each required action in turn from its filled document → one finding naming it, whose fix restores a clean document.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { allProfiles } from '../../server/src/engine/profiles';
import { renderDocument } from '../../server/src/engine/profiles/render';
import { requiredActions } from '../../server/src/engine/profiles/requirements';
import { isIamProfile, type IamProfile } from '../../server/src/engine/profiles/types';
import { exampleValues } from '../../server/src/engine/profiles/validation';
import { applyEdits } from '../../server/src/engine/text';
import { testData } from '../support/data';

const RULE = 'iam/missing-required-permission';

/** The profile's document without one action (a statement left with no action is dropped). */
function withoutAction(profile: IamProfile, statementIndex: number, action: string): IamProfile {
  const statements = profile.statements
    .map((s, i) => (i === statementIndex ? { ...s, actions: s.actions.filter((a) => a !== action) } : s))
    .filter((s) => s.actions.length > 0);
  return { ...profile, statements };
}

function lint(text: string, profile: IamProfile, values: Record<string, string>) {
  return lintText(text, { data: testData(), kind: 'iam-policy', profile: { id: profile.id, values } }).findings;
}

const serious = (findings: ReturnType<typeof lint>) =>
  findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);

for (const profile of allProfiles.filter(isIamProfile)) {
  describe(profile.id, () => {
    const values = exampleValues(profile);
    it('the filled document grants everything the profile requires and lints clean', () => {
      assert.deepEqual(serious(lint(renderDocument(profile, values), profile, values)), []);
    });
    for (const requirement of requiredActions(profile, values, testData())) {
      it(`without ${requirement.action} (statement ${requirement.statementIndex + 1})`, () => {
        const text = renderDocument(withoutAction(profile, requirement.statementIndex, requirement.action), values);
        const found = lint(text, profile, values).filter((f) => f.ruleId === RULE);
        assert.deepEqual(
          found.map((f) => f.message.split(' ')[3]),
          [requirement.action],
          `exactly one finding, naming ${requirement.action}`,
        );
        // Adding a permission is never a safe fix: the first suggestion is the one to check.
        assert.equal(found[0]!.fix, undefined);
        const fix = found[0]!.suggestions[0];
        assert.ok(fix, 'a suggestion is offered');
        const fixed = applyEdits(text, fix.edits);
        assert.deepEqual(serious(lint(fixed, profile, values)), [], `after "${fix.title}":\n${fixed}`);
      });
    }
  });
}
