// Hover inside policies embedded in Terraform/CloudFormation: what an action (or wildcard) means, in host coordinates.

import type { IamData } from '../data/iamData';
import { buildIamDocument } from '../iam/document';
import { isUnknown } from '../iam/values';
import { hoverAction, type IamHover } from '../iam/hover';
import { dataVersionLine } from '../iam/referenceLinks';
import { extractPolicies, type HostKind } from './lintHost';

export function hoverHost(host: HostKind, text: string, offset: number, data: IamData): IamHover | undefined {
  for (const policy of extractPolicies(host, text)) {
    if (offset < policy.start || offset > policy.end) continue;
    const doc = buildIamDocument(text, policy.root, [], policy.policyType);
    for (const statement of doc.statements) {
      for (const value of statement.action?.values ?? []) {
        if (isUnknown(value) || offset < value.start || offset >= value.end) continue;
        const body = hoverAction(value.value, data);
        if (!body) return undefined;
        return { markdown: `${body.markdown}\n\n---\n\n_${dataVersionLine(data)}_`, start: value.start, end: value.end };
      }
    }
  }
  return undefined;
}
