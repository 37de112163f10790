// Which profile an unbound policy looks like: most of one profile's required actions, and mostly nothing else.

import type { IamDocument } from '../iam/document';
import type { PolicyType } from '../iam/policyType';
import { actionMatches, compileWildcard, hasWildcard, type WildcardMatcher } from '../iam/wildcard';
import { BUILTIN_PROFILE_INDEX, builtinProfiles, type BuiltinProfileSummary } from './index';
import type { IamProfile } from './types';

export interface ProfileSuggestion {
  profile: IamProfile;
  /** Required actions the document lists (by name, wherever their resources point). */
  present: string[];
  missing: string[];
}

/** A profile needs this many required actions before a document can be said to look like it. */
const MIN_REQUIRED = 3;
/** Share of the profile's required actions the document must list. */
const MIN_COVERAGE = 0.75;
/** Share of the document's own actions that must belong to the profile (a broad policy is not "this tool's"). */
const MIN_FOCUS = 0.6;

/**
 * The best-matching IAM profile of the document's policy type, or undefined. Only explicit action
 * names and service-level prefixes count: `*` or `s3:*` would "match" every profile.
 */
export function suggestProfile(doc: IamDocument): ProfileSuggestion | undefined {
  const lists: string[][] = [];
  for (const statement of doc.statements) {
    if (statement.effect?.value === 'Allow' && statement.action?.key === 'Action') lists.push(statement.action.values.map((v) => v.value));
  }
  return suggestProfileFor(doc.policyType, lists);
}

/**
 * suggestProfile from what it reads of a document: its policy type and, for each Allow statement with `Action`, the
 * action values (iam/profile-suggestion keeps them per statement while an editor re-lints: rules/rule.ts PartsSpec).
 */
export function suggestProfileFor(policyType: PolicyType, actionLists: readonly (readonly string[])[]): ProfileSuggestion | undefined {
  // Distinct names only: a large policy repeats the same actions in many statements, and this runs
  // on every keystroke. Exact names are set lookups; only wildcard patterns need matching.
  // One pass, no intermediate arrays: this runs for every policy of a repository.
  const listed: string[] = [];
  const exactListed = new Set<string>();
  // Compiled once here: a policy may list thousands of patterns, each compared with every profile's actions.
  const listedMatchers = new Map<string, WildcardMatcher>();
  // The services the document names: a required action of another service can match no listed value, so a profile
  // most of whose required actions belong to services the document does not name is passed over unread (most
  // profiles, for most policies). Undefined when a listed value has a wildcard in its service part (`*:Get*`).
  let listedServices: Set<string> | undefined = new Set<string>();
  // How many listed values each service part names (lower case, no wildcard), and how many have a wildcard in theirs.
  const valuesByService = new Map<string, number>();
  let wildServiceValues = 0;
  // The listed wildcard patterns by their service part (lower case), when it has no wildcard: `s3:Get*` can match
  // only an action of s3 (a match needs the same service, and ASCII profile names fold as lower case does); the others
  // (`*:Get*`, `s?:Get*`) may match any.
  const wildByService = new Map<string, WildcardMatcher[]>();
  const wildAnyService: WildcardMatcher[] = [];
  // Values already seen as written: a policy repeats its actions statement after statement.
  const seen = new Set<string>();
  for (let l = 0; l < actionLists.length; l++) {
    const values = actionLists[l]!;
    for (let v = 0; v < values.length; v++) {
      const value = values[v]!;
      if (seen.has(value)) continue;
      seen.add(value);
      if (!isListedAction(value)) continue;
      const lower = value.toLowerCase();
      if (exactListed.has(lower) || listedMatchers.has(lower)) continue;
      listed.push(lower);
      const service = lower.slice(0, lower.indexOf(':'));
      const wild = hasWildcard(lower);
      const wildService = wild && hasWildcard(service);
      if (wildService) {
        listedServices = undefined;
        wildServiceValues++;
      } else {
        listedServices?.add(service);
        valuesByService.set(service, (valuesByService.get(service) ?? 0) + 1);
      }
      if (wild) {
        const matcher = compileWildcard(lower, true);
        listedMatchers.set(lower, matcher);
        if (wildService) wildAnyService.push(matcher);
        else {
          const group = wildByService.get(service);
          if (group) group.push(matcher);
          else wildByService.set(service, [matcher]);
        }
      } else exactListed.add(lower);
    }
  }
  if (listed.length === 0) return undefined;
  // Every listed pattern, for a required action whose service part says nothing: made when one first asks.
  let wildListed: WildcardMatcher[] | undefined;
  // By profile position: how many of its required actions belong to the services the document names, and how many
  // of the listed values name one of its services.
  const { postings, named, related, candidates } = profileServices();
  named.fill(0);
  related.fill(0);
  for (const [service, values] of valuesByService) {
    const list = postings.get(service);
    if (!list) continue;
    for (let k = 0; k < list.length; k += 2) {
      named[list[k]!]! += list[k + 1]!;
      related[list[k]!]! += values;
    }
  }
  let best: { id: string; present: string[]; missing: string[]; score: number } | undefined;
  // The built-in profiles' index (profiles/builtinIndex.ts): the whole profile is read for the best one only.
  // The profiles of the document's type with at least MIN_REQUIRED required actions, in the index's order.
  const ofType = candidates.get(policyType) ?? NO_CANDIDATES;
  for (let c = 0; c < ofType.length; c++) {
    const { position, profile, required: requiredOf } = ofType[c]!;
    const { names: required, lowerNames, services, wildAt, lower: requiredLower, wild: wildRequired, anyService, byServiceIndices, anyServiceIndices } = requiredOf;
    const maxMissing = required.length * (1 - MIN_COVERAGE);
    // At most this many required actions can be listed: those of the services the document names, and those whose
    // own service part is a wildcard. Fewer than the coverage needs: the loop below would pass it over.
    if (listedServices && required.length - (anyService + named[position]!) > maxMissing) continue;
    // A listed value can belong to the profile (`belongs` below) only when its service part is one of the profile's
    // or has a wildcard, unless some required action's service part has one (or is not ASCII): with fewer such
    // values than MIN_FOCUS of the listed ones, the focus cannot reach it (the same division as the focus below).
    if (anyService === 0 && (related[position]! + wildServiceValues) / listed.length < MIN_FOCUS) continue;
    // Coverage counts at most one per listed required action: once more than a quarter are missing, it cannot reach
    // MIN_COVERAGE, and the profile is passed over without checking the rest.
    let missingCount = 0;
    const present: string[] = [];
    for (let i = 0; i < required.length && missingCount <= maxMissing; i++) {
      const a = required[i]!;
      // As `exactListed.has(a) || wildListed.some((v) => v.test(a)) || …`, testing only the patterns that can match a.
      let isListed = exactListed.has(lowerNames[i]!);
      if (!isListed && listedMatchers.size > 0) {
        const service = services[i];
        const group = service === undefined ? (wildListed ??= [...listedMatchers.values()]) : wildByService.get(service);
        if (group) for (let g = 0; g < group.length && !isListed; g++) isListed = group[g]!.test(a);
        if (service !== undefined) for (let g = 0; g < wildAnyService.length && !isListed; g++) isListed = wildAnyService[g]!.test(a);
      }
      if (!isListed && wildAt[i]!) isListed = listed.some((v) => actionMatches(a, v));
      if (isListed) present.push(a);
      else missingCount++;
    }
    if (missingCount > maxMissing) continue;
    // A listed name equal to the required one counts fully; a match through a wildcard on either side half.
    const exact = present.filter((a) => exactListed.has(a.toLowerCase())).length;
    const coverage = (exact + (present.length - exact) / 2) / required.length;
    if (coverage < MIN_COVERAGE) continue;
    // A listed pattern can match a required action of its own service (when its service part has no wildcard), or one
    // whose service part is not plain ASCII (isListed's reasoning): only those are tested.
    const matchesRequired = (v: string, matcher: WildcardMatcher): boolean => {
      const service = v.slice(0, v.indexOf(':'));
      if (hasWildcard(service)) return required.some((a) => matcher.test(a));
      const own = byServiceIndices.get(service);
      return (own !== undefined && own.some((i) => matcher.test(required[i]!))) || anyServiceIndices.some((i) => matcher.test(required[i]!));
    };
    const belongs = (v: string): boolean => {
      if (requiredLower.has(v) || wildRequired.some((a) => actionMatches(a, v))) return true;
      const matcher = listedMatchers.get(v);
      return matcher !== undefined && matchesRequired(v, matcher);
    };
    const focus = listed.filter(belongs).length / listed.length;
    if (focus < MIN_FOCUS) continue;
    const score = coverage + focus;
    if (!best || score > best.score || (score === best.score && required.length > best.present.length + best.missing.length)) {
      best = { id: profile.id, present, missing: required.filter((a) => !present.includes(a)), score };
    }
  }
  if (!best) return undefined;
  return { profile: builtinProfiles.byId(best.id) as IamProfile, present: best.present, missing: best.missing };
}

interface RequiredActions {
  names: string[];
  /** `names` in lower case, index by index. */
  lowerNames: string[];
  /** Index by index: the action's service part in lower case, or undefined when it has a wildcard, is not ASCII or is missing. */
  services: (string | undefined)[];
  /** Index by index: whether the action has a wildcard. */
  wildAt: boolean[];
  lower: Set<string>;
  wild: string[];
  /**
   * How many required actions each service (lower case) has, for those whose service part has no wildcard: such an
   * action can match a listed value only of the same service (a listed value with a wildcard in its service part
   * turns the check off). Profile action names are ASCII, where IAM's case-insensitive comparison and lower case agree.
   */
  byService: Map<string, number>;
  /** Required actions with a wildcard (or no `:`) in their service part: they may match a listed value of any service. */
  anyService: number;
  /** The indices of the required actions of each service of byService. */
  byServiceIndices: Map<string, number[]>;
  /** The indices of the anyService actions. */
  anyServiceIndices: number[];
}

interface Candidate {
  position: number;
  profile: BuiltinProfileSummary;
  required: RequiredActions;
}

const NO_CANDIDATES: readonly Candidate[] = [];

interface ProfileServices {
  /** Per service (lower case): the built-in profiles requiring actions of it, as pairs (position in the index, how many). */
  postings: Map<string, number[]>;
  /** Per policy type: the built-in profiles of that kind with at least MIN_REQUIRED required actions, in the index's order. */
  candidates: Map<string, Candidate[]>;
  /** suggestProfileFor's counts by profile position, zeroed by each call (one pair of arrays, not two per policy). */
  named: Int32Array;
  related: Int32Array;
}

let servicePostings: ProfileServices | undefined;

function profileServices(): ProfileServices {
  if (!servicePostings) {
    const postings = new Map<string, number[]>();
    const candidates = new Map<string, Candidate[]>();
    BUILTIN_PROFILE_INDEX.forEach((profile, position) => {
      const required = requiredActions(profile);
      for (const [service, count] of required.byService) {
        const list = postings.get(service);
        if (list) list.push(position, count);
        else postings.set(service, [position, count]);
      }
      if (required.names.length < MIN_REQUIRED) return;
      const list = candidates.get(profile.kind);
      if (list) list.push({ position, profile, required });
      else candidates.set(profile.kind, [{ position, profile, required }]);
    });
    servicePostings = { postings, candidates, named: new Int32Array(BUILTIN_PROFILE_INDEX.length), related: new Int32Array(BUILTIN_PROFILE_INDEX.length) };
  }
  return servicePostings;
}

const requiredActionsOf = new WeakMap<BuiltinProfileSummary, RequiredActions>();

/** The profile's required action names (its non-optional statements' actions: the index's `required`); worked out once per profile. */
function requiredActions(profile: BuiltinProfileSummary): RequiredActions {
  let required = requiredActionsOf.get(profile);
  if (!required) {
    const names = profile.required;
    const lowerNames = names.map((a) => a.toLowerCase());
    const byService = new Map<string, number>();
    const byServiceIndices = new Map<string, number[]>();
    const anyServiceIndices: number[] = [];
    const services: (string | undefined)[] = [];
    lowerNames.forEach((name, i) => {
      const colon = name.indexOf(':');
      const service = colon < 0 ? undefined : name.slice(0, colon);
      if (service === undefined || hasWildcard(service) || /[^\x00-\x7f]/.test(service)) {
        anyServiceIndices.push(i);
        services.push(undefined);
      } else {
        byService.set(service, (byService.get(service) ?? 0) + 1);
        const indices = byServiceIndices.get(service);
        if (indices) indices.push(i);
        else byServiceIndices.set(service, [i]);
        services.push(service);
      }
    });
    const wildAt = names.map((a) => hasWildcard(a));
    required = { names, lowerNames, services, wildAt, lower: new Set(lowerNames), wild: names.filter((a) => hasWildcard(a)), byService, anyService: anyServiceIndices.length, byServiceIndices, anyServiceIndices };
    requiredActionsOf.set(profile, required);
  }
  return required;
}

/** Action values of Allow statements (`Action`, not `NotAction`) count, but not the all-matching ones (`*`, `s3:*`). */
function isListedAction(value: string): boolean {
  return value.includes(':') && !value.endsWith(':*') && value !== '*';
}
