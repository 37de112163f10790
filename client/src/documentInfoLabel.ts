// Status bar text for a document, from the server's `grantcheck/documentInfo` answer (pure: no vscode import, unit-tested).

import type { DetectedKind } from '../../server/src/engine/detect';
import { POLICY_TYPE_LABELS, type PolicyType } from '../../server/src/engine/iam/policyType';

/** What `grantcheck/documentInfo` answers (see server/src/lsp/server.ts). */
export interface DocumentInfo {
  kind: 'iam-policy' | 'redshift-sql' | undefined;
  /** What the server's detector made of the document, and why. */
  detected?: { kind: DetectedKind; reason: string };
  /** Terraform/CloudFormation files: each embedded policy, its range and the type its resource gives it. */
  policies?: EmbeddedPolicyInfo[];
  /** How many policies the file holds, when more than are listed. */
  policyCount?: number;
  /** Set by the client, not the server: where the cursor is, which picks the policy the label names. */
  cursor?: Position;
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
  if (host) return hostLabel(info, host, because);
  const type = info.policyType ?? 'identity';
  const inferred = info.policyTypeSource !== 'configured';
  return {
    text: `$(shield) IAM · ${POLICY_TYPE_LABELS[type]}`,
    tooltip: `GrantCheck lints this file as an IAM ${POLICY_TYPE_LABELS[type]} (${inferred ? 'inferred from its content' : 'set in the settings or .grantcheck.json'})${because}. Click to change.`,
    canChangePolicyType: true,
  };
}

/** A position as LSP and VS Code give it (0-based line and character). */
export interface Position {
  line: number;
  character: number;
}

/** What `grantcheck/documentInfo` lists for each policy of a Terraform/CloudFormation file. */
export interface EmbeddedPolicyInfo {
  label: string;
  policyType: PolicyType;
  range: { start: Position; end: Position };
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);

/** The policy whose range holds the position (the innermost when ranges nest), or undefined. */
export function policyAt(policies: readonly EmbeddedPolicyInfo[] | undefined, position: Position | undefined): EmbeddedPolicyInfo | undefined {
  if (!policies || !position) return undefined;
  let found: EmbeddedPolicyInfo | undefined;
  for (const p of policies) {
    if (before(position, p.range.start) || before(p.range.end, position)) continue;
    if (!found || before(found.range.start, p.range.start)) found = p;
  }
  return found;
}

/**
 * A Terraform or CloudFormation file holds several policies, each typed by where it is used (a bucket policy, a
 * trust policy…): the label names the one at the cursor, or how many there are when the cursor is in none.
 */
function hostLabel(info: DocumentInfo, host: string, because: string): StatusLabel {
  const base = `GrantCheck lints the IAM policies inside this ${host} file${because}.`;
  const at = policyAt(info.policies, info.cursor);
  if (at) {
    const type = POLICY_TYPE_LABELS[at.policyType];
    return { text: `$(shield) IAM · ${host} · ${type}`, tooltip: `${base}\nAt the cursor: ${at.label}, ${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type} (from the resource that uses it).`, canChangePolicyType: false };
  }
  const count = info.policyCount ?? info.policies?.length;
  if (count === undefined) return { text: `$(shield) IAM · ${host}`, tooltip: base, canChangePolicyType: false };
  const policies = `${count} ${count === 1 ? 'policy' : 'policies'}`;
  return { text: `$(shield) IAM · ${host} · ${policies}`, tooltip: `${base}\nIt holds ${policies}; put the cursor in one to see its type.`, canChangePolicyType: false };
}
