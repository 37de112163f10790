// How an Allow statement grants one IAM role action (iam:PassRole, iam:CreateServiceLinkedRole) on every role:
// which action element grants it, and whether the resources cover every role (a wildcard) or every role not
// listed (NotResource). Shared by iam/pass-role-wildcard and iam/create-slr-wildcard, which answer Access
// Analyzer's PASS_ROLE_WITH_* and CREATE_SLR_WITH_* checks:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import type { Statement, StrValue } from '../../iam/document';
import { hasUnknownParts, type DescribedValue } from '../../iam/values';
import { actionMatches, hasWildcard, resourceMatches } from '../../iam/wildcard';
import { allActionsValue } from './fullAdmin';
import { isAllow, isNarrowingOperator } from './structureHelpers';

/** How the action is granted: named (`Action`), through a wildcard (`Action`), or by a `NotAction` that does not exclude it. */
export type ActionGrant = 'named' | 'wildcard' | 'notAction';

/** On which roles: a `Resource` value covering every role, or a `NotResource` (every role it does not exclude). */
export type ResourceGrant = 'everyRole' | 'notResource';

export interface RoleGrant {
  action: ActionGrant;
  resource: ResourceGrant;
  /** Where to report: the action value that grants it, or the `NotAction` key. */
  start: number;
  end: number;
  /** The action value as written (`iam:Pass*`), or `NotAction`. */
  written: string;
}

/**
 * How `statement` allows `actionName` on every role (of an account, or every role outside a NotResource), or
 * undefined. Statements allowing `*` on `*` are iam/full-admin's finding and left out. A statement restricted by a
 * narrowing condition on one of `restrictingKeys` (lower case) with a value that is not just a wildcard is not
 * counted. `roleName` is the role-name part of the ARN: `probes` are names of roles the action could target; a
 * resource covers every role when it matches each of them in its own account.
 */
export function roleGrant(
  statement: Statement,
  actionName: string,
  restrictingKeys: ReadonlySet<string>,
  probes: readonly string[],
): RoleGrant | undefined {
  if (!isAllow(statement) || allActionsValue(statement)) return undefined;
  const resource = resourceGrant(statement, probes);
  if (!resource) return undefined;
  const action = actionGrant(statement, actionName);
  if (!action) return undefined;
  if (isRestricted(statement, restrictingKeys)) return undefined;
  return { ...action, resource };
}

function actionGrant(statement: Statement, actionName: string): Omit<RoleGrant, 'resource'> | undefined {
  const element = statement.action;
  if (!element) return undefined;
  if (element.key === 'Action') {
    // A value with unknown parts neither grants nor excludes the action for sure. Loops: asked of every Allow.
    const values = element.values;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!hasUnknownParts(v) && !hasWildcard(v.value) && actionMatches(v.value, actionName)) return { action: 'named', start: v.start, end: v.end, written: v.value };
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!hasUnknownParts(v) && hasWildcard(v.value) && actionMatches(v.value, actionName)) return { action: 'wildcard', start: v.start, end: v.end, written: v.value };
    }
    return undefined;
  }
  // A NotAction without a string (half-typed, or of the wrong type) is iam/policy-structure's finding.
  if (element.key !== 'NotAction' || element.values.length === 0) return undefined;
  if (element.values.some((v) => hasUnknownParts(v) || actionMatches(v.value, actionName))) return undefined;
  const keyNode = element.keyNode;
  return { action: 'notAction', start: keyNode.offset, end: keyNode.offset + keyNode.length, written: 'NotAction' };
}

function resourceGrant(statement: Statement, probes: readonly string[]): ResourceGrant | undefined {
  const element = statement.resource;
  if (!element) return undefined;
  if (element.key === 'Resource') {
    for (let i = 0; i < element.values.length; i++) if (coversEveryRole(element.values[i]!, probes)) return 'everyRole';
    return undefined;
  }
  if (element.key !== 'NotResource' || element.values.length === 0) return undefined;
  // A NotResource value with unknown parts might exclude every role; one that covers every role excludes them all.
  if (element.values.some((v) => hasUnknownParts(v) || coversEveryRole(v, probes))) return undefined;
  return 'notResource';
}

/** Stands for an unknown piece of a value: no wildcard, and no character of a probe ARN. */
const UNKNOWN_PIECE = '\u0000';

/**
 * Whether a Resource value matches every role whose name the probes stand for, in the account (and partition) it
 * names: `*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::111122223333:role/*`, `arn:aws:iam::*:*`. An unknown piece
 * matches nothing (so `role/${var.name}` is not every role), except in the account field, where any account counts.
 */
export function coversEveryRole(value: DescribedValue, probes: readonly string[]): boolean {
  if (value.known === 'unknown') return false;
  const pattern = value.known === 'partial' && value.pieces ? value.pieces.map((p) => (p.kind === 'unknown' ? UNKNOWN_PIECE : p.text)).join('') : value.value;
  if (!hasWildcard(pattern)) return false;
  // Every probe ARN's service field is `iam`: a pattern whose text before its first wildcard holds a whole service
  // field other than `iam` (`arn:aws:s3:::bucket/*`) matches none, decided without splitting it.
  if (literalServiceIsNot(pattern, 'iam')) return false;
  const fields = pattern.split(':', 6);
  const partition = fields.length >= 6 && !hasWildcard(fields[1]!) ? fields[1]! : 'aws';
  const account = fields.length >= 6 && !hasWildcard(fields[4]!) ? fields[4]! : '123456789012';
  const probeArn = (name: string): string => `arn:${partition}:iam::${account}:role/${name}`;
  // A pattern only matches strings that begin with its text before the first wildcard: an ARN of another service
  // (`arn:aws:s3:::bucket/*`) is passed over without compiling it (this runs for every Resource of every Allow).
  if (probes.length > 0 && !beginsWithHead(probeArn(probes[0]!), pattern)) return false;
  return probes.every((name) => resourceMatches(pattern, probeArn(name)));
}

/**
 * Does the pattern's text before its first wildcard (`*` or `?`) hold three `:` with a service field between the
 * second and third that is not `service`? Then every string it matches begins with that other field: no ARN of the
 * service.
 */
function literalServiceIsNot(pattern: string, service: string): boolean {
  let colons = 0;
  let fieldStart = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x2a /* * */ || c === 0x3f /* ? */) return false;
    if (c !== 0x3a /* : */) continue;
    if (++colons === 2) fieldStart = i + 1;
    else if (colons === 3) return i - fieldStart !== service.length || !pattern.startsWith(service, fieldStart);
  }
  return false;
}

/** Does `text` begin with `pattern`'s characters before its first wildcard (`*` or `?`)? */
function beginsWithHead(text: string, pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x2a /* * */ || c === 0x3f /* ? */) return true;
    if (i >= text.length || text.charCodeAt(i) !== c) return false;
  }
  return true;
}

/**
 * A narrowing condition (StringEquals, StringLike, ArnLike…) on one of the keys whose values are not all bare
 * wildcards (`"StringLike": {"iam:PassedToService": "*"}` restricts nothing).
 */
function isRestricted(statement: Statement, keys: ReadonlySet<string>): boolean {
  return (statement.condition?.blocks ?? []).some(
    (block) =>
      isNarrowingOperator(block.operator.value) &&
      block.entries.some((e) => keys.has(e.key.value.toLowerCase()) && (e.values.length === 0 || e.values.some((v) => !isBareWildcard(v)))),
  );
}

function isBareWildcard(value: StrValue): boolean {
  return !hasUnknownParts(value) && value.value.length > 0 && /^\*+$/.test(value.value);
}
