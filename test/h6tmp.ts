import { lintWithRule } from './support/ruleTester';
import { principalInvalid } from '../server/src/engine/rules/iam/principalInvalid';
const V = '{"Version":"2012-10-17","Statement":[';
const withPrincipal = (principal: string): string => V + `{"Effect":"Allow","Principal":${principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`;
const cases: [string, string, any?][] = [
  ['a', withPrincipal('{"Service":["lamda.amazonaws.com","lamda.us-east-1.amazonaws.com"]}')],
  ['b', withPrincipal('{"Service":"ec2.amazonaw.com"}')],
  ['c', withPrincipal('{"AWS":["AROAJQABLZS4A3QDU576Q","AIDAJQABLZS4A3QDU576Q"]}')],
  ['d', withPrincipal('{"Federated":"arn:aws:iam::111122223333:saml-provider/ADFS"}')],
  ['e', withPrincipal('{"Federated":"accounts.google.com"}'), 'resource'],
];
for (const [n, code, pt] of cases) for (const f of lintWithRule(principalInvalid, { code, ...(pt ? { policyType: pt } : {}) })) console.log(n, f.messageId, f.severity, f.range.start.line + 1, f.range.start.character + 1, f.range.end.line + 1, f.range.end.character + 1, f.suggestions.map((s) => s.title));
