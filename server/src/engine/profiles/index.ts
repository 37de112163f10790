// The profile registry: the built-in profiles (one JSON file per tool under data/, validated like any profile file)
// and, per workspace, the profiles a team adds (.grantcheck/profiles/*.json, read by node/workspaceProfiles.ts).

import { allProfiles } from './builtinData';
import { BUILTIN_PROFILE_INDEX } from './builtinIndex';
import type { Profile } from './types';

export type { Profile, IamProfile, RedshiftProfile, ProfileBinding } from './types';
export type { BuiltinProfileSummary } from './builtinIndex';
// Whole profiles are read from the profile files when first needed (builtinData.ts): nothing here reads them while
// the bundle is evaluated, and what linting needs of them is in BUILTIN_PROFILE_INDEX.
export { allProfiles, BUILTIN_PROFILE_FILES } from './builtinData';
export { BUILTIN_PROFILE_INDEX } from './builtinIndex';

/** A set of profiles to resolve bindings against: the built-ins, plus a workspace's own. */
export interface ProfileRegistry {
  readonly profiles: readonly Profile[];
  byId(id: string): Profile | undefined;
}

function registryOf(profiles: readonly Profile[]): ProfileRegistry {
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return { profiles, byId: (id) => byId.get(id) };
}

const BUILTIN_IDS: ReadonlySet<string> = new Set(BUILTIN_PROFILE_INDEX.map((p) => p.id));
let builtinById: Map<string, Profile> | undefined;

/** The built-in profiles only. An id that is none of theirs is answered from the index, without reading the files. */
export const builtinProfiles: ProfileRegistry = {
  get profiles() {
    return allProfiles;
  },
  byId(id) {
    if (!BUILTIN_IDS.has(id)) return undefined;
    builtinById ??= new Map(allProfiles.map((p) => [p.id, p]));
    return builtinById.get(id);
  },
};

/**
 * The built-ins plus workspace profiles (sorted by id). A workspace profile never replaces a built-in one: the loader
 * reports such an id as a problem on the workspace file and leaves it out before it gets here.
 */
export function profileRegistry(workspace: readonly Profile[]): ProfileRegistry {
  if (workspace.length === 0) return builtinProfiles;
  const extra = workspace.filter((p) => !BUILTIN_IDS.has(p.id));
  return registryOf([...allProfiles, ...extra].sort((a, b) => a.id.localeCompare(b.id)));
}

export function profileById(id: string, registry: ProfileRegistry = builtinProfiles): Profile | undefined {
  return registry.byId(id);
}

export interface VendorGroup {
  vendor: string;
  vendorTitle: string;
  profiles: Profile[];
}

/** Profiles grouped by vendor, vendors in title order. */
export function profilesByVendor(registry: ProfileRegistry = builtinProfiles): VendorGroup[] {
  const groups = new Map<string, VendorGroup>();
  for (const profile of registry.profiles) {
    let group = groups.get(profile.vendor);
    if (!group) {
      group = { vendor: profile.vendor, vendorTitle: profile.vendorTitle, profiles: [] };
      groups.set(profile.vendor, group);
    }
    group.profiles.push(profile);
  }
  return [...groups.values()].sort((a, b) => a.vendorTitle.localeCompare(b.vendorTitle));
}
