// iam/condition-key-unknown: a condition key that does not exist (a tag key without its tag name, the retired aws:ARN,
// a misspelling), the same key twice in a block in different letter case, or a key no action of the statement supports.
// Keys per action and resource type come from the Service Authorization Reference; global keys:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// A key no action supports is simply absent from the request, so the condition silently never matches
// (or, with …IfExists / negated operators, always matches).

import type { IamRule, RuleContext } from '../rule';
import { conditionKeyMatcher, conditionKeyTemplateMatches } from '../../data/iamData';
import type { ConditionEntry, IamDocument, Statement, StrValue } from '../../iam/document';
import { renameKey } from '../../iam/edits';
import { expandActionPattern, isEveryAction } from '../../iam/actions';
import { actionConditionKeys, isKeyAttachedToAnyAction } from '../../iam/conditionKeySupport';
import { hasPlaceholder } from '../../iam/placeholders';
import { isCrossServiceConditionKey } from '../../iam/crossServiceConditionKeys';
import { retiredServiceName } from '../../iam/retiredServices';
import { hasUnknownParts } from '../../iam/values';
import { closestMatches } from '../../text';

export const conditionKeyUnknown: IamRule = {
  id: 'iam/condition-key-unknown',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'Condition keys must exist (tag keys with their tag name, not the retired aws:ARN), appear once per block, and be supported by at least one action of the statement.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    notAKey: '"{{name}}" is not a condition key: keys have the form service:name (for example aws:SourceArn or s3:prefix).',
    unknownGlobalKey: '"{{name}}" is not a global condition key.{{didYouMean}}',
    unknownServicePrefix: '"{{prefix}}" in "{{name}}" is not an AWS service prefix.{{didYouMean}}',
    unknownServiceKey: '"{{name}}" is not a condition key of {{prefix}}.{{didYouMean}}',
    missingTagKey:
      '"{{name}}" needs a tag key: write {{head}}/tag-key with the tag\'s name (for example {{head}}/team). Without it the key is not a condition key.',
    deprecatedGlobalKey:
      '"{{name}}" is not a supported condition key (AWS deprecated it): use aws:PrincipalArn for the ARN of the principal making the request, or aws:SourceArn for the resource on whose behalf a service makes it.',
    duplicateKeyCase:
      '"{{name}}" repeats "{{first}}" in this condition block with different letter case: condition key names are case-insensitive, so the block tests one key twice. Keep one of them.',
    unsupportedByActions:
      '"{{name}}" is not supported by any action of this statement ({{actions}}): the key is absent from their requests, so this condition never matches as intended.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    for (const statement of context.doc.statements) {
      let supported: string[] | null | undefined;
      for (const block of statement.condition?.blocks ?? []) {
        // A block of one key (most) cannot repeat a key: no map.
        const seen = block.entries.length > 1 ? new Map<string, string>() : undefined;
        for (const entry of block.entries) {
          if (checkDuplicateCase(context, entry.key, seen)) continue;
          supported ??= supportedKeys(context, statement);
          checkKey(context, statement, entry, supported);
        }
      }
    }
  },
};

type Context = RuleContext<IamDocument>;

/** Prefixes of identity-provider keys in trust policies that are not service prefixes (`saml:aud`). */
const FEDERATION_PREFIXES = new Set(['saml', 'identitycenter']);

/**
 * The same key twice in one block, spelt with different letter case (Access Analyzer's
 * DUPLICATE_KEYS_WITH_DIFFERENT_CASE): key names are case-insensitive, so which test IAM keeps is not
 * documented. Keys spelt identically are JSON duplicate keys, reported by the structure rules.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
function checkDuplicateCase(context: Context, key: StrValue, seen: Map<string, string> | undefined): boolean {
  if (!seen || hasUnknownParts(key)) return false;
  const lower = key.value.toLowerCase();
  const first = seen.get(lower);
  if (first === undefined) {
    seen.set(lower, key.value);
    return false;
  }
  if (first === key.value) return false;
  context.report({ start: key.start, end: key.end, messageId: 'duplicateKeyCase', data: { name: key.value, first }, severity: 'error' });
  return true;
}

/** Retired global keys: aws:ARN (Access Analyzer: UNSUPPORTED_GLOBAL_CONDITION_KEY, DEPRECATED_GLOBAL_CONDITION_KEY). */
const DEPRECATED_GLOBAL_KEYS: ReadonlyMap<string, readonly string[]> = new Map([['aws:arn', ['aws:PrincipalArn', 'aws:SourceArn']]]);

function checkKey(context: Context, statement: Statement, entry: ConditionEntry, supported: string[] | null): void {
  const key = entry.key;
  const name = key.value;
  if (hasPlaceholder(name)) return;
  if (hasUnknownParts(key)) return; // built from expressions GrantCheck cannot evaluate
  const colon = name.indexOf(':');
  if (colon <= 0 || colon === name.length - 1) {
    context.report({ start: key.start, end: key.end, messageId: 'notAKey', data: { name } });
    return;
  }
  const replacements = DEPRECATED_GLOBAL_KEYS.get(name.toLowerCase());
  if (replacements) {
    context.report({
      start: key.start,
      end: key.end,
      messageId: 'deprecatedGlobalKey',
      data: { name },
      severity: 'error',
      suggestions: replacements.map((r) => ({ title: `Change to "${r}"`, edits: [renameKey(entry.property, r)] })),
    });
    return;
  }
  const tagHead = missingTagKeyHead(context, name);
  if (tagHead !== undefined) {
    context.report({ start: key.start, end: key.end, messageId: 'missingTagKey', data: { name, head: tagHead }, severity: 'error' });
    return;
  }
  // Whatever an action of the statement lists is valid, even when its prefix is another namespace
  // (`ec2:osuser` on ec2-instance-connect:SendSSHPublicKey, `cognito-identity-auth:…`).
  const matchesName = conditionKeyMatcher(name);
  if (supported?.some(matchesName)) return;
  // Cross-service keys (ec2:SourceInstanceArn, lambda:SourceFunctionArn, …) are in the requests made with such
  // credentials to every service, though no action lists them.
  if (isCrossServiceConditionKey(name)) return;
  const prefix = name.slice(0, colon);
  // OIDC provider keys (`token.actions.githubusercontent.com:sub`, `oidc.eks.….amazonaws.com/id/…:aud`) name a host.
  if (/[./]/.test(prefix) || FEDERATION_PREFIXES.has(prefix.toLowerCase())) return;
  const { data } = context;
  if (prefix.toLowerCase() === 'aws') {
    if (data.globalConditionKey(name)) return;
    const suggestions = closestMatches(name, data.globalConditionKeys().map((g) => g.key), 3);
    context.report({ start: key.start, end: key.end, messageId: 'unknownGlobalKey', data: { name, didYouMean: didYouMean(suggestions) } });
    return;
  }
  // A retired service's keys cannot be checked; iam/unknown-service already warns about its actions.
  if (!data.serviceExists(prefix) && retiredServiceName(prefix)) return;
  if (!data.serviceExists(prefix)) {
    const suggestions = closestMatches(prefix, data.servicePrefixes(), 3);
    context.report({ start: key.start, end: key.end, messageId: 'unknownServicePrefix', data: { prefix, name, didYouMean: didYouMean(suggestions) } });
    return;
  }
  if (!data.serviceConditionKey(name)) {
    const keys = data.serviceConditionKeys(prefix).map((k) => k.key);
    const suggestions = closestMatches(name, keys, 3);
    context.report({ start: key.start, end: key.end, messageId: 'unknownServiceKey', data: { name, prefix, didYouMean: didYouMean(suggestions) } });
    return;
  }
  if (supported === null || supported.some(matchesName)) return;
  // A key the reference defines but attaches to no action of its service: it does not say which actions
  // support it, so we cannot say these don't.
  if (!isKeyAttachedToAnyAction(context.data, prefix, name)) return;
  const actions = statement.action?.values.map((v) => v.value) ?? [];
  context.report({
    start: key.start,
    end: key.end,
    messageId: 'unsupportedByActions',
    data: { name, actions: summarize(actions) },
  });
}

/**
 * Keys supported by the statement's actions (action-level plus resource-type-level keys), or null when we
 * cannot tell (NotAction, `*`, unknown or placeholder actions, no Action at all).
 */
function supportedKeys(context: Context, statement: Statement): string[] | null {
  const action = statement.action;
  if (!action || action.key !== 'Action' || action.values.length === 0) return null;
  // Re-linted on every keystroke: the answer depends only on the action list, so it is cached by it.
  let cache = supportedKeysCache.get(context.data);
  if (!cache) {
    cache = new Map();
    supportedKeysCache.set(context.data, cache);
  }
  const cacheKey = action.values.map((v) => v.value).join('\n');
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const computed = computeSupportedKeys(context, action.values);
  if (cache.size > 5000) cache.clear();
  cache.set(cacheKey, computed);
  return computed;
}

const supportedKeysCache = new WeakMap<object, Map<string, string[] | null>>();

function computeSupportedKeys(context: Context, values: readonly StrValue[]): string[] | null {
  const action = { values };
  const keys = new Set<string>();
  for (const value of action.values) {
    if (isEveryAction(value.value) || hasPlaceholder(value.value)) return null;
    const expanded = expandActionPattern(context.data, value.value);
    if (expanded.length === 0) return null;
    for (const info of expanded) for (const k of actionConditionKeys(context.data, info)) keys.add(k);
  }
  return [...keys];
}

/**
 * A key written without the variable part its template needs (`aws:ResourceTag`, `aws:RequestTag/`,
 * `ec2:ResourceTag`, `s3:ExistingObjectTag`): the template's fixed head as the author spelt it, else undefined.
 * Access Analyzer: MISSING_TAG_KEY_IN_CONDITION.
 */
function missingTagKeyHead(context: Context, name: string): string | undefined {
  const written = name.endsWith('/') ? name.slice(0, -1) : name;
  // A key that exists as written is not missing anything (no service defines both `x:Tag` and `x:Tag/<key>` today).
  if (written === name && (context.data.globalConditionKey(name) || context.data.serviceConditionKey(name))) return undefined;
  const head = `${written.toLowerCase()}/`;
  const prefix = written.slice(0, written.indexOf(':')).toLowerCase();
  const templates =
    prefix === 'aws' ? context.data.globalConditionKeys().map((g) => g.key) : context.data.serviceConditionKeys(prefix).map((k) => k.key);
  // `tag-key` spelt literally, `${TagKey}`, `<key>` or nothing after the slash all mark a template.
  return templates.some((t) => t.toLowerCase().startsWith(head) && conditionKeyTemplateMatches(t, `${written}/x`)) ? written : undefined;
}

function didYouMean(suggestions: string[]): string {
  return suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
}

function summarize(actions: string[]): string {
  return actions.length <= 3 ? actions.join(', ') : `${actions.slice(0, 3).join(', ')} and ${actions.length - 3} more`;
}
