// Which Resource patterns an action can ever apply to, from its resource types in the AWS data (any-of semantics).
//
// "Required" flags in the data are unreliable (alternatives are listed with none required), so an action can use a
// Resource entry when the entry can be an ARN of at least one of its resource types. Actions with no resource
// types ("wildcard-only") work with `"Resource": "*"`; we also accept the type-level ARN forms services check
// such actions against (e.g. `arn:aws:logs:…:log-group:*`), to stay free of false positives.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import type { ActionInfo, IamData, ResourceTypeInfo } from '../data/iamData';
import { compileTemplate, compileResourceType, matchesEverything, patternCanMatchGenericTemplate, patternCanMatchTemplate } from './arn';

/** The resource types of an action that exist in the data (unknown names are dropped). */
export function resourceTypesOf(data: IamData, action: ActionInfo): ResourceTypeInfo[] {
  return action.resourceTypes
    .map((r) => data.resourceType(action.service, r.name))
    .filter((t): t is ResourceTypeInfo => t !== undefined);
}

/** Per action (objects are stable per data instance): pattern → can use. */
const cacheByAction = new WeakMap<ActionInfo, Map<string, boolean>>();

/** Can `action` ever apply to a request on a resource matched by `pattern`? Cached per action and pattern. */
export function actionCanUseResource(data: IamData, action: ActionInfo, pattern: string): boolean {
  let cache = cacheByAction.get(action);
  if (!cache) {
    cache = new Map();
    cacheByAction.set(action, cache);
  }
  let result = cache.get(pattern);
  if (result === undefined) {
    result = computeCanUse(data, action, pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, result);
  }
  return result;
}

function computeCanUse(data: IamData, action: ActionInfo, pattern: string): boolean {
  if (matchesEverything(pattern)) return true;
  const renamed = renamedServiceArn(action.service, pattern);
  if (renamed !== undefined) return computeCanUse(data, action, renamed);
  if (action.isWildcardOnly) return matchesTypeLevelArn(data, action.service, pattern);
  const types = resourceTypesOf(data, action);
  // A resource type name the data does not define: we cannot judge, so we do not report.
  if (types.length < action.resourceTypes.length) return true;
  return types.some((type) => patternCanMatchTemplate(pattern, compileResourceType(data, type)));
}

const serviceLevelCache = new Map<string, ReturnType<typeof compileTemplate>>();

/** Does the pattern match a type-level ARN of the service (`arn:…:sqs:<region>:<account>:`, `…:table/`, …)? */
function matchesTypeLevelArn(data: IamData, service: string, pattern: string): boolean {
  let serviceLevel = serviceLevelCache.get(service);
  if (!serviceLevel) {
    serviceLevel = compileTemplate(`arn:\${Partition}:${service}:\${Region}:\${Account}:`);
    serviceLevelCache.set(service, serviceLevel);
  }
  if (patternCanMatchTemplate(pattern, serviceLevel)) return true;
  return data.resourceTypes(service).some((type) => patternCanMatchGenericTemplate(pattern, compileResourceType(data, type)));
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
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const other = RENAMED_ARN_NAMESPACES.get(actionService.toLowerCase());
  if (!other || parts[2]!.toLowerCase() !== other) return undefined;
  parts[2] = actionService;
  return parts.join(':');
}
