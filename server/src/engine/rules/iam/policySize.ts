// iam/policy-size: a policy longer than the size quota of where it is stored (IAM, Organizations, S3, SQS, KMS).
//
// Quotas (characters unless said otherwise):
// - IAM managed policy 6,144; inline policies in aggregate per user 2,048, group 5,120, role 10,240; role trust
//   policy 2,048 by default (Service Quotas raises it to 8,192). IAM does not count white space.
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// - SCP 5,120; every character counts when the policy is saved through the API (the console removes white space
//   outside quotation marks first). https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
// - S3 bucket policy 20 KB: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html
// - SQS queue policy 8,192 bytes: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html
// - KMS key policy 32 KB: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
// Access Analyzer's checks: POLICY_SIZE_EXCEEDS_{IDENTITY,RESOURCE,ROLE_TRUST}_POLICY_QUOTA (warnings) and
// POLICY_SIZE_EXCEEDS_SCP_QUOTA (an error).

import { combineParts, type DocumentParts, type IamRule, type PartsSpec, type RuleContext } from '../rule';
import type { IamDocument, JsonNode } from '../../iam/document';
import type { Report } from '../../types';
import { objectOpening, strictJsonFacts } from '../../iam/document';
import { valueInfoOf } from '../../iam/values';

/**
 * Numbers in messages as `38,598`: toLocaleString('en-US')'s text, from one formatter made on first use (not one per
 * call, nor at start).
 */
let enUs: Intl.NumberFormat | undefined;
const formatted = (n: number): string => (enUs ??= new Intl.NumberFormat('en-US')).format(n);

const MANAGED = 6_144;
const INLINE_USER = 2_048;
const INLINE_GROUP = 5_120;
const INLINE_ROLE = 10_240;
const TRUST_DEFAULT = 2_048;
const TRUST_MAX = 8_192;
const SCP = 5_120;

interface ResourceQuota {
  limit: number;
  label: string;
}

const S3: ResourceQuota = { limit: 20_480, label: 'an S3 bucket policy (20 KB)' };
const SQS: ResourceQuota = { limit: 8_192, label: 'an SQS queue policy (8,192 bytes)' };
const KMS: ResourceQuota = { limit: 32_768, label: 'a KMS key policy (32 KB)' };

/** Resource policy quotas by the host resource type that stores the policy. */
const RESOURCE_QUOTAS: Record<string, ResourceQuota> = {
  aws_s3_bucket_policy: S3,
  aws_s3control_bucket_policy: S3,
  'AWS::S3::BucketPolicy': S3,
  aws_sqs_queue_policy: SQS,
  aws_sqs_queue: SQS,
  'AWS::SQS::QueuePolicy': SQS,
};

/** Resource policy quotas by the one service all of a policy's actions belong to (a policy file with no host). */
const RESOURCE_QUOTAS_BY_SERVICE: Record<string, ResourceQuota> = { s3: S3, sqs: SQS };

/** Inline policy quotas (aggregate per entity) by the host resource type and attribute that store the policy. */
function inlineQuota(resourceType: string | undefined): { limit: number; entity: string } | undefined {
  switch (resourceType) {
    // A role's identity policies in the role itself are its inline policies (`inline_policy { policy }`, `Policies`).
    case 'aws_iam_role':
    case 'AWS::IAM::Role':
    case 'aws_iam_role_policy':
    case 'AWS::IAM::RolePolicy':
      return { limit: INLINE_ROLE, entity: 'a role' };
    case 'aws_iam_user_policy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::User':
      return { limit: INLINE_USER, entity: 'a user' };
    case 'aws_iam_group_policy':
    case 'AWS::IAM::GroupPolicy':
    case 'AWS::IAM::Group':
      return { limit: INLINE_GROUP, entity: 'a group' };
    // Embedded in the roles, users or groups it names: the largest of their quotas, so as not to warn wrongly.
    case 'AWS::IAM::Policy':
      return { limit: INLINE_ROLE, entity: 'a role' };
    default:
      return undefined;
  }
}

/** Identity Center permission sets have quotas of their own, not IAM's: no finding for them. */
const NOT_IAM_STORED = new Set(['aws_ssoadmin_permission_set_inline_policy', 'AWS::SSO::PermissionSet']);

export const policySize: IamRule = {
  id: 'iam/policy-size',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: 'The policy must fit the size quota of where it is stored (managed, inline, trust, SCP, bucket, queue or key policy).',
  fixable: false,
  hasSuggestions: false,
  messages: {
    managed:
      'The policy has {{size}} characters without white space, more than the 6,144 of IAM\'s quota for a customer managed policy: IAM rejects it as a managed policy of an account. Split it into several policies (inline policies of a role may hold 10,240 characters in total).',
    inline:
      'The policy has {{size}} characters without white space, more than the {{limit}} that IAM allows for all inline policies of {{entity}} together; IAM rejects it. Split it into managed policies.',
    trust:
      'The trust policy has {{size}} characters without white space, more than the default role trust policy quota of 2,048; IAM rejects it unless the account\'s quota was raised (Service Quotas, up to 8,192).',
    trustMax:
      'The trust policy has {{size}} characters without white space, more than 8,192, the highest role trust policy quota Service Quotas grants; IAM rejects it. Split the trust between roles.',
    scp: 'The SCP has {{size}} characters even without white space, more than the 5,120 that AWS Organizations allows; it rejects the policy. Split it into several SCPs.',
    scpWhitespace:
      'The SCP has {{size}} characters as written, more than the 5,120 that AWS Organizations allows: every character counts when the policy is saved through the API or the CLI. Without the white space outside strings it has {{minified}} (the console removes it before saving).',
    resource: 'The policy has {{size}} characters, more than {{quota}} allows; the service rejects it.',
  },
  check(outer) {
    // While typing, the finding (one, at the policy's opening) is kept while its message is the same.
    const context = outer.reportKept ? { ...outer, report: (report: Report) => keptReport(outer, report) } : outer;
    const { doc } = context;
    const root = doc.root;
    if (root?.type !== 'object') return;
    const origin = doc.origin;
    if (origin?.resourceType && NOT_IAM_STORED.has(origin.resourceType)) return;
    // While typing, each statement's size is kept (it depends on the statement alone), their sum until one changes,
    // and only the rest is walked.
    const size = context.documentParts ? measureIncrementally(root, doc, context.documentParts) : (sizeFromFacts(doc) ?? measure(root, doc));
    const at = objectOpening(root);
    const shown = (n: number): string => (size.partial ? `at least ${formatted(n)}` : formatted(n));
    switch (doc.policyType) {
      case 'identity': {
        const inline = inlineQuota(origin?.resourceType);
        if (inline) {
          if (size.nonSpace > inline.limit) {
            context.report({ ...at, messageId: 'inline', data: { size: shown(size.nonSpace), limit: formatted(inline.limit), entity: inline.entity } });
          }
        } else if (size.nonSpace > MANAGED) {
          context.report({ ...at, messageId: 'managed', data: { size: shown(size.nonSpace) } });
        }
        return;
      }
      case 'trust':
        if (size.nonSpace > TRUST_MAX) context.report({ ...at, messageId: 'trustMax', data: { size: shown(size.nonSpace) } });
        else if (size.nonSpace > TRUST_DEFAULT) context.report({ ...at, messageId: 'trust', data: { size: shown(size.nonSpace) } });
        return;
      case 'scp':
        checkScp(context, size, at, shown);
        return;
      case 'kms-key':
        reportResource(context, size.minified, KMS, at, shown);
        return;
      case 'resource': {
        const quota = (origin?.resourceType ? RESOURCE_QUOTAS[origin.resourceType] : undefined) ?? (origin ? undefined : quotaByActions(doc, context.documentParts));
        if (quota) reportResource(context, size.minified, quota, at, shown);
        return;
      }
    }
  },
};

/** Reports through `reportKept`: a finding of this rule has no fixes, so its message, severity and place make it. */
function keptReport(context: RuleContext<IamDocument>, report: Report): void {
  const key = `${report.messageId} ${report.severity ?? ''} ${report.end - report.start} ${JSON.stringify(report.data ?? {})}`;
  context.reportKept!(key, () => context.report(report), report.start);
}

function checkScp(context: RuleContext<IamDocument>, size: Size, at: { start: number; end: number }, shown: (n: number) => string): void {
  if (size.minified > SCP) {
    // Error: Access Analyzer rejects it too (POLICY_SIZE_EXCEEDS_SCP_QUOTA), and no way of saving it fits.
    context.report({ ...at, severity: 'error', messageId: 'scp', data: { size: shown(size.minified) } });
    return;
  }
  // Only the policy's own JSON text is saved as written; a host serializes the policy itself.
  if (!context.doc.isJsonText || !context.doc.root) return;
  const written = context.doc.root.length;
  if (written > SCP) {
    context.report({ ...at, messageId: 'scpWhitespace', data: { size: formatted(written), minified: shown(size.minified) } });
  }
}

function reportResource(
  context: RuleContext<IamDocument>,
  minified: number,
  quota: ResourceQuota,
  at: { start: number; end: number },
  shown: (n: number) => string,
): void {
  if (minified > quota.limit) context.report({ ...at, messageId: 'resource', data: { size: shown(minified), quota: quota.label } });
}

/** The quota of a resource policy whose actions all belong to one service with a known quota. */
function quotaByActions(doc: IamDocument, documentParts: DocumentParts | undefined): ResourceQuota | undefined {
  const service = combineParts(doc, SERVICES, documentParts);
  return service ? RESOURCE_QUOTAS_BY_SERVICE[service] : undefined;
}

/** No service (a statement with an action that is not a literal `service:name`, or actions of two services). */
const MIXED = null;

/**
 * The one service (lower case) all the policy's actions belong to: per statement its service (undefined when it has
 * no action, MIXED), combined.
 */
const SERVICES: PartsSpec<string | undefined | typeof MIXED, string | undefined> = {
  name: 'policy-size/service',
  part(statement) {
    let service: string | undefined;
    for (const action of statement.action?.values ?? []) {
      if (action.known !== 'literal') return MIXED;
      const colon = action.value.indexOf(':');
      if (colon < 0) return MIXED;
      const prefix = action.value.slice(0, colon).toLowerCase();
      if (service !== undefined && prefix !== service) return MIXED;
      service = prefix;
    }
    return service;
  },
  same: (a, b) => a === b,
  combine(parts) {
    let service: string | undefined;
    for (const part of parts) {
      if (part === MIXED) return undefined;
      if (part === undefined) continue;
      if (service !== undefined && part !== service) return undefined;
      service = part;
    }
    return service;
  },
};

/** The statements' sizes, summed. */
const STATEMENT_SIZES: PartsSpec<Size, Size> = {
  name: 'policy-size/statements',
  part: (statement, doc) => measure(statement.node, doc),
  same: (a, b) => a.minified === b.minified && a.nonSpace === b.nonSpace && a.partial === b.partial,
  combine(parts) {
    const size: Size = { minified: 0, nonSpace: 0, partial: false };
    for (const part of parts) {
      size.minified += part.minified;
      size.nonSpace += part.nonSpace;
      size.partial ||= part.partial;
    }
    return size;
  },
};

/** `measure(root, doc)` as the statements' sizes (STATEMENT_SIZES) plus the rest of the policy's. */
function measureIncrementally(root: JsonNode, doc: IamDocument, documentParts: DocumentParts): Size {
  // The statements are the objects of the Statement array, or its object (iam/document.ts): checked, not assumed.
  const value = doc.statementProperty?.children?.[1];
  const objects = value?.type === 'array' ? (value.children ?? []).reduce((n, c) => (c.type === 'object' ? n + 1 : n), 0) : value?.type === 'object' ? 1 : 0;
  const statements = doc.statements;
  if (objects !== statements.length || (objects > 0 && statements[0]!.node !== (value!.type === 'object' ? value : value!.children!.find((c) => c.type === 'object')))) {
    return measure(root, doc);
  }
  const rest = measure(root, doc, value);
  const own = combineParts(doc, STATEMENT_SIZES, documentParts);
  return { minified: rest.minified + own.minified, nonSpace: rest.nonSpace + own.nonSpace, partial: rest.partial || own.partial };
}

/**
 * `measure(doc.root, doc)` of a policy file read as strict JSON in full, from what the reader counted (iam/jsonTree.ts
 * StrictJsonFacts): its text is its tokens and white space outside them, so without that white space it is the
 * minified JSON, and its only white space inside tokens is the spaces of its strings. Undefined otherwise.
 */
function sizeFromFacts(doc: IamDocument): Size | undefined {
  const facts = strictJsonFacts(doc);
  if (!facts) return undefined;
  const minified = doc.text.length - facts.blankOutsideTokens;
  return { minified, nonSpace: minified - facts.spacesInStrings, partial: false };
}

interface Size {
  /** Characters of the JSON without white space outside strings. */
  minified: number;
  /** The same without any white space (IAM's count). */
  nonSpace: number;
  /** Some values are expressions GrantCheck cannot evaluate: the sizes are lower bounds. */
  partial: boolean;
}

/**
 * The policy's size as JSON, from the model (so the same for a policy file and for a policy embedded in a host
 * file). A policy file's strings and numbers count as written (escapes included); a host's values count as their
 * JSON spelling, and the parts GrantCheck cannot know count nothing. `statementValue`: the Statement value, whose
 * statement objects are left out (measureIncrementally adds them).
 */
export function measure(root: JsonNode, doc: IamDocument, statementValue?: JsonNode): Size {
  const size: Size = { minified: 0, nonSpace: 0, partial: false };
  // Every node of the policy is visited: counters in locals, no array per leaf (a leaf has no children).
  let minified = 0;
  let spaces = 0;
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // `statementValue` (the Statement value): its statement objects are measured apart, the rest as usual.
    if (node === statementValue && node.type === 'object') continue;
    const children = node.children;
    const count = children ? children.length : 0;
    switch (node.type) {
      case 'object':
      case 'array':
        minified += 2 + Math.max(0, count - 1);
        break;
      case 'property':
        minified += 1;
        break;
      case 'string':
        if (doc.isJsonText) {
          minified += node.length;
          spaces += spacesIn(doc.text, node.offset, node.offset + node.length);
        } else {
          size.minified = 0;
          size.nonSpace = 0;
          measureString(node, doc, size);
          minified += size.minified;
          spaces += size.minified - size.nonSpace;
        }
        break;
      case 'number':
        minified += doc.isJsonText ? node.length : String(node.value).length;
        break;
      case 'boolean':
        minified += node.value ? 4 : 5;
        break;
      case 'null':
        minified += 4;
        break;
    }
    if (count === 0) continue;
    if (node === statementValue) {
      for (let i = count - 1; i >= 0; i--) if (children![i]!.type !== 'object') stack.push(children![i]!);
      continue;
    }
    for (let i = count - 1; i >= 0; i--) stack.push(children![i]!);
  }
  size.minified = minified;
  size.nonSpace = minified - spaces;
  return size;
}

/** Adds a host's string value (not a policy file's: those count as written) to `size`, setting `partial` when needed. */
function measureString(node: JsonNode, doc: IamDocument, size: Size): void {
  const add = (n: number, spaces = 0): void => {
    size.minified += n;
    size.nonSpace += n - spaces;
  };
  const info = valueInfoOf(node, doc.text);
  if (info.known === 'literal') {
    const json = JSON.stringify(typeof node.value === 'string' ? node.value : '');
    add(json.length, spacesIn(json, 0, json.length));
    return;
  }
  size.partial = true;
  if (info.known === 'unknown') return;
  let known = 2;
  let spaces = 0;
  for (const piece of info.pieces ?? []) {
    if (piece.kind === 'unknown') continue;
    const json = JSON.stringify(piece.text);
    known += json.length - 2;
    spaces += spacesIn(json, 0, json.length);
  }
  add(known, spaces);
}

function spacesIn(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) n++;
  }
  return n;
}
