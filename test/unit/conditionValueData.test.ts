// The data behind iam/condition-values: Region codes and IP ranges.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWS_REGIONS, closestRegion, patternMatchesKnownRegion, regionStatus } from '../../server/src/engine/iam/regions';
import { hasBitsAfterPrefix, isPrivateRange, networkText, parseIpRange } from '../../server/src/engine/iam/ipRanges';

test('Region codes: listed, unlisted but well-formed, malformed', () => {
  for (const code of ['us-east-1', 'ap-southeast-7', 'mx-central-1', 'cn-northwest-1', 'us-gov-east-1', 'eusc-de-east-1', 'us-isob-east-1']) {
    assert.equal(regionStatus(code), 'known', code);
  }
  for (const code of ['xx-west-9', 'sa-west-1', 'us-gov-south-2']) assert.equal(regionStatus(code), 'unlisted', code);
  for (const code of ['us-east1', 'US-EAST-1', 'us_east_1', 'useast1', '', 'us-east-1 ', 'europe', 'a'.repeat(1000)]) {
    assert.equal(regionStatus(code), 'malformed', JSON.stringify(code).slice(0, 40));
  }
  assert.equal(new Set(Object.values(AWS_REGIONS).flat()).size, Object.values(AWS_REGIONS).flat().length, 'no Region listed twice');
});

test('the nearest Region of a misspelt code, only when there is one', () => {
  assert.equal(closestRegion('us-east1'), 'us-east-1');
  assert.equal(closestRegion('EU-WEST-1'), 'eu-west-1');
  assert.equal(closestRegion('eu-west-9'), undefined, 'eu-west-1, -2 and -3 are all one edit away');
  assert.equal(closestRegion('mars'), undefined);
});

test('Region patterns', () => {
  assert.ok(patternMatchesKnownRegion('eu-*'));
  assert.ok(patternMatchesKnownRegion('us-????-1'));
  assert.ok(!patternMatchesKnownRegion('europe-*'));
  assert.ok(patternMatchesKnownRegion('EU-*', true));
});

test('IP ranges: parsing, network addresses, private space', () => {
  assert.equal(parseIpRange('203.0.113.0/33'), undefined);
  assert.equal(parseIpRange('2001:db8::/129'), undefined);
  assert.equal(parseIpRange('1::2::3'), undefined);
  assert.equal(parseIpRange('1:2:3:4:5:6:7:8:9'), undefined);
  assert.equal(parseIpRange('x'.repeat(100000)), undefined);
  const v4 = parseIpRange('203.0.113.5/24')!;
  assert.ok(hasBitsAfterPrefix(v4));
  assert.equal(networkText(v4), '203.0.113.0/24');
  assert.ok(!hasBitsAfterPrefix(parseIpRange('203.0.113.5')!), 'a bare address is a /32');
  assert.equal(networkText(parseIpRange('2001:DB8:0:0:1::/64')!), '2001:db8::/64');
  assert.equal(networkText(parseIpRange('2001:db8:0:1:1:1:1:1/128')!), '2001:db8:0:1:1:1:1:1/128');
  assert.equal(networkText(parseIpRange('::ffff:192.0.2.1/128')!), '::ffff:c000:201/128');
  for (const text of ['10.0.0.0/8', '10.1.2.3', '172.31.0.0/16', '192.168.0.0/16', '127.0.0.1', '169.254.169.254', 'fd00::/8', 'fe80::1', '::1']) {
    assert.ok(isPrivateRange(parseIpRange(text)!), text);
  }
  for (const text of ['0.0.0.0/0', '10.0.0.0/7', '172.32.0.0/16', '203.0.113.0/24', '2001:db8::/32', '::/0']) {
    assert.ok(!isPrivateRange(parseIpRange(text)!), text);
  }
});
