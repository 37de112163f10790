// iam/condition-key-support: a condition key that some actions of the statement do not put in their requests, a
// tag key (aws:ResourceTag, aws:RequestTag, aws:TagKeys) that some services do not support, and keys that are only
// safe with a companion key. For an action without the key, the key is absent, so the condition does not test
// what the author meant: a plain operator is false (an Allow never grants the action, a Deny never denies it), a
// negated or …IfExists operator is true (the condition does not restrict the action at all).
// Access Analyzer: UNSUPPORTED_ACTION_FOR_CONDITION_KEY, {DENY,ALLOW}[_NOTACTION]_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE,
// MISSING_PAIRED_CONDITION_KEYS. https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// Which keys an action supports: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import { combineParts, type DocumentParts, type IamRule, type PartsSpec, type RuleContext } from '../rule';
import type { ActionInfo, IamData } from '../../data/iamData';
import type { ConditionBlock, ConditionEntry, IamDocument, Statement, StrValue } from '../../iam/document';
import { actionId, expandActionPattern, isEveryAction, parseAction } from '../../iam/actions';
import { actionSupportsKey, isKeyAttachedToAnyAction, isServiceWideKey, outcomeWhenAbsent, tagConditionKey } from '../../iam/conditionKeySupport';
import { isCrossServiceConditionKey } from '../../iam/crossServiceConditionKeys';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts, literalValue } from '../../iam/values';
import type { Severity } from '../../types';
import { compileWildcard, hasWildcard, type WildcardMatcher } from '../../iam/wildcard';
import { wholeDocument } from '../../iam/statementView';

type Context = RuleContext<IamDocument>;

export const conditionKeySupport: IamRule = {
  id: 'iam/condition-key-support',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'A condition key should apply to every action of its statement (tag keys to every service), and some keys need a companion key.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    unsupportedBySomeActions:
      'The AWS Service Authorization Reference lists "{{name}}" for other actions of this statement but not for {{actions}}: their requests do not carry it, so for them {{consequence}}. Move them to a statement without this condition (if AWS\'s reference is incomplete for them, this finding is too).',
    tagKeyUnsupported:
      'The AWS Service Authorization Reference does not list the tag key "{{name}}" for {{actions}} ({{services}}): for them {{consequence}}. Move them to a separate statement (and control their resources by name instead of by tag).',
    tagKeyNotAction:
      '"{{name}}" with NotAction: many services and actions do not support this tag key, and for them {{consequence}}. List the actions with Action instead of NotAction.',
    irrelevantInResourcePolicy:
      '"{{name}}" is always the account that owns this {{service}} resource, so it decides nothing in the resource\'s own policy. Use it in identity policies (or SCPs) to limit which accounts\' resources a principal reaches.',
    missingPairedKey:
      '"{{name}}" is only meaningful together with {{companion}}: {{why}} Add {{companion}} to this condition.',
  },
  // A statement's findings read the rest of the policy only through what its unconditional Allow statements grant.
  statementScope: { documentKey: (doc, documentParts) => unconditionalGrants(wholeDocument(doc), documentParts).key },
  check(context) {
    // Indexed loops: this runs for every condition entry of every statement (no iterator objects).
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const blocks = statement.condition?.blocks;
      if (!blocks || blocks.length === 0) continue;
      checkPairedKeys(context, blocks);
      if (context.doc.policyType === 'resource') checkIrrelevantKeys(context, statement, blocks);
      const action = statement.action;
      if (!action || action.values.length === 0) continue;
      const effect = statement.effect && literalValue(statement.effect);
      if (effect !== 'Allow' && effect !== 'Deny') continue;
      // Classified when a key first needs it (global keys such as aws:SecureTransport never do).
      let actions: StatementActions | undefined;
      const statementActions = (): StatementActions => (actions ??= classifyActions(context, action.values));
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!;
        const entries = block.entries;
        for (let e = 0; e < entries.length; e++) {
          const entry = entries[e]!;
          const key = entry.key;
          if (hasUnknownParts(key) || hasPlaceholder(key.value)) continue;
          if (action.key === 'NotAction') checkNotAction(context, block, entry, effect);
          else if (action.key === 'Action') checkActions(context, statementActions, block, entry, effect);
        }
      }
    }
  },
};

/** The statement's actions as the checks read them: literal actions one by one, each wildcard as its expansion. */
interface StatementActions {
  literal: ActionInfo[];
  wildcards: { pattern: string; expansion: readonly ActionInfo[] }[];
  /** What the document's Allow statements without a Condition grant (any resource): read when first needed (grantsFor). */
  grantedUnconditionally: UnconditionalGrants | undefined;
  analyses: Map<string, KeyAnalysis | undefined>;
  /**
   * sts:TagSession, sts:SetSourceIdentity and sts:SetContext next to an sts:AssumeRole* action: IAM authorizes
   * them within the role assumption, on its request, so they see its keys (sts:ExternalId, aws:RequestTag/…).
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
   */
  assumeRoleCompanions: ReadonlySet<ActionInfo>;
}

interface UnconditionalGrants {
  every: boolean;
  /** Literal actions, lower case. */
  actions: Set<string>;
  /** Wildcard patterns (at most MAX_PATTERNS, so the check stays linear). */
  patterns: WildcardMatcher[];
  /** The patterns as written (every occurrence, up to MAX_PATTERNS), for the cache key; `patterns` has each text once. */
  patternTexts: string[];
  /** isGranted's answers by action (an action is asked about once per statement that names it). */
  granted: Map<ActionInfo, boolean>;
}

const MAX_PATTERNS = 200;

const NO_COMPANIONS: ReadonlySet<ActionInfo> = new Set();

const STS_COMPANIONS: ReadonlySet<string> = new Set(['tagsession', 'setsourceidentity', 'setcontext']);

const grantsByDocument = new WeakMap<IamDocument, { grants: UnconditionalGrants; key: string }>();

/** What one statement grants without a condition: an Allow with Action and no Condition (undefined for any other). */
interface StatementGrants {
  every: boolean;
  /** Literal actions, lower case, in order. */
  actions: string[];
  /** Wildcard patterns as written, in order. */
  patterns: string[];
}

/**
 * The grants of the policy's unconditional Allow statements and their key (equal keys, equal grants: patterns in
 * document order, as they are tried), from each statement's own grants: while typing, a keystroke that leaves every
 * statement's grants as they were (a Sid, a condition, a resource) keeps both.
 */
const GRANTS: PartsSpec<StatementGrants | undefined, { grants: UnconditionalGrants; key: string }> = {
  name: 'condition-key-support/grants',
  part: statementGrants,
  same: (a, b) => a === b || (a !== undefined && b !== undefined && a.every === b.every && sameStrings(a.actions, b.actions) && sameStrings(a.patterns, b.patterns)),
  combine(parts) {
    const grants = noGrants();
    for (const part of parts) {
      if (!part) continue;
      if (part.every) grants.every = true;
      for (const action of part.actions) grants.actions.add(action);
      for (const text of part.patterns) {
        if (grants.patternTexts.length >= MAX_PATTERNS) break;
        addPattern(grants, text);
      }
    }
    return withKey(grants);
  },
};

function noGrants(): UnconditionalGrants {
  return { every: false, actions: new Set(), patterns: [], patternTexts: [], granted: new Map() };
}

/** Adds a wildcard pattern's occurrence: its text to the key, its matcher once per text (a policy repeats its patterns). */
function addPattern(grants: UnconditionalGrants, text: string): void {
  if (!grants.patternTexts.includes(text)) grants.patterns.push(compileWildcard(text, true));
  grants.patternTexts.push(text);
}

/**
 * The grants with their key, the key built only when asked (documentKey, while an editor re-lints): a full lint reads
 * the grants alone. A class (the getter on its prototype): an object literal with a getter is made by a slow path,
 * once per policy.
 */
class GrantsWithKey {
  private keyText: string | undefined;
  constructor(readonly grants: UnconditionalGrants) {}
  get key(): string {
    return (this.keyText ??= grantsKey(this.grants));
  }
}

function withKey(grants: UnconditionalGrants): { grants: UnconditionalGrants; key: string } {
  return new GrantsWithKey(grants);
}

/**
 * GRANTS.combine of every statement's GRANTS.part, without a part per statement (a full lint): the same actions, the
 * same first MAX_PATTERNS pattern occurrences, in the same order.
 */
function grantsOfDocument(doc: IamDocument): { grants: UnconditionalGrants; key: string } {
  const grants = noGrants();
  const statements = doc.statements;
  for (let s = 0; s < statements.length; s++) {
    const statement = statements[s]!;
    if (statement.condition || statement.action?.key !== 'Action') continue;
    if (!statement.effect || literalValue(statement.effect) !== 'Allow') continue;
    const values = statement.action.values;
    for (let v = 0; v < values.length; v++) {
      const text = literalValue(values[v]!);
      if (text === undefined) continue;
      if (isEveryAction(text)) grants.every = true;
      else if (!hasWildcard(text)) grants.actions.add(text.toLowerCase());
      else if (grants.patternTexts.length < MAX_PATTERNS) addPattern(grants, text);
    }
  }
  return withKey(grants);
}

function statementGrants(statement: Statement): StatementGrants | undefined {
  if (statement.condition || statement.action?.key !== 'Action') return undefined;
  if (!statement.effect || literalValue(statement.effect) !== 'Allow') return undefined;
  const part: StatementGrants = { every: false, actions: [], patterns: [] };
  for (const value of statement.action.values) {
    const text = literalValue(value);
    if (text === undefined) continue;
    if (isEveryAction(text)) part.every = true;
    else if (!hasWildcard(text)) part.actions.push(text.toLowerCase());
    else part.patterns.push(text);
  }
  return part;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The grants as a string: equal strings, equal grants (patterns in document order, as they are tried). */
function grantsKey(grants: UnconditionalGrants): string {
  return JSON.stringify([grants.every, [...grants.actions].sort(), grants.patternTexts]);
}

/** The grants of `doc` (a whole document) with their key: kept per document, and per statement while an editor re-lints. */
function unconditionalGrants(doc: IamDocument, documentParts: DocumentParts | undefined): { grants: UnconditionalGrants; key: string } {
  if (documentParts) return combineParts(doc, GRANTS, documentParts);
  let kept = grantsByDocument.get(doc);
  if (!kept) grantsByDocument.set(doc, (kept = grantsOfDocument(doc)));
  return kept;
}

function isGranted(grants: UnconditionalGrants, action: ActionInfo): boolean {
  if (grants.every) return true;
  let granted = grants.granted.get(action);
  if (granted === undefined) {
    const id = actionId(action);
    granted = grants.actions.has(id.toLowerCase()) || grants.patterns.some((m) => m.test(id));
    grants.granted.set(action, granted);
  }
  return granted;
}

function classifyActions(context: Context, values: readonly StrValue[]): StatementActions {
  const literal: ActionInfo[] = [];
  const seen = new Set<ActionInfo>();
  const wildcards: StatementActions['wildcards'] = [];
  for (const value of values) {
    if (hasUnknownParts(value) || hasPlaceholder(value.value) || isEveryAction(value.value)) continue;
    const parsed = parseAction(value.value);
    if (!parsed.ok) continue;
    const expansion = expandActionPattern(context.data, value.value);
    if (expansion.length === 0) continue; // unknown or retired: other rules say so
    if (parsed.action.serviceHasWildcard || parsed.action.nameHasWildcard) wildcards.push({ pattern: value.value, expansion });
    else
      for (const info of expansion) {
        if (!seen.has(info)) literal.push(info);
        seen.add(info);
      }
  }
  const assumes = literal.some((a) => a.service === 'sts' && a.name.toLowerCase().startsWith('assumerole'));
  const assumeRoleCompanions = assumes ? new Set(literal.filter((a) => a.service === 'sts' && STS_COMPANIONS.has(a.name.toLowerCase()))) : NO_COMPANIONS;
  return { literal, wildcards, grantedUnconditionally: undefined, analyses: new Map(), assumeRoleCompanions };
}

/** The document's unconditional grants, looked up once per statement and only when an action lacks a key. */
function grantsFor(context: Context, actions: StatementActions): UnconditionalGrants {
  return (actions.grantedUnconditionally ??= unconditionalGrants(wholeDocument(context.doc), context.documentParts).grants);
}

/** What the statement's actions say about one key (cached per statement and key, so repeated keys cost nothing). */
interface KeyAnalysis {
  /** Literal actions (and wildcards, for tag keys) without the key, as written ids. */
  unsupported: string[];
  /** The same, less actions another statement grants without a condition. */
  unsupportedNotGranted: string[];
  /** Some action of the statement (a wildcard's included) has the key. */
  supportedSomewhere: boolean;
}

/** Distinct keys judged per statement: real statements have a handful; this keeps the work linear in the input. */
const MAX_KEYS_PER_STATEMENT = 64;

function analyze(context: Context, actions: StatementActions, name: string, tag: boolean): KeyAnalysis | undefined {
  const cacheKey = tag ? `tag:${tagConditionKey(name)}` : name.toLowerCase();
  const cached = actions.analyses.get(cacheKey);
  if (cached || actions.analyses.has(cacheKey)) return cached;
  if (actions.analyses.size >= MAX_KEYS_PER_STATEMENT) return undefined;
  const { data } = context;
  const supports = (a: ActionInfo): boolean => actionSupportsKey(data, a, name);
  const unsupportedLiteral = actions.literal.filter((a) => !supports(a) && !actions.assumeRoleCompanions.has(a));
  const wildcardSupport = actions.wildcards.map((w) => ({ pattern: w.pattern, supported: w.expansion.some(supports) }));
  const analysis: KeyAnalysis = {
    // Access Analyzer leaves actions with wildcards out of UNSUPPORTED_ACTION_FOR_CONDITION_KEY; for the tag keys
    // a wildcard counts when no action it matches supports the key.
    unsupported: [...unsupportedLiteral.map(actionId), ...(tag ? wildcardSupport.filter((w) => !w.supported).map((w) => w.pattern) : [])],
    unsupportedNotGranted: [
      ...(unsupportedLiteral.length === 0 ? [] : unsupportedLiteral.filter((a) => !isGranted(grantsFor(context, actions), a)).map(actionId)),
      ...(tag ? wildcardSupport.filter((w) => !w.supported).map((w) => w.pattern) : []),
    ],
    supportedSomewhere: actions.literal.some(supports) || wildcardSupport.some((w) => w.supported),
  };
  actions.analyses.set(cacheKey, analysis);
  return analysis;
}

/** How a key is judged, by its name alone (per data): not at all, as a tag key, or as a service key. */
const NOT_JUDGED = 0;
const TAG_KEY = 1;
const SERVICE_KEY = 2;
type KeyKind = typeof NOT_JUDGED | typeof TAG_KEY | typeof SERVICE_KEY;

function keyKindOf(data: IamData, name: string): KeyKind {
  if (tagConditionKey(name) !== undefined) return TAG_KEY;
  const colon = name.indexOf(':');
  if (colon <= 0) return NOT_JUDGED;
  const prefix = name.slice(0, colon);
  // Global keys are in every request they describe; cross-service keys in every request made with such
  // credentials; keys the reference attaches to no action cannot be judged.
  if (prefix.toLowerCase() === 'aws' || isCrossServiceConditionKey(name)) return NOT_JUDGED;
  if (!data.serviceExists(prefix) || !data.serviceConditionKey(name) || !isKeyAttachedToAnyAction(data, prefix, name)) return NOT_JUDGED;
  if (isServiceWideKey(data, prefix, name)) return NOT_JUDGED;
  return SERVICE_KEY;
}

/** keyKindOf's answers by key as written, per data (a policy names the same few keys statement after statement). */
const keyKinds = new WeakMap<IamData, Map<string, KeyKind>>();
let lastKindData: IamData | undefined;
let lastKinds: Map<string, KeyKind> | undefined;

function cachedKeyKind(data: IamData, name: string): KeyKind {
  let kinds = lastKinds;
  if (data !== lastKindData || !kinds) {
    kinds = keyKinds.get(data);
    if (!kinds) keyKinds.set(data, (kinds = new Map()));
    lastKindData = data;
    lastKinds = kinds;
  }
  let kind = kinds.get(name);
  if (kind === undefined) {
    kind = keyKindOf(data, name);
    if (kinds.size > 2000) kinds.clear();
    kinds.set(name, kind);
  }
  return kind;
}

function checkActions(context: Context, statementActions: () => StatementActions, block: ConditionBlock, entry: ConditionEntry, effect: 'Allow' | 'Deny'): void {
  const name = entry.key.value;
  const kind = cachedKeyKind(context.data, name);
  if (kind === NOT_JUDGED) return;
  const tag = kind === TAG_KEY;
  const analysis = analyze(context, statementActions(), name, tag);
  if (!analysis) return;
  // A service key no action supports is iam/condition-key-unknown's unsupportedByActions.
  if (!tag && !analysis.supportedSomewhere) return;
  const outcome = outcomeWhenAbsent(block.operator.value, entry.values);
  // An Allow that never grants an action matters only when no other statement grants it without a condition.
  const unsupported = effect === 'Allow' && outcome === false ? analysis.unsupportedNotGranted : analysis.unsupported;
  if (unsupported.length === 0) return;
  const common = { start: entry.key.start, end: entry.key.end, severity: severityOf(outcome, effect, tag) };
  if (tag) {
    const services = [...new Set(unsupported.slice(0, 50).map((a) => a.slice(0, a.indexOf(':')).toLowerCase()))];
    context.report({
      ...common,
      messageId: 'tagKeyUnsupported',
      data: { name, services: summarize(services), actions: summarize(unsupported), consequence: consequence(outcome, effect) },
    });
  } else {
    context.report({
      ...common,
      messageId: 'unsupportedBySomeActions',
      data: { name, actions: summarize(unsupported), consequence: consequence(outcome, effect) },
    });
  }
}

function checkNotAction(context: Context, block: ConditionBlock, entry: ConditionEntry, effect: 'Allow' | 'Deny'): void {
  const name = entry.key.value;
  if (!tagConditionKey(name)) return;
  const outcome = outcomeWhenAbsent(block.operator.value, entry.values);
  context.report({
    start: entry.key.start,
    end: entry.key.end,
    messageId: 'tagKeyNotAction',
    data: { name, consequence: consequence(outcome, effect) },
    severity: severityOf(outcome, effect, true),
  });
}

/** What the condition does for an action whose request lacks the key. */
function consequence(outcome: boolean | undefined, effect: 'Allow' | 'Deny'): string {
  if (outcome === false) return effect === 'Allow' ? 'the condition is false and this statement never allows them' : 'the condition is false and this statement never denies them';
  if (outcome === true) return effect === 'Allow' ? 'the condition is always true and does not restrict them' : 'the condition is always true and this statement denies them whatever their tags';
  return 'the condition does not test what it says';
}

/**
 * A condition that is false without the key lets the actions escape a Deny (Access Analyzer: a security warning)
 * or never grants them in an Allow (an error for service keys, a suggestion for tag keys). A condition that is
 * true without the key (negated operators, …IfExists, ForAllValues:) is usually written that way on purpose —
 * "if tags are given, they must be these" — so it is only information.
 */
function severityOf(outcome: boolean | undefined, effect: 'Allow' | 'Deny', tagKey: boolean): Severity {
  if (outcome !== false) return 'info';
  return effect === 'Deny' || !tagKey ? 'warning' : 'info';
}

/**
 * Keys that are only safe with a companion in the same Condition: aws:VpcSourceIp holds a private address,
 * which many VPCs share, so it needs aws:SourceVpc (or aws:SourceVpce, an endpoint of one VPC).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-vpcsourceip
 */
const PAIRED_KEYS: readonly { key: string; companions: readonly string[]; why: string }[] = [
  {
    key: 'aws:vpcsourceip',
    companions: ['aws:SourceVpc', 'aws:SourceVpce'],
    why: 'it compares a private IP address, and the same private addresses exist in many VPCs, including other accounts\'.',
  },
];

/**
 * Lengths of the PAIRED_KEYS keys: a key whose lower case is one of them has that length (lower-casing never
 * shortens a string, and the only character it lengthens, U+0130, gives a combining dot no key has).
 */
const PAIRED_KEY_LENGTHS: ReadonlySet<number> = new Set(PAIRED_KEYS.map((p) => p.key.length));

/** Does some known key of the blocks (lower-cased) equal a PAIRED_KEYS key? Nothing allocated for other keys. */
function mayHavePairedKey(blocks: readonly ConditionBlock[]): boolean {
  for (let b = 0; b < blocks.length; b++) {
    const entries = blocks[b]!.entries;
    for (let e = 0; e < entries.length; e++) {
      const key = entries[e]!.key;
      if (!PAIRED_KEY_LENGTHS.has(key.value.length) || hasUnknownParts(key)) continue;
      const lower = key.value.toLowerCase();
      for (let p = 0; p < PAIRED_KEYS.length; p++) if (PAIRED_KEYS[p]!.key === lower) return true;
    }
  }
  return false;
}

function checkPairedKeys(context: Context, blocks: readonly ConditionBlock[]): void {
  // Most statements name no paired key: nothing to collect then (the findings below need one present).
  if (!mayHavePairedKey(blocks)) return;
  const present = new Set<string>();
  for (const block of blocks) for (const entry of block.entries) if (!hasUnknownParts(entry.key)) present.add(entry.key.value.toLowerCase());
  if (present.size === 0) return;
  for (const pair of PAIRED_KEYS) {
    if (!present.has(pair.key) || pair.companions.some((c) => present.has(c.toLowerCase()))) continue;
    for (const block of blocks) {
      for (const entry of block.entries) {
        if (entry.key.value.toLowerCase() !== pair.key) continue;
        context.report({
          start: entry.key.start,
          end: entry.key.end,
          messageId: 'missingPairedKey',
          data: { name: entry.key.value, companion: pair.companions[0]!, why: pair.why },
        });
      }
    }
  }
}

/**
 * Keys that are constant in a resource's own policy (Access Analyzer: IRRELEVANT_CONDITION_KEY_IN_POLICY): the
 * account that owns an S3 bucket or access point is the account of every request its policy decides.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
const IRRELEVANT_IN_OWN_POLICY: ReadonlyMap<string, { prefix: string; label: string }> = new Map([['s3:resourceaccount', { prefix: 's3', label: 'S3' }]]);

function checkIrrelevantKeys(context: Context, statement: Statement, blocks: readonly ConditionBlock[]): void {
  const resources = statement.resource?.key === 'Resource' ? statement.resource.values : [];
  if (resources.length === 0) return;
  for (const block of blocks) {
    for (const entry of block.entries) {
      const service = IRRELEVANT_IN_OWN_POLICY.get(entry.key.value.toLowerCase());
      if (!service || hasUnknownParts(entry.key)) continue;
      // Only when every Resource is an ARN of that service: the policy is then the resource's own.
      if (!resources.every((r) => literalValue(r)?.split(':')[2] === service.prefix)) continue;
      const data = { name: entry.key.value, service: service.label };
      context.report({ start: entry.key.start, end: entry.key.end, messageId: 'irrelevantInResourcePolicy', data, severity: 'info' });
    }
  }
}

function summarize(items: readonly string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}
