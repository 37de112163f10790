// Well-known names people write that are API operations or product names, not IAM actions or service prefixes.

export interface ActionAlias {
  /** The IAM action that authorizes the operation, as AWS spells it. */
  action: string;
  /** Why, with the AWS page that says so. */
  note: string;
}

const S3_API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';

/**
 * API operation (lower case `service:operation`) → the IAM action that authorizes it.
 * Only operations whose documentation names exactly one action are listed.
 */
const ACTION_ALIASES: Readonly<Record<string, ActionAlias>> = {
  's3:headbucket': { action: 's3:ListBucket', note: `the HeadBucket API is authorized by s3:ListBucket (${S3_API}API_HeadBucket.html)` },
  's3:headobject': { action: 's3:GetObject', note: `the HeadObject API is authorized by s3:GetObject (${S3_API}API_HeadObject.html)` },
  's3:listobjects': { action: 's3:ListBucket', note: `the ListObjects API is authorized by s3:ListBucket (${S3_API}API_ListObjects.html)` },
  's3:listobjectsv2': { action: 's3:ListBucket', note: `the ListObjectsV2 API is authorized by s3:ListBucket (${S3_API}API_ListObjectsV2.html)` },
  's3:listobjectversions': { action: 's3:ListBucketVersions', note: `the ListObjectVersions API is authorized by s3:ListBucketVersions (${S3_API}API_ListObjectVersions.html)` },
  's3:deleteobjects': { action: 's3:DeleteObject', note: `the DeleteObjects API is authorized by s3:DeleteObject (${S3_API}API_DeleteObjects.html)` },
  's3:listparts': { action: 's3:ListMultipartUploadParts', note: `the ListParts API is authorized by s3:ListMultipartUploadParts (${S3_API}API_ListParts.html)` },
  's3:listmultipartuploads': { action: 's3:ListBucketMultipartUploads', note: `the ListMultipartUploads API is authorized by s3:ListBucketMultipartUploads (${S3_API}API_ListMultipartUploads.html)` },
  's3:createmultipartupload': { action: 's3:PutObject', note: `multipart uploads are authorized by s3:PutObject (${S3_API}API_CreateMultipartUpload.html)` },
  's3:uploadpart': { action: 's3:PutObject', note: `multipart uploads are authorized by s3:PutObject (${S3_API}API_UploadPart.html)` },
  's3:completemultipartupload': { action: 's3:PutObject', note: `multipart uploads are authorized by s3:PutObject (${S3_API}API_CompleteMultipartUpload.html)` },
  's3:listbuckets': { action: 's3:ListAllMyBuckets', note: `the ListBuckets API is authorized by s3:ListAllMyBuckets (${S3_API}API_ListBuckets.html)` },
  's3:getbucketnotificationconfiguration': { action: 's3:GetBucketNotification', note: `the GetBucketNotificationConfiguration API is authorized by s3:GetBucketNotification (${S3_API}API_GetBucketNotificationConfiguration.html)` },
  's3:putbucketnotificationconfiguration': { action: 's3:PutBucketNotification', note: `the PutBucketNotificationConfiguration API is authorized by s3:PutBucketNotification (${S3_API}API_PutBucketNotificationConfiguration.html)` },
  's3:getbucketlifecycleconfiguration': { action: 's3:GetLifecycleConfiguration', note: `the GetBucketLifecycleConfiguration API is authorized by s3:GetLifecycleConfiguration (${S3_API}API_GetBucketLifecycleConfiguration.html)` },
  's3:putbucketlifecycleconfiguration': { action: 's3:PutLifecycleConfiguration', note: `the PutBucketLifecycleConfiguration API is authorized by s3:PutLifecycleConfiguration (${S3_API}API_PutBucketLifecycleConfiguration.html)` },
  's3:getbucketencryption': { action: 's3:GetEncryptionConfiguration', note: `the GetBucketEncryption API is authorized by s3:GetEncryptionConfiguration (${S3_API}API_GetBucketEncryption.html)` },
  's3:putbucketencryption': { action: 's3:PutEncryptionConfiguration', note: `the PutBucketEncryption API is authorized by s3:PutEncryptionConfiguration (${S3_API}API_PutBucketEncryption.html)` },
};

/** Product names and abbreviations people use as service prefixes → the real IAM prefix. */
const SERVICE_ALIASES: Readonly<Record<string, string>> = {
  dynamo: 'dynamodb',
  cloudwatchlogs: 'logs',
  'cloudwatch-logs': 'logs',
  stepfunctions: 'states',
  sfn: 'states',
  eventbridge: 'events',
  elb: 'elasticloadbalancing',
  alb: 'elasticloadbalancing',
  cognito: 'cognito-idp',
  secretmanager: 'secretsmanager',
  parameterstore: 'ssm',
  monitoring: 'cloudwatch',
  apigw: 'apigateway',
};

export function actionAlias(service: string, name: string): ActionAlias | undefined {
  return ACTION_ALIASES[`${service}:${name}`.toLowerCase()];
}

export function serviceAlias(prefix: string): string | undefined {
  return SERVICE_ALIASES[prefix.toLowerCase()];
}

/** Of did-you-mean candidates (best first), keep only those as close as the best one. */
export function bestSuggestions(word: string, candidates: readonly string[], distance: (a: string, b: string) => number): string[] {
  if (candidates.length === 0) return [];
  const scored = candidates.map((c) => ({ c, d: distance(word.toLowerCase(), c.toLowerCase()) }));
  const best = Math.min(...scored.map((s) => s.d));
  return scored.filter((s) => s.d === best).map((s) => s.c);
}
