// iam/policy-version: "Version" should be "2012-10-17"; without it (or with 2008-10-17) policy variables such as ${aws:username} are plain text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html

import type { IamRule, RuleContext } from '../rule';
import type { IamDocument, JsonNode } from '../../iam/document';
import { objectOpening } from '../../iam/document';
import type { OffsetEdit } from '../../types';
import { nodeEnd, propertyValue } from './structureHelpers';

const CURRENT = '2012-10-17';
const LEGACY = '2008-10-17';

export const policyVersion: IamRule = {
  id: 'iam/policy-version',
  domain: 'iam',
  defaultSeverity: 'warning',
  description: `The policy should declare "Version": "${CURRENT}"; a missing or ${LEGACY} version disables policy variables, any other value is rejected.`,
  fixable: true,
  check(context) {
    const { root, versionProperty } = context.doc;
    if (root?.type !== 'object') return;
    if (!versionProperty) {
      reportMissing(context, root);
      return;
    }
    const value = propertyValue(versionProperty);
    if (!value) return;
    const replace: OffsetEdit = { start: value.offset, end: nodeEnd(value), newText: JSON.stringify(CURRENT) };
    const fixes = [{ title: `Use "Version": "${CURRENT}"`, isPreferred: true, edits: [replace] }];
    if (value.type === 'string' && value.value === CURRENT) return;
    if (value.type === 'string' && value.value === LEGACY) {
      context.report({
        start: value.offset,
        end: nodeEnd(value),
        message: `"Version": "${LEGACY}" is the legacy policy language: policy variables such as \${aws:username} are treated as literal text. Use "${CURRENT}".`,
        fixes,
      });
      return;
    }
    context.report({
      start: value.offset,
      end: nodeEnd(value),
      severity: 'error',
      message: `Invalid policy version ${value.type === 'string' ? JSON.stringify(value.value) : 'value'}: IAM accepts only "${CURRENT}" (current) or "${LEGACY}" (legacy).`,
      fixes,
    });
  },
};

function reportMissing(context: RuleContext<IamDocument>, root: JsonNode): void {
  const insertion = versionInsertion(context.text, root);
  context.report({
    ...objectOpening(root),
    message: `The policy has no "Version": IAM then uses the legacy ${LEGACY} language, in which policy variables such as \${aws:username} do not work. Add "Version": "${CURRENT}".`,
    fixes: [{ title: `Add "Version": "${CURRENT}"`, isPreferred: true, edits: [insertion] }],
  });
}

/** Inserts `"Version": "2012-10-17",` as the first element, matching the indentation of the current first element. */
function versionInsertion(text: string, root: JsonNode): OffsetEdit {
  const first = root.children?.[0];
  if (!first) {
    return { start: root.offset + 1, end: root.offset + 1, newText: `"Version": "${CURRENT}"` };
  }
  const between = text.slice(root.offset + 1, first.offset);
  const newline = between.lastIndexOf('\n');
  if (newline >= 0) {
    const indentation = between.slice(newline + 1);
    const eol = between[newline - 1] === '\r' ? '\r\n' : '\n';
    if (/^[ \t]*$/.test(indentation)) {
      return { start: first.offset, end: first.offset, newText: `"Version": "${CURRENT}",${eol}${indentation}` };
    }
  }
  const spaced = /^\s/.test(between) || /:\s/.test(text.slice(first.offset, first.offset + 200).replace(/"(?:[^"\\]|\\.)*"/g, '""'));
  return { start: first.offset, end: first.offset, newText: spaced ? `"Version": "${CURRENT}", ` : `"Version":"${CURRENT}",` };
}
