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
import { closestMatches, editDistance, isCertainCorrection } from '../../text';
import type { FixProposal } from '../../types';

export const unknownService: IamRule = {
  id: 'iam/unknown-service',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every action must start with the prefix of an existing AWS service, followed by a single colon.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    notServiceAction: '"{{action}}" is not of the form service:Action (for example s3:GetObject).',
    retiredService:
      '"{{service}}" is the prefix of {{retired}}, which the Service Authorization Reference does not list: its actions cannot be checked, and a retired service\'s actions no longer grant anything.',
    unknownServicePattern: 'The service pattern "{{service}}" matches no AWS service prefix.{{didYouMean}}',
    unknownService: '"{{service}}" is not an AWS service prefix.{{didYouMean}}',
    doubleColon: '"{{action}}" has a double colon: an action is service:Action with a single colon ("{{fixed}}").',
  },
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
      context.report({ start: value.start, end: value.end, messageId: 'notServiceAction', data: { action: raw } });
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
      messageId: 'retiredService',
      data: { service, retired },
    });
    return;
  }
  const suggestions = suggestServices(context, service);
  const changes: FixProposal[] = suggestions.map((s) => ({ title: `Change the service prefix to "${s}"`, edits: [editString(value, 0, service.length, s)] }));
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  // Safe for the one prefix one typo away (`s3x` → `s3`). A product name (`dynamo`, `cognito`) can stand for more
  // than one prefix, and several candidates need a person: suggestions.
  const safe = changes.length === 1 && isCertainCorrection(service, suggestions);
  context.report({
    ...range,
    messageId: parsed.action.serviceHasWildcard ? 'unknownServicePattern' : 'unknownService',
    data: { service, didYouMean: hint },
    ...(safe ? { fix: changes[0]! } : { suggestions: changes }),
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
    messageId: 'doubleColon',
    data: { action: value.value, fixed },
    // Safe: the same service and action with the separator IAM expects.
    fix: { title: `Use a single colon: "${fixed}"`, edits: [editString(value, colon, colon + 2, ':')] },
  });
}
