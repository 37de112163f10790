// Policy types and how one is inferred from a document's content.

export type PolicyType = 'identity' | 'resource' | 'trust' | 'kms-key' | 'scp';

export const POLICY_TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'kms-key', 'scp'];

export const POLICY_TYPE_LABELS: Record<PolicyType, string> = {
  identity: 'identity policy',
  resource: 'resource policy',
  trust: 'trust policy',
  'kms-key': 'KMS key policy',
  scp: 'service control policy',
};

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && (POLICY_TYPES as readonly string[]).includes(value);
}

const TRUST_ACTION = /^sts:(assumerole\w*|tagsession|setsourceidentity|setcontext)$/i;

/**
 * What inference reads of a statement. Declared here, not imported from document.ts, so that the
 * parser can use this module without the two importing each other; a document's `Statement` fits it.
 */
export interface PolicyTypeEvidence {
  principal?: unknown;
  action?: { values: readonly { value: string }[] } | undefined;
  resource?: { values: readonly { value: string }[] } | undefined;
}

/**
 * A `Principal` plus only role-assumption actions → trust; a `Principal` with `kms:` actions on
 * `"*"` → KMS key policy; any other `Principal` → resource policy; otherwise identity policy.
 */
export function inferPolicyType(statements: readonly PolicyTypeEvidence[]): PolicyType {
  const withPrincipal = statements.filter((s) => s.principal !== undefined);
  if (withPrincipal.length === 0) return 'identity';
  const actions = withPrincipal.flatMap((s) => s.action?.values.map((v) => v.value) ?? []);
  if (actions.length > 0 && actions.every((a) => TRUST_ACTION.test(a))) return 'trust';
  const kmsOnStar = withPrincipal.some(
    (s) =>
      (s.action?.values ?? []).some((v) => /^kms:/i.test(v.value)) &&
      (s.resource?.values ?? []).some((v) => v.value === '*'),
  );
  if (kmsOnStar) return 'kms-key';
  return 'resource';
}
