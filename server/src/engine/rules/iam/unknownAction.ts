// iam/unknown-action: an action that does not exist in its service (`s3:GetObjects`, `s3:HeadBucket`) or a wildcard matching nothing.
// Action names are compared case-insensitively, as IAM does; the list comes from the Service Authorization Reference.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, StrValue } from '../../iam/document';
import { expandActionPattern, isEveryAction, parseAction, servicesMatching, type ParsedAction } from '../../iam/actions';
import { actionAlias, bestSuggestions } from '../../iam/actionAliases';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts } from '../../iam/values';
import { editString } from '../../iam/edits';
import { closestMatches, editDistance, isCertainCorrection } from '../../text';
import type { FixProposal } from '../../types';

export const unknownAction: IamRule = {
  id: 'iam/unknown-action',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every action must exist in its service (or, for a wildcard, match at least one action).',
  fixable: true,
  hasSuggestions: true,
  messages: {
    matchesNoAction: '"{{action}}" matches no action of {{services}}.',
    apiOperation: '"{{action}}" is not an IAM action: {{note}}. Use "{{replacement}}".',
    unknownAction: '"{{action}}" is not an action of {{services}}.{{didYouMean}}',
  },
  check(context) {
    for (const statement of context.doc.statements) {
      for (const value of statement.action?.values ?? []) checkAction(context, value);
    }
  },
};

function checkAction(context: RuleContext<IamDocument>, value: StrValue): void {
  if (isEveryAction(value.value) || hasPlaceholder(value.value)) return;
  if (hasUnknownParts(value)) return; // built from expressions GrantCheck cannot evaluate
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
  const alias = action.serviceHasWildcard ? undefined : actionAlias(action.service, action.name);
  if (alias) {
    const aliasName = alias.action.slice(alias.action.indexOf(':') + 1);
    // Safe: AWS documents that exactly this action authorizes the API operation written.
    context.report({
      ...range,
      messageId: 'apiOperation',
      data: { action: value.value, note: alias.note, replacement: alias.action },
      fix: replaceName(value, action, aliasName, alias.action),
    });
    return;
  }
  const candidates = services.flatMap((s) => context.data.actions(s).map((a) => a.name));
  const suggestions = bestSuggestions(action.name, [...new Set(closestMatches(action.name, candidates, 3))], editDistance);
  const prefix = action.service;
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${prefix}:${s}"`).join(' or ')}?` : '';
  const changes = suggestions.map((s) => replaceName(value, action, s, `${prefix}:${s}`));
  // Safe for the one action one typo away (`GetObjects`); with several candidates a person picks.
  const safe = changes.length === 1 && isCertainCorrection(action.name, suggestions);
  context.report({
    ...range,
    messageId: 'unknownAction',
    data: { action: value.value, services: describeServices(action, services), didYouMean: hint },
    ...(safe ? { fix: changes[0]! } : { suggestions: changes }),
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
