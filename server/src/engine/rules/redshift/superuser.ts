// redshift/superuser: CREATEUSER makes a superuser (every permission check bypassed); SYSLOG ACCESS UNRESTRICTED exposes other users' activity.
// https://docs.aws.amazon.com/redshift/latest/dg/r_superusers.html, https://docs.aws.amazon.com/redshift/latest/dg/c_visibility-of-data.html

import type { RedshiftRule } from '../rule';
import { afterSyntaxError } from './shared';

export const superuser: RedshiftRule = {
  id: 'redshift/superuser',
  domain: 'redshift',
  defaultSeverity: 'warning',
  description: 'CREATEUSER makes a superuser that bypasses every permission check; SYSLOG ACCESS UNRESTRICTED shows other users\' queries.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    createUser:
      'CREATEUSER makes {{who}} a superuser: it bypasses every permission check in every database of the cluster. Grant only the privileges it needs unless a superuser is really required.',
    syslogUnrestricted: "SYSLOG ACCESS UNRESTRICTED lets {{who}} see every user's rows in the STL/SVL/STV system views, including other users' query text.",
  },
  check(context) {
    const afterError = afterSyntaxError(context.doc);
    for (const statement of context.doc.statements) {
      if (statement.kind !== 'create-user' && statement.kind !== 'alter-user') continue;
      const who = statement.name ? statement.name.text : 'this user';
      for (const option of statement.options) {
        if (afterError(option.start)) continue;
        if (option.name === 'CREATEUSER') {
          context.report({
            start: option.start,
            end: option.end,
            messageId: 'createUser',
            data: { who },
          });
        } else if (option.name === 'SYSLOG ACCESS UNRESTRICTED') {
          context.report({
            start: option.start,
            end: option.end,
            severity: 'info',
            messageId: 'syslogUnrestricted',
            data: { who },
          });
        }
      }
    }
  },
};
