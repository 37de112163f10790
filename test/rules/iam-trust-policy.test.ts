// Fixtures for iam/trust-policy.

import { trustPolicy } from '../../server/src/engine/rules/iam/trustPolicy';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
const GITHUB = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
/** A trust statement for the GitHub Actions provider with the given Condition. */
const github = (condition: string): string =>
  V + `{"Effect":"Allow","Principal":{"Federated":"${GITHUB}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":${condition}}]}`;

runRuleTests(trustPolicy, {
  valid: [
    {
      name: 'GitHub Actions pinned to one repository and branch, with its audience',
      code: github('{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:my-org/app:ref:refs/heads/main"}}'),
    },
    {
      name: 'a wildcard under StringEquals is a literal character, not a pattern',
      code: github('{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:my-org/app:*"}}'),
    },
    {
      name: 'GitHub Enterprise Cloud issuer with its own key prefix',
      code:
        V +
        '{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/my-enterprise"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com/my-enterprise:aud":"sts.amazonaws.com","token.actions.githubusercontent.com/my-enterprise:sub":"repo:my-org/app:environment:prod"}}}]}',
    },
    {
      name: 'SAML provider with sts:AssumeRoleWithSAML and sts:TagSession',
      code: V + '{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/ADFS"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}',
    },
    {
      name: 'a statement trusting an account and a SAML provider with both actions',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"111122223333","Federated":"arn:aws:iam::111122223333:saml-provider/ADFS"},"Action":["sts:AssumeRole","sts:AssumeRoleWithSAML"]}]}',
    },
    {
      name: 'EKS IRSA pinned to a service account',
      code:
        V +
        '{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:default:app"}}}]}',
    },
    {
      name: 'Cognito with ForAnyValue on the multivalued amr claim',
      code:
        V +
        '{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-abcd-abcd-abcd-123456789012"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}]}',
    },
    {
      name: 'Roles Anywhere with the three actions, and with sts:* covering them',
      code:
        V +
        '{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":["sts:AssumeRole","sts:SetSourceIdentity","sts:TagSession"]},{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":"sts:*"}]}',
    },
    {
      name: 'sts:SourceIdentity with sts:SetSourceIdentity allowed; a Deny testing it needs nothing',
      code:
        V +
        '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["sts:AssumeRole","sts:SetSourceIdentity"],"Condition":{"StringLike":{"sts:SourceIdentity":"${aws:username}"}}},{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"Null":{"sts:SourceIdentity":"true"}}}]}',
    },
    { name: '{"AWS": "*"} is accepted by IAM (iam/public-principal judges it)', code: V + '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}' },
    {
      name: 'half-typed input: wrong JSON types everywhere do not crash the rule',
      policyType: 'trust',
      code:
        V +
        '{"Effect":"Allow","Principal":{"Federated":[1,null,{"a":1}],"Service":true,"AWS":[["x"]]},"Action":{"sts:AssumeRole":1},"Condition":{"StringLike":[1],"ForAnyValue:StringEquals":{"x:aud":{"y":1}}}},{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":[1,2]},{"Effect":"Allow","Principal":7,"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":"aws:SourceArn"}},"oops",[]]}',
    },
    { name: 'a service assuming its role', code: V + '{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","edgelambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}' },
    { name: 'a resource policy is not a trust policy', code: V + '{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}' },
    {
      name: 'a role and a session of another role',
      code: V + '{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/Admin","arn:aws:sts::111122223333:assumed-role/Deploy/ci","arn:aws:sts::444455556666:assumed-role/Admin/alice"]},"Action":"sts:AssumeRole"}]}',
    },
    {
      name: 'Terraform: a principal built from a variable is not judged',
      host: 'terraform',
      code: 'resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { Federated = var.provider_arn }, Action = "sts:AssumeRole" }]\n  })\n}\n',
    },
  ],
  invalid: [
    {
      name: "NotPrincipal in a trust policy (ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}]}",
      errors: [
        { messageId: "notPrincipal", severity: "error", line: 1, column: 56, endLine: 1, endColumn: 70, output: null },
      ],
    },
    {
      name: "\"Principal\": \"*\" in a trust policy (ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}]}",
      errors: [
        { messageId: "wildcardPrincipal", severity: "error", line: 1, column: 68, endLine: 1, endColumn: 71, output: null },
      ],
    },
    {
      name: "sts:AssumeRole with a SAML provider (MISMATCHED_ACTION_FOR_PRINCIPAL)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:saml-provider/ADFS\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}",
      errors: [
        { messageId: "mismatchedAction", severity: "error", line: 1, column: 139, endLine: 1, endColumn: 155, output: null, suggestions: [{ title: "Change to \"sts:AssumeRoleWithSAML\"", output: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:saml-provider/ADFS\"},\"Action\":[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"]}]}" }] },
      ],
    },
    {
      name: "sts:AssumeRoleWithSAML with an AWS principal only",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRoleWithSAML\"}]}",
      errors: [
        { messageId: "mismatchedAction", severity: "error", line: 1, column: 118, endLine: 1, endColumn: 142, output: null, suggestions: [{ title: "Change to \"sts:AssumeRole\"", output: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}" }] },
      ],
    },
    {
      name: "sts:SourceIdentity without sts:SetSourceIdentity (MISSING_ACTION_FOR_CONDITION_KEY)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":[\"sts:AssumeRole\"],\"Condition\":{\"StringLike\":{\"sts:SourceIdentity\":\"${aws:username}\"}}}]}",
      errors: [
        { messageId: "missingActionForKey", severity: "error", line: 1, column: 164, endLine: 1, endColumn: 184, output: null, suggestions: [{ title: "Add \"sts:SetSourceIdentity\" to Action", output: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":[\"sts:AssumeRole\", \"sts:SetSourceIdentity\"],\"Condition\":{\"StringLike\":{\"sts:SourceIdentity\":\"${aws:username}\"}}}]}" }] },
      ],
    },
    {
      name: "IAM Roles Anywhere without sts:SetSourceIdentity and sts:TagSession",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"rolesanywhere.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
      errors: [
        { messageId: "rolesAnywhereActions", severity: "error", line: 1, column: 110, endLine: 1, endColumn: 118, output: null, suggestions: [{ title: "Add \"sts:SetSourceIdentity\", \"sts:TagSession\" to Action", output: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"rolesanywhere.amazonaws.com\"},\"Action\":[\"sts:AssumeRole\", \"sts:SetSourceIdentity\", \"sts:TagSession\"]}]}" }] },
      ],
    },
    {
      name: "GitHub Actions OIDC without a sub condition (MISSING_GITHUB_REPO_CONDITION_KEY)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\"}}}]}",
      errors: [
        { messageId: "githubMissingSub", message: /naming the repository \(e\.g\. StringEquals "repo:<owner>\/<repo>:ref:refs\/heads\/main"\)\.$/, severity: "warning", line: 1, column: 81, endLine: 1, endColumn: 158, output: null },
      ],
    },
    {
      name: "GitHub sub patterns with wildcards: any repository of an owner (warning), any branch of one repository (info)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\"},\"StringLike\":{\"token.actions.githubusercontent.com:sub\":[\"repo:my-org/*\",\"repo:my-org/app:*\"]}}}]}",
      errors: [
        { messageId: "githubAnyRepository", severity: "warning", line: 1, column: 350, endLine: 1, endColumn: 365, output: null },
        { messageId: "githubAnyBranch", severity: "info", line: 1, column: 366, endLine: 1, endColumn: 385, output: null },
      ],
    },
    {
      name: "GitHub without an aud condition (info)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"token.actions.githubusercontent.com:sub\":\"repo:my-org/app:ref:refs/heads/main\"}}}]}",
      errors: [
        { messageId: "githubMissingAud", severity: "info", line: 1, column: 81, endLine: 1, endColumn: 158, output: null },
      ],
    },
    {
      name: "a negated sub condition pins nothing",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringNotEquals\":{\"token.actions.githubusercontent.com:sub\":\"repo:evil/app:ref:refs/heads/main\"}}}]}",
      errors: [
        { messageId: "githubMissingSub", message: 'and one on token.actions.githubusercontent.com:aud ("sts.amazonaws.com").', severity: "warning", line: 1, column: 81, endLine: 1, endColumn: 158, output: null },
      ],
    },
    {
      name: "an OIDC provider without any condition (MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}",
      errors: [
        { messageId: "missingOidcCondition", severity: "warning", line: 1, column: 81, endLine: 1, endColumn: 191, output: null },
      ],
    },
    {
      name: "a set operator on an aud claim (CONFIRM_AUDIENCE_CLAIM_TYPE)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"cognito-identity.amazonaws.com\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"ForAnyValue:StringEquals\":{\"cognito-identity.amazonaws.com:aud\":\"us-east-1:12345678-abcd-abcd-abcd-123456789012\"}}}]}",
      errors: [
        { messageId: "audienceSetOperator", severity: "info", line: 1, column: 197, endLine: 1, endColumn: 233, output: null },
      ],
    },
    {
      name: "an assumed-role session next to its role, which has a path (REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY)",
      code: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:role/ops/Admin\",\"arn:aws:sts::111122223333:assumed-role/Admin/alice\"]},\"Action\":\"sts:AssumeRole\"}]}",
      errors: [
        { messageId: "redundantAssumedRole", severity: "info", line: 1, column: 119, endLine: 1, endColumn: 171, output: null, suggestions: [{ title: "Remove \"arn:aws:sts::111122223333:assumed-role/Admin/alice\"", output: "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:role/ops/Admin\"]},\"Action\":\"sts:AssumeRole\"}]}" }] },
      ],
    },
    {
      name: "Terraform: a GitHub trust policy in assume_role_policy",
      code: "resource \"aws_iam_role\" \"deploy\" {\n  name = \"deploy\"\n  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Federated = \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\" }\n      Action    = \"sts:AssumeRoleWithWebIdentity\"\n    }]\n  })\n}\n",
      host: "terraform",
      errors: [
        { messageId: "githubMissingSub", severity: "warning", line: 7, column: 33, endLine: 7, endColumn: 110, output: null },
      ],
    },
    {
      name: 'Terraform: a provider ARN with an interpolated account is still GitHub\'s; a sub pattern with an unknown owner is not judged',
      host: 'terraform',
      code: 'resource "aws_iam_role" "deploy" {\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { Federated = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com" }\n      Action    = "sts:AssumeRoleWithWebIdentity"\n      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:${var.owner}/*" } }\n    }]\n  })\n}\n',
      errors: [{ messageId: 'githubMissingAud', severity: 'info', line: 6, column: 33, endLine: 6, endColumn: 144, output: null }],
    },
    {
      name: 'CloudFormation: a !Sub provider ARN without a sub condition',
      host: 'cloudformation',
      code: 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Federated: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com\n            Action: sts:AssumeRoleWithWebIdentity\n',
      errors: [{ messageId: 'githubMissingSub', severity: 'warning', line: 10, column: 31, endLine: 10, endColumn: 125, output: null }],
    },
  ],
});
