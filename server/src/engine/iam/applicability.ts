// Which Resource patterns an action can ever apply to, from its resource types in the AWS data (any-of semantics).
//
// "Required" flags in the data are unreliable (alternatives are listed with none required), so an action can use a
// Resource entry when the entry can be an ARN of at least one of its resource types. Actions with no resource
// types ("wildcard-only") work with `"Resource": "*"` (or an ARN whose resource part may be empty); a type-level ARN
// (`arn:aws:logs:…:log-group:*`) only where AWS documents it for the action (iam/resourceExceptions.ts).
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import type { ActionInfo, IamData, ResourceTypeInfo } from '../data/iamData';
import { documentedTypeLevelTypes, needsStarResource } from './resourceExceptions';
import { compileTemplate, compileResourceType, matchesEverything, patternCanMatchGenericTemplate, patternCanMatchTemplate, type CompiledTemplate } from './arn';
import { ownCopy } from '../detach';

/** Per action (objects belong to one data instance): its resource types and its use group, looked up once. */
interface ActionTypes {
  types: readonly ResourceTypeInfo[];
  group: UseGroup | undefined;
}

const typesByAction = new WeakMap<ActionInfo, ActionTypes>();

function actionTypes(data: IamData, action: ActionInfo): ActionTypes {
  let entry = typesByAction.get(action);
  if (!entry) {
    entry = { types: action.resourceTypes.map((r) => data.resourceType(action.service, r.name)).filter((t): t is ResourceTypeInfo => t !== undefined), group: undefined };
    typesByAction.set(action, entry);
  }
  return entry;
}

/**
 * Actions whose answer to "can it apply to this Resource pattern?" is the same for every pattern: those of one
 * service with the same resource types (s3:GetObject, s3:PutObject and s3:DeleteObject all need an object ARN), or
 * whose types the data does not all define (always yes); wildcard-only actions of one service with the same
 * documented type-level resource types and the same need of `"Resource": "*"` (what their answer depends on,
 * computeWildcardOnlyUse). A statement's Resources are checked once per group of its actions, not once
 * per action (test/unit/use-groups.test.ts holds the answers to computeCanUse's as first written, per action).
 */
export interface UseGroup {
  /** The service of the group's actions (an ARN of a renamed service's other namespace counts as its own). */
  readonly service: string;
  /** The first action of a wildcard-only group (each answers as it does). */
  readonly wildcardOnly: ActionInfo | undefined;
  /** Some resource type of the actions is missing from the data: they are never judged (always usable). */
  readonly incomplete: boolean;
  /** The compiled templates of the resource types (any of them may match), compiled when first needed. */
  readonly types: readonly ResourceTypeInfo[];
  compiled: readonly CompiledTemplate[] | undefined;
  /**
   * Scratch of one caller at a time (iam/resource-type-mismatch numbers the groups of a statement's actions): the mark
   * of the statement that last numbered the group, and its number there.
   */
  mark: number;
  index: number;
}

/** The groups of one data instance by key (service, then the resource types' keys): bounded by the data. */
const groupsByData = new WeakMap<IamData, Map<string, UseGroup>>();

/** The use group of an action (see UseGroup), found once per action. */
export function useGroupOf(data: IamData, action: ActionInfo): UseGroup {
  const entry = actionTypes(data, action);
  if (entry.group) return entry.group;
  const wildcardOnly = action.isWildcardOnly;
  const incomplete = !wildcardOnly && entry.types.length < action.resourceTypes.length;
  // What the answer depends on beyond the service (a wildcard-only action's: what computeWildcardOnlyUse reads of it).
  const key = wildcardOnly
    ? `${action.service}\u0001${needsStarResource(action) ? '*' : ''}\u0001${documentedTypeLevelTypes(action).join('\u0000')}`
    : incomplete
      ? `${action.service}\u0000*`
      : `${action.service}\u0000${entry.types.map((t) => t.key).join('\u0000')}`;
  let groups = groupsByData.get(data);
  if (!groups) groupsByData.set(data, (groups = new Map()));
  let group = groups.get(key);
  if (!group) groups.set(key, (group = { service: action.service, wildcardOnly: wildcardOnly ? action : undefined, incomplete, types: entry.types, compiled: undefined, mark: 0, index: 0 }));
  entry.group = group;
  return group;
}

const groupsByExpansion = new WeakMap<readonly ActionInfo[], readonly UseGroup[]>();

/**
 * The distinct use groups of a list of actions (an action pattern's expansion: expandActionPattern's lists are kept,
 * so this is found once per list), in the order of their first action.
 */
export function useGroupsOf(data: IamData, actions: readonly ActionInfo[]): readonly UseGroup[] {
  let groups = groupsByExpansion.get(actions);
  if (!groups) {
    const list: UseGroup[] = [];
    for (let i = 0; i < actions.length; i++) {
      const group = useGroupOf(data, actions[i]!);
      if (!list.includes(group)) list.push(group);
    }
    groupsByExpansion.set(actions, (groups = list));
  }
  return groups;
}

/** The resource types of an action that exist in the data (unknown names are dropped). */
export function resourceTypesOf(data: IamData, action: ActionInfo): readonly ResourceTypeInfo[] {
  return actionTypes(data, action).types;
}

/**
 * Recent answers of actionCanUseResource in a direct-mapped table keyed by the action object and the pattern: the
 * actions of a statement and several rules ask about the same Resource in a row, and a policy whose ARNs are all
 * different would only churn a map (the ARN-vs-template answers themselves are remembered by iam/arn.ts).
 */
const CAN_USE_BITS = 12;
const canUseActions: (ActionInfo | undefined)[] = new Array<ActionInfo | undefined>(1 << CAN_USE_BITS);
const canUsePatterns: (string | undefined)[] = new Array<string | undefined>(1 << CAN_USE_BITS);
const canUseResults = new Uint8Array(1 << CAN_USE_BITS);

/**
 * A slot for an (action, pattern) pair in a table of 2^bits: the pattern's length and last characters tell most
 * patterns of one statement or policy apart, and the action's name (its length and three characters) most actions,
 * without hashing either whole or a map lookup. Collisions only cost a recomputation.
 */
function actionPatternSlot(action: ActionInfo, pattern: string, bits: number): number {
  const n = pattern.length;
  const name = action.name;
  const m = name.length;
  const number = m > 0 ? m * 8191 + name.charCodeAt(m - 1) * 257 + name.charCodeAt(m >> 1) * 31 + name.charCodeAt(0) : 0;
  const mixed = Math.imul(number, 0x9e3779b1) ^ Math.imul(n * 131 + (n > 0 ? pattern.charCodeAt(n - 1) * 31 + pattern.charCodeAt(n >> 1) : 0), 0x85ebca6b);
  return mixed >>> (32 - bits);
}

/** Can `action` ever apply to a request on a resource matched by `pattern`? Recent answers are remembered. */
export function actionCanUseResource(data: IamData, action: ActionInfo, pattern: string): boolean {
  const slot = actionPatternSlot(action, pattern, CAN_USE_BITS);
  if (canUseActions[slot] === action && canUsePatterns[slot] === pattern) return canUseResults[slot] === 1;
  const result = computeCanUse(data, action, pattern);
  canUseActions[slot] = action;
  // The table outlives the lint: a pattern in it must not be a slice of the document's text (detach.ts).
  canUsePatterns[slot] = ownCopy(pattern);
  canUseResults[slot] = result ? 1 : 0;
  return result;
}

function computeCanUse(data: IamData, action: ActionInfo, pattern: string): boolean {
  return groupCanUseResource(data, useGroupOf(data, action), pattern);
}

/** Can the actions of a use group ever apply to a request on a resource matched by `pattern`? (Not remembered.) */
export function groupCanUseResource(data: IamData, group: UseGroup, pattern: string): boolean {
  if (matchesEverything(pattern)) return true;
  const renamed = renamedServiceArn(group.service, pattern);
  if (renamed !== undefined) return groupCanUseResource(data, group, renamed);
  const action = group.wildcardOnly;
  if (action !== undefined) {
    const use = wildcardOnlyUse(data, action, pattern);
    return use === 'service' || use === 'documented' || use === 'undocumented';
  }
  // A resource type name the data does not define: we cannot judge, so we do not report.
  if (group.incomplete) return true;
  const compiled = (group.compiled ??= group.types.map((type) => compileResourceType(data, type)));
  for (let i = 0; i < compiled.length; i++) if (patternCanMatchTemplate(pattern, compiled[i]!)) return true;
  return false;
}

const serviceLevelCache = new Map<string, ReturnType<typeof compileTemplate>>();

/**
 * How a wildcard-only action can apply to a Resource pattern:
 * - `service`: the pattern can be the service-level ARN (`arn:…:sqs:<region>:<account>:`: its resource part may be
 *   empty, like `arn:aws:sqs:*:*:*` or `arn:aws:s3:::*`);
 * - `documented`: it can be a type-level ARN (`…:log-group:*`, `…:table/*`) AWS documents for this action;
 * - `undocumented`: it can be a type-level ARN of the service AWS documents nothing about for this action (some
 *   services authorize these, and AWS managed policies rely on it; others only `"Resource": "*"`);
 * - `starOnly`: the same, but AWS documents that the action needs `"Resource": "*"` (Kinesis ListStreams);
 * - `none`: no ARN the action is checked against.
 * See iam/resourceExceptions.ts for the documented cases.
 */
export type WildcardOnlyUse = 'service' | 'documented' | 'undocumented' | 'starOnly' | 'none';

/** Recent answers of wildcardOnlyUse, as actionCanUseResource's (no map per action that grows and clears). */
const USE_BITS = 11;
const useActions: (ActionInfo | undefined)[] = new Array<ActionInfo | undefined>(1 << USE_BITS).fill(undefined);
const usePatterns: (string | undefined)[] = new Array<string | undefined>(1 << USE_BITS).fill(undefined);
const useResults: (WildcardOnlyUse | undefined)[] = new Array<WildcardOnlyUse | undefined>(1 << USE_BITS).fill(undefined);

/** How a wildcard-only action can apply to a pattern (see WildcardOnlyUse); cached per action and pattern. */
export function wildcardOnlyUse(data: IamData, action: ActionInfo, pattern: string): WildcardOnlyUse {
  const slot = actionPatternSlot(action, pattern, USE_BITS);
  if (useActions[slot] === action && usePatterns[slot] === pattern) return useResults[slot]!;
  // The table outlives the lint: a pattern in it, and what its answer holds, must not be slices of the document's text (detach.ts).
  const own = ownCopy(pattern);
  const use = computeWildcardOnlyUse(data, action, renamedServiceArn(action.service, own) ?? own);
  useActions[slot] = action;
  usePatterns[slot] = own;
  useResults[slot] = use;
  return use;
}

function computeWildcardOnlyUse(data: IamData, action: ActionInfo, pattern: string): WildcardOnlyUse {
  if (matchesEverything(pattern)) return 'service';
  const service = action.service;
  let serviceLevel = serviceLevelCache.get(service);
  if (!serviceLevel) {
    // With and without a region and account (global services: `arn:aws:s3:::*`, `arn:aws:iam::*:*`).
    serviceLevel = compileTemplate(
      [`arn:\${Partition}:${service}:\${Region}:\${Account}:`, `arn:\${Partition}:${service}:::`, `arn:\${Partition}:${service}::\${Account}:`].join(', '),
    );
    serviceLevelCache.set(service, serviceLevel);
  }
  if (patternCanMatchTemplate(pattern, serviceLevel)) return 'service';
  const typeLevel = (type: ResourceTypeInfo | undefined): boolean => type !== undefined && patternCanMatchGenericTemplate(pattern, compileResourceType(data, type));
  if (documentedTypeLevelTypes(action).some((key) => typeLevel(data.resourceType(service, key)))) return 'documented';
  if (!data.resourceTypes(service).some(typeLevel)) return 'none';
  return needsStarResource(action) ? 'starOnly' : 'undocumented';
}

/**
 * Services renamed with both prefixes kept: each one's actions authorize ARNs in either namespace. AWS CodeStar
 * Connections became AWS CodeConnections (`codestar-connections` → `codeconnections`); connections created
 * since have `arn:aws:codeconnections:…` ARNs that `codestar-connections:UseConnection` still applies to.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html
 */
const RENAMED_ARN_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['codestar-connections', 'codeconnections'],
  ['codeconnections', 'codestar-connections'],
]);

/** The pattern with its service field set to the action's own service, when the two are one renamed service. */
function renamedServiceArn(actionService: string, pattern: string): string | undefined {
  // The action's service first: for every other service the pattern is not split (this runs per action and Resource).
  // Both renamed services start with `c` (no other character lower-cases to it): others are told at once.
  const first = actionService.charCodeAt(0);
  if (first !== 0x63 && first !== 0x43) return undefined;
  const other = RENAMED_ARN_NAMESPACES.get(actionService.toLowerCase());
  if (!other) return undefined;
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  if (parts[2]!.toLowerCase() !== other) return undefined;
  parts[2] = actionService;
  return parts.join(':');
}
