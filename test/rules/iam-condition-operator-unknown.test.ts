// Fixtures for iam/condition-operator-unknown.

import { conditionOperatorUnknown } from '../../server/src/engine/rules/iam/conditionOperatorUnknown';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

/** An identity-policy statement with the given Condition; the first operator starts at column 108. */
const withCondition = (condition: string): string =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":${condition}}]}`;

const nullForAll = withCondition('{"ForAllValues:Null":{"aws:TagKeys":"false"}}');
const nullForAny = withCondition('{"ForAnyValue:Null":{"aws:RequestTag/team":"false"}}');
const tagKeysAlone = withCondition('{"StringEquals":{"aws:TagKeys":["team","project"]}}');
const tagKeysShared = withCondition('{"StringLike":{"aws:TagKeys":"team","aws:PrincipalOrgPaths":"o-1/r-1/*","aws:PrincipalTag/team":"a"}}');

runRuleTests(conditionOperatorUnknown, {
  valid: [
    {
      name: 'every operator family, with IfExists and set prefixes',
      code: withCondition(
        '{"StringLikeIfExists":{"s3:prefix":"a"},"ForAnyValue:ArnLike":{"aws:PrincipalArn":"arn:*"},"BinaryEquals":{"aws:UserAgent":"QmluYXJ5"},"NumericGreaterThanEquals":{"s3:max-keys":"1"},"DateNotEqualsIfExists":{"aws:CurrentTime":"2020-01-01"},"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"},"ForAllValues:StringNotEqualsIgnoreCase":{"aws:TagKeys":"x"},"Null":{"aws:TokenIssueTime":"true"},"Bool":{"aws:SecureTransport":"true"},"ArnNotLike":{"aws:SourceArn":"arn:*"}}',
      ),
    },
    { name: 'multivalued keys with a set operator, or Null', code: withCondition('{"ForAnyValue:StringEquals":{"aws:TagKeys":"team"},"ForAllValues:StringLike":{"aws:CalledVia":"*"},"Null":{"aws:TagKeys":"false"}}') },
    { name: 'single-valued keys without one', code: withCondition('{"StringEquals":{"aws:RequestTag/team":"a","aws:SourceVpce":"vpce-1a2b3c4d","s3:prefix":"a"}}') },
  ],
  invalid: [
    {
      name: 'ForAllValues:Null is always true',
      code: nullForAll,
      errors: [
        {
          messageId: 'nullWithQualifier',
          message: '"ForAllValues:Null" is always true',
          ...spanOf(nullForAll, '"ForAllValues:Null"'),
          severity: 'warning',
          output: null,
          suggestions: [{ title: 'Change to "Null"', output: withCondition('{"Null":{"aws:TagKeys":"false"}}') }],
        },
      ],
    },
    {
      name: 'ForAnyValue:Null is always false',
      code: nullForAny,
      errors: [
        {
          messageId: 'nullWithQualifier',
          message: 'is always false',
          ...spanOf(nullForAny, '"ForAnyValue:Null"'),
          severity: 'warning',
          output: null,
          suggestions: [{ title: 'Change to "Null"', output: withCondition('{"Null":{"aws:RequestTag/team":"false"}}') }],
        },
      ],
    },
    {
      name: 'a multivalued key without a set operator',
      code: tagKeysAlone,
      errors: [
        {
          messageId: 'missingQualifier',
          message: 'aws:TagKeys is multivalued (ArrayOfString): compare it with ForAnyValue:StringEquals',
          ...spanOf(tagKeysAlone, '"aws:TagKeys"'),
          severity: 'warning',
          output: null,
          suggestions: [
            { title: 'Change to "ForAllValues:StringEquals"', output: withCondition('{"ForAllValues:StringEquals":{"aws:TagKeys":["team","project"]}}') },
            { title: 'Change to "ForAnyValue:StringEquals"', output: withCondition('{"ForAnyValue:StringEquals":{"aws:TagKeys":["team","project"]}}') },
          ],
        },
      ],
    },
    {
      name: 'multivalued keys in a block with other keys: no suggestion',
      code: tagKeysShared,
      errors: [
        { messageId: 'missingQualifier', ...spanOf(tagKeysShared, '"aws:TagKeys"'), severity: 'warning', output: null },
        { messageId: 'missingQualifier', ...spanOf(tagKeysShared, '"aws:PrincipalOrgPaths"'), severity: 'warning', output: null },
      ],
    },
    {
      name: 'StringEqual → StringEquals',
      code: withCondition('{"StringEqual":{"aws:PrincipalTag/team":"data"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'Unknown condition operator "StringEqual" — did you mean "StringEquals"?',
          line: 1, column: 108, endLine: 1, endColumn: 121,
          severity: 'error',
          output: withCondition('{"StringEquals":{"aws:PrincipalTag/team":"data"}}'),
        },
      ],
    },
    {
      name: 'IpAddresss → IpAddress',
      code: withCondition('{"IpAddresss":{"aws:SourceIp":"192.0.2.0/24"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'did you mean "IpAddress"?',
          line: 1, column: 108, endLine: 1, endColumn: 120,
          output: withCondition('{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}'),
        },
      ],
    },
    {
      name: 'wrong case has one answer',
      code: withCondition('{"stringequals":{"aws:SourceAccount":"111122223333"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'did you mean "StringEquals"?',
          line: 1, column: 108, endLine: 1, endColumn: 122,
          output: withCondition('{"StringEquals":{"aws:SourceAccount":"111122223333"}}'),
        },
      ],
    },
    {
      name: 'typo in IfExists',
      code: withCondition('{"StringEqualsIfExist":{"aws:SourceAccount":"111122223333"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'did you mean "StringEqualsIfExists"?',
          line: 1, column: 108, endLine: 1, endColumn: 129,
          output: withCondition('{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}'),
        },
      ],
    },
    {
      name: 'typo in the base keeps prefix and IfExists',
      code: withCondition('{"ForAnyValue:StringEqualIfExists":{"aws:TagKeys":"a"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          line: 1, column: 108, endLine: 1, endColumn: 141,
          output: withCondition('{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"a"}}'),
        },
      ],
    },
    {
      name: 'Null cannot take IfExists',
      code: withCondition('{"NullIfExists":{"aws:TokenIssueTime":"true"}}'),
      errors: [
        {
          messageId: 'nullIfExists',
          message: '"NullIfExists" does not exist',
          line: 1, column: 108, endLine: 1, endColumn: 122,
          output: withCondition('{"Null":{"aws:TokenIssueTime":"true"}}'),
        },
      ],
    },
    {
      name: 'misspelled set prefix',
      code: withCondition('{"ForAllValue:StringEquals":{"aws:TagKeys":"a"}}'),
      errors: [
        {
          messageId: 'unknownSetOperator',
          message: 'Unknown set operator "ForAllValue:" — did you mean "ForAllValues:"?',
          line: 1, column: 108, endLine: 1, endColumn: 134,
          output: withCondition('{"ForAllValues:StringEquals":{"aws:TagKeys":"a"}}'),
        },
      ],
    },
    {
      // The AWS reference documents BinaryEquals only; IAM answers other names with "Invalid Condition type".
      name: 'BinaryNotEquals does not exist',
      code: withCondition('{"BinaryNotEquals":{"aws:UserAgent":"QmluYXJ5"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'Unknown condition operator "BinaryNotEquals" — did you mean "BinaryEquals" or "ArnNotEquals"?',
          severity: 'error',
          line: 1, column: 108, endLine: 1, endColumn: 125,
          output: null,
          suggestions: [
            { title: 'Change to "BinaryEquals"', output: withCondition('{"BinaryEquals":{"aws:UserAgent":"QmluYXJ5"}}') },
            { title: 'Change to "ArnNotEquals"', output: withCondition('{"ArnNotEquals":{"aws:UserAgent":"QmluYXJ5"}}') },
          ],
        },
      ],
    },
    {
      name: 'IfExists in the wrong case has one answer',
      code: withCondition('{"StringEqualsifexists":{"aws:SourceAccount":"111122223333"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'did you mean "StringEqualsIfExists"?',
          line: 1, column: 108, endLine: 1, endColumn: 130,
          // Only the letter case differs: one certain spelling, a safe fix.
          output: withCondition('{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}'),
        },
      ],
    },
    {
      name: 'a set prefix in the wrong case',
      code: withCondition('{"forallvalues:StringEquals":{"aws:TagKeys":"a"}}'),
      errors: [
        {
          messageId: 'unknownSetOperator',
          message: 'Unknown set operator "forallvalues:" — did you mean "ForAllValues:"?',
          line: 1, column: 108, endLine: 1, endColumn: 135,
          output: withCondition('{"ForAllValues:StringEquals":{"aws:TagKeys":"a"}}'),
        },
      ],
    },
    {
      name: 'Null with IfExists in the wrong case: still Null',
      code: withCondition('{"Nullifexists":{"aws:TokenIssueTime":"true"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'did you mean "Null"?',
          line: 1, column: 108, endLine: 1, endColumn: 122,
          // Dropping IfExists changes what the author wrote: offered, never applied in bulk.
          output: null,
          suggestions: [{ title: 'Change to "Null"', output: withCondition('{"Null":{"aws:TokenIssueTime":"true"}}') }],
        },
      ],
    },
    {
      name: 'nothing close: no fix',
      code: withCondition('{"Foo":{"aws:TagKeys":"a"}}'),
      errors: [{ messageId: 'unknownOperator', message: 'Unknown condition operator "Foo"', line: 1, column: 108, endLine: 1, endColumn: 113, output: null }],
    },
    {
      name: 'two candidates: suggestions, no safe fix',
      code: withCondition('{"StringNotEqual":{"aws:PrincipalTag/team":"x"}}'),
      errors: [
        {
          messageId: 'unknownOperator',
          message: 'did you mean "StringNotEquals" or "StringEquals"?',
          line: 1, column: 108, endLine: 1, endColumn: 124,
          output: null,
          suggestions: [
            { title: 'Change to "StringNotEquals"', output: withCondition('{"StringNotEquals":{"aws:PrincipalTag/team":"x"}}') },
            { title: 'Change to "StringEquals"', output: withCondition('{"StringEquals":{"aws:PrincipalTag/team":"x"}}') },
          ],
        },
      ],
    },
  ],
});
