// redshift/duplicate-user: the same user created twice; the second CREATE USER fails ("user … already exists").
// Unquoted names fold to lower case, quoted names keep their case: https://docs.aws.amazon.com/redshift/latest/dg/r_names.html

import type { RedshiftRule } from '../rule';
import type { Identifier } from '../../redshift/ast';
import { lineLabel } from './shared';

export const duplicateUser: RedshiftRule = {
  id: 'redshift/duplicate-user',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'The same user created twice in one script (names compared as Redshift folds them).',
  fixable: false,
  hasSuggestions: false,
  messages: {
    alreadyCreated:
      'User {{name}} is already created on {{line}}: this CREATE USER fails with "user already exists". Use ALTER USER to change the existing user, or choose another name.',
  },
  check(context) {
    const created = new Map<string, Identifier>();
    for (const statement of context.doc.statements) {
      if (statement.kind === 'drop-user') {
        for (const name of statement.names) created.delete(name.value);
        continue;
      }
      if (statement.kind === 'alter-user') {
        const rename = statement.options.find((o) => o.name === 'RENAME TO');
        if (statement.name && rename?.newName && created.has(statement.name.value)) {
          created.delete(statement.name.value);
          created.set(rename.newName.value, rename.newName);
        }
        continue;
      }
      if (statement.kind !== 'create-user' || !statement.name || statement.name.variable) continue;
      const name = statement.name;
      const earlier = created.get(name.value);
      if (earlier) {
        context.report({
          start: name.start,
          end: name.end,
          messageId: 'alreadyCreated',
          data: { name: name.value, line: lineLabel(context.lines, earlier.start) },
        });
      } else created.set(name.value, name);
    }
  },
};
