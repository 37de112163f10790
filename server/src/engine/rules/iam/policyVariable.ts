// iam/policy-variable: `${…}` policy variables that IAM rejects, takes literally or can never fill — malformed ones
// (empty, unclosed, a space or symbol in the name, an unquoted default), ones in an element or with an operator that
// takes no variables, ones in a policy whose Version predates variables, and names that are no condition key.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// Access Analyzer's checks of the same: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// (EMPTY_VARIABLE, MISSING_BRACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE,
// UNSUPPORTED_SYMBOL_IN_VARIABLE, VARIABLE_UNSUPPORTED_IN_ELEMENT, VARIABLE_UNSUPPORTED_IN_VERSION,
// INVALID_VARIABLE_FOR_OPERATOR).
//
// Template variables and template leftovers (`${region}`, `${AWS::Region}`) are iam/placeholder's. Only text the
// author wrote is judged (iam/values.ts literal stretches): an expression of the file holding the policy is not.

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, StrValue } from '../../iam/document';
import { editString } from '../../iam/edits';
import { operatorCategory, type OperatorCategory } from '../../iam/conditionOperators';
import { dollarBraceKind } from '../../iam/placeholders';
import { literalStretches, literalValue, sourceSpan, stretchAround } from '../../iam/values';
import { closestMatches, isCertainCorrection } from '../../text';
import { wholeDocument } from '../../iam/statementView';
import type { FixProposal, Report } from '../../types';

const LEGACY_VERSION = '2008-10-17';

/** Longest variable text quoted in a message. */
const MAX_QUOTED = 80;

type MessageId =
  | 'emptyVariable'
  | 'missingBrace'
  | 'missingQuote'
  | 'unsupportedSpace'
  | 'unsupportedSymbol'
  | 'variableInElement'
  | 'variableInLegacyVersion'
  | 'invalidForOperator'
  | 'unknownVariable'
  | 'multivaluedVariable';

export const policyVariable: IamRule = {
  id: 'iam/policy-variable',
  domain: 'iam',
  defaultSeverity: 'error',
  description:
    'Policy variables (${aws:username}) must be well formed, in a Resource or a String/Arn condition value of a 2012-10-17 policy, and name a condition key.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    emptyVariable: 'Empty policy variable ${}: write the condition key whose value IAM should put here (e.g. ${aws:username}), or remove it.',
    missingBrace: 'Policy variable {{variable}} has no closing "}": add it after the variable name.',
    missingQuote: "The default value of policy variable {{variable}} must be in single quotes, after a comma and a space: ${aws:PrincipalTag/team, 'default'}.",
    unsupportedSpace: 'Policy variable {{variable}} has a space in its name: IAM allows none there (only in a quoted default value).',
    unsupportedSymbol:
      'Policy variable {{variable}} has "{{symbol}}" in its name, which IAM does not allow: a variable names a condition key, such as ${aws:username} or ${aws:PrincipalTag/team}.',
    variableInElement:
      'Policy variable {{variable}} in {{element}}: IAM substitutes variables only in Resource and Condition values. Remove it from {{element}}.',
    variableInLegacyVersion:
      'Policy variable {{variable}} is taken as literal text: the policy {{version}}, and variables need "Version": "2012-10-17".',
    invalidForOperator:
      'Policy variable {{variable}} cannot be used with {{operator}}: IAM substitutes variables only in values of String and Arn operators.',
    unknownVariable:
      'Unknown policy variable {{variable}}: "{{key}}" is not a known condition key, so no request gives it a value (a Resource or a StringEquals with it matches nothing).{{hint}}',
    multivaluedVariable:
      'Policy variable {{variable}}: "{{key}}" is a multivalued condition key, and only single-valued keys can be used as variables.',
  },
  // A statement's findings depend on it and the policy's Version alone (did-you-mean searches are counted per statement).
  statementScope: { documentKey: (doc) => legacyVersion(wholeDocument(doc)) ?? '' },
  check(context) {
    const doc = context.doc;
    const version = legacyVersion(doc);
    // Indexed loops, and only values holding `${` looked at (variableSpans finds nothing in the others): every value
    // of every statement passes here.
    const statements = doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      let searches: Searches | undefined;
      const statementSearches = (): Searches => (searches ??= { done: 0, byKey: new Map() });
      if (statement.sid && mayHoldVariable(statement.sid)) outside(context, statement.sid, 'Sid');
      if (statement.effect && mayHoldVariable(statement.effect)) outside(context, statement.effect, 'Effect');
      const action = statement.action;
      if (action) for (let v = 0; v < action.values.length; v++) if (mayHoldVariable(action.values[v]!)) outside(context, action.values[v]!, action.key);
      const principal = statement.principal;
      if (principal) for (let e = 0; e < principal.entries.length; e++) if (mayHoldVariable(principal.entries[e]!.value)) outside(context, principal.entries[e]!.value, principal.key);
      const resource = statement.resource;
      if (resource) for (let v = 0; v < resource.values.length; v++) if (mayHoldVariable(resource.values[v]!)) inside(context, resource.values[v]!, { version, searches: statementSearches() });
      const blocks = statement.condition?.blocks;
      if (!blocks) continue;
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!;
        let operatorName: string | undefined;
        let category: ReturnType<typeof operatorCategory> | undefined;
        let categorized = false;
        for (let e = 0; e < block.entries.length; e++) {
          const entry = block.entries[e]!;
          if (mayHoldVariable(entry.key)) outside(context, entry.key, 'the condition key');
          for (let v = 0; v < entry.values.length; v++) {
            const value = entry.values[v]!;
            if (!mayHoldVariable(value)) continue;
            if (!categorized) {
              operatorName = literalValue(block.operator);
              category = operatorName === undefined ? undefined : operatorCategory(operatorName);
              categorized = true;
            }
            inside(context, value, { version, operator: operatorName, category, searches: statementSearches() });
          }
        }
      }
    }
  },
};

/** Can the value hold a `${…}` span (variableSpans finds none in a value without `${`)? */
const mayHoldVariable = (value: StrValue): boolean => value.value.includes('${');

/** `${…}` in a value, as the author wrote it: closed, or unclosed (running to the next `${` or the end). */
interface VariableSpan {
  /** Value offsets of `${` and just after `}` (or of the end of the unclosed text). */
  start: number;
  end: number;
  body: string;
  closed: boolean;
}

/**
 * The `${…}` spans of the value that lie within text the author wrote (an unclosed one up to where it ends).
 * Linear: the next `}` is found once for every `${` before it, each `${` once.
 */
function variableSpans(value: StrValue): VariableSpan[] {
  const text = value.value;
  if (!text.includes('${')) return [];
  const stretches = literalStretches(value);
  const spans: VariableSpan[] = [];
  let from = 0;
  let close = -2; // the first `}` after the last `${` looked at; -1: none
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) break;
    if (close !== -1 && close < start + 2) close = text.indexOf('}', start + 2);
    const next = text.indexOf('${', start + 2);
    if (close === -1 || (next >= 0 && next < close)) {
      const end = next >= 0 ? next : text.length;
      if (stretchAround(stretches, start, end)) spans.push({ start, end, body: text.slice(start + 2, end), closed: false });
      if (next < 0) break;
      from = next;
      continue;
    }
    if (stretchAround(stretches, start, close + 1)) spans.push({ start, end: close + 1, body: text.slice(start + 2, close), closed: true });
    from = close + 1;
  }
  return spans;
}

/** A variable IAM would read as one: `${*}`, `${?}`, `${$}` or a `${prefix:name}` (template variables are not). */
function isVariable(span: VariableSpan): boolean {
  if (!span.closed) return false;
  const kind = dollarBraceKind(span.body);
  return kind === 'special' || kind === 'policy-variable';
}

/** Variables in an element where IAM does not substitute them. */
function outside(context: RuleContext<IamDocument>, value: StrValue, element: string): void {
  for (const span of variableSpans(value)) {
    if (!isVariable(span)) continue;
    report(context, value, span, { messageId: 'variableInElement', data: { variable: quoted(value, span), element } });
  }
}

interface Place {
  /** Why variables are literal text in this policy, or undefined when they work. */
  version: string | undefined;
  /** The condition operator as written, and its family when IAM accepts it (Resource values: none). */
  operator?: string;
  category?: OperatorCategory;
  /** The statement's did-you-mean searches. */
  searches: Searches;
}

/** Variables in a Resource or Condition value. */
function inside(context: RuleContext<IamDocument>, value: StrValue, place: Place): void {
  for (const span of variableSpans(value)) {
    const variable = quoted(value, span);
    if (!span.closed) {
      report(context, value, span, { messageId: 'missingBrace', data: { variable } });
      continue;
    }
    const kind = dollarBraceKind(span.body);
    if (kind === 'empty') {
      report(context, value, span, { messageId: 'emptyVariable' });
      continue;
    }
    if (kind !== 'special' && kind !== 'policy-variable') continue; // iam/placeholder's
    if (kind === 'policy-variable' && !wellFormed(context, value, span, variable)) continue;
    if (place.category !== undefined && place.category !== 'String' && place.category !== 'Arn') {
      report(context, value, span, { messageId: 'invalidForOperator', data: { variable, operator: place.operator ?? '' } });
    }
    if (place.version !== undefined) {
      report(context, value, span, { messageId: 'variableInLegacyVersion', data: { variable, version: place.version } });
    }
    if (kind === 'policy-variable') checkName(context, value, span, variable, place.searches);
  }
}

/** Characters of a variable name besides ASCII letters and digits (condition keys, tag keys, provider names). */
const NAME_SYMBOLS = new Set(['.', '_', ':', '/', '=', '+', '-', '@']);

/** Reports a space, a symbol or an unquoted default; true when the variable is well formed. */
function wellFormed(context: RuleContext<IamDocument>, value: StrValue, span: VariableSpan, variable: string): boolean {
  const comma = span.body.indexOf(',');
  const name = comma < 0 ? span.body : span.body.slice(0, comma);
  const nameStart = span.start + 2;
  if (/\s/.test(name)) {
    const compact = name.replace(/\s+/g, '');
    const suggestions: FixProposal[] = [{ title: `Remove the space: \${${compact}${comma < 0 ? '' : span.body.slice(comma)}}`, edits: [editString(value, nameStart, nameStart + name.length, compact)] }];
    report(context, value, span, { messageId: 'unsupportedSpace', data: { variable }, suggestions });
    return false;
  }
  for (const c of name) {
    const code = c.codePointAt(0)!;
    const allowed = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127 || NAME_SYMBOLS.has(c);
    if (!allowed) {
      report(context, value, span, { messageId: 'unsupportedSymbol', data: { variable, symbol: c } });
      return false;
    }
  }
  if (comma >= 0) {
    const raw = span.body.slice(comma + 1);
    const lead = raw.length - raw.trimStart().length;
    const fallback = raw.trim();
    const quotedWell = fallback.length >= 2 && fallback.startsWith("'") && fallback.endsWith("'");
    if (!quotedWell) {
      const inner = fallback.replace(/^['"]/, '').replace(/['"]$/, '');
      const from = nameStart + comma + 1 + lead;
      const fix: FixProposal | undefined =
        fallback.length > 0 ? { title: `Quote the default value: '${inner}'`, edits: [editString(value, from, from + fallback.length, `'${inner}'`)] } : undefined;
      report(context, value, span, { messageId: 'missingQuote', data: { variable }, ...(fix ? { fix } : {}) });
      return false;
    }
  }
  return true;
}

/**
 * Services whose policies have variables of their own beyond their IAM condition keys: AWS IoT Core policies use
 * `${iot:ClientId}`, `${iot:Connection.Thing.ThingName}`, `${iot:Certificate.Subject.CommonName}` and more.
 * https://docs.aws.amazon.com/iot/latest/developerguide/iot-policy-variables.html
 */
const OWN_VARIABLES: ReadonlySet<string> = new Set(['iot']);

/** An `aws:` variable must be a global condition key, a variable of a known service one of its keys; both single-valued. */
function checkName(context: RuleContext<IamDocument>, value: StrValue, span: VariableSpan, variable: string, searches: Searches): void {
  const comma = span.body.indexOf(',');
  const key = comma < 0 ? span.body : span.body.slice(0, comma);
  const colon = key.indexOf(':');
  const prefix = key.slice(0, colon).toLowerCase();
  const { data } = context;
  let type: string | undefined;
  let candidates: () => string[] = () => [];
  if (prefix === 'aws') {
    const info = data.globalConditionKey(key);
    if (info) type = info.type;
    else candidates = () => data.globalConditionKeys().map((g) => g.key).filter((k) => k.toLowerCase().startsWith('aws:'));
  } else if (data.serviceExists(prefix) && !OWN_VARIABLES.has(prefix)) {
    const info = data.serviceConditionKey(key) ?? data.globalConditionKey(key);
    if (info) type = info.type;
    else candidates = () => data.serviceConditionKeys(prefix).map((k) => k.key);
  } else {
    return; // identity providers (saml:, www.amazon.com:, accounts.google.com:, OIDC issuers) and unknown prefixes
  }
  if (type !== undefined) {
    if (type.startsWith('ArrayOf')) report(context, value, span, { messageId: 'multivaluedVariable', severity: 'warning', data: { variable, key } });
    return;
  }
  const corrections = cachedCorrections(searches, key, candidates);
  const nameStart = span.start + 2;
  const proposals = corrections.map((c) => ({ title: `Change to \${${c}${comma < 0 ? '' : span.body.slice(comma)}}`, edits: [editString(value, nameStart, nameStart + key.length, c)] }));
  const certain = isCertainCorrection(key, corrections);
  report(context, value, span, {
    messageId: 'unknownVariable',
    severity: 'warning',
    data: { variable, key, hint: corrections.length > 0 ? ` Did you mean ${corrections.map((c) => `\${${c}}`).join(' or ')}?` : '' },
    ...(certain ? { fix: proposals[0]! } : { suggestions: proposals }),
  });
}

/**
 * Most did-you-mean searches per statement (the engine keeps 100 findings of a rule anyway); the rest get no hint.
 * Per statement, not per document, so that a statement's findings depend on it alone; each search is linear in the
 * name, so a document's total stays linear in its length.
 */
const MAX_SEARCHES = 100;

interface Searches {
  done: number;
  byKey: Map<string, string[]>;
}

/** `nameCorrections`, once per misspelt key and at most MAX_SEARCHES times per statement. */
function cachedCorrections(state: Searches, key: string, candidates: () => readonly string[]): string[] {
  const lower = key.toLowerCase();
  const known = state.byKey.get(lower);
  if (known) return known;
  if (state.done >= MAX_SEARCHES) return [];
  state.done++;
  const found = nameCorrections(key, candidates());
  state.byKey.set(lower, found);
  return found;
}

/**
 * The closest condition keys to a misspelt one. A tag key's template (`aws:PrincipalTag/tag-key`) is compared by
 * its head, keeping the written tag key (`aws:PrincipalTags/team` → `aws:PrincipalTag/team`).
 */
function nameCorrections(key: string, candidates: readonly string[]): string[] {
  const slash = key.indexOf('/');
  if (slash > 0) {
    const heads = candidates.filter((c) => c.includes('/')).map((c) => c.slice(0, c.indexOf('/')));
    return closestMatches(key.slice(0, slash), heads, 2).map((h) => h + key.slice(slash));
  }
  return closestMatches(key, candidates.filter((c) => !c.includes('/') && !c.includes('${') && !c.includes('<')), 2);
}

/** Why the policy's variables are literal text, or undefined when its Version supports them (or is not known). */
function legacyVersion(doc: IamDocument): string | undefined {
  if (doc.root?.type !== 'object') return undefined;
  if (!doc.versionProperty) return 'has no "Version" (so it is read as 2008-10-17)';
  const version = doc.version ? literalValue(doc.version) : undefined;
  // Another version is rejected as a whole (iam/policy-version); an expression's is not known.
  return version === LEGACY_VERSION ? `has "Version": "${LEGACY_VERSION}"` : undefined;
}

/** The variable as written, shortened for a message. */
function quoted(value: StrValue, span: VariableSpan): string {
  const text = value.value.slice(span.start, span.end);
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
}

function report(
  context: RuleContext<IamDocument>,
  value: StrValue,
  span: VariableSpan,
  report: Omit<Report, 'start' | 'end' | 'messageId'> & { messageId: MessageId },
): void {
  // Where the variable is spelled; when its `${` is written with an escape (a host's `$${`), where its name is.
  const bodyEnd = span.closed ? span.end - 1 : span.end;
  const { start, end } = sourceSpan(value, span.start, span.end) ?? (bodyEnd > span.start + 2 ? sourceSpan(value, span.start + 2, bodyEnd) : undefined) ?? value;
  context.report({ ...report, start, end });
}
