// iam/resource-type-mismatch: an action that can never apply to any Resource of its statement (bucket-level S3
// actions on `bucket/*`, wildcard-only actions on specific ARNs, ARNs of another service), and Resources no
// action of the statement can use. Resource types per action come from the Service Authorization Reference:
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import { getNodeValue } from 'jsonc-parser';
import type { IamRule, RuleContext } from '../rule';
import type { ActionInfo, IamData } from '../../data/iamData';
import type { IamDocument, JsonNode, Statement, StrValue } from '../../iam/document';
import { lastProperty } from '../../iam/document';
import { actionId, expandActionPattern, isEveryAction } from '../../iam/actions';
import { actionCanUseResource, groupCanUseResource, resourceTypesOf, useGroupsOf, wildcardOnlyUse, type UseGroup, type WildcardOnlyUse } from '../../iam/applicability';
import { accountProblem, isArnNamespace, isFieldPlaceholder, maskVariables, matchesEverything, parseArn, partitionMatches, regionProblem, resourcePattern } from '../../iam/arn';
import { appendValues, insertAfter, removeElements, replaceValue, type JsonValue, type PolicyEdit } from '../../iam/edits';
import { hasPlaceholder } from '../../iam/placeholders';
import { attachedResourceOf, type AttachedResource } from '../../iam/attachedResource';
import { displayValue, hasUnknownParts, isLiteralSubtree, literalValue } from '../../iam/values';
import { hasWildcard } from '../../iam/wildcard';
import type { FixProposal, Severity } from '../../types';

export const resourceTypeMismatch: IamRule = {
  id: 'iam/resource-type-mismatch',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every action must be able to apply to at least one Resource of its statement (and every Resource to at least one action).',
  fixable: false,
  hasSuggestions: true,
  messages: {
    wildcardOnlyAction:
      '"{{action}}" does not support resource-level permissions: the Service Authorization Reference lists no resource type for it, so only "Resource": "*" is sure to apply and this statement may never grant it. (The reference misses resource-level support for some actions; if AWS documents an ARN for this one, keep it.)',
    wildcardOnlyActions:
      'The actions matched by "{{pattern}}" do not support resource-level permissions: the Service Authorization Reference lists no resource type for them, so only "Resource": "*" is sure to apply and this statement may never grant them. (The reference misses resource-level support for some actions; if AWS documents an ARN for them, keep it.)',
    neverApplies: '"{{action}}" needs {{needs}}: it can never apply to a Resource of this statement.',
    noneApply: 'The {{count}} actions matched by "{{pattern}}" need {{needs}}: none of them can apply to a Resource of this statement.',
    unusedResource: 'No action of this statement can use "{{resource}}": it is not an ARN of any of their resource types.',
    unsupportedActionInPolicy: '"{{action}}" is not an action of the {{policy}}: it only grants {{namespaces}} actions.',
    unsupportedResourceInPolicy: '"{{resource}}" is not an ARN the {{policy}} can name: its Resource ARNs are {{namespaces}} ARNs.',
    typeLevelArn:
      '"{{action}}" has no resource types in the Service Authorization Reference, and AWS documents no type-level ARN for it: some services authorize such actions against a type-level ARN like the one given here, others only "Resource": "*". If requests are denied, use "Resource": "*".',
    typeLevelArns:
      'The actions matched by "{{pattern}}" have no resource types in the Service Authorization Reference, and AWS documents no type-level ARN for them: some services authorize such actions against a type-level ARN like the one given here, others only "Resource": "*". If requests are denied, use "Resource": "*".',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) checkStatement(context, statements[s]!);
    const attached = attachedResourceOf(context.doc.origin);
    if (attached) for (const statement of statements) checkAttachedResource(context, statement, attached);
  },
};

type Context = RuleContext<IamDocument>;

interface ActionEntry {
  value: StrValue;
  /** Index of the value in the Action array (0 for a single string). */
  index: number;
  actions: readonly ActionInfo[];
}

/** Which actions and resources of a statement do not fit, by index (pure: depends only on the strings). */
export interface StatementVerdict {
  /** Indexes (into Action values) of actions that can apply to no Resource. */
  mismatched: number[];
  /** Indexes (into Resource values) of resources no action can use. */
  unusedResources: number[];
  /**
   * Indexes (into Action values) of wildcard-only actions that apply to a Resource only as an undocumented
   * type-level ARN (`arn:aws:sagemaker:*:*:endpoint/*` for sagemaker:ListEndpoints): an info finding.
   */
  typeLevelOnly: number[];
}

const verdictCache = new WeakMap<IamData, Map<string, StatementVerdict | null>>();

/** The verdict for a statement's strings, cached: typing elsewhere in a policy re-uses every other statement's. */
function verdictFor(data: IamData, actions: readonly string[], resources: readonly string[]): StatementVerdict | null {
  let cache = verdictCache.get(data);
  if (!cache) {
    cache = new Map();
    verdictCache.set(data, cache);
  }
  const key = `${actions.join('\n')}\u0000${resources.join('\n')}`;
  let verdict = cache.get(key);
  if (verdict === undefined) {
    verdict = computeVerdict(data, actions, resources);
    if (cache.size > 2000) cache.clear();
    cache.set(key, verdict);
  }
  return verdict;
}

/** The verdict with nothing to report (shared: verdicts are only read). */
const NOTHING: StatementVerdict = Object.freeze({ mismatched: [], unusedResources: [], typeLevelOnly: [] }) as StatementVerdict;

const NO_GROUPS: readonly UseGroup[] = [];

/** The mark of the statement computeVerdict numbers the use groups of now (UseGroup.mark). */
let verdictMark = 0;

/** Answers of one statement by Resource and use group (0: not asked yet, 1: no, 2: yes), reused while small. */
let verdictCells = new Uint8Array(256);

/** The most answers a statement's table holds (16 MB): a larger statement asks each time instead. */
const MAX_CELLS = 1 << 24;

/**
 * A zeroed table of `size` answers: the reused one, one of its own for a large statement (not kept), or undefined for
 * a statement too large for one (thousands of action groups times thousands of Resources).
 */
function answerCells(size: number, maxCells: number): Uint8Array | undefined {
  if (size > maxCells) return undefined;
  if (size > 1 << 16) return new Uint8Array(size);
  if (size > verdictCells.length) verdictCells = new Uint8Array(Math.max(size, verdictCells.length * 2));
  else verdictCells.fill(0, 0, size);
  return verdictCells;
}

/**
 * Can one of the use groups (an action's expansion's, each numbered in this statement) apply to Resource `r`? Each
 * Resource is asked of each group once per statement (`cells`, `width` groups per Resource): what someCanUse answers
 * for the actions of the groups.
 */
function groupsCanUse(data: IamData, groups: readonly UseGroup[], resources: readonly string[], r: number, cells: Uint8Array | undefined, width: number): boolean {
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (cells === undefined) {
      if (groupCanUseResource(data, group, resources[r]!)) return true;
      continue;
    }
    const cell = r * width + group.index;
    let answer = cells[cell]!;
    if (answer === 0) cells[cell] = answer = groupCanUseResource(data, group, resources[r]!) ? 2 : 1;
    if (answer === 2) return true;
  }
  return false;
}

/** Is every action of the expansion wildcard-only? */
function allWildcardOnly(expanded: readonly ActionInfo[]): boolean {
  for (let i = 0; i < expanded.length; i++) if (!expanded[i]!.isWildcardOnly) return false;
  return true;
}

/**
 * The verdict on a statement's Action and Resource strings, computed anew, its answers kept in a table of at most
 * `maxCells` (test/unit/use-groups.test.ts holds it to a per-action reference, with a table and without). Null when
 * the statement cannot be judged (`*` somewhere, a Resource that is not a readable ARN). Written as loops that
 * allocate only what they report: every statement of every policy is judged.
 */
export function computeVerdict(data: IamData, actions: readonly string[], resources: readonly string[], maxCells = MAX_CELLS): StatementVerdict | null {
  for (let r = 0; r < resources.length; r++) if (matchesEverything(resources[r]!)) return null;
  for (let a = 0; a < actions.length; a++) if (isEveryAction(actions[a]!)) return null;
  // A Resource we cannot read as an ARN (malformed, unknown service) is iam/resource-arn-malformed's; judging
  // the statement around it would only repeat that finding.
  for (let r = 0; r < resources.length; r++) if (!isJudgeableArn(data, resources[r]!)) return null;
  // The expansion of each action (empty: unknown, iam/unknown-action's), and its use groups: actions that answer alike
  // for every Resource (applicability.ts UseGroup), numbered for this statement, so that each Resource is checked
  // once per group (s3:GetObject, s3:PutObject and s3:DeleteObject need one check of an object ARN, not three).
  const expansions: (readonly ActionInfo[])[] = new Array<readonly ActionInfo[]>(actions.length);
  const groups: (readonly UseGroup[])[] = new Array<readonly UseGroup[]>(actions.length);
  const mark = ++verdictMark;
  let width = 0;
  for (let index = 0; index < actions.length; index++) {
    const value = actions[index]!;
    const expanded = hasPlaceholder(value) ? [] : expandActionPattern(data, value);
    expansions[index] = expanded;
    const actionGroups = expanded.length === 0 ? NO_GROUPS : useGroupsOf(data, expanded);
    groups[index] = actionGroups;
    for (let g = 0; g < actionGroups.length; g++) {
      const group = actionGroups[g]!;
      if (group.mark !== mark) {
        group.mark = mark;
        group.index = width++;
      }
    }
  }
  const cells = answerCells(resources.length * width, maxCells);
  let knownCount = 0;
  let mismatched: number[] | undefined;
  for (let index = 0; index < actions.length; index++) {
    if (expansions[index]!.length === 0) continue;
    knownCount++;
    let used = false;
    for (let r = 0; r < resources.length && !used; r++) used = groupsCanUse(data, groups[index]!, resources, r, cells, width);
    if (!used) (mismatched ??= []).push(index);
  }
  const mismatchedCount = mismatched?.length ?? 0;
  let unusedResources: number[] | undefined;
  if (knownCount === actions.length && mismatchedCount !== knownCount) {
    for (let r = 0; r < resources.length; r++) {
      let used = false;
      for (let index = 0; index < actions.length && !used; index++) used = expansions[index]!.length > 0 && groupsCanUse(data, groups[index]!, resources, r, cells, width);
      if (!used) (unusedResources ??= []).push(r);
    }
  }
  let typeLevelOnly: number[] | undefined;
  for (let index = 0; index < actions.length; index++) {
    const expanded = expansions[index]!;
    if (expanded.length === 0 || mismatched?.includes(index)) continue;
    if (!allWildcardOnly(expanded)) continue;
    if (noDocumentedUse(data, expanded, resources)) (typeLevelOnly ??= []).push(index);
  }
  if (!mismatched && !unusedResources && !typeLevelOnly) return NOTHING;
  return { mismatched: mismatched ?? [], unusedResources: unusedResources ?? [], typeLevelOnly: typeLevelOnly ?? [] };
}

/**
 * What this rule would report on the action at `index` of a statement with these Action and Resource strings:
 * `error` (it can apply to no Resource), `warning` (it supports no resource-level permissions and a Resource is
 * not `*`), `info` (an undocumented type-level ARN), or undefined (nothing). Other rules use it to keep fixes that
 * change an action from creating a finding here (iam/unknown-action's did-you-mean).
 */
export function resourceFindingForAction(data: IamData, actions: readonly string[], resources: readonly string[], index: number): Severity | undefined {
  const verdict = verdictFor(data, actions, resources);
  if (!verdict) return undefined;
  if (verdict.mismatched.includes(index)) return expandActionPattern(data, actions[index]!).every((a) => a.isWildcardOnly) ? 'warning' : 'error';
  return verdict.typeLevelOnly.includes(index) ? 'info' : undefined;
}

/** Is this a use of a wildcard-only action AWS documents (the service-level ARN, or a documented type-level one)? */
const documentedUse = (use: WildcardOnlyUse): boolean => use === 'service' || use === 'documented';

/** Is no use of the actions on the Resources one AWS documents? */
function noDocumentedUse(data: IamData, expanded: readonly ActionInfo[], resources: readonly string[]): boolean {
  for (let a = 0; a < expanded.length; a++) {
    for (let r = 0; r < resources.length; r++) if (documentedUse(wildcardOnlyUse(data, expanded[a]!, resources[r]!))) return false;
  }
  return true;
}

function checkStatement(context: Context, statement: Statement): void {
  const { action, resource } = statement;
  if (!action || action.key !== 'Action' || !resource || resource.key !== 'Resource') return;
  if (action.values.length === 0 || resource.values.length === 0) return;
  const actions = new Array<string>(action.values.length);
  for (let i = 0; i < actions.length; i++) actions[i] = action.values[i]!.value;
  const resources = new Array<string>(resource.values.length);
  // A substitution filling one segment (`arn:aws:s3:::${var.bucket}`) is one name, not any text: see resourcePattern.
  for (let i = 0; i < resources.length; i++) resources[i] = resourcePattern(resource.values[i]!);
  const verdict = computeVerdict(context.data, actions, resources);
  if (!verdict || (verdict.mismatched.length === 0 && verdict.unusedResources.length === 0 && verdict.typeLevelOnly.length === 0)) return;
  const actionValues = action.valueNode?.type === 'array' ? (action.valueNode.children ?? []) : [action.valueNode];
  const mismatched: ActionEntry[] = verdict.mismatched.map((i) => {
    const value = action.values[i]!;
    return { value, index: actionValues.indexOf(value.node), actions: expandActionPattern(context.data, value.value) };
  });
  const wildcardOnly = mismatched.filter((e) => e.actions.every((a) => a.isWildcardOnly));
  for (const entry of mismatched) reportAction(context, statement, entry, wildcardOnly, action.values.length);
  for (const i of verdict.unusedResources) reportUnusedResource(context, statement, resource.values[i]!);
  const typeLevel: ActionEntry[] = verdict.typeLevelOnly.map((i) => {
    const value = action.values[i]!;
    return { value, index: actionValues.indexOf(value.node), actions: expandActionPattern(context.data, value.value) };
  });
  for (const entry of typeLevel) {
    const fix = wildcardOnlyFix(context, statement, [entry], action.values.length);
    const one = entry.actions.length === 1;
    // Information, not a warning: AWS managed policies grant many such actions on type-level ARNs, and whether the
    // service authorizes them is documented nowhere we can read.
    context.report({
      start: entry.value.start,
      end: entry.value.end,
      severity: 'info',
      messageId: one ? 'typeLevelArn' : 'typeLevelArns',
      data: { action: one ? actionId(entry.actions[0]!) : '', pattern: entry.value.value },
      suggestions: fix ? [fix] : [],
    });
  }
}

/** Can we read the pattern as an ARN (placeholders stand for any value)? */
function isJudgeableArn(data: IamData, pattern: string): boolean {
  // parseArn's fields, read in place (asked of every Resource of every statement).
  const masked = maskVariables(pattern);
  if (!masked.startsWith('arn:')) return false;
  const c1 = masked.indexOf(':', 4);
  const c2 = c1 < 0 ? -1 : masked.indexOf(':', c1 + 1);
  const c3 = c2 < 0 ? -1 : masked.indexOf(':', c2 + 1);
  const c4 = c3 < 0 ? -1 : masked.indexOf(':', c3 + 1);
  if (c4 < 0) return false;
  // The commonest fields are judged in place, without a slice: partition `aws`, an empty region or account, and a
  // 12-digit account pass every check below.
  if (!(c1 === 7 && masked.startsWith('aws', 4)) && !fieldOk(masked.slice(4, c1)) && !partitionMatches(masked.slice(4, c1))) return false;
  if (!serviceFieldOk(data, masked.slice(c1 + 1, c2))) return false;
  if (c3 !== c2 + 1) {
    const region = masked.slice(c2 + 1, c3);
    if (!fieldOk(region) && regionProblem(region) !== undefined) return false;
  }
  if (c4 !== c3 + 1 && !isTwelveDigits(masked, c3 + 1, c4)) {
    const account = masked.slice(c3 + 1, c4);
    if (!fieldOk(account) && accountProblem(account) !== undefined) return false;
  }
  return true;
}

/** Answers of serviceFieldOk by service field, for one data instance (a policy names a few services again and again). */
let serviceFieldData: IamData | undefined;
const serviceFields = new Map<string, boolean>();

/** Can the service field be read (a placeholder, a wildcard or a known namespace)? Remembered (bounded). */
function serviceFieldOk(data: IamData, service: string): boolean {
  if (data !== serviceFieldData) {
    serviceFields.clear();
    serviceFieldData = data;
  }
  let ok = serviceFields.get(service);
  if (ok === undefined) {
    ok = fieldOk(service) || (service.length > 0 && (hasWildcard(service) || isArnNamespace(data, service)));
    if (serviceFields.size > 1000) serviceFields.clear();
    serviceFields.set(service, ok);
  }
  return ok;
}

/** A field that stands for any value: a placeholder, or a region or account written as one substitution. */
const fieldOk = (field: string): boolean => hasPlaceholder(field) || isFieldPlaceholder(field);

/** Are the characters of `text` from `start` to `end` exactly 12 digits (an account ID)? */
function isTwelveDigits(text: string, start: number, end: number): boolean {
  if (end - start !== 12) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function reportAction(context: Context, statement: Statement, entry: ActionEntry, wildcardOnly: ActionEntry[], actionCount: number): void {
  const { value } = entry;
  // Every fix here is a suggestion: each one deletes or widens the author's Resource, or restructures the
  // statement, on the strength of data that can be incomplete.
  const suggestions: FixProposal[] = [];
  const one = entry.actions.length === 1;
  const action = one ? actionId(entry.actions[0]!) : '';
  if (entry.actions.every((a) => a.isWildcardOnly)) {
    const fix = wildcardOnlyFix(context, statement, wildcardOnly, actionCount);
    if (fix) suggestions.push(fix);
    // "No resource types" in the reference is not proof: AWS authorizes some of these actions against an ARN the
    // reference does not list (its own managed policies rely on that), so this is a warning, not an error.
    context.report({
      start: value.start,
      end: value.end,
      severity: 'warning',
      messageId: one ? 'wildcardOnlyAction' : 'wildcardOnlyActions',
      data: { action, pattern: value.value },
      suggestions,
    });
    return;
  }
  suggestions.push(...s3VariantFixes(context, statement, entry, actionCount));
  context.report({
    start: value.start,
    end: value.end,
    messageId: one ? 'neverApplies' : 'noneApply',
    data: { action, pattern: value.value, count: entry.actions.length, needs: describeNeeds(context, entry.actions) },
    suggestions,
  });
}

/**
 * What the actions need, in plain words first: `a bucket ARN such as arn:aws:s3:::my-bucket (or an accesspoint
 * ARN)`. The simplest resource type (shortest ARN template) leads with an example; at most two others are named.
 */
function describeNeeds(context: Context, actions: readonly ActionInfo[]): string {
  const seen = new Map<string, { key: string; arn: string }>();
  for (const action of actions) {
    for (const type of resourceTypesOf(context.data, action)) seen.set(`${type.service}:${type.key}`, { key: type.key, arn: type.arn });
  }
  const types = [...seen.values()].sort((a, b) => a.arn.length - b.arn.length || a.key.localeCompare(b.key));
  if (types.length === 0) return 'an ARN of another resource type';
  const [first, ...others] = types;
  const lead = `${withArticle(first!.key)} ARN such as ${exampleArn(first!.arn)}`;
  if (others.length === 0) return lead;
  const named = others.slice(0, 2).map((t) => `${withArticle(t.key)} ARN`);
  const rest = others.length - named.length;
  return `${lead} (or ${named.join(' or ')}${rest > 0 ? ` or one of ${rest} other resource type${rest === 1 ? '' : 's'}` : ''})`;
}

/** `a bucket`, `an accesspoint`. */
function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** Example values for the variables of ARN templates (the ones AWS's own examples use). */
const EXAMPLE_VALUES: Readonly<Record<string, string>> = {
  Partition: 'aws',
  Region: 'us-east-1',
  Account: '123456789012',
  AccountId: '123456789012',
  KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  // Objects are named by key: `my-bucket/*` is how policies write "the objects of the bucket".
  ObjectName: '*',
};

/**
 * An ARN of a resource type's template with example values: `arn:${Partition}:s3:::${BucketName}` →
 * `arn:aws:s3:::my-bucket`; a variable without a known example becomes `my-<words>` (`${AccessPointName}` →
 * `my-access-point`). The template is AWS data, never user text.
 */
function exampleArn(template: string): string {
  return template.replace(/\$\{([A-Za-z0-9]+)\}/g, (_whole, name: string) => EXAMPLE_VALUES[name] ?? `my-${kebab(name.replace(/(Name|Id|Identifier)$/, '') || name)}`);
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** Moves every mismatched wildcard-only action of the statement into a statement of its own with `"Resource": "*"`. */
function wildcardOnlyFix(context: Context, statement: Statement, wildcardOnly: ActionEntry[], actionCount: number): FixProposal | undefined {
  const { action, resource } = statement;
  if (!action?.valueNode || !resource?.valueNode) return undefined;
  const names = wildcardOnly.map((e) => e.value.value);
  if (wildcardOnly.length === actionCount) {
    return {
      title: `Use "Resource": "*" (${names.join(', ')} ${names.length === 1 ? 'supports' : 'support'} no resource-level permissions)`,
      edits: [replaceValue(resource.valueNode, '*')],
    };
  }
  const removal = actionRemoval(statement, new Set(wildcardOnly.map((e) => e.index)));
  if (!removal) return undefined;
  const moved = newStatementLike(context, statement, names.length === 1 ? names[0]! : names, '*');
  if (!moved) return undefined;
  return {
    title: `Move ${names.join(', ')} into a statement of ${names.length === 1 ? 'its' : 'their'} own with "Resource": "*"`,
    edits: [removal, insertAfter(statement.node, moved)],
  };
}

/**
 * S3 bucket/object mix-ups: `bucket/*` given to a bucket-level action, or `bucket` to an object-level one.
 * Suggestion 1 (the smallest edit): add the missing ARN variant to Resource. Suggestion 2: split the action into a
 * statement of its own with the right ARN.
 */
function s3VariantFixes(context: Context, statement: Statement, entry: ActionEntry, actionCount: number): FixProposal[] {
  const resource = statement.resource!;
  const present = new Set(resource.values.map((v) => v.value));
  const candidates: string[] = [];
  for (const value of resource.values) {
    // Only ARNs written literally: a partly unknown ARN is not a name to copy.
    if (literalValue(value) === undefined) continue;
    const arn = parseArn(value.value);
    if (!arn || arn.service.value !== 's3' || arn.region.value !== '' || arn.account.value !== '') continue;
    const head = value.value.slice(0, arn.resource.start);
    const slash = arn.resource.value.indexOf('/');
    const variant = slash >= 0 ? head + arn.resource.value.slice(0, slash) : `${value.value}/*`;
    if (slash === 0 || present.has(variant) || candidates.includes(variant)) continue;
    if (entry.actions.some((a) => actionCanUseResource(context.data, a, variant))) candidates.push(variant);
  }
  if (candidates.length === 0 || !resource.valueNode) return [];
  const fixes: FixProposal[] = [];
  fixes.push({ title: `Add ${candidates.map((c) => `"${c}"`).join(', ')} to Resource`, edits: [appendValues(resource.valueNode, candidates)] });
  if (actionCount > 1) {
    const removal = actionRemoval(statement, new Set([entry.index]));
    const moved = newStatementLike(context, statement, entry.value.value, candidates.length === 1 ? candidates[0]! : candidates);
    if (removal && moved) {
      fixes.push({
        title: `Move "${entry.value.value}" into its own statement with Resource ${candidates.map((c) => `"${c}"`).join(', ')}`,
        edits: [removal, insertAfter(statement.node, moved)],
      });
    }
  }
  return fixes;
}

/**
 * Edits removing Action elements by index; undefined when Action is not an array, nothing would remain, or
 * the statement is not in a Statement array (a single-object Statement has no room for a sibling).
 */
function actionRemoval(statement: Statement, indices: ReadonlySet<number>): PolicyEdit | undefined {
  const node = statement.action?.valueNode;
  if (node?.type !== 'array' || indices.has(-1) || statement.node.parent?.type !== 'array') return undefined;
  if (indices.size >= (node.children ?? []).length) return undefined;
  return removeElements(node, [...indices]);
}

/**
 * A statement with the same Effect, Principal and Condition as `statement`, and the given Action and Resource;
 * undefined when one of the copied values is not literal (an unknown value would be copied as `*`).
 */
function newStatementLike(
  context: Context,
  statement: Statement,
  action: string | string[],
  resource: string | string[],
): Record<string, JsonValue> | undefined {
  const result: Record<string, JsonValue> = { Effect: statement.effect?.value ?? 'Allow' };
  const copy = (key: string, node: JsonNode | undefined): boolean => {
    if (!node) return true;
    if (!isLiteralSubtree(node, context.text)) return false;
    result[key] = getNodeValue(node) as JsonValue;
    return true;
  };
  for (const key of ['Principal', 'NotPrincipal']) {
    if (!copy(key, lastProperty(statement.properties, key)?.children?.[1])) return undefined;
  }
  result['Action'] = action;
  result['Resource'] = resource;
  return copy('Condition', statement.condition?.valueNode) ? result : undefined;
}

/**
 * A policy attached to one resource (a bucket policy, a key policy) grants only that service's actions on that
 * service's ARNs: a kms: action or a KMS key ARN in a bucket policy is rejected. Known only when the host says
 * which resource holds the policy.
 */
function checkAttachedResource(context: Context, statement: Statement, attached: AttachedResource): void {
  const namespaces = attached.namespaces.join(', ');
  if (statement.action?.key === 'Action') {
    for (const value of statement.action.values) {
      if (hasUnknownParts(value) || hasPlaceholder(value.value)) continue;
      const colon = value.value.indexOf(':');
      const prefix = value.value.slice(0, colon).toLowerCase();
      // Wildcard prefixes span services; unknown ones are iam/unknown-service's.
      if (colon <= 0 || hasWildcard(prefix) || !context.data.serviceExists(prefix) || attached.namespaces.includes(prefix)) continue;
      context.report({
        start: value.start,
        end: value.end,
        messageId: 'unsupportedActionInPolicy',
        data: { action: value.value, policy: attached.label, namespaces },
      });
    }
  }
  if (statement.resource?.key === 'Resource') {
    for (const value of statement.resource.values) {
      if (hasUnknownParts(value) || hasPlaceholder(value.value)) continue;
      const arn = parseArn(maskVariables(value.value));
      const service = arn?.service.value ?? '';
      if (!arn || hasWildcard(service) || !isArnNamespace(context.data, service) || attached.namespaces.includes(service)) continue;
      context.report({
        start: value.start,
        end: value.end,
        messageId: 'unsupportedResourceInPolicy',
        data: { resource: value.value, policy: attached.label, namespaces },
      });
    }
  }
}

function reportUnusedResource(context: Context, statement: Statement, value: StrValue): void {
  const fixes: FixProposal[] = [];
  const node = statement.resource?.valueNode;
  if (node?.type === 'array') {
    const index = (node.children ?? []).indexOf(value.node);
    if (index >= 0 && (node.children ?? []).length > 1) fixes.push({ title: `Remove "${displayValue(value)}" from Resource`, edits: [removeElements(node, [index])] });
  }
  context.report({
    start: value.start,
    end: value.end,
    severity: 'warning',
    messageId: 'unusedResource',
    data: { resource: displayValue(value) },
    // Deletes one of the author's Resource ARNs: a suggestion only.
    suggestions: fixes,
  });
}
