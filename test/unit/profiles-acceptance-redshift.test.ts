// Acceptance for Redshift profiles, as profiles-acceptance.test.ts does for IAM ones: for every profile, drop each
// required privilege in turn from its filled script → one redshift/missing-required-grant finding naming it, whose
// suggestion restores the script's findings to those of the full script.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { allProfiles } from '../../server/src/engine/profiles';
import { objectClause, renderDocument } from '../../server/src/engine/profiles/render';
import { requiredGrants, type RequiredGrant } from '../../server/src/engine/profiles/requirements';
import { isIamProfile, type Profile, type RedshiftProfile } from '../../server/src/engine/profiles/types';
import { exampleValues } from '../../server/src/engine/profiles/validation';
import { applyEdits } from '../../server/src/engine/text';
import { testData } from '../support/data';

const RULE = 'redshift/missing-required-grant';

function isRedshiftProfile(profile: Profile): profile is RedshiftProfile {
  return !isIamProfile(profile);
}

/** The profile's script without one privilege of one grant (a grant left with none is dropped). */
function withoutPrivilege(profile: RedshiftProfile, requirement: RequiredGrant): RedshiftProfile {
  const grants = profile.grants
    .map((g) => (g === requirement.template ? { ...g, privileges: g.privileges.filter((p) => p !== requirement.privilege) } : g))
    .filter((g) => g.privileges.length > 0);
  return { ...profile, grants };
}

function lint(text: string, profile: RedshiftProfile, values: Record<string, string>) {
  return lintText(text, { data: testData(), kind: 'redshift-sql', profile: { id: profile.id, values } }).findings;
}

const serious = (findings: ReturnType<typeof lint>) =>
  findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId} ${f.message}`).sort();

for (const profile of allProfiles.filter(isRedshiftProfile)) {
  describe(profile.id, () => {
    const values = exampleValues(profile);
    const full = renderDocument(profile, values);
    const baseline = serious(lint(full, profile, values));
    it('the filled script grants everything the profile requires', () => {
      assert.deepEqual(lint(full, profile, values).filter((f) => f.ruleId === RULE), []);
    });
    for (const requirement of requiredGrants(profile, values)) {
      const what = `GRANT ${requirement.privilege} ON ${objectClause(requirement.objectKind, requirement.object!)} TO ${requirement.grantee}`;
      it(`without ${what}`, () => {
        const text = renderDocument(withoutPrivilege(profile, requirement), values);
        const found = lint(text, profile, values).filter((f) => f.ruleId === RULE);
        assert.equal(found.length, 1, `exactly one finding:\n${found.map((f) => f.message).join('\n')}`);
        assert.ok(found[0]!.message.includes(`requires ${what}`), found[0]!.message);
        // Adding a grant is never a safe fix: the suggestion is the one to check.
        assert.equal(found[0]!.fix, undefined);
        const fix = found[0]!.suggestions[0];
        assert.ok(fix, 'a suggestion is offered');
        const fixed = applyEdits(text, fix.edits);
        assert.deepEqual(serious(lint(fixed, profile, values)), baseline, `after "${fix.title}":\n${fixed}`);
      });
    }
  });
}
