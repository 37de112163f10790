// Unit tests for ARN parsing and the Resource-pattern × ARN-template intersection (iam/arn.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXTRA_ARN_NAMESPACES,
  FIELD,
  SEGMENT,
  accountProblem,
  compileTemplate,
  matchesEverything,
  maskVariables,
  parseArn,
  partitionMatches,
  patternCanMatchGenericTemplate,
  patternCanMatchTemplate,
  regionProblem,
  resourceCanBeOfType,
  resourcePattern,
} from '../../server/src/engine/iam/arn';
import type { DescribedValue, ValuePiece } from '../../server/src/engine/iam/values';
import { findIamDataRoot } from '../../server/src/node/iamDataFiles';
import { testData } from '../support/data';

const data = testData();
const type = (service: string, key: string) => {
  const t = data.resourceType(service, key);
  assert.ok(t, `${service}/${key} exists in the data`);
  return t;
};
const canBe = (pattern: string, service: string, key: string): boolean => resourceCanBeOfType(data, pattern, type(service, key));

describe('parseArn', () => {
  it('splits six fields with offsets, keeping colons in the resource part', () => {
    const arn = parseArn('arn:aws:logs:us-east-1:123456789012:log-group:/x:log-stream:y')!;
    assert.equal(arn.partition.value, 'aws');
    assert.equal(arn.service.value, 'logs');
    assert.deepEqual([arn.region.value, arn.region.start, arn.region.end], ['us-east-1', 13, 22]);
    assert.equal(arn.account.value, '123456789012');
    assert.equal(arn.resource.value, 'log-group:/x:log-stream:y');
  });
  it('accepts empty fields and rejects non-ARNs and short ARNs', () => {
    assert.equal(parseArn('arn:aws:s3:::bucket')!.resource.value, 'bucket');
    assert.equal(parseArn('arn:aws:s3:bucket'), undefined);
    assert.equal(parseArn('bucket/key'), undefined);
  });
  it('maskVariables keeps offsets but hides colons inside ${…}', () => {
    const masked = maskVariables('arn:aws:s3:::b/${aws:username}/*');
    assert.equal(masked.length, 'arn:aws:s3:::b/${aws:username}/*'.length);
    assert.ok(!masked.slice(14).includes(':'));
  });
});

describe('resource pattern × resource type', () => {
  it('S3: bucket/* is only ever an object, the bare bucket only a bucket', () => {
    assert.equal(canBe('arn:aws:s3:::b/*', 's3', 'bucket'), false);
    assert.equal(canBe('arn:aws:s3:::b/*', 's3', 'object'), true);
    assert.equal(canBe('arn:aws:s3:::b', 's3', 'bucket'), true);
    assert.equal(canBe('arn:aws:s3:::b', 's3', 'object'), false);
  });
  it('S3: `*` crosses `/`, so tonic-* is buckets AND objects; `?` crosses `/` too', () => {
    assert.equal(canBe('arn:aws:s3:::tonic-*', 's3', 'bucket'), true);
    assert.equal(canBe('arn:aws:s3:::tonic-*', 's3', 'object'), true);
    assert.equal(canBe('arn:aws:s3:::b?k', 's3', 'object'), true);
    assert.equal(canBe('arn:aws:s3:::b?k', 's3', 'bucket'), true);
  });
  it('S3 object keys may contain colons', () => {
    assert.equal(canBe('arn:aws:s3:::b/a:b', 's3', 'object'), true);
  });
  it('a region variable is never empty: arn:aws:s3:::*/* is no access point (Terraform `${var.b}/*` shape)', () => {
    assert.equal(canBe('arn:aws:s3:::*/*', 's3', 'accesspoint'), false);
    assert.equal(canBe('arn:aws:s3:::accesspoint/x', 's3', 'accesspoint'), false);
    assert.equal(canBe('arn:aws:s3:us-east-1:123456789012:accesspoint/x', 's3', 'accesspoint'), true);
  });
  it('S3 bucket/object ARNs have no region or account', () => {
    assert.equal(canBe('arn:aws:s3:us-east-1:123456789012:b', 's3', 'bucket'), false);
    // `*` also matches the empty string, so this pattern does cover arn:aws:s3:::b.
    assert.equal(canBe('arn:aws:s3:*:*:b', 's3', 'bucket'), true);
    assert.equal(canBe('arn:aws:s3:::*', 's3', 'bucket'), true);
  });
  it('DynamoDB: table/t is only a table, never a stream, index or export', () => {
    const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/t';
    assert.equal(canBe(table, 'dynamodb', 'table'), true);
    assert.equal(canBe(table, 'dynamodb', 'stream'), false);
    assert.equal(canBe(table, 'dynamodb', 'index'), false);
    assert.equal(canBe(table + '/stream/*', 'dynamodb', 'stream'), true);
    assert.equal(canBe(table + '/stream/*', 'dynamodb', 'table'), false);
    assert.equal(canBe(table + '*', 'dynamodb', 'stream'), true);
  });
  it('accounts: 12 digits, empty or aws; an 11-digit account matches nothing', () => {
    assert.equal(canBe('arn:aws:dynamodb:us-east-1:12345678901:table/t', 'dynamodb', 'table'), false);
    assert.equal(canBe('arn:aws:dynamodb:us-east-1:1234567890123:table/t', 'dynamodb', 'table'), false);
    assert.equal(canBe('arn:aws:dynamodb:us-east-1:12345678901?:table/t', 'dynamodb', 'table'), true);
    assert.equal(canBe('arn:aws:iam::aws:policy/ReadOnlyAccess', 'iam', 'policy'), true);
    assert.equal(canBe('arn:aws:ssm:us-east-1::parameter/aws/service/ami', 'ssm', 'parameter'), true);
  });
  it('policy variables and placeholders match any value', () => {
    assert.equal(canBe('arn:aws:s3:::${aws:username}', 's3', 'bucket'), true);
    assert.equal(canBe('arn:aws:dynamodb:${aws:RequestedRegion}:${aws:PrincipalAccount}:table/t', 'dynamodb', 'table'), true);
    assert.equal(canBe('arn:aws:logs:<region>:<account>:log-group:x', 'logs', 'log-group'), true);
    assert.equal(canBe('arn:aws:s3:::<bucket>/*', 's3', 'bucket'), false, 'a placeholder bucket with /* is still an object');
  });
  it('${*}, ${?} and ${$} are literal characters, not wildcards', () => {
    assert.equal(canBe('arn:aws:s3:::b${*}', 's3', 'bucket'), true);
    assert.equal(patternCanMatchTemplate('arn:aws:s3:::a${*}b', compileTemplate('arn:${Partition}:s3:::ab')), false);
    assert.equal(patternCanMatchTemplate('arn:aws:s3:::a*b', compileTemplate('arn:${Partition}:s3:::ab')), true);
  });
  it('log groups hold `/`; `:log-stream:` separates streams', () => {
    assert.equal(canBe('arn:aws:logs:*:*:log-group:/aws-dynamodb/*', 'logs', 'log-group'), true);
    assert.equal(canBe('arn:aws:logs:*:*:log-group:/aws-dynamodb/*', 'logs', 'log-stream'), true);
    assert.equal(canBe('arn:aws:logs:us-east-1:123456789012:log-group:/a/b', 'logs', 'log-stream'), false);
    assert.equal(canBe('arn:aws:logs:us-east-1:123456789012:log-group:/a/b:log-stream:x/y', 'logs', 'log-stream'), true);
  });
  it('qualified ARNs (`:` suffixes) still count as the base type: Lambda versions, log-group:name:*', () => {
    assert.equal(canBe('arn:aws:lambda:us-east-1:123456789012:function:f', 'lambda', 'function'), true);
    assert.equal(canBe('arn:aws:lambda:us-east-1:123456789012:function:f:prod', 'lambda', 'function'), true);
    assert.equal(canBe('arn:aws:lambda:us-east-1:123456789012:function:f:prod', 'lambda', 'function alias'), true);
    assert.equal(canBe('arn:aws:logs:us-east-1:123456789012:log-group:/a/b:*', 'logs', 'log-group'), true);
    assert.equal(canBe('arn:aws:lambda:us-east-1:123456789012:function:f', 'lambda', 'layer'), false);
  });
  it('another service never matches', () => {
    assert.equal(canBe('arn:aws:sqs:us-east-1:123456789012:q', 's3', 'bucket'), false);
    assert.equal(canBe('arn:aws:s*:us-east-1:123456789012:q', 'sqs', 'queue'), true);
  });
  it('template alternatives and literal `*` in templates', () => {
    assert.equal(canBe('arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod', 'apigateway', 'stage'), true);
    assert.equal(canBe('arn:aws:apigateway:us-east-1::/apis/abc/stages/prod', 'apigateway', 'stage'), true);
    assert.equal(patternCanMatchTemplate('arn:aws:dms:us-east-1:123456789012:endpoint:ABC', compileTemplate('arn:${Partition}:dms:${Region}:${Account}:endpoint:*')), true);
  });
  it('a trailing variable without child types may contain `/` (ECR repositories, secrets)', () => {
    assert.equal(canBe('arn:aws:ecr:us-east-1:123456789012:repository/team/app', 'ecr', 'repository'), true);
    assert.equal(canBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', 'secretsmanager', 'Secret'), true);
  });
  it('sibling rule on bare templates', () => {
    const parent = 'arn:${Partition}:svc:${Region}:${Account}:thing/${Name}';
    const child = 'arn:${Partition}:svc:${Region}:${Account}:thing/${Name}/part/${Part}';
    assert.equal(patternCanMatchTemplate('arn:aws:svc:us-east-1:123456789012:thing/a/b', compileTemplate(parent)), true);
    assert.equal(patternCanMatchTemplate('arn:aws:svc:us-east-1:123456789012:thing/a/b', compileTemplate(parent, [parent, child])), false);
  });
  it('type-level ARNs for wildcard-only actions', () => {
    const logGroup = compileTemplate('arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}');
    assert.equal(patternCanMatchGenericTemplate('arn:aws:logs:us-east-1:123456789012:log-group:*', logGroup), true);
    assert.equal(patternCanMatchGenericTemplate('arn:aws:logs:us-east-1:123456789012:log-group:/aws/*', logGroup), false);
  });
  it('matchesEverything', () => {
    assert.equal(matchesEverything('*'), true);
    assert.equal(matchesEverything('**'), true);
    assert.equal(matchesEverything('<ARN to AWS KMS key>'), true);
    assert.equal(matchesEverything('arn:*'), false);
  });
});

describe('field checks', () => {
  it('partitions', () => {
    assert.equal(partitionMatches('aws'), true);
    assert.equal(partitionMatches('aws-us-gov'), true);
    assert.equal(partitionMatches('aws-*'), true);
    assert.equal(partitionMatches('amazon'), false);
  });
  it('regions', () => {
    for (const ok of ['', 'us-east-1', 'us-gov-west-1', 'cn-north-1', 'eu-isoe-west-1', 'us-*', '*', '${aws:RequestedRegion}']) assert.equal(regionProblem(ok), undefined, ok);
    for (const bad of ['us-east1', 'US-EAST-1', 'useast', 'us_east_1']) assert.ok(regionProblem(bad), bad);
  });
  it('accounts', () => {
    for (const ok of ['', '123456789012', 'aws', '*', '1234*', '12345678901?', '${aws:PrincipalAccount}']) assert.equal(accountProblem(ok), undefined, ok);
    for (const bad of ['12345678901', '1234567890123', 'abc', '1234567890123*', '12345678901??']) assert.ok(accountProblem(bad), bad);
  });
});

describe('EXTRA_ARN_NAMESPACES', () => {
  it('lists exactly the ARN service fields of the data that are not IAM service prefixes', () => {
    const root = findIamDataRoot();
    const found = new Set<string>();
    for (const file of fs.readdirSync(path.join(root, 'resourceTypes'))) {
      const types = JSON.parse(fs.readFileSync(path.join(root, 'resourceTypes', file), 'utf8')) as Record<string, { arn: string }>;
      for (const t of Object.values(types)) {
        for (const alt of t.arn.split(/,\s*/)) {
          const service = alt.split(':')[2]!;
          if (!service.includes('${') && !data.serviceExists(service)) found.add(service);
        }
      }
    }
    assert.deepEqual([...found].sort(), [...EXTRA_ARN_NAMESPACES]);
  });
});

describe('every resource type in the data matches its own ARNs', () => {
  /** Fills a template with plausible values (alternatives: the first one). */
  const instantiate = (template: string, fill: (name: string) => string): string =>
    template.split(/,\s*/)[0]!.replace(/\$\{([^}]+)\}/g, (_, name: string) => fill(name));
  const sample = (name: string): string =>
    name === 'Partition'
      ? 'aws'
      : name === 'Region'
        ? 'us-east-1'
        : /Account/.test(name)
          ? '123456789012'
          : name === 'StreamLabel'
            ? '2015-05-11T21:21:33.291' // a timestamp (arn.ts VARIABLE_CHARS)
            : `sample-${name.length}`;

  it('a sample ARN and the all-wildcard pattern of each template match it (no false mismatch on real ARNs)', () => {
    const failures: string[] = [];
    for (const service of data.servicePrefixes()) {
      for (const type of data.resourceTypes(service)) {
        for (const arn of [instantiate(type.arn, sample), instantiate(type.arn, (n) => (n === 'Partition' ? 'aws' : '*'))]) {
          if (!resourceCanBeOfType(data, arn, type)) failures.push(`${service}/${type.key}: ${arn} (${type.arn})`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});

// Issue 21 item 7: how a partly known value (an ARN written with `${…}` substitutions) reads as a Resource pattern.
describe('resourcePattern: substitutions in ARNs', () => {
  /** A partial value from a template: each `{x}` is an unknown piece standing for `*`. */
  const partial = (template: string): DescribedValue => {
    const pieces: ValuePiece[] = [];
    let at = 0;
    for (const part of template.split(/(\{[a-z]+\})/)) {
      if (part === '') continue;
      const unknown = /^\{[a-z]+\}$/.test(part);
      pieces.push({ kind: unknown ? 'unknown' : 'literal', text: unknown ? '*' : part, start: at, end: at + part.length, ...(unknown ? { expression: `$${part}` } : {}) });
      at += part.length;
    }
    return { value: pieces.map((p) => p.text).join(''), start: 0, end: at, known: 'partial', pieces, runs: [] };
  };
  const pattern = (template: string): string => resourcePattern(partial(template));

  it('a whole segment of the resource part is one name; the rest stays `*`', () => {
    assert.equal(pattern('arn:aws:s3:::{b}'), `arn:aws:s3:::${SEGMENT}`);
    assert.equal(pattern('arn:aws:s3:::{b}/*'), `arn:aws:s3:::${SEGMENT}/*`);
    assert.equal(pattern('arn:aws:s3:::{b}/{k}'), `arn:aws:s3:::${SEGMENT}/${SEGMENT}`);
    assert.equal(pattern('arn:aws:s3:::{e}-data'), 'arn:aws:s3:::*-data');
    assert.equal(pattern('arn:aws:s3:::{a}{b}'), 'arn:aws:s3:::**');
    assert.equal(pattern('arn:aws:logs:us-east-1:123456789012:log-group:{g}:*'), `arn:aws:logs:us-east-1:123456789012:log-group:${SEGMENT}:*`);
  });
  it('a region or account substitution is one field; the partition and service keep `*`; a partial field or prefix leaves the value as it is', () => {
    assert.equal(pattern('arn:aws:dynamodb:{r}:{a}:table/{t}'), `arn:aws:dynamodb:${FIELD}:${FIELD}:table/${SEGMENT}`);
    assert.equal(pattern('arn:{p}:{s}:::{b}'), `arn:*:*:::${SEGMENT}`);
    assert.equal(pattern('arn:aws:dynamodb:{r}x:{a}:table/{t}'), 'arn:aws:dynamodb:*x:*:table/*');
    assert.equal(pattern('{arn}:::{b}'), '*:::*');
    assert.equal(pattern('{arn}/*'), '*/*');
  });
  it('the markers match what they stand for, and never everything', () => {
    assert.equal(canBe(`arn:aws:s3:::${SEGMENT}`, 's3', 'bucket'), true);
    assert.equal(canBe(`arn:aws:s3:::${SEGMENT}`, 's3', 'object'), false);
    assert.equal(canBe(`arn:aws:s3:::${SEGMENT}/*`, 's3', 'object'), true);
    assert.equal(canBe(`arn:aws:s3:::${SEGMENT}/*`, 's3', 'bucket'), false);
    assert.equal(canBe(`arn:aws:dynamodb:${FIELD}:${FIELD}:table/${SEGMENT}`, 'dynamodb', 'table'), true);
    assert.equal(canBe(`arn:aws:dynamodb:${FIELD}:${FIELD}:table/${SEGMENT}`, 'dynamodb', 'backup'), false);
    // With `*` in the region, a backup name could hold `:table/…`: the marker keeps the fields in place.
    assert.equal(canBe(`arn:aws:dynamodb:*:*:table/${SEGMENT}`, 'dynamodb', 'backup'), true);
    assert.equal(matchesEverything(SEGMENT), false);
    assert.equal(matchesEverything(FIELD), false);
    assert.equal(matchesEverything(`*${SEGMENT}`), true);
  });
  it('literal and wholly unknown values are their text', () => {
    const literal: DescribedValue = { value: 'arn:aws:s3:::b', start: 0, end: 14, known: 'literal', runs: [] };
    assert.equal(resourcePattern(literal), 'arn:aws:s3:::b');
    assert.equal(resourcePattern({ ...literal, value: '*', known: 'unknown' }), '*');
  });
});
