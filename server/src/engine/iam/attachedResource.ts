// The resource a resource policy is attached to, when the host says (Terraform resource type, CloudFormation
// resource type and property), and the service namespaces its actions and Resource ARNs must belong to: a bucket
// policy only grants S3 actions on S3 ARNs. Access Analyzer's UNSUPPORTED_ACTION_IN_POLICY and
// UNSUPPORTED_RESOURCE_ARN_IN_POLICY:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import type { PolicyOrigin } from './document';

export interface AttachedResource {
  /** For messages: `S3 bucket policy`. */
  label: string;
  /** Lower-case service prefixes (= ARN namespaces) of the policy's actions and Resource ARNs. */
  namespaces: readonly string[];
}

const S3: AttachedResource = { label: 'S3 bucket policy', namespaces: ['s3'] };
const SQS: AttachedResource = { label: 'SQS queue policy', namespaces: ['sqs'] };
const SNS: AttachedResource = { label: 'SNS topic policy', namespaces: ['sns'] };
const KMS: AttachedResource = { label: 'KMS key policy', namespaces: ['kms'] };
const SECRETS: AttachedResource = { label: 'Secrets Manager secret policy', namespaces: ['secretsmanager'] };
const ECR: AttachedResource = { label: 'ECR repository policy', namespaces: ['ecr'] };

/** `resourceType` or `resourceType attribute` → the attached resource (only policies of one resource type). */
const BY_ORIGIN: ReadonlyMap<string, AttachedResource> = new Map([
  ['aws_s3_bucket_policy', S3],
  ['AWS::S3::BucketPolicy', S3],
  ['aws_sqs_queue_policy', SQS],
  ['AWS::SQS::QueuePolicy', SQS],
  ['aws_sns_topic_policy', SNS],
  ['AWS::SNS::TopicPolicy', SNS],
  ['aws_kms_key policy', KMS],
  ['aws_kms_key_policy', KMS],
  ['AWS::KMS::Key KeyPolicy', KMS],
  ['aws_secretsmanager_secret_policy', SECRETS],
  ['aws_secretsmanager_secret policy', SECRETS],
  ['AWS::SecretsManager::ResourcePolicy', SECRETS],
  ['aws_ecr_repository_policy', ECR],
  ['AWS::ECR::Repository RepositoryPolicyText', ECR],
]);

/** The resource the policy is attached to, when its origin names one we know. */
export function attachedResourceOf(origin: PolicyOrigin | undefined): AttachedResource | undefined {
  if (!origin?.resourceType) return undefined;
  return BY_ORIGIN.get(origin.resourceType) ?? (origin.attribute ? BY_ORIGIN.get(`${origin.resourceType} ${origin.attribute}`) : undefined);
}
