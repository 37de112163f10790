// Documented exceptions to what the Service Authorization Reference's ARN templates say, each with its AWS source.
//
// - AWS-owned resources: resource types whose template has `${Account}` but of which AWS publishes instances with an
//   empty account field (a public SSM parameter is `arn:aws:ssm:us-east-1::parameter/aws/service/…`).

import type { ResourceTypeInfo } from '../data/iamData';

/** `service/type` (lower case) → where AWS documents ARNs of the type with an empty account. */
const AWS_OWNED_RESOURCE_TYPES: ReadonlyMap<string, string> = new Map([
  // Public parameters: arn:aws:ssm:<region>::parameter/aws/service/…
  ['ssm/parameter', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters.html'],
  // AWS-owned SSM documents and automation runbooks (AWS-RunShellScript, AWS-*): AWS managed policies grant them as
  // arn:aws:ssm:*::document/AWS-… and arn:aws:ssm:*::automation-definition/AWS-…:* (AWSServiceRoleForSMS,
  // AWSElasticDisasterRecoveryLaunchActionsPolicy, AWSQuickSetupDeploymentRolePolicy).
  ['ssm/document', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents.html'],
  ['ssm/automation-definition', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-documents-reference.html'],
]);

/** The AWS source documenting empty-account ARNs of this type (AWS-owned instances), or undefined. */
export function awsOwnedResourceType(type: ResourceTypeInfo): string | undefined {
  return AWS_OWNED_RESOURCE_TYPES.get(`${type.service}/${type.key}`.toLowerCase());
}
