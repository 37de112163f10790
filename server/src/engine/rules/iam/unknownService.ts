// iam/unknown-service: an action whose service prefix is no AWS service (`s3x:`, `dynamo:`) or has a double colon.
// Service prefixes: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, StrValue } from '../../iam/document';
import { isEveryAction, parseAction, servicesMatching } from '../../iam/actions';
import { bestSuggestions, serviceAlias } from '../../iam/actionAliases';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts, sourceSpan } from '../../iam/values';
import { editString } from '../../iam/edits';
import { retiredServiceName } from '../../iam/retiredServices';
import { closestMatches, editDistance } from '../../text';
import type { FixProposal } from '../../types';

export const unknownService: IamRule = {
  id: 'iam/unknown-service',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every action must start with the prefix of an existing AWS service, followed by a single colon.',
  fixable: true,
  check(context) {
    for (const statement of context.doc.statements) {
      for (const value of statement.action?.values ?? []) checkAction(context, value);
    }
  },
};

function checkAction(context: RuleContext<IamDocument>, value: StrValue): void {
  const raw = value.value;
  if (isEveryAction(raw) || hasPlaceholder(raw)) return;
  if (hasUnknownParts(value)) return; // built from expressions GrantCheck cannot evaluate
  const parsed = parseAction(raw);
  if (!parsed.ok) {
    if (parsed.problem === 'double-colon') reportDoubleColon(context, value);
    else if (parsed.problem === 'no-service' || parsed.problem === 'empty-service') {
      context.report({
        start: value.start,
        end: value.end,
        message: `"${raw}" is not of the form service:Action (for example s3:GetObject).`,
      });
    }
    return;
  }
  const { service } = parsed.action;
  if (servicesMatching(context.data, service).length > 0) return;
  const range = sourceSpan(value, 0, service.length) ?? { start: value.start, end: value.end };
  const retired = retiredServiceName(service);
  if (retired) {
    // Real prefixes the reference no longer (or never) lists: not a typo, so not an error (see iam/retiredServices).
    context.report({
      ...range,
      severity: 'warning',
      message: `"${service}" is the prefix of ${retired}, which the Service Authorization Reference does not list: its actions cannot be checked, and a retired service's actions no longer grant anything.`,
    });
    return;
  }
  const suggestions = suggestServices(context, service);
  const fixes: FixProposal[] = suggestions.map((s, i) => ({
    title: `Change the service prefix to "${s}"`,
    isPreferred: i === 0 && suggestions.length === 1,
    edits: [editString(value, 0, service.length, s)],
  }));
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  context.report({
    ...range,
    message: parsed.action.serviceHasWildcard
      ? `The service pattern "${service}" matches no AWS service prefix.${hint}`
      : `"${service}" is not an AWS service prefix.${hint}`,
    fixes,
  });
}

function suggestServices(context: RuleContext<IamDocument>, service: string): string[] {
  const alias = serviceAlias(service);
  if (alias && context.data.serviceExists(alias)) return [alias];
  if (/[*?]/.test(service)) return [];
  return bestSuggestions(service, closestMatches(service, context.data.servicePrefixes(), 3), editDistance);
}

function reportDoubleColon(context: RuleContext<IamDocument>, value: StrValue): void {
  const colon = value.value.indexOf('::');
  const fixed = value.value.replace('::', ':');
  context.report({
    ...(sourceSpan(value, colon, colon + 2) ?? { start: value.start, end: value.end }),
    message: `"${value.value}" has a double colon: an action is service:Action with a single colon ("${fixed}").`,
    fixes: [{ title: `Use a single colon: "${fixed}"`, isPreferred: true, edits: [editString(value, colon, colon + 2, ':')] }],
  });
}
