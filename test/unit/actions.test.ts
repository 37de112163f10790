// Unit tests for action parsing, expansion and coverage (iam/actions.ts) and resource applicability (iam/applicability.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  actionId,
  actionPatternCovers,
  actionPatternMatchesAny,
  expandActionPattern,
  isEveryAction,
  parseAction,
  servicesMatching,
} from '../../server/src/engine/iam/actions';
import { actionCanUseResource } from '../../server/src/engine/iam/applicability';
import { testData } from '../support/data';

const data = testData();

describe('parseAction', () => {
  it('parses service and name with offsets', () => {
    const r = parseAction('S3:Get*');
    assert.ok(r.ok);
    assert.deepEqual(
      [r.action.service, r.action.name, r.action.nameStart, r.action.nameHasWildcard, r.action.serviceHasWildcard],
      ['S3', 'Get*', 3, true, false],
    );
  });
  it('reports each malformation', () => {
    const problem = (v: string) => {
      const r = parseAction(v);
      return r.ok ? 'ok' : r.problem;
    };
    assert.equal(problem(''), 'empty');
    assert.equal(problem('GetObject'), 'no-service');
    assert.equal(problem('sagemaker::CreateModel'), 'double-colon');
    assert.equal(problem(':GetObject'), 'empty-service');
    assert.equal(problem('s3:'), 'empty-name');
    assert.equal(problem('s3:Get Object'), 'invalid-characters');
    assert.equal(problem('s3:Get:Object'), 'invalid-characters');
  });
  it('isEveryAction', () => {
    assert.equal(isEveryAction('*'), true);
    assert.equal(isEveryAction('s3:*'), false);
  });
});

describe('expandActionPattern', () => {
  it('matches case-insensitively and returns AWS spelling', () => {
    assert.deepEqual(expandActionPattern(data, 's3:getobject').map(actionId), ['s3:GetObject']);
    assert.deepEqual(expandActionPattern(data, 'S3:GETOBJECT').map(actionId), ['s3:GetObject']);
  });
  it('expands `*` and `?` within a service', () => {
    const ids = expandActionPattern(data, 's3:GetObject*').map(actionId);
    assert.ok(ids.includes('s3:GetObject') && ids.includes('s3:GetObjectAcl'));
    assert.ok(ids.every((id) => id.startsWith('s3:GetObject')));
    assert.deepEqual(expandActionPattern(data, 'sqs:?etQueueUrl').map(actionId), ['sqs:GetQueueUrl']);
  });
  it('expands service wildcards', () => {
    assert.deepEqual(servicesMatching(data, 'dynamodb'), ['dynamodb']);
    assert.ok(servicesMatching(data, 's3*').includes('s3-object-lambda'));
    const ids = expandActionPattern(data, 's3*:GetObject').map(actionId);
    assert.ok(ids.includes('s3:GetObject') && ids.includes('s3-object-lambda:GetObject'));
  });
  it('unknown and malformed patterns expand to nothing', () => {
    assert.equal(expandActionPattern(data, 's3:GetObjects').length, 0);
    assert.equal(expandActionPattern(data, 's3x:GetObject').length, 0);
    assert.equal(expandActionPattern(data, 's3:Gett*').length, 0);
    assert.equal(expandActionPattern(data, 'nonsense').length, 0);
    assert.equal(actionPatternMatchesAny(data, '*'), true);
  });
  it('caches per pattern (same array for the same pattern in any case)', () => {
    assert.equal(expandActionPattern(data, 'logs:Describe*'), expandActionPattern(data, 'LOGS:describe*'));
  });
});

describe('actionPatternCovers', () => {
  it('wildcards cover plain actions and narrower wildcards', () => {
    assert.equal(actionPatternCovers(data, 's3:Get*', 's3:GetObject'), true);
    assert.equal(actionPatternCovers(data, 's3:*', 's3:Get*'), true);
    assert.equal(actionPatternCovers(data, '*', 's3:GetObject'), true);
    assert.equal(actionPatternCovers(data, 's3:GetObject', 's3:getobject'), true);
  });
  it('does not confuse `?` with a run, nor different services', () => {
    assert.equal(actionPatternCovers(data, 's3:?', 's3:*'), false);
    assert.equal(actionPatternCovers(data, 's3:Get*', 's3:PutObject'), false);
    assert.equal(actionPatternCovers(data, 's3:Get*', 'sqs:GetQueueUrl'), false);
    assert.equal(actionPatternCovers(data, 's3:GetObject', 's3:Get*'), false);
  });
});

describe('actionCanUseResource', () => {
  const action = (id: string) => {
    const [s, n] = id.split(':') as [string, string];
    const a = data.action(s, n);
    assert.ok(a, id);
    return a;
  };
  it('bucket-level vs object-level S3 actions', () => {
    assert.equal(actionCanUseResource(data, action('s3:GetBucketLocation'), 'arn:aws:s3:::b/*'), false);
    assert.equal(actionCanUseResource(data, action('s3:GetBucketLocation'), 'arn:aws:s3:::b'), true);
    assert.equal(actionCanUseResource(data, action('s3:GetObject'), 'arn:aws:s3:::b'), false);
    assert.equal(actionCanUseResource(data, action('s3:GetObject'), 'arn:aws:s3:::b/*'), true);
    assert.equal(actionCanUseResource(data, action('s3:GetObject'), '*'), true);
  });
  it('wildcard-only actions: `*` and type-level ARNs, never a named resource', () => {
    assert.equal(actionCanUseResource(data, action('dynamodb:ListTables'), '*'), true);
    assert.equal(actionCanUseResource(data, action('dynamodb:ListTables'), 'arn:aws:dynamodb:us-east-1:123456789012:table/t'), false);
    assert.equal(actionCanUseResource(data, action('dynamodb:ListTables'), 'arn:aws:dynamodb:us-east-1:123456789012:table/*'), true);
    assert.equal(actionCanUseResource(data, action('sqs:ListQueues'), 'arn:aws:sqs:*:*:tonic-*'), false);
    assert.equal(actionCanUseResource(data, action('sqs:ListQueues'), 'arn:aws:sqs:*:*:*'), true);
    assert.equal(actionCanUseResource(data, action('s3:ListAllMyBuckets'), 'arn:aws:s3:::b'), false);
    assert.equal(actionCanUseResource(data, action('logs:DescribeLogGroups'), 'arn:aws:logs:us-east-1:123456789012:log-group:*'), true);
    assert.equal(actionCanUseResource(data, action('logs:DescribeLogGroups'), 'arn:aws:logs:*:*:log-group:/aws-dynamodb/*'), false);
  });
  it('ARNs of another service', () => {
    assert.equal(actionCanUseResource(data, action('sqs:SendMessage'), 'arn:aws:s3:::tonic-*'), false);
    assert.equal(actionCanUseResource(data, action('sqs:SendMessage'), 'arn:aws:sqs:*:123456789012:tonic-*'), true);
  });
});

describe('every action of common services can use sample ARNs of its own resource types', () => {
  const SERVICES = ['s3', 'dynamodb', 'sqs', 'sns', 'logs', 'lambda', 'kms', 'iam', 'ec2', 'ssm', 'secretsmanager', 'ecr', 'states', 'events', 'sts', 'glue', 'athena', 'kinesis', 'firehose', 'rds', 'redshift', 'apigateway', 'execute-api', 'cloudwatch'];
  const sample = (name: string): string =>
    name === 'Partition'
      ? 'aws'
      : name === 'Region'
        ? 'us-east-1'
        : /Account/.test(name)
          ? '123456789012'
          : name === 'StreamLabel'
            ? '2015-05-11T21:21:33.291' // a timestamp (arn.ts VARIABLE_CHARS)
            : `x${name.length}`;
  it('no false resource-type mismatch for any (action, own resource type) pair', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const service of SERVICES) {
      for (const info of data.actions(service)) {
        for (const ref of info.resourceTypes) {
          const type = data.resourceType(service, ref.name);
          if (!type) continue;
          const arn = type.arn.split(/,\s*/)[0]!.replace(/\$\{([^}]+)\}/g, (_, n: string) => sample(n));
          checked++;
          if (!actionCanUseResource(data, info, arn)) failures.push(`${actionId(info)} on ${arn}`);
        }
      }
    }
    assert.ok(checked > 3000, `checked ${checked}`);
    assert.deepEqual(failures, []);
  });
});

describe('every action in the data', () => {
  it('parses and expands to itself (no valid action is ever reported as malformed or unknown)', () => {
    const failures: string[] = [];
    let count = 0;
    for (const service of data.servicePrefixes()) {
      for (const info of data.actions(service)) {
        count++;
        const id = `${service}:${info.name}`;
        const parsed = parseAction(id);
        if (!parsed.ok || expandActionPattern(data, id).length !== 1) failures.push(id);
      }
    }
    assert.ok(count > 20_000, `only ${count} actions`);
    assert.deepEqual(failures, []);
  });
});
