// Fixtures for iam/condition-operator-unknown.

import { runRuleTests } from '../support/ruleTester';

/** An identity-policy statement with the given Condition; the first operator starts at column 108. */
const withCondition = (condition: string): string =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${condition}}]}`;

runRuleTests('iam/condition-operator-unknown', {
  kind: 'iam-policy',
  valid: [
    {
      name: 'every operator family, with IfExists and set prefixes',
      code: withCondition(
        '{"StringLikeIfExists":{"s3:prefix":"a"},"ForAnyValue:ArnLike":{"aws:PrincipalArn":"arn:*"},"BinaryEquals":{"aws:UserAgent":"QmluYXJ5"},"NumericGreaterThanEquals":{"s3:max-keys":"1"},"DateNotEqualsIfExists":{"aws:CurrentTime":"2020-01-01"},"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"},"ForAllValues:StringNotEqualsIgnoreCase":{"aws:TagKeys":"x"},"Null":{"aws:TokenIssueTime":"true"},"Bool":{"aws:SecureTransport":"true"},"ArnNotLike":{"aws:SourceArn":"arn:*"}}',
      ),
    },
  ],
  invalid: [
    {
      name: 'StringEqual → StringEquals',
      code: withCondition('{"StringEqual":{"aws:PrincipalTag/team":"data"}}'),
      errors: [{ message: 'Unknown condition operator "StringEqual" — did you mean "StringEquals"?', line: 1, column: 108, endColumn: 121, severity: 'error', fixes: [withCondition('{"StringEquals":{"aws:PrincipalTag/team":"data"}}')] }],
    },
    {
      name: 'IpAddresss → IpAddress',
      code: withCondition('{"IpAddresss":{"aws:SourceIp":"192.0.2.0/24"}}'),
      errors: [{ message: 'did you mean "IpAddress"?', line: 1, column: 108, endColumn: 120, fixes: [withCondition('{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}')] }],
    },
    {
      name: 'wrong case has one answer',
      code: withCondition('{"stringequals":{"aws:SourceAccount":"111122223333"}}'),
      errors: [{ message: 'did you mean "StringEquals"?', fixes: [withCondition('{"StringEquals":{"aws:SourceAccount":"111122223333"}}')] }],
    },
    {
      name: 'typo in IfExists',
      code: withCondition('{"StringEqualsIfExist":{"aws:SourceAccount":"111122223333"}}'),
      errors: [{ message: 'did you mean "StringEqualsIfExists"?', column: 108, endColumn: 129, fixes: [withCondition('{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}')] }],
    },
    {
      name: 'typo in the base keeps prefix and IfExists',
      code: withCondition('{"ForAnyValue:StringEqualIfExists":{"aws:TagKeys":"a"}}'),
      errors: [{ fixes: [withCondition('{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"a"}}')] }],
    },
    {
      name: 'Null cannot take IfExists',
      code: withCondition('{"NullIfExists":{"aws:TokenIssueTime":"true"}}'),
      errors: [{ message: '"NullIfExists" does not exist', column: 108, endColumn: 122, fixes: [withCondition('{"Null":{"aws:TokenIssueTime":"true"}}')] }],
    },
    {
      name: 'misspelled set prefix',
      code: withCondition('{"ForAllValue:StringEquals":{"aws:TagKeys":"a"}}'),
      errors: [{ message: 'Unknown set operator "ForAllValue:" — did you mean "ForAllValues:"?', column: 108, endColumn: 134, fixes: [withCondition('{"ForAllValues:StringEquals":{"aws:TagKeys":"a"}}')] }],
    },
    {
      // The AWS reference documents BinaryEquals only; IAM answers other names with "Invalid Condition type".
      name: 'BinaryNotEquals does not exist',
      code: withCondition('{"BinaryNotEquals":{"aws:UserAgent":"QmluYXJ5"}}'),
      errors: [{ message: 'Unknown condition operator "BinaryNotEquals"', severity: 'error', column: 108, endColumn: 125 }],
    },
    {
      name: 'IfExists in the wrong case has one answer',
      code: withCondition('{"StringEqualsifexists":{"aws:SourceAccount":"111122223333"}}'),
      errors: [{ message: 'did you mean "StringEqualsIfExists"?', column: 108, endColumn: 130, fixes: [withCondition('{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}')] }],
    },
    {
      name: 'a set prefix in the wrong case',
      code: withCondition('{"forallvalues:StringEquals":{"aws:TagKeys":"a"}}'),
      errors: [{ message: 'Unknown set operator "forallvalues:" — did you mean "ForAllValues:"?', fixes: [withCondition('{"ForAllValues:StringEquals":{"aws:TagKeys":"a"}}')] }],
    },
    {
      name: 'Null with IfExists in the wrong case: still Null',
      code: withCondition('{"Nullifexists":{"aws:TokenIssueTime":"true"}}'),
      errors: [{ message: 'did you mean "Null"?', fixes: [withCondition('{"Null":{"aws:TokenIssueTime":"true"}}')] }],
    },
    {
      name: 'nothing close: no fix',
      code: withCondition('{"Foo":{"aws:TagKeys":"a"}}'),
      errors: [{ message: 'Unknown condition operator "Foo"', column: 108, endColumn: 113, fixes: [] }],
    },
  ],
});
