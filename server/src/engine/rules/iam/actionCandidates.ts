// Did-you-mean candidates for an unknown action, judged in the statement they would go into: a candidate that can
// apply to no Resource of the statement would trade one error for another, so it is never offered; one that needs
// `"Resource": "*"` is offered after those that fit. Used by iam/unknown-action.

import type { IamData } from '../../data/iamData';
import { resourcePattern } from '../../iam/arn';
import type { Statement } from '../../iam/document';
import { closestMatches, editDistance } from '../../text';
import type { Severity } from '../../types';
import { resourceFindingForAction } from './resourceTypeMismatch';

export interface ActionCandidate {
  /** The action name as AWS spells it (without the service prefix). */
  name: string;
  /** Edit distance from the name written (0 for the action AWS documents for an API operation). */
  distance: number;
  /** Set when the candidate is the action AWS documents for the API operation written (`ListBuckets`). */
  apiOperation?: string;
  /** What iam/resource-type-mismatch would report on the candidate in this statement (undefined: nothing). */
  finding: Severity | undefined;
}

export interface RankedCandidates {
  /** Candidates to offer, best first (none of them creates an error). */
  offered: ActionCandidate[];
  /** The closest candidates left out because they can apply to no Resource of the statement. */
  unfit: ActionCandidate[];
}

/** How many close names are judged before ranking (each is one cached resource check). */
const JUDGED = 8;
const OFFERED = 3;

/**
 * Ranks the actions close to `written` by what the statement can take.
 * - `apiAlias`: the action AWS documents for the API operation written, if any: always a candidate.
 * - `index`: where the written action is in the statement's Action values.
 */
export function rankActionCandidates(
  data: IamData,
  statement: Statement,
  index: number,
  prefix: string,
  written: string,
  names: readonly string[],
  apiAlias: string | undefined,
): RankedCandidates {
  const lower = written.toLowerCase();
  const judge = (name: string, distance: number, apiOperation?: string): ActionCandidate => ({
    name,
    distance,
    ...(apiOperation ? { apiOperation } : {}),
    finding: findingIfReplaced(data, statement, index, `${prefix}:${name}`),
  });
  const all: ActionCandidate[] = [];
  if (apiAlias) all.push(judge(apiAlias, 0, written));
  for (const name of new Set(closestMatches(written, names, JUDGED))) {
    if (apiAlias && name.toLowerCase() === apiAlias.toLowerCase()) continue;
    all.push(judge(name, editDistance(lower, name.toLowerCase())));
  }
  const fit = all.filter((c) => c.finding !== 'error');
  const typos = fit.filter((c) => !c.apiOperation);
  const best = typos.length > 0 ? Math.min(...typos.map((c) => c.distance)) : undefined;
  const offered = fit
    .filter((c) => c.apiOperation !== undefined || c.distance === best)
    .sort((a, b) => rank(a) - rank(b) || a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, OFFERED);
  // The unfit worth naming: those at least as close as anything offered (the ones a reader would expect to see).
  const unfitAll = all.filter((c) => c.finding === 'error' && !c.apiOperation);
  const closestUnfit = unfitAll.length > 0 ? Math.min(...unfitAll.map((c) => c.distance)) : undefined;
  const unfit =
    closestUnfit !== undefined && (best === undefined || closestUnfit <= best) ? unfitAll.filter((c) => c.distance === closestUnfit).slice(0, 2) : [];
  return { offered, unfit: [...all.filter((c) => c.finding === 'error' && c.apiOperation), ...unfit] };
}

/** Candidates that fit come first; one that needs `"Resource": "*"` (a warning once in place) after them. */
function rank(candidate: ActionCandidate): number {
  return candidate.finding === 'warning' ? 1 : 0;
}

/**
 * What iam/resource-type-mismatch would report on the statement's action at `index` if it were `action`.
 * Undefined where that rule does not judge (NotAction, NotResource, no Resource).
 */
export function findingIfReplaced(data: IamData, statement: Statement, index: number, action: string): Severity | undefined {
  const { action: actions, resource } = statement;
  if (!actions || actions.key !== 'Action' || !resource || resource.key !== 'Resource' || resource.values.length === 0) return undefined;
  if (index < 0 || index >= actions.values.length) return undefined;
  const replaced = actions.values.map((v, i) => (i === index ? action : v.value));
  return resourceFindingForAction(
    data,
    replaced,
    resource.values.map(resourcePattern),
    index,
  );
}
