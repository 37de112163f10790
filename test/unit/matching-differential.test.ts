// Differential test: our action/ARN matching against @cloud-copilot/iam-simulate (AGPL, test oracle only — never imported by product code).
// For generated request × statement pairs across s3/dynamodb/sqs/logs/lambda/kms, both must agree on whether a
// single Allow statement grants the request; and for concrete ARNs, on whether the ARN is a resource of the action.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { actionCanUseResource } from '../../server/src/engine/iam/applicability';
import { matchesEverything, matchingResourceTypes } from '../../server/src/engine/iam/arn';
import { actionMatches, resourceMatches } from '../../server/src/engine/iam/wildcard';
import { testData } from '../support/data';

const ACCOUNT = '111122223333';
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:user/tester`;

const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};

interface Request {
  action: string;
  /** A concrete ARN, or `*` for actions without resource types. */
  resource: string;
}

interface Universe {
  requests: Request[];
  actionPatterns: string[];
  resourcePatterns: string[];
}

const object = 'arn:aws:s3:::tonic-data/dir/sub/file.csv';
const bucket = 'arn:aws:s3:::tonic-data';
const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:tonic-queue`;
const logGroup = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws-dynamodb/imports`;
const logStream = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/tonic-f:log-stream:2024/01/01/[$LATEST]abc`;
const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:tonic-f`;
const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const UNIVERSES: Record<string, Universe> = {
  s3: {
    requests: [
      { action: 's3:GetObject', resource: object },
      { action: 's3:PutObject', resource: 'arn:aws:s3:::other-bucket/x' },
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::tonic-data/a' },
      { action: 's3:ListBucket', resource: bucket },
      { action: 's3:GetBucketLocation', resource: 'arn:aws:s3:::other-bucket' },
      { action: 's3:ListAllMyBuckets', resource: '*' },
    ],
    actionPatterns: ['s3:GetObject', 'S3:getobject', 's3:*', 's3:Get*', 's3:*Object', 's3:?etObject', 's3:List*', '*'],
    resourcePatterns: ['*', object, bucket, 'arn:aws:s3:::tonic-*', 'arn:aws:s3:::tonic-data/*', 'arn:aws:s3:::tonic-data/dir/*/file.csv', 'arn:aws:s3:::tonic-dat?', 'arn:aws:s3:::other-bucket', 'arn:aws:s3:::*/*'],
  },
  dynamodb: {
    requests: [
      { action: 'dynamodb:GetItem', resource: table },
      { action: 'dynamodb:Query', resource: `${table}/index/byDate` },
      { action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/tonic-x` },
      { action: 'dynamodb:GetRecords', resource: `${table}/stream/2024-01-01T00:00:00.000` },
      { action: 'dynamodb:ListTables', resource: '*' },
    ],
    actionPatterns: ['dynamodb:GetItem', 'DynamoDB:query', 'dynamodb:*', 'dynamodb:Get*', 'dynamodb:*Item', 'dynamodb:List*', '*'],
    resourcePatterns: ['*', table, `${table}/*`, `arn:aws:dynamodb:*:*:table/*`, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/order?`, `arn:aws:dynamodb:*:${ACCOUNT}:table/tonic-*`, `${table}/index/*`, `arn:aws:dynamodb:us-west-2:*:*`],
  },
  sqs: {
    requests: [
      { action: 'sqs:SendMessage', resource: queue },
      { action: 'sqs:ReceiveMessage', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:other-queue` },
      { action: 'sqs:DeleteMessage', resource: queue },
      { action: 'sqs:ListQueues', resource: '*' },
    ],
    actionPatterns: ['sqs:SendMessage', 'SQS:SendMessage', 'sqs:*', 'sqs:*Message', 'sqs:Receive*', 'sqs:List*', '*'],
    resourcePatterns: ['*', queue, 'arn:aws:sqs:*:*:tonic-*', `arn:aws:sqs:*:${ACCOUNT}:*`, 'arn:aws:sqs:eu-west-1:*:other-queue', 'arn:aws:sqs:*:*:tonic-queu?', 'arn:aws:sqs:*:*:*'],
  },
  logs: {
    requests: [
      { action: 'logs:PutLogEvents', resource: logStream },
      { action: 'logs:CreateLogStream', resource: logStream },
      { action: 'logs:PutRetentionPolicy', resource: logGroup },
      { action: 'logs:CreateLogGroup', resource: logGroup },
      { action: 'logs:DescribeLogGroups', resource: '*' },
    ],
    actionPatterns: ['logs:PutLogEvents', 'logs:Create*', 'logs:*', 'logs:Put*', 'logs:Describe*', '*'],
    resourcePatterns: ['*', logGroup, logStream, 'arn:aws:logs:*:*:*', 'arn:aws:logs:*:*:log-group:/aws-dynamodb/*', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/tonic-*`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*:log-stream:*`],
  },
  lambda: {
    requests: [
      { action: 'lambda:InvokeFunction', resource: fn },
      { action: 'lambda:GetFunction', resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other` },
      { action: 'lambda:UpdateFunctionConfiguration', resource: fn },
      { action: 'lambda:ListFunctions', resource: '*' },
    ],
    actionPatterns: ['lambda:InvokeFunction', 'lambda:*', 'lambda:Get*', 'lambda:*Function*', 'lambda:List*', '*'],
    resourcePatterns: ['*', fn, 'arn:aws:lambda:*:*:function:tonic-*', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`, 'arn:aws:lambda:*:*:function:othe?', 'arn:aws:lambda:*:*:*'],
  },
  kms: {
    requests: [
      { action: 'kms:Decrypt', resource: key },
      { action: 'kms:GenerateDataKey', resource: key },
      { action: 'kms:Encrypt', resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abcd` },
      { action: 'kms:ListKeys', resource: '*' },
    ],
    actionPatterns: ['kms:Decrypt', 'KMS:decrypt', 'kms:*', 'kms:GenerateDataKey*', 'kms:*crypt', 'kms:List*', '*'],
    resourcePatterns: ['*', key, 'arn:aws:kms:*:*:key/*', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-*`, `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abc?`, 'arn:aws:kms:*:*:alias/*'],
  },
};

/** Our decision: does `{Allow, Action, Resource}` grant the request? */
function ourDecision(request: Request, actionPattern: string, resourcePattern: string): boolean {
  if (!actionMatches(actionPattern, request.action)) return false;
  // A request on "*" (actions without resource types) is only matched by a Resource that matches everything.
  if (request.resource === '*') return matchesEverything(resourcePattern);
  return resourceMatches(resourcePattern, request.resource);
}

async function simulate(request: Request, statement: Record<string, unknown>): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: 'policy', policy: { Version: '2012-10-17', Statement: [statement] } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // KMS also needs the key policy to allow the account: use AWS's default key policy.
      // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
      ...(request.action.startsWith('kms:') && request.resource !== '*' ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
      request: { action: request.action, principal: PRINCIPAL, resource: { resource: request.resource, accountId: ACCOUNT }, contextVariables: {} },
    } as Parameters<typeof runSimulation>[0],
    {},
  );
  if (result.resultType === 'error') return `error:${JSON.stringify(result.errors)}`;
  return result.overallResult;
}

describe('matching differential against iam-simulate', () => {
  it('agrees on whether an Allow statement applies, over generated action × ARN pairs', async () => {
    const disagreements: string[] = [];
    let pairs = 0;
    for (const universe of Object.values(UNIVERSES)) {
      for (const request of universe.requests) {
        for (const actionPattern of universe.actionPatterns) {
          for (const resourcePattern of universe.resourcePatterns) {
            const theirs = await simulate(request, { Effect: 'Allow', Action: actionPattern, Resource: resourcePattern });
            assert.ok(!theirs.startsWith('error'), `${request.action} on ${request.resource}: ${theirs}`);
            const ours = ourDecision(request, actionPattern, resourcePattern);
            pairs++;
            if (ours !== (theirs === 'Allowed')) {
              disagreements.push(`${request.action} ${request.resource} vs {${actionPattern} ${resourcePattern}}: ours ${ours}, iam-simulate ${theirs}`);
            }
          }
        }
      }
    }
    assert.ok(pairs >= 600, `only ${pairs} pairs`);
    assert.deepEqual(disagreements, []);
  });

  it('agrees on whether a concrete ARN is a resource of an action (any-of resource types)', async () => {
    const data = testData();
    const disagreements: string[] = [];
    let pairs = 0;
    for (const universe of Object.values(UNIVERSES)) {
      const arns = [...new Set(universe.requests.map((r) => r.resource).filter((r) => r !== '*'))];
      const actions = [...new Set(universe.requests.map((r) => r.action))].filter((a) => {
        const [service, name] = a.split(':') as [string, string];
        return !data.action(service, name)!.isWildcardOnly;
      });
      for (const actionName of actions) {
        const [service, name] = actionName.split(':') as [string, string];
        const info = data.action(service, name)!;
        for (const arn of [...arns, ...Object.values(UNIVERSES).flatMap((u) => u.requests.map((r) => r.resource)).filter((r) => r !== '*' && !arns.includes(r)).slice(0, 3)]) {
          const theirs = await simulate({ action: actionName, resource: arn }, { Effect: 'Allow', Action: '*', Resource: '*' });
          const theirsUsable = !theirs.includes('no.resource.types');
          const ours = actionCanUseResource(data, info, arn);
          pairs++;
          if (ours === theirsUsable) continue;
          // Known, deliberate difference: iam-simulate lets a template variable span `/`, so it reads
          // table/orders/index/byDate as a *table* named "orders/index/byDate". DynamoDB names cannot hold `/`;
          // we read it as the index it is. Accept only that direction, and only when the ARN is another
          // resource type of the same service.
          const childType = matchingResourceTypes(data, arn, service).filter((t) => !info.resourceTypes.some((r) => r.name === t.key));
          if (!ours && theirsUsable && childType.length > 0) continue;
          disagreements.push(`${actionName} on ${arn}: ours ${ours}, iam-simulate ${theirs}`);
        }
      }
    }
    assert.ok(pairs >= 50, `only ${pairs} pairs`);
    assert.deepEqual(disagreements, []);
  });
});
