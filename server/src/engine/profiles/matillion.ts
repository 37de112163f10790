// Matillion Data Productivity Cloud streaming: the cross-account S3 destination bucket policy and the agent role's S3 grant.

import { bucketPlaceholder } from './placeholderSpecs';
import type { PlaceholderSpec, Profile, ProfileSource } from './types';

const VENDOR = { vendor: 'matillion', vendorTitle: 'Matillion (streaming pipelines)' } as const;
const SOURCE: ProfileSource = {
  seed: '003_4547ca2e836048b9.txt',
  url: 'https://docs.matillion.com/data-productivity-cloud/streaming/docs/amazon-s3-streaming-destination',
  title: 'Matillion — streaming to an Amazon S3 destination',
};
const BUCKET = bucketPlaceholder('destinationBucket', 'destination-bucket', 'The destination S3 bucket (in account B).', 'example-streaming-destination');
const AGENT_ROLE: PlaceholderSpec = {
  name: 'agentRoleArn',
  label: 'agent-role-arn',
  description: 'ARN of the streaming agent\'s ECS task role (in account A).',
  validation: 'iam-role-arn',
  example: 'arn:aws:iam::111122223333:role/streaming-agent-task-role',
};
const PREFIX: PlaceholderSpec = {
  name: 'prefix',
  label: 'prefix',
  description: 'The key prefix ("folder") the pipeline writes under.',
  validation: 's3-prefix',
  example: 'streaming',
};

export const matillionProfiles: Profile[] = [
  {
    ...VENDOR,
    id: 'matillion/streaming-s3-bucket-policy',
    title: 'Streaming S3 destination — cross-account bucket policy',
    kind: 'resource',
    source: SOURCE,
    placeholders: [BUCKET, AGENT_ROLE],
    statements: [
      {
        sid: 'BucketPermissions',
        principal: { type: 'AWS', value: '${agentRoleArn}' },
        actions: ['s3:GetBucketLocation', 's3:ListBucket'],
        resources: ['arn:aws:s3:::${destinationBucket}'],
      },
      {
        sid: 'BucketContentPermissions',
        principal: { type: 'AWS', value: '${agentRoleArn}' },
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: ['arn:aws:s3:::${destinationBucket}/*'],
      },
    ],
    notes: [
      'The bucket must be the base of the destination: sub-directories are not supported as the bucket setting.',
      'Cross-account access also needs the agent role\'s own S3 permissions in account A (matillion/streaming-agent-s3).',
    ],
    corrections: [
      {
        published: '<account-b-bucket-arn> as a placeholder for a whole ARN',
        corrected: 'arn:aws:s3:::${destinationBucket}',
        why: 'The profile validates the bucket name and builds both ARNs from it.',
      },
    ],
  },
  {
    ...VENDOR,
    id: 'matillion/streaming-agent-s3',
    title: 'Streaming agent task role — S3 destination permissions',
    kind: 'identity',
    source: SOURCE,
    placeholders: [BUCKET, PREFIX],
    statements: [
      {
        sid: 'StreamingDestinationWrite',
        actions: ['s3:PutObject'],
        resources: ['arn:aws:s3:::${destinationBucket}/${prefix}/*'],
        why: 'The page requires PutObject for the bucket and the pipeline\'s prefix.',
      },
      {
        sid: 'StreamingDestinationBucket',
        actions: ['s3:GetBucketLocation', 's3:ListBucket'],
        resources: ['arn:aws:s3:::${destinationBucket}'],
        optional: true,
        why: 'Needed when the bucket is in another account (the bucket policy grants the same).',
      },
      {
        sid: 'StreamingDestinationObjects',
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: ['arn:aws:s3:::${destinationBucket}/${prefix}/*'],
        optional: true,
        why: 'Needed when the bucket is in another account (the bucket policy grants the same).',
      },
    ],
    notes: ['For a bucket in another account both this policy and the bucket policy must allow each action.'],
    corrections: [],
  },
];
