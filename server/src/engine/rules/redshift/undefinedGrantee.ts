// redshift/undefined-grantee: a script that creates users also grants to a user it never creates (often a renamed or forgotten user).
// Granting to a missing user fails: https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html

import type { RedshiftRule } from '../rule';
import { symbolsOf } from '../../redshift/symbols';
import { checkedGrants } from './shared';

export const undefinedGrantee: RedshiftRule = {
  id: 'redshift/undefined-grantee',
  domain: 'redshift',
  defaultSeverity: 'info',
  description: 'A user granted to that the script never creates, in a script that creates users.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    neverCreated:
      '{{name}} is granted privileges but this script never creates it: if the user does not exist yet, the statement fails with user "{{value}}" does not exist.',
  },
  check(context) {
    const symbols = symbolsOf(context.doc);
    if (symbols.users.size === 0) return;
    const reported = new Set<string>();
    for (const { grant } of checkedGrants(context.doc)) {
      for (const grantee of grant.grantees) {
        const name = grantee.name;
        if (grantee.kind !== 'user' || !name || name.variable) continue;
        const value = name.value;
        if (reported.has(value) || symbols.users.has(value) || symbols.groups.has(value) || symbols.roles.has(value)) continue;
        // A case-only mismatch with a created user is the identifier rule's finding.
        if ([...symbols.users.keys()].some((u) => u.toLowerCase() === value.toLowerCase())) continue;
        reported.add(value);
        context.report({
          start: name.start,
          end: name.end,
          messageId: 'neverCreated',
          data: { name: name.text, value },
        });
      }
    }
  },
};
