// iam/resource-arn-malformed: a Resource/NotResource that is not `*` or a well-formed ARN (fields, partition,
// service, region, account, policy variables before the resource part).
// ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
// Policy variables only in the resource part: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, StrValue } from '../../iam/document';
import {
  type ArnField,
  PARTITIONS,
  accountProblem,
  isArnNamespace,
  partitionMatches,
  regionProblem,
  maskVariables,
  parseArn,
  resourceCanBeOfType,
} from '../../iam/arn';
import { valueOffset } from '../../iam/jsonEdits';
import { hasPlaceholder } from '../../iam/placeholders';
import { hasWildcard } from '../../iam/wildcard';
import { closestMatches } from '../../text';
import type { FixProposal, OffsetEdit } from '../../types';

export const resourceArnMalformed: IamRule = {
  id: 'iam/resource-arn-malformed',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Every Resource must be "*" or a well-formed ARN: six fields, a real partition, service, region and 12-digit account.',
  fixable: true,
  check(context) {
    for (const statement of context.doc.statements) {
      for (const value of statement.resource?.values ?? []) checkResource(context, value);
    }
  },
};

type Context = RuleContext<IamDocument>;

function checkResource(context: Context, value: StrValue): void {
  const raw = value.value;
  if (raw === '*' || hasPlaceholder(raw)) return; // iam/placeholder owns unfilled values
  const masked = maskVariables(raw);
  if (!masked.startsWith('arn:')) {
    context.report({ start: value.start, end: value.end, message: `"${raw}" is not an ARN: a Resource must be "*" or an ARN (arn:partition:service:region:account:resource).` });
    return;
  }
  const arn = parseArn(masked);
  if (!arn) {
    const fields = masked.split(':').length;
    context.report({
      start: value.start,
      end: value.end,
      message: `"${raw}" has ${fields} colon-separated fields; an ARN has at least six: arn:partition:service:region:account:resource (empty fields keep their colons, e.g. arn:aws:s3:::bucket).`,
    });
    return;
  }
  const at = (field: ArnField): { start: number; end: number } => {
    const start = valueOffset(context.text, value, field.start);
    return start === undefined ? { start: value.start, end: value.end } : { start, end: start + field.value.length };
  };
  if (reportVariablesBeforeResource(context, value, arn.resource.start, at)) return;
  if (!partitionMatches(arn.partition.value)) {
    context.report({ ...at(arn.partition), message: `"${arn.partition.value}" is not an AWS partition (${PARTITIONS.join(', ')}).` });
  }
  const service = arn.service.value;
  if (service.length === 0) {
    context.report({ ...at(arn.service), message: `"${raw}" has an empty service field.` });
    return;
  }
  if (!hasWildcard(service) && !isArnNamespace(context.data, service)) {
    reportUnknownService(context, value, arn.service, at);
    return;
  }
  const badRegion = regionProblem(arn.region.value);
  if (badRegion) context.report({ ...at(arn.region), message: badRegion });
  const badAccount = accountProblem(arn.account.value);
  if (badAccount) context.report({ ...at(arn.account), message: badAccount });
  if (!badRegion && !badAccount && !hasWildcard(service)) reportForbiddenRegionAccount(context, value, raw, arn, at);
}

/** `${aws:…}` in partition, service, region or account: IAM only substitutes variables in the resource part. */
function reportVariablesBeforeResource(
  context: Context,
  value: StrValue,
  resourceStart: number,
  at: (field: ArnField) => { start: number; end: number },
): boolean {
  const re = /\$\{[^}]*\}/g;
  let reported = false;
  for (let m = re.exec(value.value); m; m = re.exec(value.value)) {
    if (m.index >= resourceStart) break;
    if (m[0] === '${*}' || m[0] === '${?}' || m[0] === '${$}') continue;
    context.report({
      ...at({ value: m[0], start: m.index, end: m.index + m[0].length }),
      message: `Policy variable ${m[0]} is only replaced in the resource part of an ARN (after the fifth colon), not in the partition, service, region or account.`,
    });
    reported = true;
  }
  return reported;
}

function reportUnknownService(context: Context, value: StrValue, field: ArnField, at: (f: ArnField) => { start: number; end: number }): void {
  const service = field.value;
  const lower = service.toLowerCase();
  const suggestions = lower !== service && isArnNamespace(context.data, lower) ? [lower] : closestMatches(service, context.data.servicePrefixes(), 3);
  const range = at(field);
  const fixable = valueOffset(context.text, value, field.start) !== undefined;
  const fixes: FixProposal[] = fixable
    ? suggestions.map((s, i) => ({ title: `Change the service to "${s}"`, isPreferred: i === 0 && suggestions.length === 1, edits: [{ ...range, newText: s }] }))
    : [];
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  context.report({ ...range, message: `"${service}" is not an AWS service namespace.${hint}`, fixes });
}

/**
 * A region or account where no resource type of the service has one (S3 bucket and object ARNs,
 * IAM ARNs have no region): report when the ARN would match a resource type with them removed.
 */
function reportForbiddenRegionAccount(
  context: Context,
  value: StrValue,
  raw: string,
  arn: NonNullable<ReturnType<typeof parseArn>>,
  at: (field: ArnField) => { start: number; end: number },
): void {
  const concrete = (f: ArnField): boolean => f.value !== '' && !hasWildcard(f.value) && !f.value.includes('${');
  const region = concrete(arn.region);
  const account = concrete(arn.account);
  if (!region && !account) return;
  const types = context.data.resourceTypes(arn.service.value).filter((t) => t.arn.split(':')[2] === arn.service.value);
  if (types.length === 0 || types.some((t) => resourceCanBeOfType(context.data, raw, t))) return;
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
    const matched = types.find((t) => resourceCanBeOfType(context.data, fixedArn, t));
    if (!matched) continue;
    const names = fields.map((f) => (f === arn.region ? 'region' : 'account')).join(' and ');
    const first = fields[0]!;
    const last = fields[fields.length - 1]!;
    const start = at(first).start;
    const end = at(last).end;
    const editable = valueOffset(context.text, value, 0) !== undefined;
    const edits: OffsetEdit[] = editable ? fields.map((f) => ({ ...at(f), newText: '' })) : [];
    context.report({
      start,
      end,
      message: `${context.data.serviceName(arn.service.value) ?? arn.service.value} ${matched.key} ARNs have no ${names} (${matched.arn}): "${raw}" matches no resource.`,
      fixes: editable ? [{ title: `Remove the ${names}: "${fixedArn}"`, isPreferred: true, edits }] : [],
    });
    return;
  }
}
