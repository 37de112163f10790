// Status bar text for a document, from the server's `grantcheck/documentInfo` answer (pure: no vscode import, unit-tested).

import { POLICY_TYPE_LABELS, type PolicyType } from '../../server/src/engine/iam/policyType';

/** What `grantcheck/documentInfo` answers (see server/src/lsp/server.ts). */
export interface DocumentInfo {
  kind: 'iam-policy' | 'redshift-sql' | undefined;
  policyType?: PolicyType;
  policyTypeSource?: 'inferred' | 'configured';
  skippedReason?: string;
}

export interface StatusLabel {
  text: string;
  tooltip: string;
  /** Clicking changes the policy type (IAM documents only). */
  canChangePolicyType: boolean;
}

/** The label for a document, or undefined when GrantCheck does not lint it (the item is hidden). */
export function statusLabel(info: DocumentInfo | undefined): StatusLabel | undefined {
  if (!info?.kind) return undefined;
  if (info.skippedReason) {
    return { text: '$(circle-slash) GrantCheck: skipped', tooltip: `GrantCheck skipped this document (${info.skippedReason}).`, canChangePolicyType: false };
  }
  if (info.kind === 'redshift-sql') {
    return { text: '$(database) Redshift grants', tooltip: 'GrantCheck lints this file as a Redshift permission script.', canChangePolicyType: false };
  }
  const type = info.policyType ?? 'identity';
  const inferred = info.policyTypeSource !== 'configured';
  return {
    text: `$(shield) IAM · ${POLICY_TYPE_LABELS[type]}`,
    tooltip: `GrantCheck lints this file as an IAM ${POLICY_TYPE_LABELS[type]} (${inferred ? 'inferred from its content' : 'set in the settings or .grantcheck.json'}). Click to change.`,
    canChangePolicyType: true,
  };
}
