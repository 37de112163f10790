// Hover inside policies embedded in Terraform/CloudFormation: the same explanations as in a policy file (actions,
// ARNs with their substitutions, service principals, condition operators and keys), in host coordinates.

import type { IamData } from '../data/iamData';
import { buildIamDocument, type IamDocument } from '../iam/document';
import { hoverPolicyValue, type IamHover } from '../iam/hover';
import { extractPolicies, type HostKind } from './lintHost';
import type { EmbeddedPolicy } from './embedded';

/**
 * `embedded`: the file's policies already parsed from this `text` (the server parses once per version); extracted
 * here when absent.
 */
export function hoverHost(
  host: HostKind,
  text: string,
  offset: number,
  data: IamData,
  embedded?: readonly { policy: EmbeddedPolicy; doc: IamDocument }[],
): IamHover | undefined {
  const policies = embedded ?? extractPolicies(host, text).map((policy) => ({ policy, doc: buildIamDocument(text, policy.root, [], policy.policyType) }));
  for (const { policy, doc } of policies) {
    if (offset < policy.start || offset > policy.end) continue;
    const hover = hoverPolicyValue(doc, offset, data);
    if (hover) return hover;
  }
  return undefined;
}
