// Cross-service condition keys: keys with a service prefix that AWS adds to the request context of calls to
// every service (made with an EC2 instance role, from a Lambda function, by a Glue role session, …), so no
// action lists them in the Service Authorization Reference yet they apply to all actions. List from
// "Other cross-service condition keys": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

const CROSS_SERVICE_KEYS: ReadonlySet<string> = new Set(
  [
    'ec2:RoleDelivery',
    'ec2:SourceInstanceArn',
    'glue:CredentialIssuingService',
    'glue:RoleAssumedBy',
    'identitystore:UserId',
    'lambda:SourceFunctionArn',
    'ssm:SourceInstanceArn',
  ].map((k) => k.toLowerCase()),
);

/** Is `key` a cross-service condition key (case-insensitive, as condition key names are)? */
export function isCrossServiceConditionKey(key: string): boolean {
  return CROSS_SERVICE_KEYS.has(key.toLowerCase());
}
