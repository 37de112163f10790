// A community blog post's minimal cross-account bucket policy for nightly DynamoDB → S3 exports (Data Pipeline/EMR).

import { accountIdPlaceholder, bucketPlaceholder } from './placeholderSpecs';
import type { Profile } from './types';

export const awsDataPipelineProfiles: Profile[] = [
  {
    vendor: 'aws-data-pipeline',
    vendorTitle: 'AWS Data Pipeline (community)',
    id: 'aws-data-pipeline/dynamodb-export-bucket-policy',
    title: 'DynamoDB export — cross-account backup bucket policy',
    kind: 'resource',
    source: { seed: '004_3dc02d8b433d1b59.txt', title: 'Blog post: DynamoDB to S3 Data Pipeline permissions (2017)' },
    placeholders: [
      bucketPlaceholder('backupBucket', 'backup-bucket', 'The backup bucket in the locked-down backup account.', 'example-dynamodb-backups'),
      accountIdPlaceholder('exporterAccountId', 'The account whose Data Pipeline exports the tables (exports go under <bucket>/<account>/).', '444455556666'),
    ],
    statements: [
      {
        sid: 'ExportObjects',
        principal: { type: 'AWS', value: 'arn:aws:iam::${exporterAccountId}:root' },
        actions: ['s3:PutObject*', 's3:GetObject*'],
        resources: ['arn:aws:s3:::${backupBucket}/${exporterAccountId}/*'],
      },
      {
        sid: 'ExportCleanup',
        principal: { type: 'AWS', value: 'arn:aws:iam::${exporterAccountId}:root' },
        actions: ['s3:DeleteObject'],
        resources: [
          'arn:aws:s3:::${backupBucket}/${exporterAccountId}/*/logs/*',
          'arn:aws:s3:::${backupBucket}/${exporterAccountId}/*_$folder$',
          'arn:aws:s3:::${backupBucket}/${exporterAccountId}/*.instruction',
        ],
        why: 'EMR removes its logs, _$folder$ markers and .instruction files.',
      },
      {
        sid: 'ExportBucket',
        principal: { type: 'AWS', value: 'arn:aws:iam::${exporterAccountId}:root' },
        actions: ['s3:ListBucket', 's3:GetBucketLocation'],
        resources: ['arn:aws:s3:::${backupBucket}'],
      },
    ],
    notes: [
      'Exports go to <bucket>/<exporter account>/<date folder>; EMR/Data Pipeline logs under the same prefix.',
      'The exporting account\'s Data Pipeline resource role also needs access to the backup bucket (identity policy in that account).',
    ],
    corrections: [
      {
        published: 'two statements with no comma between them',
        corrected: 'valid JSON',
        why: 'As published the policy does not parse.',
      },
    ],
  },
];
