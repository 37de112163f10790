// Completion for IAM policy documents: element keys, their values, actions, ARN templates, condition operators/keys, principals.
//
// Pure: (text, offset, data) → items whose edits are offsets into the text, in LSP snippet syntax
// (`${1:placeholder}`), with the separating commas an editor would otherwise leave to the user.
// The LSP adapter only converts offsets to positions.

import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { ActionInfo, IamData } from '../data/iamData';
import type { EngineCompletionItem, EngineCompletionList, OffsetEdit } from '../types';
import { cursorContext, statementPath, type CursorContext, type JsonPath } from './cursorContext';
import { parseIamDocument, propertyKey, type IamDocument, type Statement } from './document';
import type { PolicyType } from './policyType';
import {
  ELEMENT_DOC_URLS,
  GLOBAL_CONDITION_KEYS_URL,
  actionsTableUrl,
  serviceReferenceUrl,
} from './referenceLinks';
import { describeOperator, offeredOperatorNames, operatorCategory, suitsKeyType, type ParsedOperator } from './conditionOperators';
import { globalConditionKeyDescription } from './globalConditionKeyDescriptions';
import { FEDERATED_PROVIDERS, SERVICE_PRINCIPALS } from './servicePrincipals';
import { actionInfosForPatterns, conditionKeysForActions, resourceTemplatesForActions } from './statementData';
import { actionMatches, hasWildcard } from './wildcard';
import { LineIndex } from '../text';

export type CompletionKind =
  | 'property'
  | 'value'
  | 'service'
  | 'action'
  | 'resource'
  | 'operator'
  | 'conditionKey'
  | 'principal'
  | 'snippet';

export type IamCompletionItem = EngineCompletionItem<CompletionKind>;
export type IamCompletionList = EngineCompletionList<CompletionKind>;

export interface IamCompletionOptions {
  /** The configured policy type; when absent keys of every type are offered. */
  policyType?: PolicyType;
  /** The document already parsed from this text (the server parses once per version); parsed on demand when absent. */
  doc?: IamDocument;
}

/** Escapes literal text for LSP snippet syntax. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** A JSON string's content (no quotes) escaped for a snippet. */
function jsonContent(value: string): string {
  return escapeSnippet(JSON.stringify(value).slice(1, -1));
}

const EMPTY: IamCompletionList = { items: [], isIncomplete: false };

export function completeIam(text: string, offset: number, data: IamData, options: IamCompletionOptions = {}): IamCompletionList {
  const ctx = cursorContext(text, offset);
  if (!ctx) return EMPTY;
  const builder = new ItemBuilder(text, ctx);
  const env: Env = { text, offset, data, options, ctx, builder, statement: lazyStatement(text, ctx, options.doc) };
  if (ctx.slot.type === 'key') completeKey(env, ctx.slot.container);
  else completeValue(env, ctx.slot.property, ctx.slot.inArray);
  return { items: builder.items, isIncomplete: builder.incomplete };
}

interface Env {
  text: string;
  offset: number;
  data: IamData;
  options: IamCompletionOptions;
  ctx: CursorContext;
  builder: ItemBuilder;
  statement: () => Statement | undefined;
}

/** The statement model the cursor is in, parsed only when a completion needs its actions. */
function lazyStatement(text: string, ctx: CursorContext, parsed: IamDocument | undefined): () => Statement | undefined {
  let cached: Statement | undefined | null = null;
  return () => {
    if (cached === null) {
      const at = ctx.replaceStart;
      const doc = parsed ?? parseIamDocument(text);
      cached = doc.statements.find((s) => s.node.offset < at && at < s.node.offset + s.node.length);
    }
    return cached;
  };
}

// ---------------------------------------------------------------------------------------------
// Keys

interface KeySpec {
  key: string;
  /** Snippet of the value inserted after `"key": `, with `\n`/`\t` for line breaks and indentation. */
  value: string;
  detail: string;
  retrigger?: boolean;
  /** Keys that cannot be in the same object as this one. */
  exclusiveWith?: string[];
}

const TOP_KEYS: KeySpec[] = [
  { key: 'Version', value: '"2012-10-17"', detail: 'Policy language version (always 2012-10-17)' },
  { key: 'Statement', value: '[\n\t{\n\t\t$0\n\t}\n]', detail: 'The list of statements', retrigger: true },
  { key: 'Id', value: '"$1"', detail: 'Optional policy identifier' },
];

const STATEMENT_KEYS: KeySpec[] = [
  { key: 'Effect', value: '"${1|Allow,Deny|}"', detail: 'Allow or Deny' },
  { key: 'Action', value: '[\n\t"$0"\n]', detail: 'Actions the statement allows or denies', retrigger: true, exclusiveWith: ['NotAction'] },
  { key: 'Resource', value: '[\n\t"$0"\n]', detail: 'ARNs of the resources the actions apply to', retrigger: true, exclusiveWith: ['NotResource'] },
  { key: 'Condition', value: '{\n\t$0\n}', detail: 'When the statement applies', retrigger: true },
  { key: 'Sid', value: '"$1"', detail: 'Statement id (letters and digits)' },
  { key: 'Principal', value: '{\n\t$0\n}', detail: 'Who the statement applies to (resource and trust policies)', retrigger: true, exclusiveWith: ['NotPrincipal'] },
  { key: 'NotAction', value: '[\n\t"$0"\n]', detail: 'Every action except these', retrigger: true, exclusiveWith: ['Action'] },
  { key: 'NotResource', value: '[\n\t"$0"\n]', detail: 'Every resource except these', retrigger: true, exclusiveWith: ['Resource'] },
  { key: 'NotPrincipal', value: '{\n\t$0\n}', detail: 'Everyone except these principals', retrigger: true, exclusiveWith: ['Principal'] },
];

const PRINCIPAL_KEYS: KeySpec[] = [
  { key: 'Service', value: '"$0"', detail: 'An AWS service, e.g. lambda.amazonaws.com', retrigger: true },
  { key: 'AWS', value: '"$0"', detail: 'An account, IAM role or user ARN', retrigger: true },
  { key: 'Federated', value: '"$0"', detail: 'A web identity or SAML provider', retrigger: true },
  { key: 'CanonicalUser', value: '"$1"', detail: 'An S3 canonical user id' },
];

/** Keys a policy type has no use for: identity policies and SCPs take no Principal, trust policies no Resource. */
function keyAllowed(key: string, policyType: PolicyType | undefined): boolean {
  if (!policyType) return true;
  if ((key === 'Principal' || key === 'NotPrincipal') && (policyType === 'identity' || policyType === 'scp')) return false;
  if ((key === 'Resource' || key === 'NotResource') && policyType === 'trust') return false;
  return true;
}

function completeKey(env: Env, container: JsonPath): void {
  const existing = existingKeys(env, container, env.ctx.replaceStart);
  if (container.length === 0) {
    addKeys(env, TOP_KEYS, existing, 'Element');
    return;
  }
  const split = statementPath(container);
  if (!split) return;
  const rest = split.rest;
  if (rest.length === 0) {
    addKeys(env, STATEMENT_KEYS.filter((k) => keyAllowed(k.key, env.options.policyType)), existing, 'Element');
  } else if (rest.length === 1 && (rest[0] === 'Principal' || rest[0] === 'NotPrincipal')) {
    addKeys(env, PRINCIPAL_KEYS, existing, 'Principal type');
  } else if (rest.length === 1 && rest[0] === 'Condition') {
    completeOperators(env);
  } else if (rest.length === 2 && rest[0] === 'Condition' && typeof rest[1] === 'string') {
    completeConditionKeys(env, rest[1]);
  }
}

function addKeys(env: Env, specs: KeySpec[], existing: Set<string>, what: string): void {
  specs.forEach((spec, rank) => {
    if (existing.has(spec.key) || spec.exclusiveWith?.some((k) => existing.has(k))) return;
    const url = ELEMENT_DOC_URLS[spec.key];
    env.builder.key(spec.key, spec.value, {
      kind: 'property',
      detail: spec.detail,
      documentation: `${what} \`${spec.key}\`: ${spec.detail}.${url ? `\n\n[IAM reference](${url})` : ''}`,
      rank,
      retrigger: spec.retrigger === true,
    });
  });
}

/** Keys already present in the object at `container`, except the one being edited at `editing`. */
function existingKeys(env: Env, container: JsonPath, editing: number): Set<string> {
  const root = env.options.doc ? env.options.doc.root : parseTree(env.text, [], { allowTrailingComma: true });
  const node: JsonNode | undefined = root ? (container.length === 0 ? root : findNodeAtLocation(root, container)) : undefined;
  const keys = new Set<string>();
  if (node?.type !== 'object') return keys;
  for (const property of node.children ?? []) {
    const keyNode = property.children?.[0];
    const key = propertyKey(property);
    if (key !== undefined && keyNode && keyNode.offset !== editing) keys.add(key);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------
// Values

function completeValue(env: Env, property: JsonPath, inArray: boolean): void {
  if (property.length === 1 && property[0] === 'Version' && !inArray) {
    env.builder.string('2012-10-17', { kind: 'value', detail: 'Current policy language version', documentation: `Use \`2012-10-17\`: the older \`2008-10-17\` does not support policy variables.\n\n[IAM reference](${ELEMENT_DOC_URLS.Version})`, rank: 0 });
    return;
  }
  if (property.length === 1 && property[0] === 'Statement') {
    completeStatementValue(env, !inArray);
    return;
  }
  const split = statementPath(property);
  if (!split) return;
  const rest = split.rest;
  const head = rest[0];
  if (rest.length === 1 && head === 'Effect' && !inArray) {
    env.builder.string('Allow', { kind: 'value', detail: 'Grant the actions', rank: 0 });
    env.builder.string('Deny', { kind: 'value', detail: 'Refuse the actions (overrides any Allow)', rank: 1 });
  } else if (rest.length === 1 && (head === 'Action' || head === 'NotAction')) {
    completeActions(env);
  } else if (rest.length === 1 && (head === 'Resource' || head === 'NotResource')) {
    completeResources(env);
  } else if (rest.length === 1 && (head === 'Principal' || head === 'NotPrincipal') && !inArray) {
    completePrincipalValue(env);
  } else if (rest.length === 2 && (head === 'Principal' || head === 'NotPrincipal')) {
    completePrincipalOfType(env, String(rest[1]));
  } else if (rest.length === 3 && head === 'Condition') {
    completeConditionValue(env, String(rest[2]));
  }
}

function completeStatementValue(env: Env, asList: boolean): void {
  const open = asList ? '[\n\t{\n\t\t' : '{\n\t';
  const close = asList ? '\n\t}\n]' : '\n}';
  const inner = asList ? '\n\t\t' : '\n\t';
  env.builder.raw(asList ? '[{}]' : '{}', `${open}$0${close}`, {
    kind: 'snippet',
    detail: asList ? 'A statement list' : 'An empty statement',
    rank: 0,
    retrigger: true,
  });
  const principal = env.options.policyType === 'trust';
  const body = principal
    ? `"Effect": "Allow",${inner}"Principal": {${inner}\t"Service": "$1"${inner}},${inner}"Action": "sts:AssumeRole"`
    : `"Effect": "\${1|Allow,Deny|}",${inner}"Action": [${inner}\t"$2"${inner}],${inner}"Resource": [${inner}\t"$3"${inner}]`;
  env.builder.raw(principal ? 'Trust statement' : 'Statement', `${open}${body}${close}`, {
    kind: 'snippet',
    detail: principal ? 'Effect, Principal.Service and sts:AssumeRole' : 'Effect, Action and Resource',
    rank: 1,
  });
}

function completeActions(env: Env): void {
  const { data, ctx, builder } = env;
  const typed = ctx.typed;
  const colon = typed.indexOf(':');
  if (colon < 0) {
    builder.string('*', { kind: 'value', detail: 'Every action of every service', documentation: 'Grants or denies **every** action: avoid in Allow statements.', rank: 9 });
    for (const prefix of data.servicePrefixes()) {
      const name = data.serviceName(prefix);
      builder.string(`${prefix}:`, {
        kind: 'service',
        label: prefix,
        snippetBody: `${jsonContent(prefix)}:$0`,
        detail: name ?? 'AWS service',
        documentation: `${name ?? prefix} (service prefix \`${prefix}\`)\n\n[Actions, resources and condition keys](${serviceReferenceUrl(prefix, data)})`,
        rank: 1,
        retrigger: true,
      });
    }
    return;
  }
  const prefix = typed.slice(0, colon);
  if (!data.serviceExists(prefix)) return;
  const namePart = typed.slice(colon + 1);
  const wildcardTyped = hasWildcard(namePart);
  if (wildcardTyped) builder.incomplete = true;
  builder.string(`${prefix}:*`, { kind: 'value', detail: `Every ${prefix} action`, rank: 8 });
  for (const action of data.actions(prefix)) {
    const full = `${prefix}:${action.name}`;
    if (wildcardTyped && !actionMatches(`${typed}*`, full)) continue;
    builder.string(full, {
      kind: 'action',
      detail: actionDetail(action, data),
      documentation: actionDocumentation(action, data),
      rank: 2,
      // The editor filters by what was typed; with a wildcard in it only a literal prefix matches.
      ...(wildcardTyped ? { filterText: `"${typed}` } : {}),
    });
  }
}

function actionDetail(action: ActionInfo, data: IamData): string {
  const description = data.actionDescription(action).replace(/^Grants permission to /, '');
  return `${action.accessLevel || 'Unknown access level'} · ${description}`;
}

function actionDocumentation(action: ActionInfo, data: IamData): string {
  const types = action.resourceTypes.map((r) => `\`${r.name}\``).join(', ');
  return [
    `**${action.service}:${action.name}** — ${action.accessLevel}`,
    data.actionDescription(action),
    action.isWildcardOnly ? 'Resource: `*` only (no resource-level permissions).' : `Resource types: ${types}`,
    `[Service Authorization Reference](${actionsTableUrl(action.service, data)})`,
  ].join('\n\n');
}

function completeResources(env: Env): void {
  const { data, builder } = env;
  const actions = actionInfosForPatterns(actionValuesOf(env.statement()), data);
  const wildcardOnly = actions.filter((a) => a.isWildcardOnly).map((a) => `${a.service}:${a.name}`);
  builder.string('*', {
    kind: 'value',
    detail: 'Every resource',
    documentation: wildcardOnly.length > 0
      ? `Needed by actions without resource-level permissions: ${wildcardOnly.slice(0, 10).join(', ')}${wildcardOnly.length > 10 ? ', …' : ''}.`
      : 'Every resource: prefer the ARNs of the resources the actions need.',
    rank: wildcardOnly.length > 0 && wildcardOnly.length === actions.length ? 0 : 9,
  });
  for (const template of resourceTemplatesForActions(actions, data)) {
    builder.string(template.arn, {
      kind: 'resource',
      snippetBody: arnTemplateSnippet(template.arn),
      filterText: `"${readableArn(template.arn)}`,
      detail: `${template.service} ${template.resourceType}`,
      documentation: [
        `Resource type \`${template.resourceType}\` of ${data.serviceName(template.service) ?? template.service}`,
        `Used by: ${template.actions.slice(0, 15).join(', ')}${template.actions.length > 15 ? ', …' : ''}`,
        `[Resource types](${serviceReferenceUrl(template.service, data)})`,
      ].join('\n\n'),
      rank: 1,
      // Templates used by more of the statement's actions first.
      sortKey: String(1000 - Math.min(template.actions.length, 999)).padStart(4, '0') + template.arn,
    });
  }
}

/** `arn:${Partition}:s3:::${BucketName}` → `arn:${1:aws}:s3:::${2:BucketName}` (one tabstop per distinct variable). */
export function arnTemplateSnippet(template: string): string {
  const numbers = new Map<string, number>();
  let out = '';
  let last = 0;
  for (const match of template.matchAll(/\$\{([A-Za-z0-9_-]+)\}/g)) {
    out += escapeSnippet(template.slice(last, match.index));
    const name = match[1]!;
    let n = numbers.get(name);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(name, n);
    }
    out += `\${${n}:${name === 'Partition' ? 'aws' : escapeSnippet(name)}}`;
    last = match.index! + match[0].length;
  }
  return out + escapeSnippet(template.slice(last));
}

function readableArn(template: string): string {
  return template.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{([^}]+)\}/g, '$1');
}

function actionValuesOf(statement: Statement | undefined): string[] {
  if (!statement?.action || statement.action.key !== 'Action') return [];
  return statement.action.values.map((v) => v.value);
}

function completePrincipalValue(env: Env): void {
  const { builder } = env;
  const object = (type: string) => `{\n\t"${type}": "$0"\n}`;
  builder.raw('{ "Service": … }', object('Service'), { kind: 'snippet', detail: 'An AWS service principal', rank: 0, retrigger: true });
  builder.raw('{ "AWS": … }', object('AWS'), { kind: 'snippet', detail: 'An account, role or user', rank: 1, retrigger: true });
  builder.raw('{ "Federated": … }', object('Federated'), { kind: 'snippet', detail: 'A web identity or SAML provider', rank: 2, retrigger: true });
  builder.string('*', { kind: 'value', detail: 'Anyone (anonymous included)', documentation: '`"Principal": "*"` grants access to **everyone**, unauthenticated callers included. Narrow it with conditions.', rank: 3 });
}

const AWS_PRINCIPAL_TEMPLATES: { label: string; arn: string; detail: string }[] = [
  { label: 'account root', arn: 'arn:${Partition}:iam::${Account}:root', detail: 'Every principal of an account that its own policies allow' },
  { label: 'role', arn: 'arn:${Partition}:iam::${Account}:role/${RoleName}', detail: 'An IAM role' },
  { label: 'user', arn: 'arn:${Partition}:iam::${Account}:user/${UserName}', detail: 'An IAM user' },
];

const FEDERATED_TEMPLATES: { label: string; arn: string; detail: string }[] = [
  { label: 'OIDC provider', arn: 'arn:${Partition}:iam::${Account}:oidc-provider/${ProviderUrl}', detail: 'An OpenID Connect provider (EKS, GitHub Actions, …)' },
  { label: 'SAML provider', arn: 'arn:${Partition}:iam::${Account}:saml-provider/${ProviderName}', detail: 'A SAML 2.0 identity provider' },
];

function completePrincipalOfType(env: Env, type: string): void {
  const { builder } = env;
  if (type === 'Service') {
    SERVICE_PRINCIPALS.forEach((p, i) => builder.string(p.principal, { kind: 'principal', detail: p.description, rank: 0, sortKey: String(i).padStart(3, '0') }));
  } else if (type === 'AWS') {
    AWS_PRINCIPAL_TEMPLATES.forEach((t, i) =>
      builder.string(t.arn, { kind: 'principal', label: `${readableArn(t.arn)}`, snippetBody: arnTemplateSnippet(t.arn), filterText: `"${readableArn(t.arn)}`, detail: `${t.label}: ${t.detail}`, rank: i }),
    );
  } else if (type === 'Federated') {
    FEDERATED_PROVIDERS.forEach((p, i) => builder.string(p.principal, { kind: 'principal', detail: p.description, rank: 0, sortKey: String(i).padStart(3, '0') }));
    FEDERATED_TEMPLATES.forEach((t, i) =>
      builder.string(t.arn, { kind: 'principal', label: readableArn(t.arn), snippetBody: arnTemplateSnippet(t.arn), filterText: `"${readableArn(t.arn)}`, detail: `${t.label}: ${t.detail}`, rank: 1 + i }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions

function completeOperators(env: Env): void {
  const existing = existingKeys(env, [...(statementPath(env.ctx.slot.type === 'key' ? env.ctx.slot.container : [])?.statement ?? []), 'Condition'], env.ctx.replaceStart);
  // Plain operators first, then set operators (for multivalued keys), then IfExists (true when the key is absent).
  for (const { name, parsed } of offeredOperatorNames()) {
    if (existing.has(name)) continue;
    const detail = operatorDetail(parsed);
    env.builder.key(name, '{\n\t$0\n}', {
      kind: 'operator',
      detail,
      documentation: `${describeOperator(parsed).join('\n\n')}\n\n[Condition operators](${parsed.base.docUrl})`,
      rank: (parsed.set !== undefined ? 1 : 0) + (parsed.ifExists ? 2 : 0),
      retrigger: true,
    });
  }
}

function operatorDetail({ base, set, ifExists }: ParsedOperator): string {
  const what = ifExists ? `${base.description}, or the key is absent` : base.description;
  if (set === 'ForAnyValue') return `At least one value of a multivalued key: ${what}`;
  if (set === 'ForAllValues') return `Every value of a multivalued key (true when there is none): ${what}`;
  return what;
}

function completeConditionKeys(env: Env, operator: string): void {
  const { data, builder } = env;
  // Keys of the types the operator is made for first (an unknown operator ranks every key alike).
  const category = operatorCategory(operator);
  const fits = (type: string): boolean => category === undefined || suitsKeyType(category, type);
  const actions = actionInfosForPatterns(actionValuesOf(env.statement()), data);
  for (const info of conditionKeysForActions(actions, data)) {
    builder.key(info.key, conditionValueSnippet(info.type), {
      kind: 'conditionKey',
      keySnippet: arnTemplateSnippet(info.key),
      filterKey: readableArn(info.key),
      detail: `${info.type} · ${info.description || 'service condition key'}`,
      documentation: `**${info.key}** (${info.type})\n\n${info.description}\n\n[Condition keys](${serviceReferenceUrl(info.key.slice(0, info.key.indexOf(':')), data)})`,
      rank: fits(info.type) ? 0 : 2,
    });
  }
  for (const info of data.globalConditionKeys()) {
    if (!info.key.toLowerCase().startsWith('aws:')) continue; // the list also holds a few service keys set on role sessions
    const template = info.key.replace(/\/tag-key$/, '/${TagKey}');
    const description = globalConditionKeyDescription(info.key) ?? 'Available in requests to every service that sets it.';
    builder.key(template, conditionValueSnippet(info.type), {
      kind: 'conditionKey',
      keySnippet: arnTemplateSnippet(template),
      filterKey: readableArn(template),
      detail: `${info.type} · ${description}`,
      documentation: `**${info.key}** (${info.type}, global)\n\n${description}\n\n[Global condition keys](${GLOBAL_CONDITION_KEYS_URL})`,
      rank: fits(info.type) ? 1 : 3,
    });
  }
}

function conditionValueSnippet(type: string): string {
  if (/bool/i.test(type)) return '"${1|true,false|}"';
  return /^ArrayOf/.test(type) ? '[\n\t"$1"\n]' : '"$1"';
}

function completeConditionValue(env: Env, key: string): void {
  const { data, builder } = env;
  const info = data.serviceConditionKey(key) ?? data.globalConditionKey(key);
  if (info && /bool/i.test(info.type)) {
    builder.string('true', { kind: 'value', detail: `${key} is true`, rank: 0 });
    builder.string('false', { kind: 'value', detail: `${key} is false`, rank: 1 });
  }
}

// ---------------------------------------------------------------------------------------------
// Item construction: quoting, commas, indentation.

interface ItemOptions {
  kind: CompletionKind;
  /** Label when it differs from the value. */
  label?: string;
  detail?: string;
  documentation?: string;
  rank: number;
  /** Secondary sort key within a rank (default: the label). */
  sortKey?: string;
  retrigger?: boolean;
  filterText?: string;
}

class ItemBuilder {
  readonly items: IamCompletionItem[] = [];
  incomplete = false;
  private readonly baseIndent: string;
  private readonly indentUnit: string;
  private readonly eol: string;
  /** Line break + indentation put before/after the item so it lands on its own line. */
  private readonly before: string = '';
  private readonly after: string = '';

  constructor(
    text: string,
    private readonly ctx: CursorContext,
  ) {
    const lines = new LineIndex(text);
    const line = (offset: number): number => lines.positionAt(offset).line;
    this.indentUnit = detectIndentUnit(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.baseIndent = lines.indentationAt(ctx.replaceStart);
    if (ctx.containerEmpty && line(ctx.containerOpen) === line(ctx.replaceEnd)) {
      // `{|}` on one line: open it up, the way a formatter would lay the object out.
      const outer = lines.indentationAt(ctx.containerOpen);
      this.baseIndent = outer + this.indentUnit;
      this.before = this.eol + this.baseIndent;
      this.after = this.eol + outer;
    } else if (ctx.commaBefore !== undefined && line(ctx.commaBefore) === line(ctx.replaceStart) && line(ctx.containerOpen) !== line(ctx.commaBefore)) {
      // Right after the previous element of a multi-line object or array: continue on the next line.
      this.before = this.eol + this.baseIndent;
    } else if (!ctx.inString && text[ctx.replaceStart - 1] === ':') {
      this.before = ' '; // `"Effect":|` → `"Effect": "Allow"`
    }
  }

  /** A JSON string value: `value` quoted (or a snippet body placed between the quotes). */
  string(value: string, options: ItemOptions & { snippetBody?: string }): void {
    const body = options.snippetBody ?? jsonContent(value);
    this.push(options.label ?? value, `"${body}"`, { ...options, filterText: options.filterText ?? JSON.stringify(value) });
  }

  /** Any JSON value given as a snippet (objects, arrays). */
  raw(label: string, snippet: string, options: ItemOptions): void {
    this.push(label, snippet, { ...options, filterText: options.filterText ?? label });
  }

  /** A property: `"key": value`, or only the name when the key is already followed by a colon. */
  key(key: string, valueSnippet: string, options: ItemOptions & { keySnippet?: string; filterKey?: string }): void {
    const keyText = `"${options.keySnippet ?? jsonContent(key)}"`;
    // Tabstops in the key (`aws:ResourceTag/${1:TagKey}`) come first: the value's are numbered after them.
    const value = shiftTabstops(valueSnippet, maxTabstop(keyText));
    const snippet = this.ctx.slot.type === 'key' && this.ctx.slot.hasColon ? keyText : `${keyText}: ${value}`;
    const retrigger = this.ctx.slot.type === 'key' && this.ctx.slot.hasColon ? false : options.retrigger === true;
    this.push(key, snippet, { ...options, retrigger, filterText: `"${options.filterKey ?? key}"` });
  }

  private push(label: string, snippet: string, options: ItemOptions & { filterText: string }): void {
    // The cursor ends after the value, before any comma or line break added around it.
    const body = /\$0|\$\{0[:}]/.test(snippet) || (!this.ctx.commaAfter && !this.after) ? snippet : `${snippet}$0`;
    let newText = this.before + this.layout(body);
    if (this.ctx.commaAfter) newText += ',';
    newText += this.after;
    // A comma right at the insertion point goes into the main edit: two insertions at one offset have no defined order.
    const commaBefore = this.ctx.commaBefore;
    if (commaBefore === this.ctx.replaceStart) newText = `,${newText}`;
    const additionalEdits: OffsetEdit[] =
      commaBefore !== undefined && commaBefore !== this.ctx.replaceStart ? [{ start: commaBefore, end: commaBefore, newText: ',' }] : [];
    this.items.push({
      label,
      kind: options.kind,
      ...(options.detail ? { detail: options.detail } : {}),
      ...(options.documentation ? { documentation: options.documentation } : {}),
      edit: { start: this.ctx.replaceStart, end: this.ctx.replaceEnd, newText },
      additionalEdits,
      filterText: options.filterText,
      sortText: `${options.rank}_${options.sortKey ?? label.toLowerCase()}`,
      retrigger: options.retrigger === true,
    });
  }

  /** Turns the `\n`/`\t` of a snippet into the document's line breaks and indentation. */
  private layout(snippet: string): string {
    return snippet
      .replace(/\t/g, this.indentUnit)
      .split('\n')
      .map((line, i) => (i === 0 ? line : this.baseIndent + line))
      .join(this.eol);
  }
}

const TABSTOP = /(\\.)|\$(\d+)|\$\{(\d+)/g;

/** The highest tabstop number in a snippet (escaped `\$` ignored). */
export function maxTabstop(snippet: string): number {
  let max = 0;
  for (const m of snippet.matchAll(TABSTOP)) if (!m[1]) max = Math.max(max, Number(m[2] ?? m[3]));
  return max;
}

/** Renumbers tabstops 1…n to 1+by…n+by (`$0`, the final cursor, stays). */
export function shiftTabstops(snippet: string, by: number): string {
  if (by === 0) return snippet;
  return snippet.replace(TABSTOP, (whole, escaped: string | undefined, simple: string | undefined, braced: string | undefined) => {
    if (escaped) return whole;
    const n = Number(simple ?? braced);
    if (n === 0) return whole;
    return simple !== undefined ? `$${n + by}` : `\${${n + by}`;
  });
}

/** The document's indentation step: the first indented line's leading whitespace (two spaces if none). */
function detectIndentUnit(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return '  ';
  const indent = match[1]!;
  return indent.startsWith('\t') ? '\t' : indent.length >= 2 && indent.length <= 8 ? indent : '  ';
}
