// What the AWS data says about a statement's actions: expansion of wildcards, their resource types' ARN templates and condition keys.
//
// Used by completion, hover and code lenses; pattern expansion itself is iam/actions.ts.

import type { ActionInfo, ConditionKeyInfo, IamData } from '../data/iamData';
import { actionId, expandActionPattern } from './actions';
import { hasWildcard } from './wildcard';

/**
 * The actions of a statement's `Action` patterns, deduplicated. Patterns spanning every service
 * (`*`, `*:Get*`) are skipped: they would load all data for an answer nobody can read.
 */
export function actionInfosForPatterns(patterns: readonly string[], data: IamData): ActionInfo[] {
  const seen = new Map<string, ActionInfo>();
  for (const pattern of patterns) {
    const colon = pattern.indexOf(':');
    if (pattern === '*' || colon <= 0 || hasWildcard(pattern.slice(0, colon))) continue;
    for (const action of expandActionPattern(data, pattern)) seen.set(actionId(action).toLowerCase(), action);
  }
  return [...seen.values()];
}

export interface ResourceTemplate {
  service: string;
  resourceType: string;
  /** ARN template as AWS writes it, e.g. `arn:${Partition}:s3:::${BucketName}`. */
  arn: string;
  /** The actions (of those given) that accept this resource type. */
  actions: string[];
}

/** ARN templates of the resource types the actions accept (any-of: each listed type is an alternative). */
export function resourceTemplatesForActions(actions: readonly ActionInfo[], data: IamData): ResourceTemplate[] {
  const byArn = new Map<string, ResourceTemplate>();
  for (const action of actions) {
    for (const type of action.resourceTypes) {
      const info = data.resourceType(action.service, type.name);
      if (!info) continue;
      let entry = byArn.get(info.arn);
      if (!entry) {
        entry = { service: action.service, resourceType: info.key, arn: info.arn, actions: [] };
        byArn.set(info.arn, entry);
      }
      entry.actions.push(actionId(action));
    }
  }
  return [...byArn.values()].sort((a, b) => b.actions.length - a.actions.length || a.arn.localeCompare(b.arn));
}

/** Service condition keys the actions support (action-level and resource-type-level), with their types. */
export function conditionKeysForActions(actions: readonly ActionInfo[], data: IamData): ConditionKeyInfo[] {
  const keys = new Map<string, ConditionKeyInfo>();
  const add = (key: string): void => {
    if (key.toLowerCase().startsWith('aws:')) return; // global keys are offered from the global list
    if (keys.has(key.toLowerCase())) return;
    const info = data.serviceConditionKey(key);
    keys.set(key.toLowerCase(), info ?? { key, description: '', type: 'String' });
  };
  for (const action of actions) {
    action.conditionKeys.forEach(add);
    for (const type of action.resourceTypes) {
      type.conditionKeys.forEach(add);
      data.resourceType(action.service, type.name)?.conditionKeys.forEach(add);
    }
  }
  return [...keys.values()].sort((a, b) => a.key.localeCompare(b.key));
}
