// The service principal list: well-formed names, and which forms of a principal count as known.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isKnownServicePrincipal,
  KNOWN_SERVICE_PRINCIPAL_NAMES,
  MISTAKEN_SERVICE_PRINCIPAL_NAMES,
  SERVICE_PRINCIPALS,
  servicePrincipalCandidates,
  servicePrincipalName,
} from '../../server/src/engine/iam/servicePrincipals';
import { testData } from '../support/data';

const isPrefix = (prefix: string): boolean => testData().serviceExists(prefix);

test('listed names are lower-case DNS labels without a domain', () => {
  for (const name of KNOWN_SERVICE_PRINCIPAL_NAMES) {
    assert.match(name, /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/, name);
    assert.ok(!name.endsWith('.amazonaws') && !name.includes('amazonaws.com'), name);
  }
});

test('the principals completion offers are known', () => {
  for (const { principal } of SERVICE_PRINCIPALS) assert.ok(isKnownServicePrincipal(principal, isPrefix), principal);
});

test('known forms: listed names, service prefixes, Regions, sub-principals, other partitions', () => {
  for (const principal of [
    'lambda.amazonaws.com',
    'ecs-tasks.amazonaws.com',
    'logs.us-east-1.amazonaws.com',
    'states.eu-west-1.amazonaws.com',
    'codedeploy.us-gov-west-1.amazonaws.com',
    'delivery.logs.amazonaws.com',
    'replication.dynamodb.amazonaws.com',
    'ec2.amazonaws.com.cn',
    'ec2.c2s.ic.gov',
    'alexa-appkit.amazon.com',
  ]) {
    assert.ok(isKnownServicePrincipal(principal, isPrefix), principal);
  }
  for (const principal of ['lamda.amazonaws.com', 'lamda.us-east-1.amazonaws.com', 'eventbridge.amazonaws.com', 'ecs-task.amazonaws.com']) {
    assert.ok(!isKnownServicePrincipal(principal, isPrefix), principal);
  }
});

test('servicePrincipalName strips the domain of every partition', () => {
  assert.equal(servicePrincipalName('logs.us-east-1.amazonaws.com'), 'logs.us-east-1');
  assert.equal(servicePrincipalName('ec2.amazonaws.com.cn'), 'ec2');
  assert.equal(servicePrincipalName('amazonaws.com'), undefined);
  assert.equal(servicePrincipalName('example.com'), undefined);
});

test('brand names map to known principals, and every candidate is unique', () => {
  const candidates = servicePrincipalCandidates(testData().servicePrefixes());
  assert.equal(new Set(candidates).size, candidates.length);
  for (const [brand, name] of Object.entries(MISTAKEN_SERVICE_PRINCIPAL_NAMES)) {
    assert.ok(isKnownServicePrincipal(`${name}.amazonaws.com`, isPrefix), name);
    assert.ok(!isKnownServicePrincipal(`${brand}.amazonaws.com`, isPrefix), brand);
  }
});
