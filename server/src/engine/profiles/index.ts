// The profile registry: the built-in profiles (one JSON file per tool under data/, validated like any profile file)
// and, per workspace, the profiles a team adds (.grantcheck/profiles/*.json, read by node/workspaceProfiles.ts).

import airbyte from './data/airbyte.json';
import artie from './data/artie.json';
import awsDataPipeline from './data/aws-data-pipeline.json';
import awsDms from './data/aws-dms.json';
import awsGlue from './data/aws-glue.json';
import census from './data/census.json';
import databricks from './data/databricks.json';
import datahub from './data/datahub.json';
import dbt from './data/dbt.json';
import debezium from './data/debezium.json';
import firehose from './data/firehose.json';
import fivetran from './data/fivetran.json';
import hevo from './data/hevo.json';
import hightouch from './data/hightouch.json';
import integrateio from './data/integrateio.json';
import looker from './data/looker.json';
import matillion from './data/matillion.json';
import metabase from './data/metabase.json';
import mwaa from './data/mwaa.json';
import prequel from './data/prequel.json';
import rudderstack from './data/rudderstack.json';
import segment from './data/segment.json';
import snowflake from './data/snowflake.json';
import stitch from './data/stitch.json';
import structural from './data/structural.json';
import { builtinProfilesFromData } from './load';
import type { Profile } from './types';

export type { Profile, IamProfile, RedshiftProfile, ProfileBinding } from './types';

/** The built-in profile files, one per tool. */
export const BUILTIN_PROFILE_FILES: readonly unknown[] = [airbyte, artie, awsDataPipeline, awsDms, awsGlue, census, databricks, datahub, dbt, debezium, firehose, fivetran, hevo, hightouch, integrateio, looker, matillion, metabase, mwaa, prequel, rudderstack, segment, snowflake, stitch, structural];

function loadBuiltins(): Profile[] {
  // Checked by test/unit/profile-schema.test.ts (every file through profilesFromData, no problem allowed).
  return BUILTIN_PROFILE_FILES.flatMap((file) => builtinProfilesFromData(file)).sort((a, b) => a.id.localeCompare(b.id));
}

export const allProfiles: readonly Profile[] = Object.freeze(loadBuiltins());

/** A set of profiles to resolve bindings against: the built-ins, plus a workspace's own. */
export interface ProfileRegistry {
  readonly profiles: readonly Profile[];
  byId(id: string): Profile | undefined;
}

function registryOf(profiles: readonly Profile[]): ProfileRegistry {
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return { profiles, byId: (id) => byId.get(id) };
}

/** The built-in profiles only. */
export const builtinProfiles: ProfileRegistry = registryOf(allProfiles);

/**
 * The built-ins plus workspace profiles (sorted by id). A workspace profile never replaces a built-in one: the loader
 * reports such an id as a problem on the workspace file and leaves it out before it gets here.
 */
export function profileRegistry(workspace: readonly Profile[]): ProfileRegistry {
  if (workspace.length === 0) return builtinProfiles;
  const extra = workspace.filter((p) => !builtinProfiles.byId(p.id));
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
