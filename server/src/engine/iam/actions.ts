// IAM action strings: parse `service:Name` (with `*`/`?` wildcards) and expand a pattern to the actions it matches.
//
// Action names and service prefixes match case-insensitively, as IAM does:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// Expansion is cached per data instance and pattern; `*` alone is never expanded unless asked for.

import type { ActionInfo, IamData } from '../data/iamData';
import { compileWildcard, hasWildcard } from './wildcard';

export type ActionProblem =
  /** Empty string. */
  | 'empty'
  /** No colon at all: `GetObject`. */
  | 'no-service'
  /** `sagemaker::CreateModel`. */
  | 'double-colon'
  /** `:GetObject`. */
  | 'empty-service'
  /** `s3:`. */
  | 'empty-name'
  /** Characters IAM never uses in an action (`s3:Get Object`, `s3:Get:Object`). */
  | 'invalid-characters';

/** A syntactically usable action string. Offsets are inside the string value (not the JSON token). */
export interface ParsedAction {
  /** As written, e.g. `S3:Get*`. */
  raw: string;
  service: string;
  name: string;
  serviceStart: number;
  serviceEnd: number;
  nameStart: number;
  nameEnd: number;
  serviceHasWildcard: boolean;
  nameHasWildcard: boolean;
}

export type ActionParse = { ok: true; action: ParsedAction } | { ok: false; problem: ActionProblem };

const SERVICE_CHARS = /^[A-Za-z0-9*?-]+$/;
const NAME_CHARS = /^[A-Za-z0-9_*?.-]+$/;

/** True for the action pattern that means every action of every service. */
export function isEveryAction(value: string): boolean {
  // `/^\*+$/` as a loop: asked of every action of every statement by several rules.
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) !== 0x2a) return false;
  return true;
}

/** Parses `service:Name`. `*` alone is not parsed here: test it with `isEveryAction` first. */
export function parseAction(value: string): ActionParse {
  if (value.length === 0) return { ok: false, problem: 'empty' };
  const colon = value.indexOf(':');
  if (colon < 0) return { ok: false, problem: 'no-service' };
  if (value[colon + 1] === ':') return { ok: false, problem: 'double-colon' };
  const service = value.slice(0, colon);
  const name = value.slice(colon + 1);
  if (service.length === 0) return { ok: false, problem: 'empty-service' };
  if (name.length === 0) return { ok: false, problem: 'empty-name' };
  if (!SERVICE_CHARS.test(service) || !NAME_CHARS.test(name)) return { ok: false, problem: 'invalid-characters' };
  return {
    ok: true,
    action: {
      raw: value,
      service,
      name,
      serviceStart: 0,
      serviceEnd: colon,
      nameStart: colon + 1,
      nameEnd: value.length,
      serviceHasWildcard: hasWildcard(service),
      nameHasWildcard: hasWildcard(name),
    },
  };
}

/** `s3:GetObject` as AWS spells it. */
export function actionId(action: ActionInfo): string {
  return `${action.service}:${action.name}`;
}

/** Service prefixes (lower case) matched by the service part of a pattern (`s3`, `s3*`, `*`). */
export function servicesMatching(data: IamData, servicePattern: string): string[] {
  if (!hasWildcard(servicePattern)) return data.serviceExists(servicePattern) ? [servicePattern.toLowerCase()] : [];
  const matcher = compileWildcard(servicePattern, true);
  return data.servicePrefixes().filter((p) => matcher.test(p));
}

/** Per data: expansions by lower-case pattern, and the same by the pattern as written (no lower-casing per call). */
const expansionCache = new WeakMap<IamData, { lower: Map<string, readonly ActionInfo[]>; written: Map<string, readonly ActionInfo[]> }>();
/** The data instance last asked about and its cache (one per process in practice): no WeakMap look-up per action. */
let lastExpansionData: IamData | undefined;
let lastExpansionCache: { lower: Map<string, readonly ActionInfo[]>; written: Map<string, readonly ActionInfo[]> } | undefined;

/**
 * Every action a pattern matches (case-insensitive). A plain action gives zero or one action.
 * `*` alone expands to all ~22k actions: callers that only need "matches everything" should test
 * `isEveryAction` instead. Unparseable patterns give an empty list.
 */
export function expandActionPattern(data: IamData, pattern: string): readonly ActionInfo[] {
  let cache = data === lastExpansionData ? lastExpansionCache : expansionCache.get(data);
  if (!cache) {
    cache = { lower: new Map(), written: new Map() };
    expansionCache.set(data, cache);
  }
  lastExpansionData = data;
  lastExpansionCache = cache;
  // Rules ask this of every action of every statement, mostly as written: that lookup allocates nothing.
  const known = cache.written.get(pattern);
  if (known) return known;
  const key = pattern.toLowerCase();
  let result = cache.lower.get(key);
  if (!result) {
    result = computeExpansion(data, pattern);
    if (cache.lower.size > 5000) cache.lower.clear();
    cache.lower.set(key, result);
  }
  if (cache.written.size > 5000) cache.written.clear();
  cache.written.set(pattern, result);
  return result;
}

function computeExpansion(data: IamData, pattern: string): readonly ActionInfo[] {
  if (isEveryAction(pattern)) return data.servicePrefixes().flatMap((p) => data.actions(p));
  const parsed = parseAction(pattern);
  if (!parsed.ok) return [];
  const { service, name, nameHasWildcard } = parsed.action;
  const services = servicesMatching(data, service);
  if (!nameHasWildcard) {
    return services.map((s) => data.action(s, name)).filter((a): a is ActionInfo => a !== undefined);
  }
  const matcher = compileWildcard(name, true);
  return services.flatMap((s) => data.actions(s).filter((a) => matcher.test(a.name)));
}

/** Does the pattern match at least one known action? */
export function actionPatternMatchesAny(data: IamData, pattern: string): boolean {
  return isEveryAction(pattern) || expandActionPattern(data, pattern).length > 0;
}

/**
 * Does pattern `outer` cover everything `inner` matches? For a plain `inner` this is wildcard
 * matching; for a wildcard `inner` both the text (so future actions stay covered) and today's
 * expansions must be contained. `outer` matching the text of `inner` (its `*` and `?` read as
 * characters) is necessary for containment: that text is one of the strings `inner` matches.
 */
export function actionPatternCovers(data: IamData, outer: string, inner: string): boolean {
  if (isEveryAction(outer)) return true;
  if (!hasWildcard(outer)) return outer.toLowerCase() === inner.toLowerCase();
  if (isEveryAction(inner)) return false;
  if (!compileWildcard(outer, true).test(inner)) return false;
  if (!hasWildcard(inner)) return true;
  const innerActions = expandActionPattern(data, inner);
  if (innerActions.length === 0) return false;
  const outerIds = new Set(expandActionPattern(data, outer).map((a) => actionId(a).toLowerCase()));
  return innerActions.every((a) => outerIds.has(actionId(a).toLowerCase()));
}
