// Hover for IAM policy documents: actions (and wildcards), ARNs, condition keys and operators, policy variables, element keys.
//
// Pure: (text, offset, data) → markdown and the offsets of the hovered token. Every hover ends
// with the version of the AWS data it was computed from.

import type { ActionInfo, IamData } from '../data/iamData';
import { actionId, expandActionPattern, isEveryAction } from './actions';
import { actionCanUseResource } from './applicability';
import { compileResourceType, matchingResourceTypes, parseArn, patternCanMatchTemplateWithAccount, resourcePattern } from './arn';
import { cursorContext, statementPath, stringTokenValue, tokenize, type JsonPath, type Token } from './cursorContext';
import { parseIamDocument, propertyKey, type IamDocument, type JsonNode, type Statement, type StrValue } from './document';
import { displayValue, hasUnknownParts, isUnknown, literalStretches, sourceSpan, stretchAround, type DescribedValue } from './values';
import { markdownCode, markdownText, tableCell } from '../markdown';
import { describeOperator, parseOperator, SET_PREFIX_DOC_URL } from './conditionOperators';
import { globalConditionKeyDescription } from './globalConditionKeyDescriptions';
import {
  ARN_FORMAT_URL,
  ELEMENT_DOC_URLS,
  GLOBAL_CONDITION_KEYS_URL,
  POLICY_VARIABLES_URL,
  actionsTableUrl,
  dataVersionLine,
  serviceReferenceUrl,
} from './referenceLinks';
import { SERVICE_PRINCIPALS } from './servicePrincipals';
import { actionInfosForPatterns } from './statementData';
import { hasWildcard } from './wildcard';
import { dollarBraceSpans } from '../interpolations';
import { dollarBraceKind } from './placeholders';
import { SyntaxKind } from 'jsonc-parser';

export interface IamHover {
  markdown: string;
  /** Offsets of the hovered text (a whole string, or a policy variable inside one). */
  start: number;
  end: number;
}

/** How many actions a wildcard hover lists before "and N more". */
export const WILDCARD_LIST_LIMIT = 20;

/** `doc`: the document already parsed from this `text` (the server parses once per version); parsed here when absent. */
export function hoverIam(text: string, offset: number, data: IamData, doc?: IamDocument): IamHover | undefined {
  const tokens = tokenize(text);
  const token = tokens.find((t) => t.kind === SyntaxKind.StringLiteral && t.start <= offset && offset < t.end);
  if (!token) return undefined;
  // cursorContext wants the cursor inside the quotes.
  const inside = Math.min(Math.max(offset, token.start + 1), token.unterminated ? token.end : token.end - 1);
  const ctx = cursorContext(text, inside, tokens);
  if (!ctx) return undefined;
  const value = stringTokenValue(text, token);
  const env: HoverEnv = { text, data, token, value, offset, statement: () => statementAt(doc ?? parseIamDocument(text), token.start) };
  const body = ctx.slot.type === 'key' ? hoverKey(env, ctx.slot.container) : hoverValue(env, ctx.slot.property);
  if (!body) return undefined;
  return { markdown: `${body.markdown}\n\n---\n\n_${dataVersionLine(data)}_`, start: body.start ?? token.start, end: body.end ?? token.end };
}

interface HoverEnv {
  text: string;
  data: IamData;
  token: Token;
  value: string;
  offset: number;
  statement: () => Statement | undefined;
}

interface HoverBody {
  markdown: string;
  start?: number;
  end?: number;
}

function statementAt(doc: IamDocument, offset: number): Statement | undefined {
  return doc.statements.find((s) => s.node.offset < offset && offset < s.node.offset + s.node.length);
}

// ---------------------------------------------------------------------------------------------
// Keys

const ELEMENT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  Version: 'The policy language version. Always use `2012-10-17`: policy variables do not work with `2008-10-17`.',
  Id: 'An optional identifier for the policy (used by some services, e.g. SQS and SNS).',
  Statement: 'The policy’s statements: one object or an array of objects.',
  Sid: 'An optional statement id. Letters and digits only in IAM policies.',
  Effect: '`Allow` or `Deny`. An explicit Deny overrides any Allow.',
  Principal: 'Who the statement applies to. Only in resource-based and trust policies.',
  NotPrincipal: 'Every principal except these. Rarely right: prefer `Principal` with conditions.',
  Action: 'The actions the statement allows or denies (`service:Action`, `*` and `?` wildcards allowed).',
  NotAction: 'Every action except these. With `Allow`, this grants every other action of every service.',
  Resource: 'The resources (ARNs) the actions apply to. Each action applies only to its resource types.',
  NotResource: 'Every resource except these.',
  Condition: 'Conditions on the request context (`Operator: { key: values }`); all must hold.',
};

/** What a policy element is, with its reference link; undefined for other keys. */
function elementMarkdown(key: string): string | undefined {
  const description = Object.prototype.hasOwnProperty.call(ELEMENT_DESCRIPTIONS, key) ? ELEMENT_DESCRIPTIONS[key] : undefined;
  return description === undefined ? undefined : `**${key}** (policy element)\n\n${description}\n\n[IAM JSON policy reference](${ELEMENT_DOC_URLS[key]})`;
}

function hoverKey(env: HoverEnv, container: JsonPath): HoverBody | undefined {
  const key = env.value;
  if (container.length === 0 || (statementPath(container)?.rest.length === 0 && container[0] === 'Statement')) {
    const markdown = elementMarkdown(key);
    return markdown === undefined ? undefined : { markdown };
  }
  const split = statementPath(container);
  if (!split) return undefined;
  if (split.rest.length === 1 && split.rest[0] === 'Condition') return hoverOperator(key);
  if (split.rest.length === 2 && split.rest[0] === 'Condition') return hoverConditionKey(env.data, key, env.statement());
  return undefined;
}

/** Describes exactly the operators IAM accepts; a name it rejects gets iam/condition-operator-unknown's finding instead. */
function hoverOperator(operator: string): HoverBody | undefined {
  const parsed = parseOperator(operator);
  if (!parsed) return undefined;
  const links = [`[Condition operators](${parsed.base.docUrl})`];
  if (parsed.set !== undefined) links.push(`[Multivalued context keys](${SET_PREFIX_DOC_URL})`);
  return { markdown: [`**${markdownCode(operator)}** (condition operator)`, ...describeOperator(parsed), links.join(' · ')].join('\n\n') };
}

function hoverConditionKey(data: IamData, key: string, statement: Statement | undefined): HoverBody | undefined {
  if (key.toLowerCase().startsWith('aws:')) {
    const info = data.globalConditionKey(key);
    const description = globalConditionKeyDescription(key);
    if (!info && !description) return { markdown: `**${markdownCode(key)}**: not a known global condition key.\n\n[Global condition keys](${GLOBAL_CONDITION_KEYS_URL})` };
    return {
      markdown: [`**${markdownCode(key)}** (global condition key${info ? `, ${info.type}` : ''})`, description ?? '', `[Global condition keys](${GLOBAL_CONDITION_KEYS_URL})`]
        .filter((l) => l !== '')
        .join('\n\n'),
    };
  }
  const info = data.serviceConditionKey(key);
  const prefix = key.slice(0, Math.max(0, key.indexOf(':')));
  if (!info) return { markdown: `**${markdownCode(key)}**: not a condition key of ${prefix ? markdownCode(prefix) : 'any service'} in the AWS data.` };
  const actions = actionInfosForPatterns(actionPatterns(statement), data);
  const supporting = actions.filter((a) => supportsConditionKey(a, info.key, data));
  const lines = [`**${info.key}** (${info.type})`, info.description];
  if (actions.length > 0) {
    lines.push(
      supporting.length > 0
        ? `Supported by ${supporting.length} of this statement’s ${actions.length} action(s): ${supporting.slice(0, 10).map(actionId).join(', ')}${supporting.length > 10 ? ', …' : ''}`
        : `None of this statement’s ${actions.length} action(s) lists this key.`,
    );
  }
  lines.push(`[Condition keys of ${markdownText(data.serviceName(prefix) ?? prefix)}](${serviceReferenceUrl(prefix, data)})`);
  return { markdown: lines.filter((l) => l !== '').join('\n\n') };
}

function supportsConditionKey(action: ActionInfo, key: string, data: IamData): boolean {
  const lower = key.toLowerCase();
  if (action.conditionKeys.some((k) => k.toLowerCase() === lower)) return true;
  return action.resourceTypes.some(
    (r) => r.conditionKeys.some((k) => k.toLowerCase() === lower) || (data.resourceType(action.service, r.name)?.conditionKeys ?? []).some((k) => k.toLowerCase() === lower),
  );
}

function actionPatterns(statement: Statement | undefined): string[] {
  if (!statement?.action || statement.action.key !== 'Action') return [];
  return statement.action.values.map((v) => v.value);
}

// ---------------------------------------------------------------------------------------------
// Values

function hoverValue(env: HoverEnv, property: JsonPath): HoverBody | undefined {
  const variable = policyVariableAt(env);
  if (variable) return variable;
  const split = statementPath(property);
  if (!split) {
    if (property.length === 1 && property[0] === 'Version') return { markdown: ELEMENT_DESCRIPTIONS.Version! };
    return undefined;
  }
  const head = split.rest[0];
  if (split.rest.length === 1 && (head === 'Action' || head === 'NotAction')) return hoverAction(env.value, env.data);
  if (split.rest.length === 1 && (head === 'Resource' || head === 'NotResource')) return hoverArn(env.data, literal(env.value), env.statement(), true);
  if ((head === 'Principal' || head === 'NotPrincipal') && split.rest[1] === 'Service') return hoverServicePrincipal(literal(env.value));
  if (head === 'Principal' || head === 'NotPrincipal' || head === 'Condition') return env.value.startsWith('arn:') ? hoverArn(env.data, literal(env.value), env.statement(), false) : undefined;
  return undefined;
}

/** A value the author wrote in full (the JSON hover reads tokens, whose text is always literal). */
function literal(value: string): DescribedValue {
  return { value, start: 0, end: value.length, known: 'literal', runs: [] };
}

// ---------------------------------------------------------------------------------------------
// Any host: a value of the policy model under the cursor

/**
 * Hover over a string of a policy model, whatever syntax it was written in (a Terraform `jsonencode`, heredoc or
 * `aws_iam_policy_document`, a CloudFormation template): what it is follows from its place in the statement, and a
 * value written with substitutions (`!Sub`, `${var.x}`) is shown as written, each substitution a placeholder.
 * Offsets are the model's (host offsets for an embedded policy).
 */
export function hoverPolicyValue(doc: IamDocument, offset: number, data: IamData): IamHover | undefined {
  const statement = doc.statements.find((s) => s.node.offset <= offset && offset < s.node.offset + s.node.length);
  const element = elementKeyAt([...doc.topProperties, ...(statement?.properties ?? [])], offset);
  if (element) return { ...element, markdown: `${element.markdown}\n\n---\n\n_${dataVersionLine(data)}_` };
  if (!statement) return undefined;
  const found = valueAt(statement, offset);
  if (!found) return undefined;
  // As in a policy file, a policy variable under the cursor is explained first.
  const body = policyVariableInValue(found.value, offset, data) ?? found.hover(data, statement);
  if (!body) return undefined;
  return { markdown: `${body.markdown}\n\n---\n\n_${dataVersionLine(data)}_`, start: body.start ?? found.value.start, end: body.end ?? found.value.end };
}

/** A policy element's key (`Version`, `Statement`, `Effect`, `Action`…) under the cursor, as the host spells it (`actions`, `Effect:`). */
function elementKeyAt(properties: readonly JsonNode[], offset: number): { markdown: string; start: number; end: number } | undefined {
  for (const property of properties) {
    const key = property.children?.[0];
    if (!key || key.length === 0 || offset < key.offset || offset >= key.offset + key.length) continue;
    const name = propertyKey(property);
    const markdown = name === undefined ? undefined : elementMarkdown(name);
    return markdown === undefined ? undefined : { markdown, start: key.offset, end: key.offset + key.length };
  }
  return undefined;
}

interface ValueAt {
  value: StrValue;
  hover: (data: IamData, statement: Statement) => HoverBody | undefined;
}

function valueAt(statement: Statement, offset: number): ValueAt | undefined {
  const at = (v: StrValue | undefined): v is StrValue => v !== undefined && !isUnknown(v) && v.start <= offset && offset < v.end;
  for (const value of statement.action?.values ?? []) {
    // An action with an expression in it (`s3:${var.action}`) is no pattern to expand.
    if (at(value)) return { value, hover: (data) => (value.known === 'literal' ? hoverAction(value.value, data) : undefined) };
  }
  for (const value of statement.resource?.values ?? []) {
    if (at(value)) return { value, hover: (data, s) => hoverArn(data, value, s, true) };
  }
  for (const entry of statement.principal?.entries ?? []) {
    const value = entry.value;
    if (!at(value)) continue;
    if (entry.type === 'Service') return { value, hover: () => hoverServicePrincipal(value) };
    return { value, hover: (data, s) => (value.value.startsWith('arn:') ? hoverArn(data, value, s, false) : undefined) };
  }
  for (const block of statement.condition?.blocks ?? []) {
    if (at(block.operator)) {
      const operator = block.operator;
      return { value: operator, hover: () => (operator.known === 'literal' ? hoverOperator(operator.value) : undefined) };
    }
    for (const entry of block.entries) {
      if (at(entry.key)) {
        const key = entry.key;
        return { value: key, hover: (data, s) => (key.known === 'literal' ? hoverConditionKey(data, key.value, s) : undefined) };
      }
      for (const value of entry.values) {
        if (at(value)) return { value, hover: (data, s) => (value.value.startsWith('arn:') ? hoverArn(data, value, s, false) : undefined) };
      }
    }
  }
  return undefined;
}

/**
 * What the substitutions of a value stand for, in one line (none for a literal value): `${AWS::Partition}` reads
 * as its known shape, every other one is a placeholder filled in when the template is deployed.
 */
function substitutionsNote(value: DescribedValue): string | undefined {
  if (value.known !== 'partial') return undefined;
  const pieces = value.pieces ?? [];
  const assumed = pieces.filter((p) => p.kind === 'assumed' && p.expression);
  const unknown = pieces.filter((p) => p.kind === 'unknown');
  const parts: string[] = [];
  if (unknown.length > 0) {
    const names = [...new Set(unknown.map((p) => p.expression ?? '${…}'))].slice(0, 6).map(markdownCode);
    parts.push(`${names.join(', ')} ${names.length === 1 ? 'is a placeholder' : 'are placeholders'} filled in when deployed`);
  }
  for (const p of assumed.slice(0, 4)) parts.push(`${markdownCode(p.expression!)} reads as ${markdownCode(p.text)}${p.text === 'aws' ? ' (`aws-cn`, `aws-us-gov` in other partitions)' : p.text === 'amazonaws.com' ? ' (`amazonaws.com.cn` in the China Regions)' : ''}`);
  return parts.length > 0 ? `_Written with substitutions:_ ${parts.join('; ')}.` : undefined;
}

/** The text of value characters `[start, end)` as the author wrote it: each substitution that overlaps it as written. */
function writtenSlice(value: DescribedValue, start: number, end: number): string {
  if (value.known !== 'partial') return value.value.slice(start, end);
  let out = '';
  let at = 0;
  for (const piece of value.pieces ?? []) {
    const from = at;
    const to = at + piece.text.length;
    at = to;
    // Only pieces inside the range (an empty range, such as an empty region field, takes none).
    if (to <= start || from >= end) continue;
    out += piece.kind === 'literal' ? piece.text.slice(Math.max(0, start - from), Math.min(piece.text.length, end - from)) : (piece.expression ?? (piece.kind === 'assumed' ? piece.text : '${…}'));
  }
  return out;
}

function hoverServicePrincipal(described: DescribedValue): HoverBody | undefined {
  // A placeholder in the name (`${var.service}.amazonaws.com`) leaves no service to describe.
  if (hasUnknownParts(described)) return undefined;
  const value = described.value;
  const known = SERVICE_PRINCIPALS.find((p) => p.principal === value);
  const description = known ? `${known.description}.` : /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(value) ? 'An AWS service, as it identifies itself when it calls other services or assumes roles.' : undefined;
  if (!description) return undefined;
  const title = described.known === 'partial' ? `**${markdownCode(displayValue(described))}** = ${markdownCode(value)}` : `**${markdownCode(value)}**`;
  return {
    markdown: [`${title} (service principal)`, description, substitutionsNote(described) ?? '', `[Service principals](${ELEMENT_DOC_URLS.Principal}#principal-services)`].filter((l) => l !== '').join('\n\n'),
  };
}

export function hoverAction(pattern: string, data: IamData): HoverBody | undefined {
  if (isEveryAction(pattern)) {
    return { markdown: '**`*`**: every action of every AWS service, including actions added in the future.' };
  }
  const colon = pattern.indexOf(':');
  if (colon <= 0) return undefined;
  const service = pattern.slice(0, colon);
  if (!hasWildcard(pattern)) {
    const action = data.action(service, pattern.slice(colon + 1));
    if (!action) {
      return {
        markdown: data.serviceExists(service)
          ? `**${markdownCode(pattern)}**: not an action of ${markdownText(data.serviceName(service) ?? service)} in the AWS data.\n\n[Actions of ${markdownText(service)}](${actionsTableUrl(service, data)})`
          : `**${markdownCode(pattern)}**: ${markdownCode(service)} is not a known service prefix.`,
      };
    }
    return { markdown: describeAction(action, data) };
  }
  const actions = expandActionPattern(data, pattern);
  if (actions.length === 0) return { markdown: `**${markdownCode(pattern)}** matches no action in the AWS data.` };
  const byLevel = new Map<string, number>();
  for (const a of actions) byLevel.set(a.accessLevel || 'Unknown', (byLevel.get(a.accessLevel || 'Unknown') ?? 0) + 1);
  const levels = [...byLevel.entries()].sort((a, b) => b[1] - a[1]).map(([level, n]) => `${level} ${n}`).join(', ');
  const listed = actions.slice(0, WILDCARD_LIST_LIMIT).map((a) => `- \`${actionId(a)}\` — ${a.accessLevel}`);
  if (actions.length > WILDCARD_LIST_LIMIT) listed.push(`- … and ${actions.length - WILDCARD_LIST_LIMIT} more`);
  const services = [...new Set(actions.map((a) => a.service))];
  return {
    markdown: [
      `**${markdownCode(pattern)}** covers **${actions.length}** action${actions.length === 1 ? '' : 's'} (${levels})`,
      listed.join('\n'),
      'A wildcard also covers actions AWS adds later.',
      services.length === 1 ? `[Actions of ${data.serviceName(services[0]!) ?? services[0]}](${actionsTableUrl(services[0]!, data)})` : '',
    ]
      .filter((l) => l !== '')
      .join('\n\n'),
  };
}

function describeAction(action: ActionInfo, data: IamData): string {
  const lines = [`**${actionId(action)}** — ${action.accessLevel || 'unknown access level'}`, data.actionDescription(action)];
  if (action.isWildcardOnly) {
    lines.push('**Resource:** `*` only — this action has no resource-level permissions.');
  } else {
    const types = action.resourceTypes.map((r) => {
      const info = data.resourceType(action.service, r.name);
      return `- \`${r.name}\`${info ? `: \`${info.arn}\`` : ''}`;
    });
    lines.push(`**Resource types** (any of):\n${types.join('\n')}`);
  }
  const keys = [...new Set([...action.conditionKeys, ...action.resourceTypes.flatMap((r) => r.conditionKeys)])];
  if (keys.length > 0) lines.push(`**Condition keys:** ${keys.map((k) => `\`${k}\``).join(', ')}`);
  lines.push(`[Service Authorization Reference: ${data.serviceName(action.service) ?? action.service}](${actionsTableUrl(action.service, data)})`);
  return lines.join('\n\n');
}

function hoverArn(data: IamData, described: DescribedValue, statement: Statement | undefined, inResource: boolean): HoverBody | undefined {
  const value = described.value;
  if (described.known === 'literal' && value === '*') {
    return inResource ? { markdown: '**`*`**: every resource. Needed by actions without resource-level permissions.' } : undefined;
  }
  const arn = parseArn(value);
  if (!arn) {
    if (described.known === 'partial') {
      // `${Bucket.Arn}/*`: the expression is (or starts) the ARN, so its fields are known only when deployed.
      return inResource || value.startsWith('arn:') ? { markdown: [`**${markdownCode(displayValue(described))}** (ARN built from an expression)`, substitutionsNote(described) ?? '', `Its fields are known only when deployed. [ARN format](${ARN_FORMAT_URL})`].filter((l) => l !== '').join('\n\n') } : undefined;
    }
    return value.startsWith('arn:') ? { markdown: `**Not a valid ARN**: an ARN has six fields, \`arn:partition:service:region:account:resource\`.\n\n[ARN format](${ARN_FORMAT_URL})` } : undefined;
  }
  const field = (name: string, f: { start: number; end: number }, empty: string): string => {
    const written = writtenSlice(described, f.start, f.end);
    return `| ${name} | ${written === '' ? `_${empty}_` : tableCell(markdownCode(written))} |`;
  };
  const lines = [
    described.known === 'partial' ? `**ARN** ${markdownCode(displayValue(described))}` : '**ARN**',
    ['| field | value |', '|---|---|', field('partition', arn.partition, '—'), field('service', arn.service, '—'), field('region', arn.region, 'none (global)'), field('account', arn.account, 'none'), field('resource', arn.resource, '—')].join('\n'),
  ];
  const note = substitutionsNote(described);
  if (note) lines.push(note);
  const service = arn.service.value;
  // The service field must be the author's: a placeholder there names no service.
  const serviceWritten = writtenSlice(described, arn.service.start, arn.service.end) === service;
  if (service && serviceWritten && !hasWildcard(service) && data.serviceExists(service)) {
    // A substitution filling a whole segment names one resource (iam/resource-type-mismatch reads it the same way).
    const pattern = resourcePattern(described);
    // Types the ARN can be with a real account first: an empty account stands for `${Account}` only for AWS-owned
    // resources, so `arn:aws:s3:::${Bucket}/…` is an object, not a multi-Region access point with no account.
    const lenient = matchingResourceTypes(data, pattern, service);
    const strict = lenient.filter((t) => patternCanMatchTemplateWithAccount(pattern, compileResourceType(data, t)));
    const types = strict.length > 0 ? strict : lenient;
    lines.push(
      types.length > 0
        ? `**Can be:** ${types.map((t) => `\`${service}\` ${t.key} (\`${t.arn}\`)`).join(', ')}`
        : `**Matches no resource type of \`${service}\`.** [Resource types](${serviceReferenceUrl(service, data)})`,
    );
    if (inResource) {
      const actions = actionInfosForPatterns(actionPatterns(statement), data);
      if (actions.length > 0) {
        const usable = actions.filter((a) => actionCanUseResource(data, a, pattern));
        const unusable = actions.filter((a) => !actionCanUseResource(data, a, pattern));
        lines.push(`**Used by** ${usable.length} of this statement’s ${actions.length} action(s)${usable.length > 0 ? `: ${usable.slice(0, 12).map(actionId).join(', ')}${usable.length > 12 ? ', …' : ''}` : ''}`);
        if (unusable.length > 0) lines.push(`**Not applicable to:** ${unusable.slice(0, 12).map(actionId).join(', ')}${unusable.length > 12 ? ', …' : ''}`);
      }
    }
  }
  lines.push(`[ARN format](${ARN_FORMAT_URL})`);
  return { markdown: lines.join('\n\n') };
}

// ---------------------------------------------------------------------------------------------
// Policy variables

const SPECIAL_VARIABLES: Readonly<Record<string, string>> = {
  '*': 'The literal character `*` (not a wildcard).',
  '?': 'The literal character `?` (not a wildcard).',
  $: 'The literal character `$`.',
};

/** A `${…}` policy variable under the cursor, inside a Resource or Condition value. */
function policyVariableAt(env: HoverEnv): HoverBody | undefined {
  const raw = env.text.slice(env.token.start, env.token.end);
  const at = env.offset - env.token.start;
  for (const { start, end, body: inner } of dollarBraceSpans(raw)) {
    if (at < start || at >= end) continue;
    const markdown = describePolicyVariable(inner, env.data);
    return markdown === undefined ? undefined : { markdown, start: env.token.start + start, end: env.token.start + end };
  }
  return undefined;
}

/**
 * The `${…}` policy variable at source `offset` in a value of the model (any host), inside what the author wrote
 * literally (a host's own `${var.x}` is an expression, not a policy variable); its range when spelled one to one.
 */
function policyVariableInValue(value: DescribedValue, offset: number, data: IamData): HoverBody | undefined {
  const run = value.runs.find((r) => r.sourceStart <= offset && offset < r.sourceStart + r.length);
  if (!run) return undefined;
  const index = run.valueStart + (offset - run.sourceStart);
  const stretches = literalStretches(value);
  for (const { start, end, body: inner } of dollarBraceSpans(value.value)) {
    if (index < start || index >= end || !stretchAround(stretches, start, end)) continue;
    const markdown = describePolicyVariable(inner, data);
    if (markdown === undefined) return undefined;
    return { markdown, ...(sourceSpan(value, start, end) ?? { start: value.start, end: value.end }) };
  }
  return undefined;
}

/** What a policy variable (`${aws:username}`, `${*}`) means; undefined for template variables and leftovers. */
function describePolicyVariable(inner: string, data: IamData): string | undefined {
  // Template variables and template leftovers (`${region}`, `${AWS::AccountId}`) are not IAM's: no variable hover.
  const kind = dollarBraceKind(inner);
  if (kind !== 'special' && kind !== 'policy-variable') return undefined;
  const special = SPECIAL_VARIABLES[inner];
  if (special) return `**${markdownCode(`${'${'}${inner}}`)}** (policy variable)\n\n${special}\n\n[Policy variables](${POLICY_VARIABLES_URL})`;
  const [name, fallback] = inner.split(',').map((s) => s.trim());
  const key = name ?? '';
  const global = key.toLowerCase().startsWith('aws:') ? data.globalConditionKey(key) : undefined;
  const service = global ? undefined : data.serviceConditionKey(key);
  const description = globalConditionKeyDescription(key) ?? service?.description;
  const type = global?.type ?? service?.type;
  const lines = [
    `**${markdownCode(`${'${'}${inner}}`)}** (policy variable)`,
    `Replaced when the policy is evaluated by the request’s value of ${markdownCode(key)}${type ? ` (${type})` : ''}.${description ? ` ${description}` : ''}`,
    fallback !== undefined ? `Default when the key is absent: ${markdownCode(fallback)}.` : 'If the request has no such key, the element containing it matches nothing.',
    'Needs `"Version": "2012-10-17"`.',
    `[Policy variables](${POLICY_VARIABLES_URL})`,
  ];
  if (!global && !service) lines.splice(1, 0, `${markdownCode(key)} is not a known condition key.`);
  return lines.join('\n\n');
}
