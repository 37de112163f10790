// Documented exceptions to what the Service Authorization Reference's ARN templates say, each with its AWS source.
//
// - Type-level ARNs of wildcard-only actions: the reference lists no resource type for these actions, yet AWS
//   documents a type-level ARN (`arn:aws:logs:<region>:<account>:log-group:*`) that authorizes them.
// - AWS-owned resources: resource types whose template has `${Account}` but of which AWS publishes instances with an
//   empty account field (a public SSM parameter is `arn:aws:ssm:us-east-1::parameter/aws/service/…`).

import type { ActionInfo, ResourceTypeInfo } from '../data/iamData';

/**
 * `service:Action` (lower case) → the resource types (keys) whose type-level ARN (the template with its resource
 * variables empty, matched by `…:log-group:*`, `…:table/*`) authorizes the wildcard-only action, and where AWS says so.
 * For other wildcard-only actions a type-level ARN is undocumented: some services authorize it (AWS managed
 * policies grant SageMaker, AWS Backup, … list actions on type-level ARNs), others want `"Resource": "*"`.
 */
const TYPE_LEVEL_ARNS: ReadonlyMap<string, { types: readonly string[]; source: string }> = new Map([
  // "When you specify the logs:DescribeLogGroups, logs:DescribeResourcePolicies, or logs:PutResourcePolicy permission,
  // … use a * wildcard … arn:aws:logs:us-east-1:111122223333:log-group:*"
  ['logs:describeloggroups', { types: ['log-group'], source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html' }],
  ['logs:describeresourcepolicies', { types: ['log-group'], source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html' }],
  ['logs:putresourcepolicy', { types: ['log-group'], source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html' }],
  // DynamoDB's API permissions reference listed arn:aws:dynamodb:region:account-id:table/* for ListTables.
  ['dynamodb:listtables', { types: ['table'], source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/api-permissions-reference.html' }],
]);

/**
 * Wildcard-only actions AWS documents as needing `"Resource": "*"`: a type-level ARN does not grant them.
 * `service:Action` (lower case) → the AWS page.
 */
const STAR_ONLY_ACTIONS: ReadonlyMap<string, string> = new Map([
  // The Kinesis developer guide's example policies grant ListStreams with "Resource": "*" next to stream ARNs for
  // the stream actions.
  ['kinesis:liststreams', 'https://docs.aws.amazon.com/streams/latest/dev/controlling-access.html'],
]);

/** Does AWS document that this wildcard-only action needs `"Resource": "*"`? */
export function needsStarResource(action: ActionInfo): boolean {
  return STAR_ONLY_ACTIONS.has(`${action.service}:${action.name}`.toLowerCase());
}

/** The resource types whose type-level ARN AWS documents for this wildcard-only action (empty: none). */
export function documentedTypeLevelTypes(action: ActionInfo): readonly string[] {
  return TYPE_LEVEL_ARNS.get(`${action.service}:${action.name}`.toLowerCase())?.types ?? [];
}

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
