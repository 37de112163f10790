// iam/resource-arn-malformed: a Resource/NotResource that is not `*` or a well-formed ARN (fields, partition,
// service, region, account, policy variables before the resource part).
// ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// Policy variables only in the resource part: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import type { IamRule, RuleContext } from '../rule';
import type { IamData, ResourceTypeInfo } from '../../data/iamData';
import type { IamDocument, StrValue } from '../../iam/document';
import {
  type ArnField,
  type ParsedArn,
  PARTITIONS,
  accountProblem,
  isArnNamespace,
  maskVariables,
  parseArn,
  partitionMatches,
  regionProblem,
  compileResourceType,
  patternCanMatchTemplate,
  patternCanMatchTemplateWithAccount,
  resourceCanBeOfType,
  typesPatternMayMatch,
  patternMemo,
  type CompiledTemplate,
} from '../../iam/arn';
import { awsOwnedResourceType } from '../../iam/resourceExceptions';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasUnknownParts, sourceSpan } from '../../iam/values';
import { editString } from '../../iam/edits';
import { retiredServiceName } from '../../iam/retiredServices';
import { hasWildcard } from '../../iam/wildcard';
import { dollarBraceSpans } from '../../interpolations';
import { closestMatches, isCertainCorrection } from '../../text';
import type { FixProposal, OffsetEdit } from '../../types';

export const resourceArnMalformed: IamRule = {
  id: 'iam/resource-arn-malformed',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every Resource must be "*" or a well-formed ARN: six fields, a real partition, service, region and 12-digit account.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    notAnArn: '"{{raw}}" is not an ARN: a Resource must be "*" or an ARN (arn:partition:service:region:account:resource).',
    tooFewFields:
      '"{{raw}}" has {{fields}} colon-separated fields; an ARN has at least six: arn:partition:service:region:account:resource (empty fields keep their colons, e.g. arn:aws:s3:::bucket).',
    unknownPartition: '"{{partition}}" is not an AWS partition ({{partitions}}).',
    emptyService: '"{{raw}}" has an empty service field.',
    retiredService: '"{{service}}" is the namespace of {{retired}}, which the Service Authorization Reference does not list: this ARN cannot be checked.',
    unknownService: '"{{service}}" is not an AWS service namespace.{{didYouMean}}',
    badRegion: '{{problem}}',
    badAccount: '{{problem}}',
    variableBeforeResource:
      'Policy variable {{variable}} is only replaced in the resource part of an ARN (after the fifth colon), not in the partition, service, region or account.',
    noRegionOrAccount: '{{service}} {{type}} ARNs have no {{fields}}{{but}} ({{template}}): "{{raw}}" matches no resource.',
    emptyRegion: '{{service}} {{type}} ARNs have a Region ({{template}}): with an empty region field "{{raw}}" matches no resource. Put the Region (or a wildcard) between the third and fourth colons.',
    noResourceType:
      '"{{resource}}" is the resource part of no {{service}} resource type in the Service Authorization Reference (for example {{examples}}): this ARN matches no resource the reference knows.',
    wildcardService:
      'The service field "{{service}}" has a wildcard: the ARN matches resources of every service whose namespace fits it. Name the service (or list one ARN per service).',
    emptyAccount:
      '{{service}} {{type}} ARNs have an account ID ({{template}}): with an empty account field "{{raw}}" matches no resource. Put the 12-digit account ID (or a wildcard) between the fourth and fifth colons.{{note}}',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      const values = statement.resource?.values;
      if (!values) continue;
      for (let v = 0; v < values.length; v++) {
        const value = values[v]!;
        if (hasUnknownParts(value)) continue; // built from expressions GrantCheck cannot evaluate
        const issues = issuesOf(context.data, value.value);
        if (issues.length > 0) reportIssues(context, value, issues);
      }
    }
  },
};

/** A problem in one Resource string, with offsets inside the string (undefined: the whole value). */
interface Issue {
  start?: number;
  end?: number;
  /** No offsets: the finding covers the whole token (and may still carry fixes). */
  wholeToken?: true;
  /** Rule default (error) unless set. */
  severity?: 'warning' | 'info';
  messageId: string;
  data: Record<string, string | number>;
  /** Edits in string offsets. */
  fix?: StringFix;
  suggestions?: StringFix[];
}

/** A fix of one Resource string, its edits in offsets inside the string. */
interface StringFix {
  title: string;
  edits: OffsetEdit[];
}

/**
 * The issues of a Resource string (pure per data and string: values repeat while typing and across a policy),
 * remembered with the string's compiled pattern (iam/arn.ts patternMemo: the table of recent patterns, a pair of
 * slots per key, bounded), which iam/resource-type-mismatch then reads for the same string.
 */
function issuesOf(data: IamData, raw: string): Issue[] {
  const entry = patternMemo(raw);
  if (entry.memoOwner === data) return entry.memo as Issue[];
  // The entry outlives the lint: its text (an own copy) is what the issues are computed from and may hold (detach.ts).
  const issues = computeIssues(data, entry.source!);
  entry.memo = issues;
  entry.memoOwner = data;
  return issues;
}

function reportIssues(context: RuleContext<IamDocument>, value: StrValue, issues: Issue[]): void {
  for (const issue of issues) {
    // A whole-value issue points at the whole token; its edits are still in string offsets.
    const span = issue.start === undefined || issue.end === undefined ? (issue.wholeToken ? { start: value.start, end: value.end } : undefined) : sourceSpan(value, issue.start, issue.end);
    if (!span) {
      // Escapes shift offsets: report the whole token, without fixes.
      context.report({ start: value.start, end: value.end, messageId: issue.messageId, data: issue.data, ...severityOf(issue) });
      continue;
    }
    // The issue's edits are in string offsets: edits of the value in the model, which each host writes its way.
    const onValue = (f: StringFix): FixProposal => ({ title: f.title, edits: f.edits.map((e) => editString(value, e.start, e.end, e.newText)) });
    context.report({
      ...span,
      messageId: issue.messageId,
      data: issue.data,
      ...severityOf(issue),
      ...(issue.fix ? { fix: onValue(issue.fix) } : {}),
      ...(issue.suggestions ? { suggestions: issue.suggestions.map(onValue) } : {}),
    });
  }
}

const severityOf = (issue: Issue): { severity?: 'warning' | 'info' } => (issue.severity ? { severity: issue.severity } : {});

const span = (field: { start: number; end: number }): { start: number; end: number } => ({ start: field.start, end: field.end });

/**
 * The issues of a value that has none: one frozen array shared by every such value (nearly every Resource), so that
 * the table of recent issues holds no array per Resource string.
 */
const NO_ISSUES: Issue[] = Object.freeze([]) as unknown as Issue[];

function computeIssues(data: IamData, raw: string): Issue[] {
  if (raw === '*' || hasPlaceholder(raw)) return NO_ISSUES; // iam/placeholder owns unfilled values
  const masked = maskVariables(raw);
  if (!masked.startsWith('arn:')) {
    return [{ messageId: 'notAnArn', data: { raw } }];
  }
  let arn = parseArn(masked);
  // Counted only for a value that is not a six-field ARN (what follows reads `fields` only then).
  const segments = arn ? undefined : masked.split(':');
  const fields = segments ? segments.length : 6;
  // A `*` that ends the last segment also matches across the colons after it, so `arn:aws:rds:*` is every RDS
  // ARN (AWS recommends full ARNs, but this one is valid; AWS's own managed policies used it).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
  // Only when what comes before that `*` can begin the field it stands in: `arn:aws:s3::my-bucket/*` has a bucket
  // name where the account goes: a colon is missing, and the value matches no S3 object.
  const truncated = segments !== undefined && fields >= 3 && masked.endsWith('*') && beginsField(segments[fields - 1]!, fields - 1);
  if (truncated) arn = parseArn(masked + ':*'.repeat(6 - fields));
  if (!arn) {
    const suggestion = fields >= 3 ? missingColons(data, raw, masked, 6 - fields) : undefined;
    return [{ messageId: 'tooFewFields', data: { raw, fields }, ...(suggestion ? { wholeToken: true as const, suggestions: [suggestion] } : {}) }];
  }
  const variables = variablesBeforeResource(raw, arn.resource.start);
  if (variables.length > 0) return variables;
  // Allocated with the first issue (most values have none).
  let issues: Issue[] | undefined;
  if (!partitionMatches(arn.partition.value)) {
    (issues ??= []).push({ ...span(arn.partition), messageId: 'unknownPartition', data: { partition: arn.partition.value, partitions: PARTITIONS.join(', ') } });
  }
  const service = arn.service.value;
  if (service.length === 0) return [...(issues ?? []), { ...span(arn.service), messageId: 'emptyService', data: { raw } }];
  if (!hasWildcard(service) && !isArnNamespace(data, service)) {
    const retired = retiredServiceName(service);
    // A retired service's namespace is real, just unknown to the data: nothing past it can be checked.
    if (retired) return [...(issues ?? []), { ...span(arn.service), severity: 'warning', messageId: 'retiredService', data: { service, retired } }];
    return [...(issues ?? []), unknownService(data, arn.service)];
  }
  // The fields the trailing `*` stands for are not in the text: nothing more to check.
  if (truncated) return issues ?? NO_ISSUES;
  const badRegion = regionProblem(arn.region.value);
  if (badRegion) (issues ??= []).push({ ...span(arn.region), messageId: 'badRegion', data: { problem: badRegion } });
  const badAccount = accountProblem(arn.account.value);
  if (badAccount) (issues ??= []).push({ ...span(arn.account), messageId: 'badAccount', data: { problem: badAccount } });
  if (!badRegion && !badAccount && !hasWildcard(service)) {
    // Whether the ARN as written can be of some type of its service: asked by the checks below, which nearly every
    // ARN reaches (all but one return at once when it can), so computed once, first (a pure answer: the same findings).
    const types = typesOfNamespace(data, service);
    const compiled = compiledOfNamespace(data, types);
    const ofSomeType = types.length > 0 && canBeOfSomeTypeOf(raw, arn.resource.start, types, compiled);
    const forbidden = forbiddenRegionAccount(data, raw, arn, types, ofSomeType);
    const missing = forbidden ?? missingAccount(data, raw, arn, types, compiled) ?? missingRegion(data, raw, arn, types, ofSomeType) ?? noResourceType(data, raw, arn, types, ofSomeType);
    if (missing) (issues ??= []).push(missing);
  }
  // Access Analyzer's WILDCARD_IN_SERVICE_NAME (a suggestion): information only.
  if (hasWildcard(service) && service !== '*') {
    (issues ??= []).push({ ...span(arn.service), severity: 'info', messageId: 'wildcardService', data: { service } });
  }
  return issues ?? NO_ISSUES;
}

/**
 * Can the last segment of a truncated ARN begin the field at its position (2 service, 3 region, 4 account), up to
 * its first wildcard? `us-*` begins a region, `1234*` an account; `my-bucket/*` begins no account.
 */
function beginsField(segment: string, position: number): boolean {
  const wildcard = segment.search(/[*?]/);
  const prefix = wildcard < 0 ? segment : segment.slice(0, wildcard);
  if (position === 4) return /^\d*$/.test(prefix) || 'aws'.startsWith(prefix);
  return /^[a-z0-9-]*$/.test(prefix);
}

/**
 * A suggestion adding the missing colons before the last segment, when the result is an ARN of a resource type of the
 * service (`arn:aws:s3::my-bucket/*` → `arn:aws:s3:::my-bucket/*`). A suggestion: the author may have left out a
 * field's value (a region, an account) rather than a colon.
 */
function missingColons(data: IamData, raw: string, masked: string, missing: number): StringFix | undefined {
  if (missing <= 0) return undefined;
  const at = masked.lastIndexOf(':');
  const fixed = raw.slice(0, at) + ':'.repeat(missing) + raw.slice(at);
  const arn = parseArn(maskVariables(fixed));
  if (!arn || hasWildcard(arn.service.value) || !isArnNamespace(data, arn.service.value)) return undefined;
  if (!typesOfNamespace(data, arn.service.value).some((t) => typeHasArn(data, fixed, t))) return undefined;
  return { title: `Add the missing colon${missing > 1 ? 's' : ''}: "${fixed}"`, edits: [{ start: at, end: at, newText: ':'.repeat(missing) }] };
}

/** `${aws:…}` in partition, service, region or account: IAM only substitutes variables in the resource part. */
function variablesBeforeResource(raw: string, resourceStart: number): Issue[] {
  // Every span starts at a `${`: none before the resource part, none reported (nearly every ARN, without a list).
  const dollar = raw.indexOf('${');
  if (dollar < 0 || dollar >= resourceStart) return NO_ISSUES;
  const issues: Issue[] = [];
  for (const { start, end, body } of dollarBraceSpans(raw)) {
    if (start >= resourceStart) break;
    if (body === '*' || body === '?' || body === '$') continue;
    issues.push({
      start,
      end,
      messageId: 'variableBeforeResource',
      data: { variable: raw.slice(start, end) },
    });
  }
  return issues;
}

function unknownService(data: IamData, field: ArnField): Issue {
  const service = field.value;
  const lower = service.toLowerCase();
  const suggestions = lower !== service && isArnNamespace(data, lower) ? [lower] : closestMatches(service, data.servicePrefixes(), 3);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  const changes = suggestions.map((s): StringFix => ({ title: `Change the service to "${s}"`, edits: [{ ...span(field), newText: s }] }));
  // Safe for the one namespace one typo (or only letter case) away; otherwise a person picks.
  const safe = isCertainCorrection(service, suggestions);
  return { ...span(field), messageId: 'unknownService', data: { service, didYouMean: hint }, ...(safe ? { fix: changes[0]! } : { suggestions: changes }) };
}

/**
 * A region or account where no resource type of the service has one (S3 bucket and object ARNs,
 * IAM ARNs have no region): reported when the ARN would match a resource type with them removed.
 */
function forbiddenRegionAccount(data: IamData, raw: string, arn: ParsedArn, types: readonly ResourceTypeInfo[], canBeOfSomeType: boolean): Issue | undefined {
  const region = concreteField(arn.region);
  const account = concreteField(arn.account);
  if (!region && !account) return undefined;
  if (types.length === 0 || canBeOfSomeType) return undefined;
  const without = (fields: ArnField[]): string => {
    let out = raw;
    for (const f of [...fields].sort((a, b) => b.start - a.start)) out = out.slice(0, f.start) + out.slice(f.end);
    return out;
  };
  const candidates: ArnField[][] = [];
  if (region && account) candidates.push([arn.region, arn.account]);
  if (region) candidates.push([arn.region]);
  if (account) candidates.push([arn.account]);
  for (const fields of candidates) {
    const fixedArn = without(fields);
    // The ARN without the fields must be a real one: `arn:aws:iam:::role/app` (no account) is no role ARN.
    const matched = types.find((t) => typeHasArn(data, fixedArn, t));
    if (!matched) continue;
    const names = fields.map((f) => (f === arn.region ? 'region' : 'account')).join(' and ');
    // IAM role ARNs have no region but do have an account: say so, or the author may drop both.
    const but = fields.length === 1 && fields[0] === arn.region && account ? ' (but do have an account)' : '';
    return {
      start: fields[0]!.start,
      end: fields[fields.length - 1]!.end,
      messageId: 'noRegionOrAccount',
      data: { service: data.serviceName(arn.service.value) ?? arn.service.value, type: matched.key, fields: names, but, template: matched.arn, raw },
      // A suggestion: it deletes part of the author's ARN, and the ARN may be of another service altogether.
      suggestions: [{ title: `Remove the ${names}: "${fixedArn}"`, edits: fields.map((f) => ({ ...span(f), newText: '' })) }],
    };
  }
  return undefined;
}

/** A field with a value that is no pattern: not empty, no wildcard, no variable. */
const concreteField = (f: ArnField): boolean => f.value !== '' && !hasWildcard(f.value) && !f.value.includes('${');

const typesByNamespace = new WeakMap<IamData, Map<string, readonly ResourceTypeInfo[]>>();

/**
 * The resource types whose ARNs are in this namespace (types another prefix lists under its own namespace
 * excluded). Once per data and namespace (asked for every ARN); `service` is a known namespace, so bounded.
 */
function typesOfNamespace(data: IamData, service: string): readonly ResourceTypeInfo[] {
  let byService = typesByNamespace.get(data);
  if (!byService) {
    byService = new Map();
    typesByNamespace.set(data, byService);
  }
  let types = byService.get(service);
  if (!types) {
    types = data.resourceTypes(service).filter((t) => t.arn.split(':')[2] === service);
    byService.set(service, types);
  }
  return types;
}

const compiledByNamespace = new WeakMap<readonly ResourceTypeInfo[], readonly CompiledTemplate[]>();

/** The compiled templates of typesOfNamespace's list, in its order (each Resource is checked against them). */
function compiledOfNamespace(data: IamData, types: readonly ResourceTypeInfo[]): readonly CompiledTemplate[] {
  let compiled = compiledByNamespace.get(types);
  if (!compiled) {
    compiled = types.map((t) => compileResourceType(data, t));
    compiledByNamespace.set(types, compiled);
  }
  return compiled;
}

/** Can the pattern be an ARN of the type, with a real account where the type has one (or an AWS-owned resource)? */
function typeHasArn(data: IamData, pattern: string, type: ResourceTypeInfo, compiled = compileResourceType(data, type)): boolean {
  if (patternCanMatchTemplateWithAccount(pattern, compiled)) return true;
  return awsOwnedResourceType(type) !== undefined && patternCanMatchTemplate(pattern, compiled);
}

/**
 * An empty account field where every resource type the ARN could be has an account (`${Account}`): IAM roles, SQS
 * queues, DynamoDB tables, Lambda functions. Such an ARN matches nothing. Resource types AWS itself owns instances
 * of (public SSM parameters, AWS-owned SSM documents, …) are accepted with an empty account: see awsOwnedResources.
 */
function missingAccount(data: IamData, raw: string, arn: ParsedArn, types: readonly ResourceTypeInfo[], compiled: readonly CompiledTemplate[]): Issue | undefined {
  if (arn.account.value !== '') return undefined;
  // The types whose ARNs have no account field (S3 buckets and objects) first: an ARN with an empty account is
  // usually one of them, and then it is fine, whatever the other types are (one search instead of one per type).
  const accountless = accountlessTypes(types);
  for (let k = 0; k < accountless.length; k++) {
    const i = accountless[k]!;
    if (patternCanMatchTemplate(raw, compiled[i]!) && typeHasArn(data, raw, types[i]!, compiled[i]!)) return undefined;
  }
  // The types the ARN can be; none of them may have an ARN with an account like it (stops at the first that does).
  // Only the types whose resource prefix the ARN's may have (typesPatternMayMatch: the others cannot match).
  const candidates: ResourceTypeInfo[] = [];
  const mayMatch = typesPatternMayMatch(raw, compiled);
  for (let k = 0; k < mayMatch.length; k++) {
    const i = mayMatch[k]!;
    const t = types[i]!;
    if (!patternCanMatchTemplate(raw, compiled[i]!)) continue;
    if (typeHasArn(data, raw, t, compiled[i]!)) return undefined;
    candidates.push(t);
  }
  if (candidates.length === 0) return undefined;
  const type = candidates[0]!;
  // `${Account}` is the owner's account; other variable names (`${AccountId}`, `${VpcOwnerAccount}`, …) are less
  // certain to be the ARN's account field as AWS fills it: a warning that says so.
  const variable = templateAccountField(type.arn);
  const certain = candidates.every((t) => templateAccountField(t.arn) === '${Account}');
  return {
    ...(certain ? {} : { severity: 'warning' as const }),
    // The empty field has no width: point at the two colons around it.
    start: arn.account.start - 1,
    end: arn.account.end + 1,
    messageId: 'emptyAccount',
    data: {
      service: data.serviceName(arn.service.value) ?? arn.service.value,
      type: type.key,
      template: type.arn,
      raw,
      note: certain ? '' : ` (The reference names this field ${variable}; if AWS documents ARNs of this type with an empty account, keep it.)`,
    },
  };
}

/**
 * Whether the ARN can be of some type of `types` (compiled in the same order). The types whose resource part begins
 * with a literal the ARN's resource begins with (`table/` for `…:table/Orders`) are tried first: the answer is the
 * same, found with one search instead of one per type before it.
 */
function canBeOfSomeTypeOf(raw: string, resourceStart: number, types: readonly ResourceTypeInfo[], compiled: readonly CompiledTemplate[]): boolean {
  const prefixes = resourcePrefixes(types);
  for (let i = 0; i < prefixes.length; i++) {
    const prefix = prefixes[i]!;
    if (prefix !== '' && raw.startsWith(prefix, resourceStart) && patternCanMatchTemplate(raw, compiled[i]!)) return true;
  }
  // Then the others it may be of (typesPatternMayMatch: the rest cannot match).
  const mayMatch = typesPatternMayMatch(raw, compiled);
  for (let k = 0; k < mayMatch.length; k++) if (patternCanMatchTemplate(raw, compiled[mayMatch[k]!]!)) return true;
  return false;
}

const prefixesByTypes = new WeakMap<readonly ResourceTypeInfo[], readonly string[]>();

/** The literal start of each type's resource part (before its first variable), in `types`' order. */
function resourcePrefixes(types: readonly ResourceTypeInfo[]): readonly string[] {
  let prefixes = prefixesByTypes.get(types);
  if (!prefixes) {
    prefixes = types.map((t) => {
      const resource = fieldAt(t.arn, 5, true);
      const variable = resource.indexOf('${');
      return variable < 0 ? resource : resource.slice(0, variable);
    });
    prefixesByTypes.set(types, prefixes);
  }
  return prefixes;
}

const accountlessByTypes = new WeakMap<readonly ResourceTypeInfo[], readonly number[]>();

/** The positions in `types` (typesOfNamespace's list) of the types whose ARN template has an empty account field. */
function accountlessTypes(types: readonly ResourceTypeInfo[]): readonly number[] {
  let positions = accountlessByTypes.get(types);
  if (!positions) {
    positions = types.flatMap((t, i) => (templateAccountField(t.arn) === '' ? [i] : []));
    accountlessByTypes.set(types, positions);
  }
  return positions;
}

/**
 * An empty region field where every resource type the ARN could be with a Region has one (DynamoDB tables, SQS
 * queues): `arn:aws:dynamodb::123456789012:table/Orders` matches nothing.
 */
function missingRegion(data: IamData, raw: string, arn: ParsedArn, types: readonly ResourceTypeInfo[], canBeOfSomeType: boolean): Issue | undefined {
  if (arn.region.value !== '') return undefined;
  if (types.length === 0 || canBeOfSomeType) return undefined;
  // A concrete Region: a `*` would run across the colons and match child resource types by accident.
  const withRegion = raw.slice(0, arn.region.start) + 'us-east-1' + raw.slice(arn.region.end);
  const type = types.find((t) => resourceCanBeOfType(data, withRegion, t));
  if (!type) return undefined;
  return {
    start: arn.region.start - 1,
    end: arn.region.end + 1,
    messageId: 'emptyRegion',
    data: { service: data.serviceName(arn.service.value) ?? arn.service.value, type: type.key, template: type.arn, raw },
  };
}

/**
 * A resource part no resource type of the service can have, whatever the region and account: a warning, since the
 * reference may lack a resource type (resource-type-mismatch judges the statement's actions against it).
 */
function noResourceType(data: IamData, raw: string, arn: ParsedArn, types: readonly ResourceTypeInfo[], canBeOfSomeType: boolean): Issue | undefined {
  if (types.length === 0 || canBeOfSomeType) return undefined;
  // Concrete samples, not `*` (which would run across the colons into the resource part).
  for (const region of ['', 'us-east-1']) {
    for (const account of ['', '123456789012', 'aws']) {
      const variant = raw.slice(0, arn.region.start) + region + ':' + account + raw.slice(arn.account.end);
      if (types.some((t) => resourceCanBeOfType(data, variant, t))) return undefined;
    }
  }
  const examples = types.slice(0, 3).map((t) => t.arn.split(/,\s*/)[0]!.split(':').slice(5).join(':'));
  return {
    ...span(arn.resource),
    severity: 'warning',
    messageId: 'noResourceType',
    data: { resource: arn.resource.value, service: data.serviceName(arn.service.value) ?? arn.service.value, examples: examples.join(', ') },
  };
}

/** The account field of a template's first alternative (`${Account}`, empty, …). */
function templateAccountField(template: string): string {
  return fieldAt(template, 4);
}

/** Field `index` of an ARN template (with `toEnd`, everything from it on: the resource part), colons inside `${…}` not splitting. */
function fieldAt(template: string, index: number, toEnd = false): string {
  const first = template.split(/,\s*/)[0] ?? '';
  const masked = maskVariables(first);
  let start = 0;
  for (let i = 0; i < index; i++) {
    const colon = masked.indexOf(':', start);
    if (colon < 0) return '';
    start = colon + 1;
  }
  const end = toEnd ? -1 : masked.indexOf(':', start);
  return first.slice(start, end < 0 ? first.length : end);
}
