// Status bar text for a document, from the server's `grantcheck/documentInfo` answer (pure: no vscode import, unit-tested).

import type { DetectedKind } from '../../server/src/engine/detect';
import { POLICY_TYPE_LABELS, type PolicyType } from '../../server/src/engine/iam/policyType';

/** What `grantcheck/documentInfo` answers (see server/src/lsp/server.ts). */
export interface DocumentInfo {
  kind: 'iam-policy' | 'redshift-sql' | undefined;
  /** What the server's detector made of the document, and why. */
  detected?: { kind: DetectedKind; reason: string };
  policyType?: PolicyType;
  policyTypeSource?: 'inferred' | 'configured';
  skippedReason?: string;
  /** IAM documents: which AWS data the findings rest on (a line of the tooltip). */
  awsData?: string;
}

export interface StatusLabel {
  text: string;
  tooltip: string;
  /** Clicking changes the policy type (IAM documents only). */
  canChangePolicyType: boolean;
}

/** The label for a document, or undefined when GrantCheck does not lint it (the item is hidden). */
export function statusLabel(info: DocumentInfo | undefined): StatusLabel | undefined {
  const label = kindLabel(info);
  return label && info?.awsData ? { ...label, tooltip: `${label.tooltip}\n${info.awsData}` } : label;
}

function kindLabel(info: DocumentInfo | undefined): StatusLabel | undefined {
  if (info?.skippedReason) {
    return { text: '$(circle-slash) GrantCheck: skipped', tooltip: `GrantCheck skipped this document (${info.skippedReason}).`, canChangePolicyType: false };
  }
  if (!info?.kind) return undefined;
  const because = info.detected ? `: ${info.detected.reason}` : '';
  if (info.kind === 'redshift-sql') {
    return { text: '$(database) Redshift grants', tooltip: `GrantCheck lints this file as a Redshift permission script${because}.`, canChangePolicyType: false };
  }
  const host = info.detected?.kind === 'terraform' ? 'Terraform' : info.detected?.kind === 'cloudformation' ? 'CloudFormation' : undefined;
  if (host) {
    // Each embedded policy takes its type from where it is used (a bucket policy, a trust policy…): nothing to pick per file.
    return { text: `$(shield) IAM · ${host}`, tooltip: `GrantCheck lints the IAM policies inside this ${host} file${because}.`, canChangePolicyType: false };
  }
  const type = info.policyType ?? 'identity';
  const inferred = info.policyTypeSource !== 'configured';
  return {
    text: `$(shield) IAM · ${POLICY_TYPE_LABELS[type]}`,
    tooltip: `GrantCheck lints this file as an IAM ${POLICY_TYPE_LABELS[type]} (${inferred ? 'inferred from its content' : 'set in the settings or .grantcheck.json'})${because}. Click to change.`,
    canChangePolicyType: true,
  };
}
