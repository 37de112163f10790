// The built-in profiles as whole objects (placeholders, statements, notes…), read from the profile files when first
// needed: the language server bundles this module in a chunk of its own, loaded the first time one of its exports is
// read (scripts/serverChunks.mjs); what linting an unbound policy needs is in builtinIndex.ts. Modules import these
// through ./index.

import { BUILTIN_PROFILE_FILES } from './builtinFiles';
import { BUILTIN_PROFILE_INDEX } from './builtinIndex';
import { builtinProfilesFromData } from './load';
import type { Profile } from './types';

export { BUILTIN_PROFILE_FILES };

function loadBuiltins(): Profile[] {
  // Checked by test/unit/profile-schema.test.ts (every file through profilesFromData, no problem allowed). In the
  // index's order (sorted by id when it was built), so no collation is needed here.
  const position = new Map(BUILTIN_PROFILE_INDEX.map((p, i) => [p.id, i]));
  return BUILTIN_PROFILE_FILES.flatMap((file) => builtinProfilesFromData(file)).sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

/** Every built-in profile, sorted by id. */
export const allProfiles: readonly Profile[] = Object.freeze(loadBuiltins());
