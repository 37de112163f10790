// Artie: the DynamoDB Streams CDC source's service-account policies (streams, PITR exports to S3) and EC2 trust.

import { bucketPlaceholder } from './placeholderSpecs';
import type { Profile, ProfileSource } from './types';

const VENDOR = { vendor: 'artie', vendorTitle: 'Artie' } as const;
const SOURCE: ProfileSource = { seed: '002_b050423fb4a37f31.txt', url: 'https://artie.com/docs/sources/dynamodb', title: 'Artie — DynamoDB source (Terraform service account)' };

export const artieProfiles: Profile[] = [
  {
    ...VENDOR,
    id: 'artie/dynamodb-streams',
    title: 'DynamoDB Streams source — service account policy',
    kind: 'identity',
    source: SOURCE,
    placeholders: [bucketPlaceholder('exportBucket', 'export-bucket', 'The S3 bucket that point-in-time exports (backfills) are written to.', 'example-artie-exports')],
    statements: [
      {
        sid: 'ArtieDynamoDBStreams',
        actions: [
          'dynamodb:GetShardIterator',
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:ListStreams',
          'dynamodb:DescribeContinuousBackups',
          'dynamodb:DescribeTable',
          'dynamodb:ListExports',
          'dynamodb:DescribeExport',
          'dynamodb:ExportTableToPointInTime',
        ],
        resources: ['*'],
        why: 'Reads the table\'s stream, checks that PITR is on and runs S3 exports for backfills. The page suggests narrowing to the table ARN and TABLE_ARN/stream/*.',
      },
      { sid: 'ArtieExportBucket', actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: ['arn:aws:s3:::${exportBucket}'] },
      { sid: 'ArtieExportObjects', actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::${exportBucket}/*'] },
    ],
    notes: [
      'The table\'s stream view type must be NEW_IMAGE or NEW_AND_OLD_IMAGES.',
      'Point-in-time recovery must be enabled on the table for it to be backfilled (exports need PITR).',
      'Backfills use an S3 export, which consumes no read capacity units.',
    ],
    corrections: [
      {
        published: 's3:GetBucketLocation on arn:aws:s3:::artie-transfer-test/*',
        corrected: 's3:GetBucketLocation on the bucket ARN, arn:aws:s3:::${exportBucket}',
        why: 'GetBucketLocation is a bucket-level action: an object ARN (bucket/*) can never match it, so the published policy never grants it. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html',
      },
      {
        published: 'the policy inside Terraform jsonencode() with // comments',
        corrected: 'plain policy JSON',
        why: 'IAM policy JSON has no comments.',
      },
    ],
  },
  {
    ...VENDOR,
    id: 'artie/dynamodb-streams-trust',
    title: 'DynamoDB Streams source — role trust policy (EC2)',
    kind: 'trust',
    source: SOURCE,
    placeholders: [],
    statements: [{ principal: { type: 'Service', value: 'ec2.amazonaws.com' }, actions: ['sts:AssumeRole'], resources: [], why: 'The role DynamoDBStreamsRole is assumable by EC2.' }],
    notes: ['The page also creates an IAM user with an access key and the same policy; prefer the role where possible.'],
    corrections: [{ published: 'Sid = "" in the Terraform', corrected: 'no Sid', why: 'An empty Sid adds nothing.' }],
  },
];
