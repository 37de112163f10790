// iam/redundant-action: an action listed twice, or already covered by a wildcard of the same Action/NotAction list.
// Harmless to IAM, but it hides what a statement really grants and makes reviews harder.

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, Statement, StrValue } from '../../iam/document';
import { actionPatternCovers, isEveryAction } from '../../iam/actions';
import { removeElements } from '../../iam/edits';
import { hasUnknownParts } from '../../iam/values';
import { hasPlaceholder } from '../../iam/placeholders';
import { compileWildcardParts, foldCase, hasWildcard, type WildcardMatcher } from '../../iam/wildcard';

/**
 * Work allowed for wildcard comparisons per statement, in characters compared: at most COVERAGE_WORK_PER_CHARACTER
 * per character of the statement, and never more than MAX_COVERAGE_WORK. Duplicates are found in linear time;
 * coverage compares pairs of values, and a crafted statement with tens of thousands of wildcards must not hold up
 * the editor. The budget is the statement's own (its findings depend on nothing else, so a keystroke re-checks only
 * the statement it changed) and proportional to its size (so a document's total stays linear in its length). Real
 * policies stay far below it: of the AWS managed policies, the most any statement needs is 21 per character here
 * (the usual `service:Prefix*` wildcards are found by lookup, other wildcards compared with the values of their own
 * service) and 117 in iam/redundant-resource (a 5 KB list of wildcard ARNs).
 */
export const MAX_COVERAGE_WORK = 1_000_000;
export const COVERAGE_WORK_PER_CHARACTER = 256;

/** The comparison budget of one statement (shared with iam/redundant-resource). */
export function coverageBudget(statement: Statement): number {
  return Math.min(MAX_COVERAGE_WORK, COVERAGE_WORK_PER_CHARACTER * statement.node.length);
}

export const redundantAction: IamRule = {
  id: 'iam/redundant-action',
  domain: 'iam',
  defaultSeverity: 'hint',
  description: 'An action listed twice or already covered by a wildcard in the same statement can be removed.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    listedTwice: '"{{action}}" is listed twice in {{element}}.',
    coveredBy: '"{{action}}" is already covered by "{{by}}" in {{element}}.',
  },
  // Each statement is checked alone, with a budget of its own (a keystroke re-checks only the statement it changed).
  statementScope: {},
  check(context) {
    for (const statement of context.doc.statements) checkStatement(context, statement, { work: coverageBudget(statement) });
  },
};

interface Entry {
  value: StrValue;
  index: number;
  /** The value compiled as a pattern (compiled once per statement: it is compared with many values). */
  matcher: WildcardMatcher;
}

function checkStatement(context: RuleContext<IamDocument>, statement: Statement, budget: { work: number }): void {
  const element = statement.action;
  const arrayNode = element?.valueNode;
  if (!element || arrayNode?.type !== 'array' || element.values.length < 2) return;
  if (plainAndDistinct(element.values)) return; // the common list: nothing can be redundant, nothing is built
  const children = arrayNode.children ?? [];
  const childIndex = new Map(children.map((child, i) => [child, i]));
  // Unknown host values (`!Ref X`) are neither redundant nor a reason to call another value redundant.
  const values = element.values.filter((v) => !hasUnknownParts(v) && !hasPlaceholder(v.value));
  const firstByLower = new Map<string, number>();
  const wildcards = wildcardsByService(values);
  for (const [i, value] of values.entries()) {
    const lower = value.value.toLowerCase();
    const first = firstByLower.get(lower);
    if (first === undefined) firstByLower.set(lower, i);
    // An earlier identical entry, or any other entry whose pattern strictly covers this one.
    const duplicateOf = first !== undefined ? values[first] : undefined;
    const coveredBy = duplicateOf ?? coveringWildcard(context, wildcards, values, i, budget);
    if (!coveredBy) continue;
    const index = childIndex.get(value.node);
    const removal = index !== undefined ? [removeElements(arrayNode, [index])] : undefined;
    const remove = removal ? { title: `Remove "${value.value}"`, edits: removal } : undefined;
    context.report({
      start: value.start,
      end: value.end,
      messageId: duplicateOf ? 'listedTwice' : 'coveredBy',
      data: { action: value.value, by: coveredBy.value, element: element.key },
      // Removing the second copy of an entry changes nothing: safe. Removing an entry a wildcard covers keeps the
      // wildcard, which may be the slip (`s3:*` next to `s3:GetObject`): a person decides.
      ...(remove ? (duplicateOf ? { fix: remove } : { suggestions: [remove] }) : {}),
    });
  }
}

/**
 * True for a short list of values without a wildcard, no two the same in any letter case: no value covers another
 * (only a wildcard covers another value) and none is listed twice, so the statement has nothing to report.
 */
export function plainAndDistinct(values: readonly StrValue[]): boolean {
  if (values.length > 16) return false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!.value;
    if (hasWildcard(value)) return false;
    for (let j = 0; j < i; j++) {
      if (sameIgnoringCase(values[j]!.value, value)) return false;
    }
  }
  return true;
}

/** `a.toLowerCase() === b.toLowerCase()`, compared in place while both are ASCII. */
export function sameIgnoringCase(a: string, b: string): boolean {
  if (a.length === b.length) {
    let i = 0;
    for (; i < a.length; i++) {
      let ca = a.charCodeAt(i);
      let cb = b.charCodeAt(i);
      if (ca > 127 || cb > 127) break;
      if (ca >= 65 && ca <= 90) ca += 32;
      if (cb >= 65 && cb <= 90) cb += 32;
      // The ASCII prefixes lower-case one character to one: the lower-case texts differ here.
      if (ca !== cb) return false;
    }
    if (i === a.length) return true;
  } else if (isAscii(a) && isAscii(b)) return false;
  // Lower-casing outside ASCII may change lengths (`İ` → `i̇`).
  return a.toLowerCase() === b.toLowerCase();
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Where the wildcards that may cover a value are found. Only a wildcard can cover another value. One whose
 * service part is literal (`s3:Get*`) only matches text that starts with that service and a colon, so it is
 * compared with values of that service only; one that is a service and a name prefix followed by a single
 * `*` (the usual `s3:Get*`) only with values whose name starts with that prefix, found by lookup. The rest
 * (`*`, `s3*:…`, `s3:*Object`) is compared with every value of its service, or with every value at all.
 */
interface WildcardIndex {
  byService: Map<string, ServiceWildcards>;
  anyService: Entry[];
}

interface ServiceWildcards {
  /** `service:prefix*` by case-folded prefix. */
  byPrefix: Map<string, Entry[]>;
  /** The prefix lengths present, ascending. */
  prefixLengths: number[];
  other: Entry[];
}

function wildcardsByService(values: readonly StrValue[]): WildcardIndex {
  const index: WildcardIndex = { byService: new Map(), anyService: [] };
  values.forEach((value, i) => {
    const text = value.value;
    if (!hasWildcard(text)) return;
    const entry = { value, index: i, matcher: compileWildcardParts([{ text, wildcards: true }], true) };
    const colon = text.indexOf(':');
    const service = colon < 0 ? '' : text.slice(0, colon);
    if (colon < 0 || hasWildcard(service)) {
      index.anyService.push(entry);
      return;
    }
    const key = foldCase(service);
    let group = index.byService.get(key);
    if (!group) index.byService.set(key, (group = { byPrefix: new Map(), prefixLengths: [], other: [] }));
    const name = text.slice(colon + 1);
    if (name.indexOf('*') !== name.length - 1 || name.includes('?')) {
      group.other.push(entry);
      return;
    }
    const prefix = foldCase(name.slice(0, -1));
    const list = group.byPrefix.get(prefix);
    if (list) list.push(entry);
    else {
      group.byPrefix.set(prefix, [entry]);
      if (!group.prefixLengths.includes(prefix.length)) group.prefixLengths.push(prefix.length);
    }
  });
  for (const group of index.byService.values()) group.prefixLengths.sort((a, b) => a - b);
  return index;
}

/** The wildcards that may cover `value`, in document order; each lookup is paid for from the budget. */
function candidates(index: WildcardIndex, value: string, budget: { work: number }): Entry[] {
  if (budget.work <= 0) return [];
  const colon = value.indexOf(':');
  const group = colon < 0 ? undefined : index.byService.get(foldCase(value.slice(0, colon)));
  if (!group) return index.anyService;
  budget.work -= group.other.length + index.anyService.length;
  const found: Entry[] = [...group.other, ...index.anyService];
  const name = foldCase(value.slice(colon + 1));
  for (const length of group.prefixLengths) {
    if (length > name.length || budget.work <= 0) break;
    budget.work -= length + 1;
    found.push(...(group.byPrefix.get(name.slice(0, length)) ?? []));
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * The first wildcard (in document order) that strictly covers `values[i]`, while the budget lasts.
 */
function coveringWildcard(
  context: RuleContext<IamDocument>,
  index: WildcardIndex,
  values: readonly StrValue[],
  i: number,
  budget: { work: number },
): StrValue | undefined {
  const value = values[i]!.value;
  const lower = value.toLowerCase();
  for (const entry of candidates(index, value, budget)) {
    if (budget.work <= 0) return undefined;
    const other = entry.value.value;
    const cost = coverageCost(other, value);
    budget.work -= 1;
    if (entry.index === i || cost > budget.work || other.toLowerCase() === lower) continue;
    budget.work -= cost;
    // Matching the text comes first in actionPatternCovers too (unless `other` is `*`): most pairs stop here.
    if (!isEveryAction(other) && !entry.matcher.test(value)) continue;
    if (!actionPatternCovers(context.data, other, value)) continue;
    // Two spellings of the same set (`s3:*`, `s3:**`): only the later one is redundant.
    if (entry.index < i || !actionPatternCovers(context.data, value, other)) return entry.value;
  }
  return undefined;
}

/** An upper bound of the characters (or 32-bit words) the two coverage checks of a pair compare. */
function coverageCost(outer: string, inner: string): number {
  // A `?` in a pattern makes the matcher scan the text once per 32 pattern characters (see wildcard.ts).
  const scan = (pattern: string, text: string): number => (pattern.includes('?') ? text.length * Math.ceil(pattern.length / 32) : text.length);
  return outer.length + inner.length + scan(outer, inner) + (hasWildcard(inner) ? scan(inner, outer) : 0);
}
