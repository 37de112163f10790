// iam/duplicate-sid: statement ids must be unique, and IAM-managed policies accept only letters and digits in them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html

import { combineParts, type IamRule, type PartsSpec, type RuleContext } from '../rule';
import type { IamDocument, StrValue } from '../../iam/document';
import { lastProperty } from '../../iam/document';
import type { PolicyType } from '../../iam/policyType';
import { POLICY_TYPE_LABELS } from '../../iam/policyType';
import type { Severity } from '../../types';
import { hasUnknownParts } from '../../iam/values';
import { removeProperty, replaceValue } from '../../iam/edits';
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

/**
 * Policy types whose Sids must be unique: Access Analyzer reports a duplicate as an error (UNIQUE_SIDS_REQUIRED) in
 * identity policies and SCPs, and only recommends unique Sids (UNIQUE_SIDS_RECOMMENDED) in resource and role trust
 * policies. https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
const UNIQUE_REQUIRED: ReadonlySet<PolicyType> = new Set<PolicyType>(['identity', 'scp']);

export const duplicateSid: IamRule = {
  id: 'iam/duplicate-sid',
  domain: 'iam',
  defaultSeverity: 'error',
  description: 'Statement ids (Sid) must be unique within a policy, not empty, and letters and digits only in identity policies and SCPs.',
  fixable: true,
  hasSuggestions: true,
  messages: {
    duplicate: 'Duplicate Sid {{sid}} (also on line {{line}}): statement ids must be unique within a policy, and IAM rejects the policy.',
    duplicateOtherService: 'Duplicate Sid {{sid}} (also on line {{line}}): statement ids must be unique within a policy; services such as SQS and SNS reject the policy.',
    duplicateTrust: 'Duplicate Sid {{sid}} (also on line {{line}}): give each statement of a trust policy its own id, so that each can be told apart.',
    emptySid: 'Empty Sid: give the statement a name, or remove the "Sid" element.',
    invalidCharacters: 'Sid {{sid}} contains characters other than A-Z, a-z and 0-9, which IAM rejects in {{policyType}}.',
    invalidCharactersMaybe: 'Sid {{sid}} contains characters other than A-Z, a-z and 0-9, which IAM may reject in {{policyType}}.',
  },
  check(context) {
    const { doc } = context;
    // While typing, each statement's Sid is kept with it and the policy's Sids combined only when one changed: the
    // statements to report on are those the combination names (usually none).
    const sids = combineParts(doc, SIDS, context.documentParts);
    const statements = doc.statements;
    for (const i of sids.flagged) {
      const sid = statements[i]!.sid!;
      if (sid.value === '') {
        // IAM accepts an empty Sid (policy generators write one for statements without a name), but it names
        // nothing: Access Analyzer's EMPTY_SID_VALUE suggestion. Removing it changes nothing.
        const property = lastProperty(statements[i]!.properties, 'Sid');
        const removal = property && removeProperty(property);
        context.report({
          start: sid.start,
          end: sid.end,
          severity: 'hint',
          messageId: 'emptySid',
          ...(removal ? { fix: { title: 'Remove the empty "Sid"', edits: [removal] } } : {}),
        });
        continue;
      }
      const first = sids.first.get(sid.value)!;
      if (first !== i) {
        const line = context.lines.positionAt(statements[first]!.sid!.start).line + 1;
        const type = doc.policyType;
        const required = UNIQUE_REQUIRED.has(type);
        context.report({
          start: sid.start,
          end: sid.end,
          // IAM requires unique Sids in identity policies and SCPs; elsewhere the service decides (SQS and SNS require them).
          ...(required ? {} : { severity: 'warning' as const }),
          messageId: required ? 'duplicate' : type === 'trust' ? 'duplicateTrust' : 'duplicateOtherService',
          data: { sid: JSON.stringify(sid.value), line },
        });
      }
      checkCharacters(context, sid, sids.all ?? new Set());
    }
  },
};

/** A statement's Sid: its value, and whether it is checked (it has no unknown parts). */
interface SidPart {
  value: string;
  checked: boolean;
  /** Checked and not only letters and digits. */
  irregular: boolean;
}

/** The policy's Sids (`SIDS`). */
interface Sids {
  /** The statements (indexes) with something to report: an empty Sid, a Sid an earlier one has, letters and digits only not. */
  flagged: number[];
  /** The first statement of each checked Sid. */
  first: Map<string, number>;
  /**
   * Every Sid's value (also those with unknown parts), for the fix of a Sid with other characters (it must not make a
   * duplicate): made only when there is such a Sid.
   */
  all: Set<string> | undefined;
}

const SIDS: PartsSpec<SidPart | undefined, Sids> = {
  name: 'duplicate-sid/sids',
  part(statement) {
    const sid = statement.sid;
    if (!sid) return undefined;
    const checked = !hasUnknownParts(sid);
    return { value: sid.value, checked, irregular: checked && !ALPHANUMERIC.test(sid.value) };
  },
  same: (a, b) => a === b || (a !== undefined && b !== undefined && a.value === b.value && a.checked === b.checked),
  combine(parts) {
    const sids: Sids = { flagged: [], first: new Map(), all: undefined };
    let irregular = false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (!part?.checked) continue;
      irregular ||= part.irregular;
      if (part.value === '') {
        sids.flagged.push(i);
        continue;
      }
      const first = sids.first.get(part.value);
      if (first === undefined) sids.first.set(part.value, i);
      if (first !== undefined || part.irregular) sids.flagged.push(i);
    }
    if (irregular) {
      sids.all = new Set();
      for (const part of parts) if (part) sids.all.add(part.value);
    }
    return sids;
  },
};

function checkCharacters(context: RuleContext<IamDocument>, sid: StrValue, all: ReadonlySet<string>): void {
  const type = context.doc.policyType;
  const severity = CHARACTER_CHECK[type];
  if (!severity || ALPHANUMERIC.test(sid.value)) return;
  const cleaned = alphanumericSid(sid.value);
  const change = cleaned ? { title: `Change to "${cleaned}"`, edits: [replaceValue(sid.node, cleaned)] } : undefined;
  // Safe: a Sid is a label with no effect on access, and the words stay. Unless another statement already has
  // the cleaned Sid: then the fix would make a duplicate, and a person picks another name. (`all` holds this Sid too,
  // but it is not `cleaned`: it has other characters.)
  const taken = all.has(cleaned);
  context.report({
    start: sid.start,
    end: sid.end,
    severity,
    messageId: severity === 'error' ? 'invalidCharacters' : 'invalidCharactersMaybe',
    data: { sid: JSON.stringify(sid.value), policyType: withArticle(POLICY_TYPE_LABELS[type]) },
    ...(change ? (taken ? { suggestions: [change] } : { fix: change }) : {}),
  });
}

/** `Bucket Permissions` → `BucketPermissions`, `allow-read_only` → `allowReadOnly`. */
export function alphanumericSid(sid: string): string {
  const words = sid.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}
