// What linting needs to know of the built-in profiles without reading them: each profile's id and kind, in the order
// of allProfiles, and for an IAM profile the actions iam/profile-suggestion compares a policy with (profiles/suggest.ts).
//
// scripts/precompute.mjs evaluates this module when the bundles are built and bundles its value instead of its code:
// ~10 KB of JSON rather than the ~140 KB of profile files, which the language server then reads only when a feature
// needs whole profiles (builtinData.ts, loaded on first use: scripts/serverChunks.mjs). Tests and scripts evaluate it
// from the files, so the index is made from the profile files every time, and cannot go stale.

import { BUILTIN_PROFILE_FILES } from './builtinFiles';
import { builtinProfilesFromData } from './load';
import { isIamProfile, requiredActionNames, type Profile, type ProfileDocumentKind } from './types';

export interface BuiltinProfileSummary {
  id: string;
  kind: ProfileDocumentKind;
  /** An IAM profile's required actions (requiredActionNames); empty for a Redshift profile. */
  required: string[];
}

function summary(profile: Profile): BuiltinProfileSummary {
  return { id: profile.id, kind: profile.kind, required: isIamProfile(profile) ? requiredActionNames(profile) : [] };
}

/**
 * One entry per built-in profile, sorted by id as allProfiles has always been (`localeCompare`: the build sorts, so a
 * start does not load the collation data for it, ~110 page faults).
 */
export const BUILTIN_PROFILE_INDEX: readonly BuiltinProfileSummary[] = BUILTIN_PROFILE_FILES.flatMap((file) => builtinProfilesFromData(file))
  .sort((a, b) => a.id.localeCompare(b.id))
  .map(summary);
