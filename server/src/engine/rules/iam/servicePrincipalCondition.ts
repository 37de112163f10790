// iam/service-principal-condition: a resource policy that allows an AWS service principal should say on whose
// behalf the service acts (aws:SourceArn, aws:SourceAccount…), or any customer's use of that service can reach
// the resource — the cross-service confused deputy. Keys that service principals never carry are reported too.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import type { IamRule } from '../rule';
import type { ConditionEntry, Statement, StrValue } from '../../iam/document';
import { hasUnknownParts, isUnknown, literalValue } from '../../iam/values';
import { isAllow, isNarrowingOperator } from './structureHelpers';

/**
 * Keys that tie a service principal's request to the resource or account it acts for. aws:SourceArn and
 * aws:SourceAccount are Access Analyzer's advice; aws:SourceOrgID and aws:SourceOrgPaths scope it to an
 * organization; aws:SourceOwner is the older key some services (SNS, SES) document.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
 */
const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner']);

/**
 * Keys a service principal's request never carries (a service principal is in no organization and has no tags):
 * a positive condition on them never matches. Access Analyzer's example is aws:PrincipalOrgID with
 * cloudfront.amazonaws.com (UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 */
const NOT_FOR_SERVICE_PRINCIPALS = ['aws:principalorgid', 'aws:principalorgpaths', 'aws:principaltag/'];

/**
 * Keys an author may have meant to restrict the service's source with, which do not say on whose behalf it acts
 * (Access Analyzer's example is aws:Referer): RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL rather than
 * RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL. Other keys (aws:SecureTransport, s3:x-amz-acl) restrict something else.
 */
const INSTEAD_OF_SOURCE = new Set(['aws:referer', 'aws:useragent', 'aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip']);

export const servicePrincipalCondition: IamRule = {
  id: 'iam/service-principal-condition',
  domain: 'iam',
  defaultSeverity: 'warning',
  description:
    'A resource policy allowing an AWS service principal should restrict it with aws:SourceArn or aws:SourceAccount (confused deputy), and cannot test keys service principals never carry.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    missingSource:
      'The service principal {{value}} is allowed without a condition on the resource or account it acts for: any AWS customer\'s use of this service could reach this resource (confused deputy). Add aws:SourceArn or aws:SourceAccount (or aws:SourceOrgID).',
    recommendedSource:
      'To restrict the service principal {{service}} to the resource or account it acts for, use aws:SourceArn or aws:SourceAccount rather than {{key}}.',
    unsupportedKey:
      '{{key}} is never present when a service principal ({{service}}) makes the request, so this condition never matches: use aws:SourceArn, aws:SourceAccount or aws:SourceOrgID.',
  },
  // Each finding belongs to one statement and reads only it and the policy's context (rules/rule.ts StatementScope).
  statementScope: {},
  check(context) {
    const type = context.doc.policyType;
    if (type !== 'resource' && type !== 'kms-key') return;
    const statements = context.doc.statements;
    for (let s = 0; s < statements.length; s++) {
      const statement = statements[s]!;
      if (!isAllow(statement) || statement.principal?.key !== 'Principal') continue;
      const entries = statement.principal.entries;
      // A principal built with an expression (`!Sub logs.${AWS::Region}.amazonaws.com`) is still a service.
      const services = entries.filter((e) => e.type === 'Service' && !isUnknown(e.value) && literalValue(e.value) !== '*').map((e) => e.value);
      if (services.length === 0) continue;
      const conditions = narrowingConditions(statement);
      if (conditions === undefined) continue;
      const service = services[0]!.value;
      const onlyServices = entries.every((e) => e.type === 'Service');
      let reportedKey = false;
      if (onlyServices) {
        for (const entry of conditions) {
          const key = entry.key.value.toLowerCase();
          if (!NOT_FOR_SERVICE_PRINCIPALS.some((k) => (k.endsWith('/') ? key.startsWith(k) : key === k))) continue;
          reportedKey = true;
          context.report({ start: entry.key.start, end: entry.key.end, messageId: 'unsupportedKey', severity: 'error', data: { key: entry.key.value, service } });
        }
      }
      if (conditions.some((e) => isSourceKey(e.key, type === 'kms-key'))) continue;
      const other = conditions.find((e) => INSTEAD_OF_SOURCE.has(e.key.value.toLowerCase()));
      if (other && !reportedKey) {
        context.report({ start: other.key.start, end: other.key.end, messageId: 'recommendedSource', severity: 'info', data: { key: other.key.value, service } });
        continue;
      }
      if (reportedKey) continue;
      for (const value of services) {
        // In a KMS key policy the service can only use the key for the cryptographic work it does for a caller, and
        // AWS documents several key policies so (S3 event notifications to encrypted queues, for one): an info there.
        context.report({
          start: value.start,
          end: value.end,
          messageId: 'missingSource',
          data: { value: JSON.stringify(value.value) },
          ...(type === 'kms-key' ? { severity: 'info' as const } : {}),
        });
      }
    }
  },
};

/**
 * The statement's condition entries under narrowing operators (not negated, not IfExists, not Null), or undefined
 * when a key is an expression or a block is malformed (it may be a source key).
 */
function narrowingConditions(statement: Statement): ConditionEntry[] | undefined {
  const entries: ConditionEntry[] = [];
  if (statement.condition?.valueNode && statement.condition.valueNode.type !== 'object') return undefined;
  for (const block of statement.condition?.blocks ?? []) {
    // A malformed block (iam/policy-structure's) may have meant a source key.
    if (block.valueNode?.type !== 'object') return undefined;
    for (const entry of block.entries) {
      if (hasUnknownParts(entry.key)) return undefined;
      if (isNarrowingOperator(block.operator.value)) entries.push(entry);
    }
  }
  return entries;
}

/**
 * A key that says on whose behalf the service acts. In a KMS key policy an encryption-context key does too: AWS
 * documents `kms:EncryptionContext:aws:logs:arn` for CloudWatch Logs and `kms:EncryptionContext:aws:cloudtrail:arn`
 * for CloudTrail.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
function isSourceKey(key: StrValue, kmsKeyPolicy: boolean): boolean {
  const lower = key.value.toLowerCase();
  return SOURCE_KEYS.has(lower) || (kmsKeyPolicy && lower.startsWith('kms:encryptioncontext:'));
}
