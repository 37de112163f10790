// iam/duplicate-sid: statement ids must be unique, and IAM-managed policies accept only letters and digits in them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, StrValue } from '../../iam/document';
import type { PolicyType } from '../../iam/policyType';
import { POLICY_TYPE_LABELS } from '../../iam/policyType';
import type { Severity } from '../../types';
import { hasUnknownParts } from '../../iam/values';
import { replaceValue } from '../../iam/edits';
import { withArticle } from './structureHelpers';

const ALPHANUMERIC = /^[A-Za-z0-9]*$/;

/**
 * How strictly Sid characters are checked per policy type. IAM rejects anything but [A-Za-z0-9]
 * in identity policies ("Statement IDs (SID) must be alpha-numeric"), and Access Analyzer does the
 * same for SCPs. Role trust policies are stored by IAM too, but AWS does not document the rule for
 * them, so only a warning. Resource and key policies belong to other services: S3 and KMS document
 * Sids with spaces ("Enable IAM User Permissions"), so no character check there.
 */
const CHARACTER_CHECK: Record<PolicyType, Severity | undefined> = {
  identity: 'error',
  scp: 'error',
  trust: 'warning',
  resource: undefined,
  'kms-key': undefined,
};

/** Policy types that IAM itself validates and stores (Organizations validates SCPs the same way). */
const IAM_STORED: ReadonlySet<PolicyType> = new Set<PolicyType>(['identity', 'scp', 'trust']);

export const duplicateSid: IamRule = {
  id: 'iam/duplicate-sid',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Statement ids (Sid) must be unique within a policy, and letters and digits only in identity policies and SCPs.',
  fixable: true,
  check(context) {
    const seen = new Map<string, StrValue>();
    for (const statement of context.doc.statements) {
      const sid = statement.sid;
      // IAM accepts an empty Sid (policy generators write one for statements without a name).
      if (!sid || sid.value === '' || hasUnknownParts(sid)) continue;
      const earlier = seen.get(sid.value);
      if (earlier) {
        const line = context.lines.positionAt(earlier.start).line + 1;
        const iamStored = IAM_STORED.has(context.doc.policyType);
        context.report({
          start: sid.start,
          end: sid.end,
          // IAM documents uniqueness for the policies it stores; other services set their own rules (SQS and SNS require it).
          ...(iamStored ? {} : { severity: 'warning' as const }),
          message: `Duplicate Sid ${JSON.stringify(sid.value)} (also on line ${line}): statement ids must be unique within a policy${
            iamStored ? ', and IAM rejects the policy' : '; services such as SQS and SNS reject the policy'
          }.`,
        });
      } else {
        seen.set(sid.value, sid);
      }
      checkCharacters(context, sid);
    }
  },
};

function checkCharacters(context: RuleContext<IamDocument>, sid: StrValue): void {
  const type = context.doc.policyType;
  const severity = CHARACTER_CHECK[type];
  if (!severity || ALPHANUMERIC.test(sid.value)) return;
  const cleaned = alphanumericSid(sid.value);
  context.report({
    start: sid.start,
    end: sid.end,
    severity,
    message: `Sid ${JSON.stringify(sid.value)} contains characters other than A-Z, a-z and 0-9, which ${
      severity === 'error' ? `IAM rejects in ${withArticle(POLICY_TYPE_LABELS[type])}` : `IAM may reject in ${withArticle(POLICY_TYPE_LABELS[type])}`
    }.`,
    fixes: cleaned ? [{ title: `Change to "${cleaned}"`, isPreferred: true, edits: [replaceValue(sid.node, cleaned)] }] : [],
  });
}

/** `Bucket Permissions` → `BucketPermissions`, `allow-read_only` → `allowReadOnly`. */
export function alphanumericSid(sid: string): string {
  const words = sid.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}
