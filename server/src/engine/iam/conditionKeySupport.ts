// Which actions put a condition key in their request context, and what a condition does when the key is absent.
//
// An action supports a key when the Service Authorization Reference lists it for the action or for one of the
// action's resource types; a key the reference defines but attaches to no action of its service cannot be judged.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// What an absent key does to each operator:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import type { ActionInfo, IamData } from '../data/iamData';
import { conditionKeyMatcher } from '../data/iamData';
import { resourceTypesOf } from './applicability';
import { parseOperator } from './conditionOperators';

/** Condition keys of an action: its own plus those of its resource types (templates as the reference spells them). */
export function actionConditionKeys(data: IamData, action: ActionInfo): readonly string[] {
  let byAction = keysByAction.get(data);
  if (!byAction) {
    byAction = new WeakMap();
    keysByAction.set(data, byAction);
  }
  let keys = byAction.get(action);
  if (!keys) {
    const set = new Set<string>();
    addKeysOf(data, action, set);
    keys = [...set];
    byAction.set(action, keys);
  }
  return keys;
}

const keysByAction = new WeakMap<IamData, WeakMap<ActionInfo, readonly string[]>>();

function addKeysOf(data: IamData, action: ActionInfo, keys: Set<string>): void {
  for (const k of action.conditionKeys) keys.add(k);
  for (const r of action.resourceTypes) for (const k of r.conditionKeys) keys.add(k);
  for (const type of resourceTypesOf(data, action)) for (const k of type.conditionKeys) keys.add(k);
}

/** Per action (objects are stable per data instance): key → supported. Bounded: keys are user text. */
const supportByAction = new WeakMap<ActionInfo, Map<string, boolean>>();

/** Does the reference list `key` (or a template matching it) for this action or its resource types? */
export function actionSupportsKey(data: IamData, action: ActionInfo, key: string): boolean {
  let byKey = supportByAction.get(action);
  if (!byKey) {
    byKey = new Map();
    supportByAction.set(action, byKey);
  }
  let supported = byKey.get(key);
  if (supported === undefined) {
    supported = actionConditionKeys(data, action).some(conditionKeyMatcher(key));
    if (byKey.size > 256) byKey.clear();
    byKey.set(key, supported);
  }
  return supported;
}

/**
 * `keys.some(k matches key)`, remembered per key in `memo` (bounded): the keys of a service are a few hundred
 * templates, and a policy asks about the same few condition keys statement after statement.
 */
function someTemplateMatches(memo: Map<string, boolean>, keys: readonly string[], key: string): boolean {
  let found = memo.get(key);
  if (found === undefined) {
    found = keys.some(conditionKeyMatcher(key));
    if (memo.size > 1000) memo.clear();
    memo.set(key, found);
  }
  return found;
}

/** Per data instance and service: every condition key some action or resource type of the service lists. */
const attachedKeysCache = new WeakMap<IamData, Map<string, { keys: string[]; memo: Map<string, boolean> }>>();

/**
 * Does some action (or resource type of an action) of `service` list `key`? When none does, the reference
 * does not say which actions support the key, so no action can be said not to.
 */
export function isKeyAttachedToAnyAction(data: IamData, service: string, key: string): boolean {
  let byService = attachedKeysCache.get(data);
  if (!byService) {
    byService = new Map();
    attachedKeysCache.set(data, byService);
  }
  const prefix = service.toLowerCase();
  let attached = byService.get(prefix);
  if (!attached) {
    const set = new Set<string>();
    for (const action of data.actions(prefix)) for (const k of actionConditionKeys(data, action)) set.add(k);
    attached = { keys: [...set], memo: new Map() };
    byService.set(prefix, attached);
  }
  return someTemplateMatches(attached.memo, attached.keys, key);
}

/** Per data instance and service: keys (as the reference spells them) listed for nearly every action. */
const serviceWideCache = new WeakMap<IamData, Map<string, { keys: string[]; memo: Map<string, boolean> }>>();

/**
 * Keys the reference lists for nearly every action of a service (at least 95 % of 20 or more), such as S3's
 * request-authentication keys s3:TlsVersion, s3:authType and s3:signatureversion: a service evaluates them on
 * every request, and the few actions without them in the data are taken for omissions, not exceptions.
 */
export function isServiceWideKey(data: IamData, service: string, key: string): boolean {
  let byService = serviceWideCache.get(data);
  if (!byService) {
    byService = new Map();
    serviceWideCache.set(data, byService);
  }
  const prefix = service.toLowerCase();
  let wide = byService.get(prefix);
  if (!wide) {
    const actions = data.actions(prefix);
    const counts = new Map<string, number>();
    for (const action of actions) for (const k of actionConditionKeys(data, action)) counts.set(k, (counts.get(k) ?? 0) + 1);
    wide = { keys: actions.length < 20 ? [] : [...counts].filter(([, n]) => n >= actions.length * 0.95).map(([k]) => k), memo: new Map() };
    byService.set(prefix, wide);
  }
  return someTemplateMatches(wide.memo, wide.keys, key);
}

/** The global tag keys whose support differs per service and action (`aws:PrincipalTag` is in every request). */
export type TagConditionKey = 'aws:ResourceTag' | 'aws:RequestTag' | 'aws:TagKeys';

/** Which tag key a condition key is (`aws:ResourceTag/team` → `aws:ResourceTag`), or undefined. */
export function tagConditionKey(key: string): TagConditionKey | undefined {
  // Each tag key starts with `aws:` in any letter case; no other character lower-cases to one of those four (only
  // U+212A and U+0130 lower-case into ASCII, to `k` and `i`), so a key that does not is none, without a lower-cased copy.
  if (key.length < 11 || !startsWithAws(key)) return undefined;
  const lower = key.toLowerCase();
  if (lower === 'aws:tagkeys') return 'aws:TagKeys';
  if (lower.startsWith('aws:resourcetag/') && lower.length > 'aws:resourcetag/'.length) return 'aws:ResourceTag';
  if (lower.startsWith('aws:requesttag/') && lower.length > 'aws:requesttag/'.length) return 'aws:RequestTag';
  return undefined;
}

/**
 * Do the first four characters read `aws:` in any letter case (`key.toLowerCase().startsWith('aws:')`, without the copy:
 * no other character lower-cases to one of those four)?
 */
export function startsWithAws(key: string): boolean {
  return (key.charCodeAt(0) | 0x20) === 0x61 && (key.charCodeAt(1) | 0x20) === 0x77 && (key.charCodeAt(2) | 0x20) === 0x73 && key.charCodeAt(3) === 0x3a;
}

/**
 * What a condition block's test of one key gives when the key is absent from the request: `true` (negated
 * operators, `…IfExists`, `ForAllValues:`, `Null` with "true"), `false` (the others), or undefined when it
 * cannot be told (an unknown operator, `Null` with mixed or non-literal values).
 */
export function outcomeWhenAbsent(operator: string, values: readonly { value: string }[]): boolean | undefined {
  const parsed = parseOperator(operator);
  if (!parsed) return undefined;
  if (parsed.base.category === 'Null') {
    // Null tests presence: "true" holds exactly when the key is absent. A set prefix on Null is NULL_WITH_QUALIFIER.
    const all = new Set(values.map((v) => v.value.toLowerCase()));
    if (all.size !== 1) return undefined;
    if (all.has('true')) return true;
    if (all.has('false')) return false;
    return undefined;
  }
  if (parsed.set === 'ForAllValues') return true;
  if (parsed.set === 'ForAnyValue') return false;
  if (parsed.ifExists) return true;
  return parsed.base.negated;
}
