// iam/profile-suggestion: an unbound policy lists most of one profile's required actions — bind it so the rest is checked.

import { suggestProfile } from '../../profiles/suggest';
import type { IamRule } from '../rule';

export const profileSuggestion: IamRule = {
  id: 'iam/profile-suggestion',
  domain: 'iam',
  defaultSeverity: 'info',
  description: 'The policy is not bound to a profile but lists most of the required actions of one: binding it checks the rest (the editor offers to add the binding to .grantcheck.json).',
  fixable: false,
  hasSuggestions: false,
  messages: {
    looksLikeProfile:
      'This policy looks like profile {{profile}} ({{vendor}}: {{title}}): it lists {{present}} of its {{total}} required actions.{{notListed}} Bind the file to the profile (.grantcheck.json "profiles") to check {{what}}the resources each action needs.',
  },
  check(context) {
    if (context.profile) return;
    const key = context.doc.statementProperty?.children?.[0];
    if (!key) return;
    const suggestion = suggestProfile(context.doc);
    if (!suggestion) return;
    const { profile, present, missing } = suggestion;
    const total = present.length + missing.length;
    const rest = missing.length > 0 ? ` Not listed: ${missing.join(', ')}.` : '';
    context.report({
      start: key.offset,
      end: key.offset + key.length,
      messageId: 'looksLikeProfile',
      data: {
        profile: profile.id,
        vendor: profile.vendorTitle,
        title: profile.title,
        present: present.length,
        total,
        notListed: rest,
        what: missing.length > 0 ? 'the rest and ' : '',
      },
    });
  },
};
