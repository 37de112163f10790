// One-line descriptions of the global condition keys (the AWS data lists their names and types but no descriptions).
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

export const GLOBAL_CONDITION_KEY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'aws:principalarn': 'The ARN of the principal that made the request (for a role session: the role ARN).',
  'aws:principalaccount': 'The account id of the principal that made the request.',
  'aws:principalorgpaths': 'The AWS Organizations paths of the requesting principal’s account.',
  'aws:principalorgid': 'The AWS Organizations id of the requesting principal’s account.',
  'aws:principaltag/tag-key': 'A tag attached to the principal that made the request.',
  'aws:principalisawsservice': 'Whether the request is made by an AWS service principal (e.g. cloudtrail.amazonaws.com).',
  'aws:principalservicename': 'The service principal name of the AWS service making the request.',
  'aws:principaltype': 'The type of principal: Account, User, FederatedUser, AssumedRole or Anonymous.',
  'aws:userid': 'The unique id of the principal (for a role session: role-id:session-name).',
  'aws:username': 'The name of the IAM user that made the request.',
  'aws:federatedprovider': 'The identity provider that issued the principal’s temporary credentials.',
  'aws:tokenissuetime': 'When the temporary security credentials of the request were issued.',
  'aws:multifactorauthage': 'Seconds since the principal authenticated with MFA (absent without MFA).',
  'aws:multifactorauthpresent': 'Whether the temporary credentials of the request were obtained with MFA (absent for long-term keys).',
  'aws:sourceidentity': 'The source identity set when the role session was assumed.',
  'aws:sourceip': 'The requester’s public IP address (not set for requests through a VPC endpoint).',
  'aws:sourcevpc': 'The VPC of the VPC endpoint the request came through.',
  'aws:sourcevpce': 'The id of the VPC endpoint the request came through.',
  'aws:vpcsourceip': 'The requester’s IP address inside the VPC, for requests through a VPC endpoint.',
  'aws:resourceaccount': 'The account id of the account that owns the resource.',
  'aws:resourceorgid': 'The AWS Organizations id of the account that owns the resource.',
  'aws:resourceorgpaths': 'The AWS Organizations paths of the account that owns the resource.',
  'aws:resourcetag/tag-key': 'A tag attached to the resource of the request.',
  'aws:calledvia': 'The services (in order) that made the request on the principal’s behalf.',
  'aws:calledviafirst': 'The first service that made the request on the principal’s behalf.',
  'aws:calledvialast': 'The last service that made the request on the principal’s behalf.',
  'aws:viaawsservice': 'Whether an AWS service made the request on the principal’s behalf (forward access sessions).',
  'aws:currenttime': 'The date and time of the request.',
  'aws:epochtime': 'The date and time of the request, in epoch seconds.',
  'aws:referer': 'The HTTP Referer header of the request (set by the client: do not rely on it for security).',
  'aws:requestedregion': 'The AWS Region the request is sent to.',
  'aws:requesttag/tag-key': 'A tag key/value passed in the request (tagging on create or TagResource).',
  'aws:tagkeys': 'The tag keys passed in the request.',
  'aws:securetransport': 'Whether the request was sent over TLS (HTTPS).',
  'aws:sourcearn': 'The ARN of the resource on whose behalf a service makes a service-to-service request.',
  'aws:sourceaccount': 'The account of the resource on whose behalf a service makes a service-to-service request.',
  'aws:sourceorgid': 'The AWS Organizations id of the account of the resource making a service-to-service request.',
  'aws:sourceorgpaths': 'The AWS Organizations paths of the account of the resource making a service-to-service request.',
  'aws:useragent': 'The requester’s client application (set by the client: do not rely on it for security).',
};

/** The description of a global key (`aws:PrincipalTag/team` finds `aws:PrincipalTag/tag-key`). */
export function globalConditionKeyDescription(key: string): string | undefined {
  const lower = key.toLowerCase();
  const exact = GLOBAL_CONDITION_KEY_DESCRIPTIONS[lower];
  if (exact) return exact;
  const slash = lower.indexOf('/');
  return slash > 0 ? GLOBAL_CONDITION_KEY_DESCRIPTIONS[`${lower.slice(0, slash)}/tag-key`] : undefined;
}
