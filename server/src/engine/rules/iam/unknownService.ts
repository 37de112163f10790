// iam/unknown-service: an action whose service prefix is no AWS service (`s3x:`, `dynamo:`) or has a double colon.
// Service prefixes: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, StrValue } from '../../iam/document';
import { expandActionPattern, isEveryAction, parseAction, servicesMatching } from '../../iam/actions';
import { bestSuggestions, serviceAlias } from '../../iam/actionAliases';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts, sourceSpan } from '../../iam/values';
import { editString, replaceValue } from '../../iam/edits';
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
    emptyAction: 'An empty string is not an action: use service:Action (for example s3:GetObject).',
    emptyActionName: '"{{action}}" has no action name after the colon: use service:Action (for example {{action}}GetObject or {{action}}*).',
    secondColon: '"{{action}}" has a second colon: {{rule}}.',
    blankInAction: '"{{action}}" contains {{blank}}: {{rule}}.{{didYouMean}}',
    invalidCharacter: '"{{action}}" contains "{{character}}" (U+{{code}}), which no action has: {{rule}}.{{didYouMean}}',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const values = statement.action?.values;
      if (values) for (let v = 0; v < values.length; v++) checkAction(context, values[v]!);
    }
  },
};

function checkAction(context: RuleContext<IamDocument>, value: StrValue): void {
  const raw = value.value;
  if (isEveryAction(raw) || hasPlaceholder(raw)) return;
  if (hasUnknownParts(value)) return; // built from expressions GrantCheck cannot evaluate
  // An action of the data (the expansion is remembered per string, and most rules ask it): its service exists.
  if (expandActionPattern(context.data, raw).length > 0) return;
  const parsed = parseAction(raw);
  if (!parsed.ok) {
    if (parsed.problem === 'double-colon') reportDoubleColon(context, value);
    else if (parsed.problem === 'no-service' || parsed.problem === 'empty-service') {
      context.report({ start: value.start, end: value.end, messageId: 'notServiceAction', data: { action: raw } });
    } else reportMalformed(context, value, parsed.problem);
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

/**
 * An action is `service:Action`: a service prefix of letters, digits and `-`, and an action name of letters,
 * digits, `-`, `_` and `.` (and the wildcards `*` and `?`), as in every action of the Service Authorization
 * Reference. IAM compares the string as written, so a space or a look-alike letter matches no action.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
function reportMalformed(context: RuleContext<IamDocument>, value: StrValue, problem: 'empty' | 'empty-name' | 'invalid-characters'): void {
  const raw = value.value;
  const range = { start: value.start, end: value.end };
  if (problem === 'empty') {
    context.report({ ...range, messageId: 'emptyAction' });
    return;
  }
  if (problem === 'empty-name') {
    context.report({ ...range, messageId: 'emptyActionName', data: { action: raw } });
    return;
  }
  const bad = firstInvalidCharacter(raw);
  if (bad === ':') {
    context.report({ ...range, messageId: 'secondColon', data: { action: raw, rule: ACTION_SYNTAX } });
    return;
  }
  // Blanks and invisible characters: removing them is the only reading, so a safe fix when that gives a known action.
  const withoutBlanks = raw.replace(BLANKS, '');
  if (withoutBlanks !== raw) {
    const fixed = isKnownAction(context, withoutBlanks);
    const what = bad === ' ' ? 'space' : /\s/.test(bad) ? 'blank' : 'invisible character';
    context.report({
      ...range,
      messageId: 'blankInAction',
      data: { action: raw, blank: describeBlank(bad), rule: ACTION_SYNTAX, didYouMean: fixed ? ` Did you mean "${withoutBlanks}"?` : '' },
      ...(fixed ? { fix: { title: `Remove the ${what}: "${withoutBlanks}"`, edits: [replaceValue(value.node, withoutBlanks)] } } : {}),
    });
    return;
  }
  // Accented or look-alike letters: a guess, so named in the message but not applied.
  const plain = raw.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const hint = plain !== raw && isKnownAction(context, plain) ? ` Did you mean "${plain}"?` : '';
  context.report({
    ...range,
    messageId: 'invalidCharacter',
    data: { action: raw, character: bad, code: bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'), rule: ACTION_SYNTAX, didYouMean: hint },
  });
}

const ACTION_SYNTAX = 'an action is service:Action, with letters, digits and - in the service and also _ and . in the action name';

/** The first character that the service part or the action name may not hold (the parts split at the first colon). */
function firstInvalidCharacter(raw: string): string {
  const colon = raw.indexOf(':');
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (i === colon) continue;
    if (!(i < colon ? /[A-Za-z0-9*?-]/ : /[A-Za-z0-9_.*?-]/).test(c)) return String.fromCodePoint(raw.codePointAt(i)!);
  }
  return raw;
}

/** Whitespace and the invisible characters that copy-paste brings along (zero-width space/joiners, word joiner, BOM). */
const BLANKS = /[\s\u200b-\u200d\u2060\ufeff]/g;

function describeBlank(c: string): string {
  if (c === ' ') return 'a space';
  if (/\s/.test(c)) return `a blank character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
  return `an invisible character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
}

function isKnownAction(context: RuleContext<IamDocument>, candidate: string): boolean {
  const parsed = parseAction(candidate);
  return parsed.ok && expandActionPattern(context.data, candidate).length > 0;
}
