// iam/policy-version: "Version" should be "2012-10-17"; without it (or with 2008-10-17) policy variables such as ${aws:username} are plain text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, JsonNode } from '../../iam/document';
import { objectOpening } from '../../iam/document';
import { insertProperty, replaceValue } from '../../iam/edits';
import { nodeEnd, propertyValue } from './structureHelpers';

const CURRENT = '2012-10-17';
const LEGACY = '2008-10-17';

export const policyVersion: IamRule = {
  id: 'iam/policy-version',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: `The policy should declare "Version": "${CURRENT}"; a missing or ${LEGACY} version disables policy variables, any other value is rejected.`,
  fixable: true,
  hasSuggestions: false,
  messages: {
    legacy: `"Version": "${LEGACY}" is the legacy policy language: policy variables such as \${aws:username} are treated as literal text. Use "${CURRENT}".`,
    invalid: `Invalid policy version {{value}}: IAM accepts only "${CURRENT}" (current) or "${LEGACY}" (legacy).`,
    notString: `"Version" must be a string: "${CURRENT}" (current) or "${LEGACY}" (legacy), in double quotes.`,
    missing: `The policy has no "Version": IAM then uses the legacy ${LEGACY} language, in which policy variables such as \${aws:username} do not work. Add "Version": "${CURRENT}".`,
  },
  check(context) {
    const { root, versionProperty } = context.doc;
    if (root?.type !== 'object') return;
    if (!versionProperty) {
      reportMissing(context, root);
      return;
    }
    const value = propertyValue(versionProperty);
    if (!value) return;
    const fix = { title: `Use "Version": "${CURRENT}"`, edits: [replaceValue(value, CURRENT)] };
    if (value.type === 'string' && value.value === CURRENT) return;
    if (value.type === 'string' && value.value === LEGACY) {
      context.report({
        start: value.offset,
        end: nodeEnd(value),
        messageId: 'legacy',
        fix,
      });
      return;
    }
    // A number, a date-like number or an object: Access Analyzer's DATA_TYPE_MISMATCH; another string: INVALID_VERSION.
    context.report({
      start: value.offset,
      end: nodeEnd(value),
      severity: 'error',
      ...(value.type === 'string' ? { messageId: 'invalid', data: { value: JSON.stringify(value.value) } } : { messageId: 'notString' }),
      fix,
    });
  },
};

function reportMissing(context: RuleContext<IamDocument>, root: JsonNode): void {
  context.report({
    ...objectOpening(root),
    messageId: 'missing',
    fix: { title: `Add "Version": "${CURRENT}"`, edits: [insertProperty(root, 'Version', CURRENT)] },
  });
}
