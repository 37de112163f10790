// Fixtures for iam/condition-value-type.

import { conditionValueType } from '../../server/src/engine/rules/iam/conditionValueType';
import { runRuleTests } from '../support/ruleTester';

/** An identity-policy statement with the given Condition; the first operator starts at column 108. */
const withCondition = (condition: string): string =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${condition}}]}`;

/** A CloudFormation KMS key policy with the given Principal entries and Condition operators (YAML lines). */
const CFN = (principal: string, condition: string): string =>
  `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n${principal}\n            Action: kms:Decrypt\n            Resource: "*"\n            Condition:\n${condition}\n`;

runRuleTests(conditionValueType, {
  valid: [
    {
      name: 'CloudFormation values built with !Sub are unknown',
      host: 'cloudformation',
      code: CFN('              AWS: !Sub arn:aws:iam::${AWS::AccountId}:root', '              NumericLessThan:\n                aws:MultiFactorAuthAge: !Sub "${MaxAge}0"'),
    },
    {
      name: 'values that fit operator and key',
      code: withCondition(
        '{"NumericLessThan":{"aws:MultiFactorAuthAge":["3600",10]},"IpAddress":{"aws:SourceIp":["192.0.2.0/24","10.0.0.1","2001:DB8:1234:5678::/64","::1","::ffff:192.0.2.1"]},"Bool":{"aws:SecureTransport":[true,"false","True"]},"DateGreaterThan":{"aws:CurrentTime":["2020-04-01T00:00:00Z","2020-04-01"],"aws:EpochTime":"1700000000"},"Null":{"aws:TokenIssueTime":"true"},"ArnLike":{"aws:SourceArn":["arn:aws:s3:::b","*"]},"BinaryEquals":{"aws:UserAgent":"QmluYXJ5VmFsdWU="}}',
      ),
    },
    { name: 'aws:EpochTime takes numeric and date operators', code: withCondition('{"NumericLessThan":{"aws:EpochTime":"1700000000"},"DateLessThan":{"aws:EpochTime":"1700000000"}}') },
    { name: 'string operators fit every key type', code: withCondition('{"StringEquals":{"aws:SecureTransport":"true","aws:SourceIp":"10.0.0.1"},"StringLike":{"s3:prefix":["*"]}}') },
    {
      name: 'String operators on typed keys with values of the key\'s shape, patterns and variables',
      code: withCondition(
        '{"StringEquals":{"s3:signatureage":"600","aws:MultiFactorAuthPresent":"True","aws:CurrentTime":"2026-01-01T00:00:00Z","aws:EpochTime":"1700000000"},"StringLike":{"aws:CurrentTime":"2026-*"},"StringNotEquals":{"s3:signatureage":"${aws:PrincipalTag/age}"}}',
      ),
    },
    { name: 'ISO dates; epoch seconds for aws:EpochTime', code: withCondition('{"DateGreaterThan":{"aws:CurrentTime":"2026-01-31","aws:EpochTime":"1700000000"}}') },
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
      name: 'a String operator on a Numeric key with a value that is no number (TYPE_MISMATCH)',
      code: withCondition('{"StringEquals":{"s3:signatureage":"bad"},"StringNotEquals":{"aws:SecureTransport":"yes"}}'),
      errors: [
        {
          messageId: 'stringNeverMatches',
          message: 'StringEquals compares s3:signatureage as text, but AWS documents it as type Numeric and "bad" is no such value: the comparison never matches. Use a Numeric operator with a number.',
          line: 1, column: 142, endLine: 1, endColumn: 147,
          output: null,
        },
        {
          messageId: 'stringNeverMatches',
          message: 'the comparison always holds. Use a Bool operator',
          line: 1, column: 190, endLine: 1, endColumn: 195,
          output: null,
        },
      ],
    },
    {
      name: 'epoch seconds in a Date operator (INVALID_DATE_VALUE): the ISO date as a suggestion',
      code: withCondition('{"DateLessThan":{"aws:CurrentTime":"1700000000"}}'),
      errors: [
        {
          messageId: 'epochDate',
          message: '"1700000000" is read as epoch seconds, 2023-11-14T22:13:20Z',
          severity: 'info',
          line: 1, column: 142, endLine: 1, endColumn: 154,
          output: null,
          suggestions: [{ title: 'Write "2023-11-14T22:13:20Z"', output: withCondition('{"DateLessThan":{"aws:CurrentTime":"2023-11-14T22:13:20Z"}}') }],
        },
      ],
    },
    {
      name: 'a non-number written literally in CloudFormation YAML is still reported',
      host: 'cloudformation',
      code: CFN('              AWS: arn:aws:iam::111122223333:root', '              NumericLessThan:\n                aws:MultiFactorAuthAge: one hour'),
      errors: [{ messageId: 'notNumber', line: 15, column: 41, endLine: 15, endColumn: 49, output: null }],
    },
    {
      name: 'a word where a number belongs',
      code: withCondition('{"NumericLessThan":{"aws:MultiFactorAuthAge":"one hour"}}'),
      errors: [{ messageId: 'notNumber', message: '"one hour" is not a number', line: 1, column: 152, endLine: 1, endColumn: 162, severity: 'warning', output: null }],
    },
    {
      name: 'bad IPv4 octet and IPv6 prefix length',
      code: withCondition('{"IpAddress":{"aws:SourceIp":["192.0.2.300/24","10.0.0.1","2001:DB8::/129"]}}'),
      errors: [
        { messageId: 'notIpAddress', message: '"192.0.2.300/24" is not an IP address', line: 1, column: 137, endLine: 1, endColumn: 153, output: null },
        { messageId: 'notIpAddress', message: '"2001:DB8::/129" is not an IP address', line: 1, column: 165, endLine: 1, endColumn: 181, output: null },
      ],
    },
    {
      name: 'not a date',
      code: withCondition('{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}'),
      errors: [{ messageId: 'notDate', message: '"yesterday" is not a date', line: 1, column: 145, endLine: 1, endColumn: 156, output: null }],
    },
    {
      name: 'not a boolean (Bool and Null)',
      code: withCondition('{"Bool":{"aws:SecureTransport":"yes"},"Null":{"aws:TokenIssueTime":"maybe"}}'),
      errors: [
        { messageId: 'notBoolean', message: '"yes" is not a boolean: Bool takes', line: 1, column: 138, endLine: 1, endColumn: 143, output: null },
        { messageId: 'notBoolean', message: '"maybe" is not a boolean: Null takes', line: 1, column: 174, endLine: 1, endColumn: 181, output: null },
      ],
    },
    {
      name: 'not an ARN',
      code: withCondition('{"ArnLike":{"aws:SourceArn":"my-bucket"}}'),
      errors: [{ messageId: 'notArn', message: '"my-bucket" is not an ARN', line: 1, column: 135, endLine: 1, endColumn: 146, output: null }],
    },
    {
      name: 'not base64',
      code: withCondition('{"BinaryEquals":{"aws:UserAgent":"not base64!"}}'),
      errors: [{ messageId: 'notBase64', message: 'is not base64', line: 1, column: 140, endLine: 1, endColumn: 153, output: null }],
    },
    {
      name: 'Bool on a String key: reported on the operator, values not judged again',
      code: withCondition('{"Bool":{"aws:RequestedRegion":"eu-west-1"}}'),
      errors: [
        {
          messageId: 'keyTypeMismatch',
          message: 'Bool compares booleans, but AWS documents aws:RequestedRegion as type String',
          line: 1, column: 108, endLine: 1, endColumn: 114,
          output: null,
        },
      ],
    },
    {
      name: 'Numeric operator on a String service key',
      code: withCondition('{"NumericGreaterThan":{"s3:prefix":"3"}}'),
      errors: [
        {
          messageId: 'keyTypeMismatch',
          message: 'compares numbers, but AWS documents s3:prefix as type String',
          line: 1, column: 108, endLine: 1, endColumn: 128,
          output: null,
        },
      ],
    },
    {
      name: 'Arn operator on a Bool key',
      code: withCondition('{"ArnEquals":{"aws:MultiFactorAuthPresent":"arn:aws:x"}}'),
      errors: [
        {
          messageId: 'arnOperatorMismatch',
          message: 'ArnEquals compares ARNs, but AWS documents aws:MultiFactorAuthPresent as type Bool',
          line: 1, column: 108, endLine: 1, endColumn: 119,
          output: null,
        },
      ],
    },
    {
      name: 'ForAllValues on a single-valued key',
      code: withCondition('{"ForAllValues:StringEquals":{"aws:RequestedRegion":["eu-west-1"]}}'),
      errors: [
        {
          messageId: 'forAllValuesSingleValued',
          message: 'aws:RequestedRegion is single-valued (String)',
          line: 1, column: 108, endLine: 1, endColumn: 135,
          output: null,
          suggestions: [{ title: 'Remove "ForAllValues:"', output: withCondition('{"StringEquals":{"aws:RequestedRegion":["eu-west-1"]}}') }],
        },
      ],
    },
  ],
});
