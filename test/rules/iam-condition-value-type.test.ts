// Fixtures for iam/condition-value-type.

import { runRuleTests } from '../support/ruleTester';

/** An identity-policy statement with the given Condition; the first operator starts at column 108. */
const withCondition = (condition: string): string =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${condition}}]}`;

runRuleTests('iam/condition-value-type', {
  kind: 'iam-policy',
  valid: [
    {
      name: 'values that fit operator and key',
      code: withCondition(
        '{"NumericLessThan":{"aws:MultiFactorAuthAge":["3600",10]},"IpAddress":{"aws:SourceIp":["192.0.2.0/24","10.0.0.1","2001:DB8:1234:5678::/64","::1","::ffff:192.0.2.1"]},"Bool":{"aws:SecureTransport":[true,"false","True"]},"DateGreaterThan":{"aws:CurrentTime":["2020-04-01T00:00:00Z","2020-04-01","1700000000"]},"Null":{"aws:TokenIssueTime":"true"},"ArnLike":{"aws:SourceArn":["arn:aws:s3:::b","*"]},"BinaryEquals":{"aws:UserAgent":"QmluYXJ5VmFsdWU="}}',
      ),
    },
    { name: 'aws:EpochTime takes numeric and date operators', code: withCondition('{"NumericLessThan":{"aws:EpochTime":"1700000000"},"DateLessThan":{"aws:EpochTime":"1700000000"}}') },
    { name: 'string operators fit every key type', code: withCondition('{"StringEquals":{"aws:SecureTransport":"true","aws:SourceIp":"10.0.0.1"},"StringLike":{"s3:prefix":["*"]}}') },
    { name: 'ForAllValues on a multivalued key', code: withCondition('{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}') },
    { name: 'policy variables and placeholders are not judged', code: withCondition('{"StringEquals":{"aws:SourceAccount":"${aws:PrincipalAccount}"},"ArnLike":{"aws:SourceArn":"<bucket-arn>"}}') },
    { name: 'unknown keys are left to iam/condition-key-unknown', code: withCondition('{"Bool":{"custom:unknownkey":"true"}}') },
    { name: 'unknown operators are left to iam/condition-operator-unknown', code: withCondition('{"NumericLesThan":{"aws:MultiFactorAuthAge":"one hour"}}') },
    {
      name: 'names IAM rejects are not judged either (BinaryNotEquals, NullIfExists, wrong case)',
      code: withCondition('{"BinaryNotEquals":{"aws:UserAgent":"not base64!"},"NullIfExists":{"aws:TokenIssueTime":"maybe"},"numericLessThan":{"aws:MultiFactorAuthAge":"one hour"}}'),
    },
  ],
  invalid: [
    {
      name: 'a word where a number belongs',
      code: withCondition('{"NumericLessThan":{"aws:MultiFactorAuthAge":"one hour"}}'),
      errors: [{ message: '"one hour" is not a number', line: 1, column: 152, endColumn: 162, severity: 'warning' }],
    },
    {
      name: 'bad IPv4 octet and IPv6 prefix length',
      code: withCondition('{"IpAddress":{"aws:SourceIp":["192.0.2.300/24","10.0.0.1","2001:DB8::/129"]}}'),
      errors: [
        { message: '"192.0.2.300/24" is not an IP address', column: 137, endColumn: 153 },
        { message: '"2001:DB8::/129" is not an IP address', column: 165, endColumn: 181 },
      ],
    },
    {
      name: 'not a date',
      code: withCondition('{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}'),
      errors: [{ message: '"yesterday" is not a date', column: 145, endColumn: 156 }],
    },
    {
      name: 'not a boolean (Bool and Null)',
      code: withCondition('{"Bool":{"aws:SecureTransport":"yes"},"Null":{"aws:TokenIssueTime":"maybe"}}'),
      errors: [
        { message: '"yes" is not a boolean: Bool takes', column: 138, endColumn: 143 },
        { message: '"maybe" is not a boolean: Null takes', column: 174, endColumn: 181 },
      ],
    },
    {
      name: 'not an ARN',
      code: withCondition('{"ArnLike":{"aws:SourceArn":"my-bucket"}}'),
      errors: [{ message: '"my-bucket" is not an ARN', column: 135, endColumn: 146 }],
    },
    {
      name: 'not base64',
      code: withCondition('{"BinaryEquals":{"aws:UserAgent":"not base64!"}}'),
      errors: [{ message: 'is not base64', column: 140, endColumn: 153 }],
    },
    {
      name: 'Bool on a String key: reported on the operator, values not judged again',
      code: withCondition('{"Bool":{"aws:RequestedRegion":"eu-west-1"}}'),
      errors: [{ message: 'Bool compares booleans, but AWS documents aws:RequestedRegion as type String', column: 108, endColumn: 114 }],
    },
    {
      name: 'Numeric operator on a String service key',
      code: withCondition('{"NumericGreaterThan":{"s3:prefix":"3"}}'),
      errors: [{ message: 'compares numbers, but AWS documents s3:prefix as type String', column: 108, endColumn: 128 }],
    },
    {
      name: 'Arn operator on a Bool key',
      code: withCondition('{"ArnEquals":{"aws:MultiFactorAuthPresent":"arn:aws:x"}}'),
      errors: [{ message: 'ArnEquals compares ARNs, but AWS documents aws:MultiFactorAuthPresent as type Bool', column: 108, endColumn: 119 }],
    },
    {
      name: 'ForAllValues on a single-valued key',
      code: withCondition('{"ForAllValues:StringEquals":{"aws:RequestedRegion":["eu-west-1"]}}'),
      errors: [{ message: 'aws:RequestedRegion is single-valued (String)', column: 108, endColumn: 135, fixes: [withCondition('{"StringEquals":{"aws:RequestedRegion":["eu-west-1"]}}')] }],
    },
  ],
});
