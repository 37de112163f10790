// Use groups (iam/applicability.ts UseGroup): actions whose "can it apply to this Resource?" is the same for every
// pattern are grouped, and iam/resource-type-mismatch checks each Resource of a statement once per group of its
// actions. These tests hold the group answers to computeCanUse as first written (per action, kept here as the
// reference) for every action of many services against ARNs from the bundled templates and random edits of them, and
// the statement verdicts to the per-action verdict as first written, over random statements.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActionInfo, IamData } from '../../server/src/engine/data/iamData';
import { actionCanUseResource, groupCanUseResource, resourceTypesOf, useGroupOf, useGroupsOf, wildcardOnlyUse } from '../../server/src/engine/iam/applicability';
import { compileResourceType, matchesEverything, patternCanMatchTemplate } from '../../server/src/engine/iam/arn';
import { expandActionPattern, isEveryAction } from '../../server/src/engine/iam/actions';
import { hasPlaceholder } from '../../server/src/engine/iam/placeholders';
import { computeVerdict } from '../../server/src/engine/rules/iam/resourceTypeMismatch';
import { testData } from '../support/data';
import { prng, type Rng } from '../support/prng';

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

// ---- reference: computeCanUse per action, as first written (no groups, no tables)

const RENAMED: ReadonlyMap<string, string> = new Map([
  ['codestar-connections', 'codeconnections'],
  ['codeconnections', 'codestar-connections'],
]);

function referenceRenamed(service: string, pattern: string): string | undefined {
  const other = RENAMED.get(service.toLowerCase());
  if (!other) return undefined;
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2]!.toLowerCase() !== other) return undefined;
  parts[2] = service;
  return parts.join(':');
}

function referenceCanUse(data: IamData, action: ActionInfo, pattern: string): boolean {
  if (matchesEverything(pattern)) return true;
  const renamed = referenceRenamed(action.service, pattern);
  if (renamed !== undefined) return referenceCanUse(data, action, renamed);
  if (action.isWildcardOnly) {
    const use = wildcardOnlyUse(data, action, pattern);
    return use === 'service' || use === 'documented' || use === 'undocumented';
  }
  const types = resourceTypesOf(data, action);
  if (types.length < action.resourceTypes.length) return true;
  return types.some((type) => patternCanMatchTemplate(pattern, compileResourceType(data, type)));
}

// ---- reference: the statement verdict as first written, one action at a time

function referenceVerdict(data: IamData, actions: readonly string[], resources: readonly string[]): { mismatched: number[]; unusedResources: number[]; typeLevelOnly: number[] } | null {
  if (resources.some(matchesEverything) || actions.some(isEveryAction)) return null;
  const someCanUse = (expanded: readonly ActionInfo[], pattern: string): boolean => expanded.some((a) => referenceCanUse(data, a, pattern));
  const expansions = actions.map((a) => (hasPlaceholder(a) ? [] : expandActionPattern(data, a)));
  const mismatched: number[] = [];
  let known = 0;
  expansions.forEach((expanded, index) => {
    if (expanded.length === 0) return;
    known++;
    if (!resources.some((r) => someCanUse(expanded, r))) mismatched.push(index);
  });
  const unusedResources: number[] = [];
  if (known === actions.length && mismatched.length !== known) {
    resources.forEach((r, index) => {
      if (!expansions.some((expanded) => expanded.length > 0 && someCanUse(expanded, r))) unusedResources.push(index);
    });
  }
  const documented = (use: string): boolean => use === 'service' || use === 'documented';
  const typeLevelOnly: number[] = [];
  expansions.forEach((expanded, index) => {
    if (expanded.length === 0 || mismatched.includes(index) || !expanded.every((a) => a.isWildcardOnly)) return;
    if (!expanded.some((a) => resources.some((r) => documented(wildcardOnlyUse(data, a, r))))) typeLevelOnly.push(index);
  });
  return { mismatched, unusedResources, typeLevelOnly };
}

// ---- generators

/** Services with renamed namespaces, wildcard-only actions with documented type-level ARNs, S3's many groups, … */
const SERVICES = ['s3', 'dynamodb', 'sqs', 'iam', 'lambda', 'logs', 'ec2', 'kms', 'sagemaker', 'kinesis', 'codestar-connections', 'codeconnections', 'apigateway', 'ssm', 'rds', 'sns'];

/** An ARN of a template with its variables filled, then sometimes edited (wildcards, another namespace, cuts). */
function arnOf(r: Rng, template: string, services: readonly string[]): string {
  let arn = template
    .split(/,\s*/)[0]!
    .replace(/\$\{Partition\}/g, () => pick(r, ['aws', 'aws', 'aws-cn', '*']))
    .replace(/\$\{Region\}/g, () => pick(r, ['us-east-1', 'us-east-1', '*', '']))
    .replace(/\$\{Account(Id)?\}/g, () => pick(r, ['123456789012', '123456789012', '*', '', 'aws']))
    .replace(/\$\{[^}]+\}/g, () => pick(r, ['x', 'n-1', 'a/b', '*', 'x*', '?', '${aws:username}', '']));
  const edit = r();
  if (edit < 0.1) arn += pick(r, ['/*', ':*', '*']);
  else if (edit < 0.18) arn = arn.replace(/^arn:([^:]*):[^:]*:/, (_m, p: string) => `arn:${p}:${pick(r, services)}:`);
  else if (edit < 0.22) arn = arn.slice(0, Math.floor(r() * arn.length)) + '*';
  return arn;
}

/** Service-level ARNs, and type-level ones AWS documents (or not) for wildcard-only actions. */
const SPECIAL_PATTERNS = ['*', 'arn:aws:s3:::*', 'arn:aws:*:*:*:*', 'arn:aws:logs:*:*:log-group:*', 'arn:aws:sagemaker:*:*:endpoint/*', 'arn:aws:kinesis:*:*:stream/*', 'arn:aws:ec2:*:*:instance/*'];

function patternsOf(data: IamData, r: Rng, count: number): string[] {
  const patterns = [...SPECIAL_PATTERNS];
  while (patterns.length < count) {
    const service = pick(r, SERVICES);
    const types = data.resourceTypes(service);
    if (types.length > 0) patterns.push(arnOf(r, pick(r, types).arn, SERVICES));
  }
  return patterns;
}

describe('use groups (iam/resource-type-mismatch checks a Resource once per group of actions)', () => {
  it('a group answers for every pattern as computeCanUse as first written answers for each of its actions', () => {
    const data = testData();
    const r = prng(1919);
    const patterns = patternsOf(data, r, 120);
    let compared = 0;
    let shared = 0;
    let yes = 0;
    // Services with renamed namespaces, wildcard-only actions AWS documents type-level ARNs for (or "*" only), and
    // many actions sharing resource types.
    for (const service of ['s3', 'dynamodb', 'sqs', 'logs', 'kms', 'sagemaker', 'kinesis', 'codestar-connections', 'codeconnections']) {
      const actions = data.actions(service);
      const groups = new Set(actions.map((a) => useGroupOf(data, a)));
      shared += actions.length - groups.size;
      for (const action of actions) {
        const group = useGroupOf(data, action);
        assert.equal(useGroupOf(data, action), group, 'one group per action');
        // A sample of the patterns per action (all of them for the renamed namespaces), and for a wildcard-only action
        // every service-level and type-level one (what their groups differ on: Kinesis ListStreams needs "*").
        const step = service.startsWith('code') ? 1 : 30;
        const offset = action.name.length % step;
        const sample = patterns.filter((_, p) => (action.isWildcardOnly && p < SPECIAL_PATTERNS.length) || p % step === offset);
        for (const pattern of sample) {
          const expected = referenceCanUse(data, action, pattern);
          assert.equal(groupCanUseResource(data, group, pattern), expected, `${service}:${action.name} on ${pattern}`);
          assert.equal(actionCanUseResource(data, action, pattern), expected, `${service}:${action.name} on ${pattern} (table)`);
          if (expected) yes++;
          compared++;
        }
      }
    }
    assert.ok(compared > 2_000 && yes > 300 && compared - yes > 300, `${compared} compared, ${yes} usable: both answers must be exercised`);
    assert.ok(shared > 300, `${shared} actions share a group: grouping must be exercised`);
  });

  it('the groups of an expansion are its actions\' distinct groups, in order', () => {
    const data = testData();
    for (const pattern of ['s3:*', 's3:Get*', 'dynamodb:*', 'ec2:Describe*', 'sagemaker:List*', 'codestar-connections:*']) {
      const expanded = expandActionPattern(data, pattern);
      const expected: unknown[] = [];
      for (const action of expanded) if (!expected.includes(useGroupOf(data, action))) expected.push(useGroupOf(data, action));
      assert.deepEqual(useGroupsOf(data, expanded), expected, pattern);
      assert.ok(expected.length < expanded.length, `${pattern}: ${expected.length} groups for ${expanded.length} actions`);
    }
  });

  it('statement verdicts equal the per-action verdict over random statements', () => {
    const data = testData();
    const r = prng(4747);
    const patterns = patternsOf(data, r, 200);
    const actionPatterns = ['s3:*', 's3:Get*', 's3:List*', 'dynamodb:*', 'logs:Describe*', 'sagemaker:List*', 'kinesis:List*', 'ec2:Describe*', 'nosuch:Action', 's3:NoSuchAction', '<action>'];
    let judged = 0;
    let reported = 0;
    for (let n = 0; n < 600; n++) {
      // Mostly one service's actions and ARNs (most such statements are fine), some from elsewhere.
      const service = pick(r, SERVICES);
      const own = data.actions(service);
      const types = data.resourceTypes(service);
      const actions = Array.from({ length: 1 + Math.floor(r() * 4) }, () => (r() < 0.1 ? pick(r, actionPatterns) : `${service}:${pick(r, own).name}`));
      const resources = Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.8 && types.length > 0 ? arnOf(r, pick(r, types).arn, SERVICES) : pick(r, patterns)));
      const expected = referenceVerdict(data, actions, resources);
      const verdict = computeVerdict(data, actions, resources);
      if (verdict === null) {
        // The rule also declines unreadable ARNs (iam/resource-arn-malformed's); the reference does not know them.
        continue;
      }
      judged++;
      assert.deepEqual({ ...verdict }, expected, JSON.stringify({ actions, resources }));
      // A statement too large for a table of answers asks each time: the same verdict (every third statement).
      if (n % 3 === 0) assert.deepEqual({ ...computeVerdict(data, actions, resources, 0) }, expected, `${JSON.stringify({ actions, resources })} (no table)`);
      if (verdict.mismatched.length + verdict.unusedResources.length + verdict.typeLevelOnly.length > 0) reported++;
    }
    assert.ok(judged > 350 && reported > 70 && judged - reported > 70, `${judged} judged, ${reported} with findings: both must be exercised`);
  });
});
