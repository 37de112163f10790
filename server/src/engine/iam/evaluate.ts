// Local IAM evaluator: decides one request (action, resource, context) against one policy document.
//
// Scope: the statements of a single document, as the identity-based policy evaluation logic describes
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
// an explicit Deny wins, otherwise any Allow allows, otherwise the request is implicitly denied.
// `Principal`/`NotPrincipal` are ignored: for an identity evaluation the principal is the caller, and
// resource-policy principal matching needs account context this function does not have.

import type { ConditionBlock, ConditionEntry, IamDocument, Statement, StrValue } from './document';
import { dollarBraceSpans, replaceDollarBraces } from '../interpolations';
import { actionMatches, compileWildcardParts, resourceMatches, type PatternPart } from './wildcard';
import { parseOperator, type BaseOperatorFacts, type Comparison } from './conditionOperators';
import { parseIpAddress } from './ipRanges';

export type Decision = 'allowed' | 'implicitDeny' | 'explicitDeny';

/** Request context values by condition key; keys compare case-insensitively. */
export interface RequestContext {
  [conditionKey: string]: string | string[];
}

export interface MatchedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
}

export interface Evaluation {
  decision: Decision;
  matchedStatements: MatchedStatement[];
  /** Context keys the policy consulted that the request context did not provide (first spelling kept). */
  missingContextKeys: string[];
}

/** Why a condition entry (one operator + one key) did or did not hold. */
export interface ConditionOutcome {
  operator: string;
  key: string;
  holds: boolean;
  /** The key was absent from the request context. */
  keyMissing: boolean;
  /** Operator unknown to IAM: the condition can never hold. */
  unknownOperator: boolean;
}

/** The full evaluation of one statement, for explanations. */
export interface StatementEvaluation {
  index: number;
  sid: string | undefined;
  effect: 'Allow' | 'Deny' | undefined;
  actionMatched: boolean;
  /** The `Action`/`NotAction` value that decided the action match (the excluding one for NotAction). */
  actionValue: string | undefined;
  resourceMatched: boolean;
  resourceValue: string | undefined;
  conditions: ConditionOutcome[];
  /** Variables in Resource/NotResource that the context could not resolve. */
  unresolvedVariables: string[];
  matched: boolean;
  missingContextKeys: string[];
}

/** Evaluate one request (action like "s3:GetObject", concrete resource ARN or "*") against a parsed document. */
export function evaluateRequest(doc: IamDocument, action: string, resource: string, context: RequestContext = {}): Evaluation {
  return summarize(evaluateStatements(doc, action, resource, context));
}

/** Every statement's evaluation, in document order. */
export function evaluateStatements(
  doc: IamDocument,
  action: string,
  resource: string,
  context: RequestContext = {},
): StatementEvaluation[] {
  const ctx = normalizeContext(context);
  // Policy variables are only recognised with Version 2012-10-17; otherwise `${…}` is literal text.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  const variables = doc.version?.value === '2012-10-17';
  return doc.statements.map((s) => evaluateStatement(s, action, resource, ctx, variables));
}

/** The decision from statement evaluations: explicit Deny over Allow over implicit deny. */
export function summarize(evaluations: readonly StatementEvaluation[]): Evaluation {
  const matched = evaluations.filter((e) => e.matched && e.effect !== undefined);
  const missing = new Map<string, string>();
  for (const e of evaluations) for (const key of e.missingContextKeys) if (!missing.has(key.toLowerCase())) missing.set(key.toLowerCase(), key);
  const decision: Decision = matched.some((e) => e.effect === 'Deny')
    ? 'explicitDeny'
    : matched.some((e) => e.effect === 'Allow')
      ? 'allowed'
      : 'implicitDeny';
  return {
    decision,
    matchedStatements: matched.map((e) => ({ index: e.index, ...(e.sid !== undefined ? { sid: e.sid } : {}), effect: e.effect! })),
    missingContextKeys: [...missing.values()],
  };
}

type Context = Map<string, { key: string; value: string | string[] }>;

function normalizeContext(context: RequestContext): Context {
  const map: Context = new Map();
  for (const [key, value] of Object.entries(context)) map.set(key.toLowerCase(), { key, value });
  return map;
}

function lookup(ctx: Context, key: string): string | string[] | undefined {
  return ctx.get(key.toLowerCase())?.value;
}

function evaluateStatement(s: Statement, action: string, resource: string, ctx: Context, variables: boolean): StatementEvaluation {
  const effect = s.effect?.value === 'Allow' || s.effect?.value === 'Deny' ? s.effect.value : undefined;
  const result: StatementEvaluation = {
    index: s.index,
    sid: s.sid?.value,
    effect,
    actionMatched: false,
    actionValue: undefined,
    resourceMatched: false,
    resourceValue: undefined,
    conditions: [],
    unresolvedVariables: [],
    matched: false,
    missingContextKeys: [],
  };
  if (!s.action) return result;
  const actionHit = s.action.values.find((v) => actionMatches(v.value, action));
  result.actionValue = actionHit?.value;
  result.actionMatched = s.action.key === 'NotAction' ? actionHit === undefined : actionHit !== undefined;
  if (!result.actionMatched) return result;
  if (!s.resource) {
    // Never matches (identity statements need a Resource), but callers reading trust policies, which
    // have none, still learn how the conditions fare; their keys are not reported as missing.
    result.conditions = evaluateConditions(s, ctx, variables, new Set());
    return result;
  }

  const missing = new Set<string>();
  let resourceHit: StrValue | undefined;
  let undecided = false;
  for (const v of s.resource.values) {
    const m = matchPattern(v.value, resource, ctx, { wildcards: true, caseInsensitive: false, variables });
    for (const key of m.unresolved) {
      missing.add(key);
      if (!result.unresolvedVariables.includes(key)) result.unresolvedVariables.push(key);
    }
    if (m.matches) {
      resourceHit = v;
      break;
    }
    if (m.unresolved.length > 0 && !provablyOutside(v.value, resource, ctx)) undecided = true;
  }
  result.resourceValue = resourceHit?.value;
  // A value with an unresolved variable never grants under Resource. Under NotResource the statement
  // cannot be decided and does not apply, unless the ARN's partition, service, region or account already
  // differ from the request's (the same conservative reading as the reference simulator the tests compare with).
  result.resourceMatched = s.resource.key === 'NotResource' ? resourceHit === undefined && !undecided : resourceHit !== undefined;

  if (result.resourceMatched || result.unresolvedVariables.length > 0) result.conditions = evaluateConditions(s, ctx, variables, missing);
  result.missingContextKeys = [...missing];
  result.matched = effect !== undefined && result.resourceMatched && result.conditions.every((c) => c.holds);
  return result;
}

/** Every condition entry of a statement (blocks AND, keys AND), collecting absent keys into `missing`. */
function evaluateConditions(s: Statement, ctx: Context, variables: boolean, missing: Set<string>): ConditionOutcome[] {
  return (s.condition?.blocks ?? []).flatMap((block) => block.entries.map((entry) => evaluateCondition(block, entry, ctx, variables, missing)));
}

/** Do the partition, service, region or account of an ARN pattern with unresolved variables exclude the ARN? */
function provablyOutside(pattern: string, arn: string, ctx: Context): boolean {
  const p = splitArn(pattern);
  const a = splitArn(arn);
  // The request resource `*` (actions without resource types): only a pattern that could be `*` can match it.
  if (!p || !a) return !matchPattern(pattern, arn, ctx, { wildcards: true, caseInsensitive: false, variables: true }).couldMatch;
  return p.slice(0, 5).some((part, i) => !matchPattern(part, a[i]!, ctx, { wildcards: true, caseInsensitive: false, variables: true }).couldMatch);
}

// ---------------------------------------------------------------------------------------------
// Patterns with wildcards and policy variables

interface PatternOptions {
  wildcards: boolean;
  caseInsensitive: boolean;
  variables: boolean;
}

interface PatternMatch {
  matches: boolean;
  /** Variable keys without a value in the context (and without a default). */
  unresolved: string[];
  /** With unresolved variables: could some value of them make the pattern match? */
  couldMatch: boolean;
}

/** Matches `value` against an IAM string pattern; policy variables are replaced by literal context values. */
export function matchPattern(pattern: string, value: string, ctx: Context, options: PatternOptions): PatternMatch {
  if (!options.variables || !pattern.includes('${')) {
    const matches = matchPlain(pattern, value, options);
    return { matches, unresolved: [], couldMatch: matches };
  }
  const resolved = resolveVariables(pattern, ctx, options.wildcards);
  const matches = compileWildcardParts(resolved.parts, options.caseInsensitive).test(value);
  if (resolved.unresolved.length > 0) return { matches: false, unresolved: resolved.unresolved, couldMatch: matches };
  return { matches, unresolved: [], couldMatch: matches };
}

function matchPlain(pattern: string, value: string, options: PatternOptions): boolean {
  if (options.wildcards) return options.caseInsensitive ? actionMatches(pattern, value) : resourceMatches(pattern, value);
  return options.caseInsensitive ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
}

/** The pattern's parts with its `${…}` variables replaced by their values (literal text, never wildcards). */
function resolveVariables(pattern: string, ctx: Context, wildcards: boolean): { parts: PatternPart[]; unresolved: string[] } {
  const unresolved: string[] = [];
  const parts: PatternPart[] = [];
  let last = 0;
  for (const span of dollarBraceSpans(pattern)) {
    parts.push({ text: pattern.slice(last, span.start), wildcards });
    last = span.end;
    const value = variableValue(span.body, ctx);
    // An unresolved variable could take any value: a `*` (used only to decide whether a match was possible).
    if (value.resolved === undefined) {
      unresolved.push(value.key);
      parts.push({ text: '*', wildcards: true });
    } else parts.push({ text: value.resolved, wildcards: false });
  }
  parts.push({ text: pattern.slice(last), wildcards });
  return { parts, unresolved };
}

/** `${*}`, `${?}`, `${$}` are escapes; `${key, 'default'}` falls back to the default. */
function variableValue(body: string, ctx: Context): { key: string; resolved: string | undefined } {
  const trimmed = body.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return { key: trimmed, resolved: trimmed };
  const withDefault = splitDefault(trimmed);
  const key = withDefault ? withDefault.key : trimmed;
  const value = lookup(ctx, key);
  // Multivalued keys cannot be used as policy variables.
  if (typeof value === 'string') return { key, resolved: value };
  return { key, resolved: withDefault ? withDefault.fallback : undefined };
}

/**
 * `key, 'default'` → its key and default (what /^([^,]+?)\s*,\s*'([^']*)'$/ captures, the key trimmed),
 * found with indexOf: that pattern retries its lazy group at every character of a long blank run.
 */
export function splitDefault(trimmed: string): { key: string; fallback: string } | undefined {
  const comma = trimmed.indexOf(',');
  if (comma <= 0) return undefined;
  const rest = trimmed.slice(comma + 1).trimStart();
  if (rest.length < 2 || !rest.startsWith("'") || !rest.endsWith("'")) return undefined;
  const fallback = rest.slice(1, -1);
  if (fallback.includes("'")) return undefined;
  return { key: trimmed.slice(0, comma).trim(), fallback };
}

/** The pattern with its variables replaced by their values, as plain text. */
function substituteVariables(pattern: string, ctx: Context): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const text = replaceDollarBraces(pattern, (span) => {
    const value = variableValue(span.body, ctx);
    if (value.resolved === undefined) unresolved.push(value.key);
    return value.resolved ?? '';
  });
  return { text, unresolved };
}

// ---------------------------------------------------------------------------------------------
// Conditions
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

type ValueTest = (requestValue: string, policyValue: string) => boolean;

interface OperatorSpec {
  /** The positive comparison of one request value with one policy value. */
  test: (ctx: Context, variables: boolean) => ValueTest;
  /** Negated operators hold when the request value matches none of the policy values. */
  negated: boolean;
  /** Whether a request value has the operator's type; a value of the wrong type never satisfies it, negated or not. */
  accepts?: (requestValue: string) => boolean;
}

const stringTest =
  (wildcards: boolean, caseInsensitive: boolean) =>
  (ctx: Context, variables: boolean): ValueTest =>
  (req, pol) =>
    matchPattern(pol, req, ctx, { wildcards, caseInsensitive, variables }).matches;

const numericTest = (cmp: (a: number, b: number) => boolean) => (): ValueTest => (req, pol) => {
  const a = parseNumber(req);
  const b = parseNumber(pol);
  return a !== undefined && b !== undefined && cmp(a, b);
};

const dateTest = (cmp: (a: number, b: number) => boolean) => (): ValueTest => (req, pol) => {
  const a = parseDate(req);
  const b = parseDate(pol);
  return a !== undefined && b !== undefined && cmp(a, b);
};

const arnTest = (ctx: Context, variables: boolean): ValueTest => (req, pol) => arnMatches(pol, req, ctx, variables);

const boolTest = (ctx: Context, variables: boolean): ValueTest => (req, pol) => {
  const resolved = variables ? substituteVariables(pol, ctx) : { text: pol, unresolved: [] };
  if (resolved.unresolved.length > 0) return false;
  const p = resolved.text.toLowerCase();
  const r = req.toLowerCase();
  return (p === 'true' || p === 'false') && p === r;
};

const ipTest = (): ValueTest => (req, pol) => ipInCidr(req, pol);

const ORDER: Readonly<Record<Exclude<Comparison, 'like' | 'presence'>, (a: number, b: number) => boolean>> = {
  equals: (a, b) => a === b,
  lessThan: (a, b) => a < b,
  lessThanEquals: (a, b) => a <= b,
  greaterThan: (a, b) => a > b,
  greaterThanEquals: (a, b) => a >= b,
};

/** How the evaluator compares values for a base operator of the table (Null is handled before: it tests presence). */
function operatorSpec(base: BaseOperatorFacts): OperatorSpec | undefined {
  const { negated } = base;
  const cmp = base.comparison === 'like' || base.comparison === 'presence' ? ORDER.equals : ORDER[base.comparison];
  switch (base.category) {
    case 'String':
      return { test: stringTest(base.wildcards, base.ignoresCase), negated };
    case 'Numeric':
      return { test: numericTest(cmp), negated, accepts: isNumber };
    case 'Date':
      return { test: dateTest(cmp), negated, accepts: isDate };
    case 'Bool':
      return { test: boolTest, negated, accepts: isBool };
    case 'Binary':
      // Base64 text compared as written, as @cloud-copilot/iam-simulate does.
      return { test: stringTest(false, false), negated };
    case 'IpAddress':
      return { test: ipTest, negated, accepts: isIp };
    case 'Arn':
      // ArnEquals and ArnLike behave identically: per-segment, case-sensitive, with wildcards.
      return { test: arnTest, negated, accepts: isArn };
    case 'Null':
      return undefined;
  }
}

function isNumber(v: string): boolean {
  return parseNumber(v) !== undefined;
}
function isDate(v: string): boolean {
  return parseDate(v) !== undefined;
}
function isIp(v: string): boolean {
  return parseIpAddress(v) !== undefined;
}
function isArn(v: string): boolean {
  return splitArn(v) !== undefined;
}
function isBool(v: string): boolean {
  return /^(true|false)$/i.test(v);
}

function evaluateCondition(
  block: ConditionBlock,
  entry: ConditionEntry,
  ctx: Context,
  variables: boolean,
  missing: Set<string>,
): ConditionOutcome {
  const operator = block.operator.value;
  const key = entry.key.value;
  const policyValues = entry.values.map((v) => v.value);
  const requestValue = lookup(ctx, key);
  const keyMissing = requestValue === undefined;
  const outcome = (holds: boolean, unknownOperator = false): ConditionOutcome => ({ operator, key, holds, keyMissing, unknownOperator });
  // The names IAM accepts, spelt exactly: IAM refuses a policy with any other, so no request meets it.
  const parsed = parseOperator(operator);
  if (!parsed) {
    if (keyMissing) missing.add(key);
    return outcome(false, true);
  }
  if (parsed.base.category === 'Null') {
    // Null tests presence: "true" holds when the key is absent, "false" when present.
    const goal = keyMissing ? 'true' : 'false';
    return outcome(policyValues.some((v) => v.toLowerCase() === goal));
  }
  if (keyMissing) missing.add(key);
  const spec = operatorSpec(parsed.base);
  if (!spec) return outcome(false, true);
  const test = spec.test(ctx, variables);
  const valueHolds = (value: string): boolean => {
    if (spec.accepts && !spec.accepts(value)) return false;
    const hit = policyValues.some((p) => test(value, p));
    return spec.negated ? !hit : hit;
  };

  if (parsed.set === 'ForAllValues') {
    // Vacuously true for a missing or empty key.
    if (requestValue === undefined) return outcome(true);
    return outcome(asArray(requestValue).every(valueHolds));
  }
  if (parsed.set === 'ForAnyValue') {
    if (requestValue === undefined) return outcome(false);
    return outcome(asArray(requestValue).some(valueHolds));
  }
  if (requestValue === undefined) {
    // A missing key fails the condition, except for IfExists and negated operators, which hold.
    return outcome(parsed.ifExists || spec.negated);
  }
  // A single-valued operator never matches a multivalued key: that needs a set operator.
  if (Array.isArray(requestValue)) return outcome(false);
  return outcome(valueHolds(requestValue));
}

function asArray(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

function parseNumber(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$/.test(text)) return undefined;
  return Number(text);
}

/** ISO 8601 dates or epoch seconds. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date */
export function parseDate(text: string): number | undefined {
  if (/^-?\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** ARN condition matching: the six colon-separated parts compare separately, each with wildcards. */
function arnMatches(pattern: string, arn: string, ctx: Context, variables: boolean): boolean {
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return false;
  return p.every((part, i) => matchPattern(part, a[i]!, ctx, { wildcards: true, caseInsensitive: false, variables }).matches);
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

// ---------------------------------------------------------------------------------------------
// IP addresses (IPv4 and IPv6, CIDR or single address)

/** Is `ip` inside `cidr`? A CIDR without a prefix length is a single address. Families never mix. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const base = parseIpAddress(slash < 0 ? cidr : cidr.slice(0, slash));
  const address = parseIpAddress(ip);
  if (!base || !address || base.version !== address.version) return false;
  const bits = base.version === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(bits) : cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (prefix > bits) return false;
  const shift = BigInt(bits - prefix);
  return base.value >> shift === address.value >> shift;
}

// ---------------------------------------------------------------------------------------------
// Offline explanation

export interface Explanation {
  decision: Decision;
  /** One sentence: the decision and the deciding statement(s). */
  summary: string;
  /** The deciding statements in words (the Deny ones for an explicit deny, the Allow ones when allowed). */
  deciding: string[];
  /** For an implicit deny: why each Allow statement did not apply. */
  notApplicable: string[];
  missingContextKeys: string[];
}

/** Evaluates a request and says, in words, which statement(s) decided it and why. */
export function explainRequest(doc: IamDocument, action: string, resource: string, context: RequestContext = {}): Explanation {
  const evaluations = evaluateStatements(doc, action, resource, context);
  const evaluation = summarize(evaluations);
  const request = `${action} on ${resource}`;
  const denies = evaluations.filter((e) => e.matched && e.effect === 'Deny');
  const allows = evaluations.filter((e) => e.matched && e.effect === 'Allow');
  let summary: string;
  let deciding: string[] = [];
  let notApplicable: string[] = [];
  if (evaluation.decision === 'explicitDeny') {
    deciding = denies.map(describeMatch);
    summary = `Explicitly denied: ${request} is denied by ${denies.map(statementName).join(', ')}; an explicit Deny overrides any Allow.`;
  } else if (evaluation.decision === 'allowed') {
    deciding = allows.map(describeMatch);
    summary = `Allowed: ${request} is allowed by ${allows.map(statementName).join(', ')}.`;
  } else {
    notApplicable = evaluations.filter((e) => e.effect === 'Allow').map(describeMiss);
    summary = `Implicitly denied: no statement allows ${request}.`;
  }
  if (evaluation.missingContextKeys.length > 0) {
    summary += ` The request context lacks ${evaluation.missingContextKeys.join(', ')}; pass values to evaluate the conditions that use them.`;
  }
  return { decision: evaluation.decision, summary, deciding, notApplicable, missingContextKeys: evaluation.missingContextKeys };
}

function statementName(e: StatementEvaluation): string {
  return e.sid ? `statement ${e.index + 1} ("${e.sid}")` : `statement ${e.index + 1}`;
}

function describeMatch(e: StatementEvaluation): string {
  const parts: string[] = [];
  parts.push(e.actionValue !== undefined ? `Action "${e.actionValue}" matches` : `the action is not excluded by NotAction`);
  parts.push(e.resourceValue !== undefined ? `Resource "${e.resourceValue}" matches` : `the resource is not excluded by NotResource`);
  if (e.conditions.length > 0) {
    parts.push(`its conditions hold (${e.conditions.map((c) => `${c.operator} ${c.key}${c.keyMissing ? ' — key absent' : ''}`).join('; ')})`);
  }
  return `${statementName(e)} (${e.effect}): ${parts.join(', ')}.`;
}

function describeMiss(e: StatementEvaluation): string {
  const name = `${statementName(e)} (Allow)`;
  if (!e.actionMatched) {
    return e.actionValue !== undefined
      ? `${name}: the action is excluded by NotAction "${e.actionValue}".`
      : `${name}: no Action value matches.`;
  }
  if (!e.resourceMatched && e.unresolvedVariables.length > 0 && e.resourceValue === undefined) {
    return `${name}: its resource uses ${e.unresolvedVariables.map((k) => '${' + k + '}').join(', ')}, which the request context does not provide.`;
  }
  if (!e.resourceMatched) {
    return e.resourceValue !== undefined
      ? `${name}: the resource is excluded by NotResource "${e.resourceValue}".`
      : `${name}: no Resource value matches.`;
  }
  const failed = e.conditions.filter((c) => !c.holds);
  if (failed.length > 0) {
    return `${name}: condition ${failed
      .map((c) =>
        c.unknownOperator
          ? `${c.operator} (unknown operator)`
          : `${c.operator} on ${c.key} ${c.keyMissing ? 'fails because the key is absent from the request' : 'does not hold'}`,
      )
      .join('; ')}.`;
  }
  return `${name}: its Effect is not "Allow" or "Deny".`;
}
