// iam/resource-arn-malformed: a Resource/NotResource that is not `*` or a well-formed ARN (fields, partition,
// service, region, account, policy variables before the resource part).
// ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// Policy variables only in the resource part: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import type { IamRule, RuleContext } from '../rule';
import type { IamData } from '../../data/iamData';
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
  resourceCanBeOfType,
} from '../../iam/arn';
import { valueOffset } from '../../iam/jsonEdits';
import { hasPlaceholder } from '../../iam/placeholders';
import { retiredServiceName } from '../../iam/retiredServices';
import { hasWildcard } from '../../iam/wildcard';
import { dollarBraceSpans } from '../../interpolations';
import { closestMatches } from '../../text';

export const resourceArnMalformed: IamRule = {
  id: 'iam/resource-arn-malformed',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every Resource must be "*" or a well-formed ARN: six fields, a real partition, service, region and 12-digit account.',
  fixable: true,
  check(context) {
    for (const statement of context.doc.statements) {
      for (const value of statement.resource?.values ?? []) {
        // In host files an interpolation (`${var.prefix}/x`) reaches rules as `*`: the real value is unknown.
        if (value.opaque || (value.value.includes('*') && valueOffset(context.text, value, 0) === undefined)) continue;
        reportIssues(context, value, issuesOf(context.data, value.value));
      }
    }
  },
};

/** A problem in one Resource string, with offsets inside the string (undefined: the whole value). */
interface Issue {
  start?: number;
  end?: number;
  /** Rule default (error) unless set. */
  severity?: 'warning';
  message: string;
  fixes: { title: string; isPreferred: boolean; edits: { start: number; end: number; newText: string }[] }[];
}

const issueCache = new WeakMap<IamData, Map<string, Issue[]>>();

/** The issues of a Resource string (pure, cached per string: most values repeat while typing). */
function issuesOf(data: IamData, raw: string): Issue[] {
  let cache = issueCache.get(data);
  if (!cache) {
    cache = new Map();
    issueCache.set(data, cache);
  }
  let issues = cache.get(raw);
  if (!issues) {
    issues = computeIssues(data, raw);
    if (cache.size > 5000) cache.clear();
    cache.set(raw, issues);
  }
  return issues;
}

function reportIssues(context: RuleContext<IamDocument>, value: StrValue, issues: Issue[]): void {
  for (const issue of issues) {
    const base = valueOffset(context.text, value, 0);
    if (base === undefined || issue.start === undefined || issue.end === undefined) {
      // JSON escapes shift offsets: report the whole token, without fixes.
      context.report({ start: value.start, end: value.end, message: issue.message, ...severityOf(issue) });
      continue;
    }
    context.report({
      start: base + issue.start,
      end: base + issue.end,
      message: issue.message,
      ...severityOf(issue),
      fixes: issue.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ start: base + e.start, end: base + e.end, newText: e.newText })) })),
    });
  }
}

const severityOf = (issue: Issue): { severity?: 'warning' } => (issue.severity ? { severity: issue.severity } : {});

const span = (field: { start: number; end: number }): { start: number; end: number } => ({ start: field.start, end: field.end });

function computeIssues(data: IamData, raw: string): Issue[] {
  if (raw === '*' || hasPlaceholder(raw)) return []; // iam/placeholder owns unfilled values
  const masked = maskVariables(raw);
  if (!masked.startsWith('arn:')) {
    return [{ message: `"${raw}" is not an ARN: a Resource must be "*" or an ARN (arn:partition:service:region:account:resource).`, fixes: [] }];
  }
  let arn = parseArn(masked);
  const fields = masked.split(':').length;
  // A `*` that ends the last segment also matches across the colons after it, so `arn:aws:rds:*` is every RDS
  // ARN (AWS recommends full ARNs, but this one is valid; AWS's own managed policies used it).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
  const truncated = !arn && fields >= 3 && masked.endsWith('*');
  if (truncated) arn = parseArn(masked + ':*'.repeat(6 - fields));
  if (!arn) {
    return [
      {
        message: `"${raw}" has ${fields} colon-separated fields; an ARN has at least six: arn:partition:service:region:account:resource (empty fields keep their colons, e.g. arn:aws:s3:::bucket).`,
        fixes: [],
      },
    ];
  }
  const variables = variablesBeforeResource(raw, arn.resource.start);
  if (variables.length > 0) return variables;
  const issues: Issue[] = [];
  if (!partitionMatches(arn.partition.value)) {
    issues.push({ ...span(arn.partition), message: `"${arn.partition.value}" is not an AWS partition (${PARTITIONS.join(', ')}).`, fixes: [] });
  }
  const service = arn.service.value;
  if (service.length === 0) return [...issues, { ...span(arn.service), message: `"${raw}" has an empty service field.`, fixes: [] }];
  if (!hasWildcard(service) && !isArnNamespace(data, service)) {
    const retired = retiredServiceName(service);
    // A retired service's namespace is real, just unknown to the data: nothing past it can be checked.
    if (retired) return [...issues, { ...span(arn.service), severity: 'warning', message: `"${service}" is the namespace of ${retired}, which the Service Authorization Reference does not list: this ARN cannot be checked.`, fixes: [] }];
    return [...issues, unknownService(data, arn.service)];
  }
  // The fields the trailing `*` stands for are not in the text: nothing more to check.
  if (truncated) return issues;
  const badRegion = regionProblem(arn.region.value);
  if (badRegion) issues.push({ ...span(arn.region), message: badRegion, fixes: [] });
  const badAccount = accountProblem(arn.account.value);
  if (badAccount) issues.push({ ...span(arn.account), message: badAccount, fixes: [] });
  if (!badRegion && !badAccount && !hasWildcard(service)) {
    const forbidden = forbiddenRegionAccount(data, raw, arn);
    if (forbidden) issues.push(forbidden);
  }
  return issues;
}

/** `${aws:…}` in partition, service, region or account: IAM only substitutes variables in the resource part. */
function variablesBeforeResource(raw: string, resourceStart: number): Issue[] {
  const issues: Issue[] = [];
  for (const { start, end, body } of dollarBraceSpans(raw)) {
    if (start >= resourceStart) break;
    if (body === '*' || body === '?' || body === '$') continue;
    issues.push({
      start,
      end,
      message: `Policy variable ${raw.slice(start, end)} is only replaced in the resource part of an ARN (after the fifth colon), not in the partition, service, region or account.`,
      fixes: [],
    });
  }
  return issues;
}

function unknownService(data: IamData, field: ArnField): Issue {
  const service = field.value;
  const lower = service.toLowerCase();
  const suggestions = lower !== service && isArnNamespace(data, lower) ? [lower] : closestMatches(service, data.servicePrefixes(), 3);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  return {
    ...span(field),
    message: `"${service}" is not an AWS service namespace.${hint}`,
    fixes: suggestions.map((s, i) => ({
      title: `Change the service to "${s}"`,
      isPreferred: i === 0 && suggestions.length === 1,
      edits: [{ ...span(field), newText: s }],
    })),
  };
}

/**
 * A region or account where no resource type of the service has one (S3 bucket and object ARNs,
 * IAM ARNs have no region): reported when the ARN would match a resource type with them removed.
 */
function forbiddenRegionAccount(data: IamData, raw: string, arn: ParsedArn): Issue | undefined {
  const concrete = (f: ArnField): boolean => f.value !== '' && !hasWildcard(f.value) && !f.value.includes('${');
  const region = concrete(arn.region);
  const account = concrete(arn.account);
  if (!region && !account) return undefined;
  const types = data.resourceTypes(arn.service.value).filter((t) => t.arn.split(':')[2] === arn.service.value);
  if (types.length === 0 || types.some((t) => resourceCanBeOfType(data, raw, t))) return undefined;
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
    const matched = types.find((t) => resourceCanBeOfType(data, fixedArn, t));
    if (!matched) continue;
    const names = fields.map((f) => (f === arn.region ? 'region' : 'account')).join(' and ');
    return {
      start: fields[0]!.start,
      end: fields[fields.length - 1]!.end,
      message: `${data.serviceName(arn.service.value) ?? arn.service.value} ${matched.key} ARNs have no ${names} (${matched.arn}): "${raw}" matches no resource.`,
      fixes: [{ title: `Remove the ${names}: "${fixedArn}"`, isPreferred: true, edits: fields.map((f) => ({ ...span(f), newText: '' })) }],
    };
  }
  return undefined;
}
