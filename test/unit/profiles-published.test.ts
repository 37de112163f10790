// The vendors' own documents, as their pages publish them (values filled in), bound to the profiles made from those
// pages: a correct published document satisfies its profile, and where a profile records a correction GrantCheck
// reports exactly that defect. (Issue 20, profiles of Amazon Data Firehose, Amazon MWAA, Census, Hightouch, Segment,
// RudderStack, Looker and Metabase.)

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { profileById } from '../../server/src/engine/profiles';
import { testData } from '../support/data';

const policy = (...statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const allow = (Action: string | string[], Resource: string | string[], extra: object = {}): object => ({ Effect: 'Allow', Action, Resource, ...extra });

function lint(text: string, kind: 'iam-policy' | 'redshift-sql', id: string, values: Record<string, string>) {
  assert.ok(profileById(id), `${id} is a built-in profile`);
  return lintText(text, { data: testData(), kind, profile: { id, values } }).findings;
}

/** The rules of the errors and warnings, sorted. */
function serious(findings: ReturnType<typeof lint>): string[] {
  return findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId).sort();
}

const S3_DELIVERY = ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'];

describe('published IAM documents satisfy their profiles', () => {
  const cases: { name: string; id: string; values: Record<string, string>; text: string; expected?: string[] }[] = [
    {
      name: 'Firehose: AWS example policy for an S3 destination (with its Kinesis, KMS, logs and Lambda statements)',
      id: 'firehose/s3-delivery-role',
      values: { destinationBucket: 'example-firehose-delivery', region: 'us-east-1', accountId: '111122223333' },
      text: policy(
        allow(S3_DELIVERY, ['arn:aws:s3:::example-firehose-delivery', 'arn:aws:s3:::example-firehose-delivery/*']),
        allow(['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'], 'arn:aws:kinesis:us-east-1:111122223333:stream/clickstream'),
        allow(['kms:Decrypt', 'kms:GenerateDataKey'], ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'], {
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::example-firehose-delivery/prefix*' },
          },
        }),
        allow(['logs:PutLogEvents'], ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/kinesisfirehose/clickstream:log-stream:DestinationDelivery']),
        allow(['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], ['arn:aws:lambda:us-east-1:111122223333:function:transform:1']),
      ),
    },
    {
      name: 'Firehose: AWS trust policy (external id = account id)',
      id: 'firehose/delivery-role-trust',
      values: { accountId: '111122223333' },
      text: policy({ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': '111122223333' } } }),
    },
    {
      name: 'MWAA: AWS sample for an AWS owned key — its Deny on ListAllMyBuckets is reported as never applying (the correction)',
      id: 'mwaa/execution-role',
      values: { region: 'us-east-1', accountId: '111122223333', environmentName: 'analytics-airflow', dagsBucket: 'example-mwaa-dags' },
      text: policy(
        allow('airflow:PublishMetrics', 'arn:aws:airflow:us-east-1:111122223333:environment/analytics-airflow'),
        { Effect: 'Deny', Action: 's3:ListAllMyBuckets', Resource: ['arn:aws:s3:::example-mwaa-dags', 'arn:aws:s3:::example-mwaa-dags/*'] },
        allow(['s3:GetObject*', 's3:GetBucket*', 's3:List*'], ['arn:aws:s3:::example-mwaa-dags', 'arn:aws:s3:::example-mwaa-dags/*']),
        allow(
          ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:GetLogRecord', 'logs:GetLogGroupFields', 'logs:GetQueryResults'],
          ['arn:aws:logs:us-east-1:111122223333:log-group:airflow-analytics-airflow-*'],
        ),
        allow(['logs:DescribeLogGroups'], ['*']),
        allow(['s3:GetAccountPublicAccessBlock'], ['*']),
        allow('cloudwatch:PutMetricData', '*'),
        allow(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'], 'arn:aws:sqs:us-east-1:*:airflow-celery-*'),
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:Encrypt'],
          NotResource: 'arn:aws:kms:*:111122223333:key/*',
          Condition: { StringLike: { 'kms:ViaService': ['sqs.us-east-1.amazonaws.com'] } },
        },
      ),
      // The Deny names bucket ARNs for an action without resource types; Allow + NotResource is the page's own choice.
      expected: ['iam/allow-not', 'iam/resource-type-mismatch'],
    },
    {
      name: 'MWAA: AWS trust policy with both service principals in one statement',
      id: 'mwaa/execution-role-trust',
      values: {},
      text: policy({ Effect: 'Allow', Principal: { Service: ['airflow.amazonaws.com', 'airflow-env.amazonaws.com'] }, Action: 'sts:AssumeRole' }),
    },
    {
      name: 'Census: bucket role policy — s3:HeadBucket is reported as no IAM action (the correction)',
      id: 'census/s3-bucket-role',
      values: { bucket: 'example-census-sync-files' },
      text: policy(
        allow(['s3:GetBucketLocation', 's3:GetObject', 's3:HeadBucket', 's3:DeleteObject', 's3:ListBucket', 's3:PutObject'], ['arn:aws:s3:::example-census-sync-files/*', 'arn:aws:s3:::example-census-sync-files']),
      ),
      expected: ['iam/unknown-action'],
    },
    {
      name: 'Census: trust policy with the bare account id as principal',
      id: 'census/s3-bucket-trust',
      values: { externalId: 'CustomerOwnedS3Bucket/333444555' },
      text: JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '341876425553' }, Condition: { StringEquals: { 'sts:ExternalId': 'CustomerOwnedS3Bucket/333444555' } } },
      }),
    },
    {
      name: 'Segment: S3 destination role policy',
      id: 'segment/s3-destination-role',
      values: { bucket: 'example-segment-logs' },
      text: policy({ Sid: 'PutObjectsInBucket', ...allow(['s3:PutObject', 's3:PutObjectAcl'], 'arn:aws:s3:::example-segment-logs/segment-logs/*') }),
    },
    {
      name: 'Segment: S3 destination trust policy',
      id: 'segment/s3-destination-trust',
      values: { workspaceId: 'aBcDeFgH12' },
      text: policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::595280932656:role/segment-s3-integration-production-access' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'aBcDeFgH12' } },
      }),
    },
    {
      name: 'RudderStack: Redshift staging bucket policy',
      id: 'rudderstack/redshift-staging-bucket-policy',
      values: { bucket: 'example-rudder-staging' },
      text: policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::422074288268:user/s3-copy' },
        Action: ['s3:GetObject', 's3:PutObject', 's3:PutObjectAcl', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::example-rudder-staging/*', 'arn:aws:s3:::example-rudder-staging'],
      }),
    },
    {
      name: 'RudderStack: S3 destination bucket policy',
      id: 'rudderstack/s3-destination-bucket-policy',
      values: { bucket: 'example-rudder-events' },
      text: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::422074288268:user/s3-copy' }, Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: ['arn:aws:s3:::example-rudder-events/*'] }),
    },
    {
      name: 'Hightouch: S3 destination policy (trailing commas removed: the correction)',
      id: 'hightouch/s3-destination',
      values: { bucket: 'example-hightouch-exports' },
      text: policy({
        Sid: 'Sample',
        ...allow(['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:ListBucketMultipartUploads'], ['arn:aws:s3:::example-hightouch-exports/*', 'arn:aws:s3:::example-hightouch-exports']),
      }),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const findings = lint(c.text, 'iam-policy', c.id, c.values);
      assert.deepEqual(findings.filter((f) => f.ruleId === 'iam/missing-required-permission').map((f) => f.message), []);
      assert.deepEqual(serious(findings), c.expected ?? []);
    });
  }
  it('the corrections name the defects the findings report', () => {
    assert.ok(profileById('mwaa/execution-role')!.corrections.some((c) => c.published.includes('s3:ListAllMyBuckets')));
    assert.ok(profileById('census/s3-bucket-role')!.corrections.some((c) => c.published.includes('s3:HeadBucket')));
    assert.ok(profileById('hightouch/s3-destination')!.corrections.some((c) => c.published.includes('trailing commas')));
  });
});

describe('published Redshift scripts satisfy their profiles', () => {
  const cases: { name: string; id: string; values: Record<string, string>; text: string; missing?: RegExp[] }[] = [
    {
      name: 'Census: source script (upper-case names, ALL on the bookkeeping schema, default privileges, functions)',
      id: 'census/redshift-source',
      values: { user: 'census', schema: 'analytics' },
      text: [
        "CREATE USER CENSUS WITH PASSWORD 'Example-Passw0rd';",
        'CREATE SCHEMA CENSUS;',
        'GRANT ALL ON SCHEMA CENSUS TO CENSUS;',
        'GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA CENSUS TO CENSUS;',
        'GRANT USAGE ON SCHEMA "analytics" TO CENSUS;',
        'GRANT SELECT ON ALL TABLES IN SCHEMA "analytics" TO CENSUS;',
        'ALTER DEFAULT PRIVILEGES IN SCHEMA "analytics" GRANT SELECT ON TABLES TO CENSUS;',
        'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA "analytics" TO CENSUS;',
      ].join('\n'),
    },
    {
      name: 'Segment: warehouse user with quoted names',
      id: 'segment/redshift-destination',
      values: { user: 'segment', database: 'analytics' },
      text: "CREATE USER segment PASSWORD DISABLE;\nGRANT CREATE ON DATABASE \"analytics\" TO \"segment\";\n",
    },
    {
      name: 'RudderStack: warehouse user with quoted names',
      id: 'rudderstack/redshift-destination',
      values: { user: 'rudder', database: 'analytics' },
      text: "CREATE USER rudder PASSWORD DISABLE;\nGRANT CREATE ON DATABASE \"analytics\" TO \"rudder\";\n",
    },
    {
      name: 'Looker: user, schema grants, information_schema grants and the scratch schema',
      id: 'looker/redshift-user',
      values: { user: 'looker', schema: 'public' },
      text: [
        'CREATE USER looker PASSWORD DISABLE;',
        'GRANT USAGE ON SCHEMA public TO looker;',
        'GRANT SELECT ON TABLE information_schema.tables TO looker;',
        'GRANT SELECT ON TABLE information_schema.columns TO looker;',
        'GRANT SELECT ON ALL TABLES IN SCHEMA public TO looker;',
        'CREATE SCHEMA looker_scratch AUTHORIZATION looker;',
      ].join('\n'),
    },
    {
      name: 'Hightouch: Lightning engine grant',
      id: 'hightouch/redshift-lightning-engine',
      values: { user: 'hightouch', database: 'analytics' },
      text: 'GRANT CREATE ON DATABASE analytics TO hightouch;\n',
    },
    {
      name: 'Metabase: the role-based example written for Redshift (roles satisfy the profile)',
      id: 'metabase/redshift-user',
      values: { user: 'metabase', schema: 'analytics' },
      text: [
        'CREATE ROLE analytics;',
        'CREATE USER metabase PASSWORD DISABLE;',
        'GRANT ROLE analytics TO metabase;',
        'GRANT USAGE ON SCHEMA analytics TO ROLE analytics;',
        'GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO ROLE analytics;',
      ].join('\n'),
    },
    {
      name: 'Firehose: INSERT alone, as the page says — USAGE on the schema is reported missing (the correction)',
      id: 'firehose/redshift-user',
      values: { user: 'firehose_loader', schema: 'events', table: 'clickstream' },
      text: 'CREATE USER firehose_loader PASSWORD DISABLE;\nGRANT INSERT ON events.clickstream TO firehose_loader;\n',
      missing: [/requires GRANT USAGE ON SCHEMA events TO firehose_loader/],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const findings = lint(c.text, 'redshift-sql', c.id, c.values);
      const missing = findings.filter((f) => f.ruleId === 'redshift/missing-required-grant').map((f) => f.message);
      assert.equal(missing.length, (c.missing ?? []).length, missing.join('\n'));
      (c.missing ?? []).forEach((pattern, i) => assert.match(missing[i]!, pattern));
      assert.deepEqual(
        findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.message}`),
        [],
      );
    });
  }
  it('Metabase: the page’s PostgreSQL example is reported where Redshift rejects it (the corrections)', () => {
    const text = [
      'CREATE ROLE analytics WITH LOGIN;',
      'GRANT CONNECT ON DATABASE "your_database" TO analytics;',
      'CREATE USER metabase WITH PASSWORD "your_password";',
      'GRANT analytics TO metabase;',
    ].join('\n');
    const rules = new Set(lint(text, 'redshift-sql', 'metabase/redshift-user', { user: 'metabase', schema: 'analytics' }).map((f) => f.ruleId));
    assert.ok(rules.has('redshift/postgres-only'), 'GRANT CONNECT');
    assert.ok(rules.has('redshift/syntax'), 'double-quoted password, WITH LOGIN, GRANT <role> TO');
    const corrections = profileById('metabase/redshift-user')!.corrections.map((c) => c.published).join('\n');
    assert.match(corrections, /CONNECT/);
    assert.match(corrections, /PASSWORD "your_password"/);
  });
});
