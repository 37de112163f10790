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
    // Indexed loops: every condition entry of every statement (no iterator objects).
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const blocks = statement.condition?.blocks;
      if (!blocks) continue;
      let supported: string[] | null | undefined;
      for (let b = 0; b < blocks.length; b++) {
        const entries = blocks[b]!.entries;
        // A block of one key (most) cannot repeat a key: no map.
        const seen = entries.length > 1 ? new Map<string, string>() : undefined;
        for (let e = 0; e < entries.length; e++) {
          const entry = entries[e]!;
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

/** What checkKey decides before it looks at the statement's actions: nothing to say, a finding, or go on. */
type Before = 'skip' | 'notAKey' | 'deprecated' | 'missingTagKey' | 'continue';

/** What checkKey decides when no action of the statement lists the key: nothing to say, or a finding. */
/** `unsupported`: unsupportedByActions, unless the actions cannot be told (supported null). */
type After = 'ok' | 'unknownGlobalKey' | 'unknownServicePrefix' | 'unknownServiceKey' | 'unsupported';

/** checkKey's decisions from a key's name alone (pure per data and name; the rest reads the statement). */
interface NameVerdict {
  before: Before;
  /** The tag key's head (missingTagKey). */
  head: string | undefined;
  after: After;
  /** The text before the key's first `:`. */
  prefix: string;
}

const verdictsByData = new WeakMap<object, Map<string, NameVerdict>>();
let lastVerdictData: object | undefined;
let lastVerdicts: Map<string, NameVerdict> | undefined;

/** nameVerdict, remembered per data and name (a policy names the same few keys statement after statement; bounded). */
function cachedNameVerdict(context: Context, name: string): NameVerdict {
  const { data } = context;
  let verdicts = lastVerdicts;
  if (data !== lastVerdictData || !verdicts) {
    verdicts = verdictsByData.get(data);
    if (!verdicts) verdictsByData.set(data, (verdicts = new Map()));
    lastVerdictData = data;
    lastVerdicts = verdicts;
  }
  let verdict = verdicts.get(name);
  if (!verdict) {
    verdict = nameVerdict(context, name);
    if (verdicts.size > 2000) verdicts.clear();
    verdicts.set(name, verdict);
  }
  return verdict;
}

function nameVerdict(context: Context, name: string): NameVerdict {
  const verdict: NameVerdict = { before: 'continue', head: undefined, after: 'ok', prefix: '' };
  if (hasPlaceholder(name)) {
    verdict.before = 'skip';
    return verdict;
  }
  const colon = name.indexOf(':');
  if (colon <= 0 || colon === name.length - 1) {
    verdict.before = 'notAKey';
    return verdict;
  }
  if (DEPRECATED_GLOBAL_KEYS.has(name.toLowerCase())) {
    verdict.before = 'deprecated';
    return verdict;
  }
  const tagHead = missingTagKeyHead(context, name);
  if (tagHead !== undefined) {
    verdict.before = 'missingTagKey';
    verdict.head = tagHead;
    return verdict;
  }
  // From here on, what holds when no action of the statement lists the key.
  // Cross-service keys (ec2:SourceInstanceArn, lambda:SourceFunctionArn, …) are in the requests made with such
  // credentials to every service, though no action lists them.
  if (isCrossServiceConditionKey(name)) return verdict;
  const prefix = name.slice(0, colon);
  verdict.prefix = prefix;
  // OIDC provider keys (`token.actions.githubusercontent.com:sub`, `oidc.eks.….amazonaws.com/id/…:aud`) name a host.
  if (/[./]/.test(prefix) || FEDERATION_PREFIXES.has(prefix.toLowerCase())) return verdict;
  const { data } = context;
  if (prefix.toLowerCase() === 'aws') {
    if (!data.globalConditionKey(name)) verdict.after = 'unknownGlobalKey';
    return verdict;
  }
  // A retired service's keys cannot be checked; iam/unknown-service already warns about its actions.
  if (!data.serviceExists(prefix) && retiredServiceName(prefix)) return verdict;
  if (!data.serviceExists(prefix)) verdict.after = 'unknownServicePrefix';
  else if (!data.serviceConditionKey(name)) verdict.after = 'unknownServiceKey';
  // A key the reference defines but attaches to no action of its service: it does not say which actions
  // support it, so we cannot say these don't.
  else if (isKeyAttachedToAnyAction(data, prefix, name)) verdict.after = 'unsupported';
  return verdict;
}

function checkKey(context: Context, statement: Statement, entry: ConditionEntry, supported: string[] | null): void {
  const key = entry.key;
  const name = key.value;
  if (hasUnknownParts(key)) return; // built from expressions GrantCheck cannot evaluate
  const verdict = cachedNameVerdict(context, name);
  switch (verdict.before) {
    case 'skip':
      return;
    case 'notAKey':
      context.report({ start: key.start, end: key.end, messageId: 'notAKey', data: { name } });
      return;
    case 'deprecated':
      context.report({
        start: key.start,
        end: key.end,
        messageId: 'deprecatedGlobalKey',
        data: { name },
        severity: 'error',
        suggestions: DEPRECATED_GLOBAL_KEYS.get(name.toLowerCase())!.map((r) => ({ title: `Change to "${r}"`, edits: [renameKey(entry.property, r)] })),
      });
      return;
    case 'missingTagKey':
      context.report({ start: key.start, end: key.end, messageId: 'missingTagKey', data: { name, head: verdict.head! }, severity: 'error' });
      return;
    case 'continue':
      break;
  }
  if (verdict.after === 'ok') return;
  // Whatever an action of the statement lists is valid, even when its prefix is another namespace
  // (`ec2:osuser` on ec2-instance-connect:SendSSHPublicKey, `cognito-identity-auth:…`).
  if (supported && listsKey(supported, name)) return;
  const { data } = context;
  const prefix = verdict.prefix;
  switch (verdict.after) {
    case 'unknownGlobalKey': {
      const suggestions = closestMatches(name, data.globalConditionKeys().map((g) => g.key), 3);
      context.report({ start: key.start, end: key.end, messageId: 'unknownGlobalKey', data: { name, didYouMean: didYouMean(suggestions) } });
      return;
    }
    case 'unknownServicePrefix': {
      const suggestions = closestMatches(prefix, data.servicePrefixes(), 3);
      context.report({ start: key.start, end: key.end, messageId: 'unknownServicePrefix', data: { prefix, name, didYouMean: didYouMean(suggestions) } });
      return;
    }
    case 'unknownServiceKey': {
      const keys = data.serviceConditionKeys(prefix).map((k) => k.key);
      const suggestions = closestMatches(name, keys, 3);
      context.report({ start: key.start, end: key.end, messageId: 'unknownServiceKey', data: { name, prefix, didYouMean: didYouMean(suggestions) } });
      return;
    }
    case 'unsupported': {
      if (supported === null) return;
      const actions = statement.action?.values.map((v) => v.value) ?? [];
      context.report({
        start: key.start,
        end: key.end,
        messageId: 'unsupportedByActions',
        data: { name, actions: summarize(actions) },
      });
      return;
    }
  }
}

/** Per supported-keys list (shared by the statements of one action list): whether it lists a key, by key as written. */
const listedByKeys = new WeakMap<readonly string[], Map<string, boolean>>();

/** Does one of the keys (templates as the reference spells them) match `name`? Remembered per list and name (bounded). */
function listsKey(keys: readonly string[], name: string): boolean {
  let listed = listedByKeys.get(keys);
  if (!listed) listedByKeys.set(keys, (listed = new Map()));
  let found = listed.get(name);
  if (found === undefined) {
    found = keys.some(conditionKeyMatcher(name));
    if (listed.size > 64) listed.clear();
    listed.set(name, found);
  }
  return found;
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
