// iam/unknown-action: an action that does not exist in its service (`s3:GetObjects`, `s3:HeadBucket`) or a wildcard matching nothing.
// Action names are compared case-insensitively, as IAM does; the list comes from the Service Authorization Reference.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, Statement, StrValue } from '../../iam/document';
import { expandActionPattern, isEveryAction, parseAction, servicesMatching, type ParsedAction } from '../../iam/actions';
import { actionAlias, type ActionAlias } from '../../iam/actionAliases';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts } from '../../iam/values';
import { editString } from '../../iam/edits';
import { closestMatches, isCertainCorrection, withinOneTypo } from '../../text';
import type { FixProposal } from '../../types';
import { findingIfReplaced, rankActionCandidates, type ActionCandidate } from './actionCandidates';

export const unknownAction: IamRule = {
  id: 'iam/unknown-action',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every action must exist in its service (or, for a wildcard, match at least one action).',
  fixable: true,
  hasSuggestions: true,
  messages: {
    matchesNoAction: '"{{action}}" matches no action of {{services}}.',
    apiOperation: '"{{action}}" is not an IAM action: {{note}}. Use "{{replacement}}".{{fit}}',
    unknownAction: '"{{action}}" is not an action of {{services}}.{{didYouMean}}',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const values = statement.action?.values;
      if (values) for (let index = 0; index < values.length; index++) checkAction(context, statement, index, values[index]!);
    }
  },
};

const CANNOT_APPLY = 'cannot apply to a Resource of this statement';

function checkAction(context: RuleContext<IamDocument>, statement: Statement, index: number, value: StrValue): void {
  if (isEveryAction(value.value) || hasPlaceholder(value.value)) return;
  if (hasUnknownParts(value)) return; // built from expressions GrantCheck cannot evaluate
  // A known action (the usual case) first, from the shared expansion cache: an action that expands to something
  // parses and has a service, so nothing below would report it.
  if (expandActionPattern(context.data, value.value).length > 0) return;
  const parsed = parseAction(value.value);
  if (!parsed.ok) return; // iam/unknown-service reports malformed actions
  const action = parsed.action;
  const services = servicesMatching(context.data, action.service);
  if (services.length === 0) return; // iam/unknown-service
  if (expandActionPattern(context.data, value.value).length > 0) return;
  // The whole token is reported (the action is what is wrong); fixes replace only the name, keeping the quoting.
  const range = { start: value.start, end: value.end };
  if (action.nameHasWildcard) {
    context.report({ ...range, messageId: 'matchesNoAction', data: { action: value.value, services: describeServices(action, services) } });
    return;
  }
  const names = services.flatMap((s) => context.data.actions(s).map((a) => a.name));
  const alias = action.serviceHasWildcard ? undefined : actionAlias(action.service, action.name);
  const aliasName = alias ? alias.action.slice(alias.action.indexOf(':') + 1) : undefined;
  // An API operation that is also one typo from another action (`ListBuckets`: the ListBuckets API, or
  // s3:ListBucket) has two readings: both are did-you-mean candidates, ranked by the statement's resources.
  const rival =
    aliasName !== undefined &&
    closestMatches(action.name, names, 3).some((n) => n.toLowerCase() !== aliasName.toLowerCase() && withinOneTypo(action.name.toLowerCase(), n.toLowerCase()));
  if (alias && aliasName && !rival) {
    reportApiOperation(context, statement, index, value, action, alias, aliasName);
    return;
  }
  const { offered, unfit } = rankActionCandidates(context.data, statement, index, action.service, action.name, names, aliasName);
  const prefix = action.service;
  const quoted = (c: ActionCandidate): string => `"${prefix}:${c.name}"${c.apiOperation ? ` (the action for the ${c.apiOperation} API)` : ''}`;
  let hint = offered.length > 0 ? ` Did you mean ${offered.map(quoted).join(' or ')}?` : '';
  if (unfit.length > 0) {
    const list = unfit.map((c) => `"${prefix}:${c.name}"`).join(' and ');
    hint += offered.length > 0 ? ` (${list} ${CANNOT_APPLY}.)` : ` The closest action${unfit.length === 1 ? '' : 's'}, ${list}, ${CANNOT_APPLY}.`;
  }
  const changes = offered.map((c) => replaceName(value, action, c.name, `${prefix}:${c.name}`));
  // Safe only for the single clear candidate: one action one typo away (`GetObjects`), no other reading, nothing
  // closer left out, and nothing new for iam/resource-type-mismatch to say once it is in place.
  const only = offered.length === 1 ? offered[0]! : undefined;
  const safe =
    only !== undefined &&
    !only.apiOperation &&
    unfit.length === 0 &&
    (only.finding === undefined || only.finding === 'info') &&
    isCertainCorrection(action.name, [only.name]);
  context.report({
    ...range,
    messageId: 'unknownAction',
    data: { action: value.value, services: describeServices(action, services), didYouMean: hint },
    ...(safe ? { fix: changes[0]! } : { suggestions: changes }),
  });
}

/**
 * An API operation written as an action (`s3:HeadBucket`): AWS documents the one action that authorizes it. The
 * replacement is safe unless, in this statement, it would need another Resource: then a suggestion (it needs
 * `"Resource": "*"`), or no fix at all (it can apply to no Resource here, so the statement needs more than a rename).
 */
function reportApiOperation(
  context: RuleContext<IamDocument>,
  statement: Statement,
  index: number,
  value: StrValue,
  action: ParsedAction,
  alias: ActionAlias,
  aliasName: string,
): void {
  const finding = findingIfReplaced(context.data, statement, index, `${action.service}:${aliasName}`);
  const change = replaceName(value, action, aliasName, alias.action);
  const fit =
    finding === 'error'
      ? ` It ${CANNOT_APPLY}, so the Resource needs changing too.`
      : finding === 'warning'
        ? ' It supports no resource-level permissions, so it needs "Resource": "*".'
        : '';
  context.report({
    start: value.start,
    end: value.end,
    messageId: 'apiOperation',
    data: { action: value.value, note: alias.note, replacement: alias.action, fit },
    ...(finding === 'error' ? {} : finding === 'warning' ? { suggestions: [change] } : { fix: change }),
  });
}

/** Replaces only the action name, so the service prefix and the quoting stay as written. */
function replaceName(value: StrValue, action: ParsedAction, name: string, display: string): FixProposal {
  return { title: `Change to "${display}"`, edits: [editString(value, action.nameStart, action.nameStart + action.name.length, name)] };
}

function describeServices(action: ParsedAction, services: string[]): string {
  if (action.serviceHasWildcard) return `the services matching "${action.service}"`;
  return `service "${services[0]}"`;
}
