// Fixtures for iam/condition-values.

import { conditionValues } from '../../server/src/engine/rules/iam/conditionValues';
import { runRuleTests } from '../support/ruleTester';

/** An identity-policy statement with the given Condition (one line). */
const withCondition = (condition: string): string =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${condition}}]}`;

/** The 1-based range of the `nth` occurrence of `needle` in a one-line `code`. */
function at(code: string, needle: string, nth = 1): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) index = code.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not in ${code}`);
  return { line: 1, column: index + 1, endLine: 1, endColumn: index + 1 + needle.length };
}

const regions = withCondition('{"StringEquals":{"aws:RequestedRegion":["us-east-1","us-east1","xx-west-9","US-EAST-1"]}}');
const regionPattern = withCondition('{"StringLike":{"aws:RequestedRegion":["eu-*","europe-*"]}}');
const ids = withCondition('{"StringEquals":{"aws:SourceVpc":"vpc-123","aws:SourceVpce":["vpce-1a2b3c4d","vpce-0123456789abcdef0","vpce-1A2B3C4D"]}}');
const principals = withCondition(
  '{"ForAnyValue:StringEquals":{"aws:CalledVia":["athena","athena.amazonaws.com"]},"StringLike":{"iam:PassedToService":["ec2.amazonaws.com*","Lambda"]},"StringEquals":{"kms:ViaService":["ec2.amazonaws.com","ec2.us-east-1.amazonaws.com","s3.xx-east-9.amazonaws.com","ec2.cn-north-1.amazonaws.com.cn"]}}',
);
const privateOnly = withCondition('{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.1.0/24","fd00::/8"]}}');
const privateNotOnly = withCondition('{"NotIpAddress":{"aws:SourceIp":"172.16.0.0/12"}}');
const privateMixed = withCondition('{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","10.1.0.0/16"]},"NotIpAddress":{"aws:SourceIp":["198.51.100.0/24","127.0.0.1"]}}');
const hostBits = withCondition('{"IpAddress":{"aws:SourceIp":["203.0.113.5/24","2001:DB8:0:0:1::/64"]}}');
const wildcard = withCondition('{"StringEquals":{"aws:PrincipalTag/team":"admin-*"},"StringNotEqualsIfExists":{"s3:prefix":"home/?"},"StringEqualsIgnoreCase":{"aws:username":"a*"}}');
const booleans = withCondition('{"Bool":{"aws:SecureTransport":["true","false"]}}');
const mixed = withCondition('{"StringEquals":{"aws:PrincipalTag/level":["1",2,true]}}');
const bounds = withCondition('{"NumericLessThan":{"aws:MultiFactorAuthAge":["2700","3600","1200"]},"NumericGreaterThanEquals":{"s3:signatureage":["600","60"]}}');
const emptyCondition = withCondition('{}');
const emptyBlock = withCondition('{"StringEquals":{},"Bool":{"aws:SecureTransport":"true"}}');
const onlyEmptyBlock = withCondition('{"StringEquals":{}}');

runRuleTests(conditionValues, {
  valid: [
    {
      name: 'known Regions, well-formed IDs, service principals and public ranges',
      code: withCondition(
        '{"StringEquals":{"aws:RequestedRegion":["us-east-1","cn-north-1","us-gov-west-1","ap-southeast-7","mx-central-1"],"aws:SourceVpc":"vpc-0123456789abcdef0","aws:SourceVpce":"vpce-1a2b3c4d","aws:PrincipalServiceName":"cloudtrail.amazonaws.com","kms:ViaService":"rds.eu-west-1.amazonaws.com"},"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32","192.0.2.7"]}}',
      ),
    },
    {
      name: 'patterns under Like operators are not held to the formats',
      code: withCondition('{"StringLike":{"aws:RequestedRegion":"eu-*","aws:SourceVpce":"vpce-*","kms:ViaService":"ec2.*.amazonaws.com","aws:PrincipalTag/team":"admin-*"}}'),
    },
    {
      name: 'StringEqualsIgnoreCase reads Regions in any case',
      code: withCondition('{"StringEqualsIgnoreCase":{"aws:RequestedRegion":"US-EAST-1"}}'),
    },
    {
      name: 'policy variables, placeholders and unknown values are not judged',
      code: withCondition('{"StringEquals":{"aws:RequestedRegion":["${aws:PrincipalTag/region}","<region>"],"aws:SourceVpce":"${aws:PrincipalTag/vpce}","aws:PrincipalTag/x":"${aws:username}*"}}'),
    },
    {
      name: 'CloudFormation references are unknown',
      host: 'cloudformation',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "*"\n            Condition:\n              StringEquals:\n                aws:SourceVpce: !Ref Endpoint\n                aws:RequestedRegion: !Sub "${AWS::Region}"\n',
    },
    { name: 'one Boolean; ForAnyValue over a multivalued Bool list', code: withCondition('{"Bool":{"aws:SecureTransport":"true"},"ForAnyValue:Bool":{"aws:MultiFactorAuthPresent":["true","false"]}}') },
    { name: 'NumericEquals lists are alternatives, not bounds', code: withCondition('{"NumericEquals":{"s3:max-keys":["10","20"]}}') },
    { name: 'IpAddress on another key with private ranges is fine', code: withCondition('{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}') },
    { name: 'ArnEquals takes wildcards', code: withCondition('{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::bucket-*"}}') },
    { name: 'strings of one JSON type', code: withCondition('{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"StringEquals":{"aws:PrincipalTag/a":["x","y"]}}') },
    {
      name: 'odd JSON types never throw',
      code: withCondition('{"StringEquals":{"aws:RequestedRegion":[null,{"a":1},["x"]],"aws:SourceVpc":{}},"IpAddress":{"aws:SourceIp":null},"Bool":"x","NumericLessThan":{"aws:MultiFactorAuthAge":[{},"1","2"]},"StringLike":[]}'),
    },
    { name: 'an unknown operator is left to its own rule', code: withCondition('{"StringEqual":{"aws:RequestedRegion":"mars-1"}}') },
  ],
  invalid: [
    {
      name: 'a huge value is judged in linear time',
      code: withCondition(`{"StringEquals":{"aws:RequestedRegion":"${'us-east-1'.repeat(20000)}","aws:SourceIp":"${'1'.repeat(100000)}"}}`),
      errors: [{ messageId: 'malformedRegion', line: 1, column: 146, endLine: 1, endColumn: 146 + 180002, severity: 'error', output: null }],
    },
    {
      name: 'Region codes: malformed (error, with the nearest Region), unlisted (warning)',
      code: regions,
      errors: [
        { messageId: 'malformedRegion', ...at(regions, '"us-east1"'), severity: 'error', output: null, suggestions: [{ title: 'Use "us-east-1"', output: regions.replace('"us-east1"', '"us-east-1"') }] },
        { messageId: 'unlistedRegion', message: 'is not a Region GrantCheck knows', ...at(regions, '"xx-west-9"'), severity: 'warning', output: null },
        { messageId: 'malformedRegion', ...at(regions, '"US-EAST-1"'), severity: 'error', output: null, suggestions: [{ title: 'Use "us-east-1"', output: regions.replace('"US-EAST-1"', '"us-east-1"') }] },
      ],
    },
    {
      name: 'a Region pattern that matches no Region',
      code: regionPattern,
      errors: [{ messageId: 'regionPatternMatchesNone', ...at(regionPattern, '"europe-*"'), severity: 'warning', output: null }],
    },
    {
      name: 'VPC and VPC endpoint IDs',
      code: ids,
      errors: [
        { messageId: 'malformedId', message: '"vpc-123" is not a VPC ID', ...at(ids, '"vpc-123"'), severity: 'error', output: null },
        { messageId: 'malformedId', message: 'is not a VPC endpoint ID', ...at(ids, '"vpce-1A2B3C4D"'), severity: 'error', output: null },
      ],
    },
    {
      name: 'service principals and kms:ViaService',
      code: principals,
      errors: [
        { messageId: 'malformedServicePrincipal', ...at(principals, '"athena"'), severity: 'error', output: null },
        { messageId: 'malformedServicePrincipal', message: '"Lambda" is not a service principal: iam:PassedToService holds', ...at(principals, '"Lambda"'), severity: 'error', output: null },
        { messageId: 'malformedViaService', ...at(principals, '"ec2.amazonaws.com"'), severity: 'error', output: null },
        { messageId: 'unlistedRegion', message: '"xx-east-9" is not a Region GrantCheck knows', ...at(principals, '"s3.xx-east-9.amazonaws.com"'), severity: 'warning', output: null },
      ],
    },
    {
      name: 'aws:SourceIp with only private ranges never matches',
      code: privateOnly,
      errors: [{ messageId: 'privateIpOnly', ...at(privateOnly, '["10.0.0.0/8","192.168.1.0/24","fd00::/8"]'), severity: 'error', output: null }],
    },
    {
      name: 'NotIpAddress with only private ranges restricts nothing',
      code: privateNotOnly,
      errors: [{ messageId: 'privateNotIpOnly', ...at(privateNotOnly, '"172.16.0.0/12"'), severity: 'error', output: null }],
    },
    {
      name: 'private ranges among public ones',
      code: privateMixed,
      errors: [
        { messageId: 'privateIpSubset', ...at(privateMixed, '"10.1.0.0/16"'), severity: 'info', output: null },
        { messageId: 'privateNotIpSubset', ...at(privateMixed, '"127.0.0.1"'), severity: 'info', output: null },
      ],
    },
    {
      name: 'host bits after the prefix: the network address, as a safe fix',
      code: hostBits,
      errors: [
        { messageId: 'bitsAfterPrefix', message: 'write it as "203.0.113.0/24"', ...at(hostBits, '"203.0.113.5/24"'), severity: 'info', output: hostBits.replace('"203.0.113.5/24"', '"203.0.113.0/24"') },
        { messageId: 'bitsAfterPrefix', message: 'write it as "2001:db8::/64"', ...at(hostBits, '"2001:DB8:0:0:1::/64"'), severity: 'info', output: hostBits.replace('"2001:DB8:0:0:1::/64"', '"2001:db8::/64"') },
      ],
    },
    {
      name: 'wildcards without a Like operator',
      code: wildcard,
      errors: [
        { messageId: 'wildcardWithoutLike', ...at(wildcard, '"admin-*"'), severity: 'warning', output: null, suggestions: [{ title: 'Use StringLike', output: wildcard.replace('"StringEquals"', '"StringLike"') }] },
        {
          messageId: 'wildcardWithoutLike',
          ...at(wildcard, '"home/?"'),
          severity: 'warning',
          output: null,
          suggestions: [{ title: 'Use StringNotLikeIfExists', output: wildcard.replace('"StringNotEqualsIfExists"', '"StringNotLikeIfExists"') }],
        },
        { messageId: 'wildcardWithoutLike', message: '(StringLike, StringNotLike)', ...at(wildcard, '"a*"'), severity: 'warning', output: null },
      ],
    },
    {
      name: 'several Booleans for a Boolean key',
      code: booleans,
      errors: [{ messageId: 'multipleBooleans', ...at(booleans, '["true","false"]'), severity: 'error', output: null }],
    },
    {
      name: 'values mixing JSON types',
      code: mixed,
      errors: [{ messageId: 'mixedTypes', message: '(boolean, number, string)', ...at(mixed, '["1",2,true]'), severity: 'warning', output: null }],
    },
    {
      name: 'redundant numeric bounds: the loosest bound, as a safe fix',
      code: bounds,
      errors: [
        { messageId: 'redundantBounds', message: 'only "3600" counts', ...at(bounds, '["2700","3600","1200"]'), severity: 'info', output: bounds.replace('["2700","3600","1200"]', '["3600"]') },
        { messageId: 'redundantBounds', message: 'only "60" counts', ...at(bounds, '["600","60"]'), severity: 'info', output: bounds.replace('["600","60"]', '["60"]') },
      ],
    },
    {
      name: 'an empty Condition',
      code: emptyCondition,
      errors: [{ messageId: 'emptyCondition', ...at(emptyCondition, '{}'), severity: 'info', output: emptyCondition.replace(',"Condition":{}', '') }],
    },
    {
      name: 'an empty operator block',
      code: emptyBlock,
      errors: [{ messageId: 'emptyBlock', ...at(emptyBlock, '{}'), severity: 'info', output: emptyBlock.replace('"StringEquals":{},', '') }],
    },
    {
      name: 'the only block empty: the whole Condition goes',
      code: onlyEmptyBlock,
      errors: [{ messageId: 'emptyBlock', ...at(onlyEmptyBlock, '{}'), severity: 'info', output: onlyEmptyBlock.replace(',"Condition":{"StringEquals":{}}', '') }],
    },
  ],
});
