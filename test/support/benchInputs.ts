// Deterministic generated inputs shared by `npm run bench` (scripts/bench.ts) and the doubling check in `npm test`
// (test/unit/lint-doubling.test.ts): policies with many statements, each naming its own resources, and SQL scripts.

import { prng } from './prng';
import { generateTerraformPolicies } from './terraformFiles';

const STATEMENT_SHAPES: ((i: number, r: () => number) => object)[] = [
  (i) => ({ Sid: `Objects${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::bucket-${i}/*` }),
  (i) => ({ Sid: `Bucket${i}`, Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: `arn:aws:s3:::bucket-${i}`, Condition: { StringLike: { 's3:prefix': [`data/${i}/*`] } } }),
  (i) => ({ Sid: `Tables${i}`, Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:Describe*'], Resource: [`arn:aws:dynamodb:us-east-1:123456789012:table/t${i}`, `arn:aws:dynamodb:us-east-1:123456789012:table/t${i}/index/*`] }),
  (i) => ({ Sid: `Queues${i}`, Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: `arn:aws:sqs:*:123456789012:q-${i}` }),
  (i) => ({ Sid: `Logs${i}`, Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:123456789012:log-group:/app/${i}:*` }),
  (i) => ({ Sid: `Lambda${i}`, Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunction'], Resource: `arn:aws:lambda:us-east-1:123456789012:function:f-${i}` }),
  (i) => ({ Sid: `Kms${i}`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: `arn:aws:kms:us-east-1:123456789012:key/${i}` , Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }),
  (i) => ({ Sid: `Deny${i}`, Effect: 'Deny', Action: 's3:*', Resource: `arn:aws:s3:::secret-${i}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  () => ({ Effect: 'Allow', Action: ['dynamodb:ListTables', 's3:ListAllMyBuckets', 'sqs:ListQueues'], Resource: '*' }),
];

/** A policy of about `bytes` bytes: many statements, mixed services, wildcards and conditions. */
export function generatePolicy(bytes: number, seed = 1): string {
  const r = prng(seed);
  const statements: object[] = [];
  let size = 40;
  for (let i = 0; size < bytes; i++) {
    const shape = STATEMENT_SHAPES[Math.floor(r() * STATEMENT_SHAPES.length)]!;
    const statement = shape(i, r);
    size += JSON.stringify(statement, null, 2).length + 8;
    statements.push(statement);
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

export function generateSql(statements: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.length < statements; i++) {
    lines.push(`CREATE USER etl_${i} PASSWORD DISABLE;`);
    lines.push(`GRANT USAGE ON SCHEMA sales_${i % 50} TO etl_${i};`);
    lines.push(`GRANT SELECT ON ALL TABLES IN SCHEMA sales_${i % 50} TO etl_${i};`);
    lines.push(`ALTER DEFAULT PRIVILEGES IN SCHEMA sales_${i % 50} GRANT SELECT ON TABLES TO etl_${i};`);
    lines.push(`-- reporting access for ${i}`);
    lines.push(`SELECT count(*) FROM sales_${i % 50}.orders;`);
  }
  return lines.slice(0, statements).join('\n') + '\n';
}


/** A CloudFormation YAML template with `count` AWS::IAM::ManagedPolicy resources, each a few statements of its own ARNs. */
export function generateCloudFormationPolicies(count: number): string {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  Policy${i}:`,
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Action:',
      '              - s3:GetObject',
      '              - s3:PutObject',
      `            Resource: !Sub 'arn:\${AWS::Partition}:s3:::bucket-${i}/*'`,
      '          - Effect: Allow',
      '            Action: dynamodb:Query',
      `            Resource: arn:aws:dynamodb:us-east-1:123456789012:table/t${i}`,
      '          - Effect: Allow',
      '            Action:',
      '              - sqs:SendMessage',
      `            Resource: !GetAtt Queue${i}.Arn`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A value written as YAML block style (strings single-quoted), indented by `indent`; the first line has no indentation. */
function yamlLines(value: unknown, indent: string): string[] {
  if (typeof value === 'string') return [`'${value.replace(/'/g, "''")}'`];
  if (Array.isArray(value)) {
    return ['', ...value.flatMap((v) => {
      const [first, ...rest] = yamlLines(v, `${indent}  `);
      // A mapping item starts on the dash's line: `- Sid: …`.
      return first === '' && rest.length > 0 ? [`${indent}- ${rest[0]!.trimStart()}`, ...rest.slice(1)] : [`${indent}- ${first}`, ...rest];
    })];
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return ['', ...entries.flatMap(([k, v]) => { const [first, ...rest] = yamlLines(v, `${indent}  `); return [`${indent}${k}:${first ? ` ${first}` : ''}`, ...rest]; })];
}

/**
 * A CloudFormation YAML template of about `bytes` with `policies` AWS::IAM::ManagedPolicy resources, each holding
 * statements of the shapes `generatePolicy` uses (its own ARNs), in block style: the typing benchmark's template.
 */
export function generateCloudFormationTemplate(policies: number, bytes: number, seed = 1): string {
  const out: string[] = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  templatePolicies(policies, bytes, seed).forEach((statements, p) => {
    out.push(`  Policy${p}:`, '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', "        Version: '2012-10-17'", '        Statement:');
    for (const statement of statements) {
      const [, ...lines] = yamlLines([statement], '          ');
      out.push(...lines);
    }
  });
  return out.join('\n') + '\n';
}

/**
 * The same template as `generateCloudFormationTemplate`, written as JSON (two-space indentation): the typing
 * benchmark's JSON template. About 1.3× the YAML's size (quotes, braces).
 */
export function generateCloudFormationJsonTemplate(policies: number, bytes: number, seed = 1): string {
  const resources: Record<string, unknown> = {};
  templatePolicies(policies, bytes, seed).forEach((statements, p) => {
    resources[`Policy${p}`] = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: statements } } };
  });
  return `${JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2)}\n`;
}

/** The statements of each policy of the benchmark templates: `policies` policies of about `bytes / policies` each. */
function templatePolicies(policies: number, bytes: number, seed: number): object[][] {
  const r = prng(seed);
  const perPolicy = bytes / policies;
  const result: object[][] = [];
  let n = 0;
  for (let p = 0; p < policies; p++) {
    const statements: object[] = [];
    let size = 150;
    while (size < perPolicy) {
      const statement = STATEMENT_SHAPES[Math.floor(r() * STATEMENT_SHAPES.length)]!(n++, r);
      statements.push(statement);
      size += yamlLines([statement], '').join('\n').length + 12 * 8;
    }
    result.push(statements);
  }
  return result;
}

/**
 * An unbound policy that reproduces the built-in profile artie/dynamodb-streams (iam/profile-suggestion names it): the
 * first document of a start that needs whole profiles (a start reads only their index, profiles/builtinIndex.ts).
 */
export const PROFILE_LOOK_ALIKE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:ListStreams', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTable', 'dynamodb:ListExports', 'dynamodb:DescribeExport', 'dynamodb:ExportTableToPointInTime'],
      Resource: '*',
    },
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::artie-transfer-test' },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::artie-transfer-test/*' },
  ],
});

/** The 5-service policy the cold-start rows open (scripts/bench.ts) and test/unit/arn-lazy-modes.test.ts lints. */
export const COLD_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/t' },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:us-east-1:123456789012:q' },
      { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:g:*' },
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:us-east-1:123456789012:key/k' },
    ],
  },
  null,
  2,
);

/** The policy sizes of the bench's engine section (scripts/bench.ts, section 1): `generatePolicy(bytes, bytes)` each. */
export const ENGINE_POLICY_BYTES: readonly number[] = [1_000, 5_000, 10_000, 100_000, 1_000_000, 1_500_000, 5_000_000];

/** How many files of each kind the generated repository of the bench's repository section holds. */
export interface RepositoryScale {
  policies: number;
  scripts: number;
  templates: number;
}

/** The bench's repository (section 4) at full scale; `--quick` takes a tenth. */
export const REPOSITORY_SCALE: RepositoryScale = { policies: 10_000, scripts: 1_000, templates: 300 };

/**
 * The files of the bench's generated repository (section 4), as paths relative to its root (with `/`) and texts:
 * policies in 100 folders, SQL scripts, and half Terraform (5–14 aws_iam_policy resources, a third with a misspelt
 * action), half CloudFormation (3–7 policies, 4–10 KB). Also the corpus of `npm run diff:findings`.
 */
export function* repositoryFiles(scale: RepositoryScale = REPOSITORY_SCALE): Generator<{ path: string; text: string }> {
  for (let i = 0; i < scale.policies; i++) yield { path: `policies/${i % 100}/p${i}.json`, text: generatePolicy(1_500 + (i % 7) * 400, i) };
  for (let i = 0; i < scale.scripts; i++) yield { path: `sql/s${i}.sql`, text: generateSql(20 + (i % 30)) };
  for (let i = 0; i < scale.templates; i++) {
    if (i % 2 === 0) yield { path: `infra/m${i}.tf`, text: generateTerraformPolicies(5 + (i % 10), i % 3 === 0) };
    else yield { path: `infra/t${i}.yaml`, text: generateCloudFormationTemplate(3 + (i % 5), 4_000 + (i % 7) * 1_000, i) };
  }
}
