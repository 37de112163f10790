// The static profile registry: every known profile, by id and grouped by vendor.

import { airbyteProfiles } from './airbyte';
import { artieProfiles } from './artie';
import { awsDataPipelineProfiles } from './awsDataPipeline';
import { datahubProfiles } from './datahub';
import { dbtProfiles } from './dbt';
import { integrateioProfiles } from './integrateio';
import { matillionProfiles } from './matillion';
import { stitchProfiles } from './stitch';
import { structuralProfiles } from './structural';
import type { Profile } from './types';

export type { Profile, IamProfile, RedshiftProfile, ProfileBinding } from './types';

export const allProfiles: readonly Profile[] = Object.freeze(
  [
    ...structuralProfiles,
    ...artieProfiles,
    ...matillionProfiles,
    ...awsDataPipelineProfiles,
    ...airbyteProfiles,
    ...stitchProfiles,
    ...integrateioProfiles,
    ...datahubProfiles,
    ...dbtProfiles,
  ].sort((a, b) => a.id.localeCompare(b.id)),
);

const BY_ID = new Map(allProfiles.map((p) => [p.id, p]));

export function profileById(id: string): Profile | undefined {
  return BY_ID.get(id);
}

export interface VendorGroup {
  vendor: string;
  vendorTitle: string;
  profiles: Profile[];
}

/** Profiles grouped by vendor, vendors in title order. */
export function profilesByVendor(): VendorGroup[] {
  const groups = new Map<string, VendorGroup>();
  for (const profile of allProfiles) {
    let group = groups.get(profile.vendor);
    if (!group) {
      group = { vendor: profile.vendor, vendorTitle: profile.vendorTitle, profiles: [] };
      groups.set(profile.vendor, group);
    }
    group.profiles.push(profile);
  }
  return [...groups.values()].sort((a, b) => a.vendorTitle.localeCompare(b.vendorTitle));
}
