// redshift/password-policy: clear-text passwords Redshift rejects (length, character classes, forbidden characters).
// Rules from the PASSWORD parameter of https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html

import type { RedshiftRule } from '../rule';
import { passwordForm, passwordProblems } from '../../redshift/password';
import { passwordLiterals } from './passwords';

export const passwordPolicy: RedshiftRule = {
  id: 'redshift/password-policy',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'Clear-text passwords Redshift rejects: 8–64 characters with an uppercase letter, a lowercase letter and a digit, no quote, backslash or slash.',
  fixable: false,
  check(context) {
    for (const { literal, user } of passwordLiterals(context.doc)) {
      const form = passwordForm(literal.value);
      if (form.kind !== 'clear') continue;
      const { errors, hasAt } = passwordProblems(form.clear);
      const whose = user ? ` for user ${user.text}` : '';
      // The message never repeats the password: diagnostics end up in logs and CI output.
      if (errors.length > 0) {
        context.report({ start: literal.start, end: literal.end, message: `Redshift rejects this password${whose}: ${errors.join('; ')}.` });
      }
      if (hasAt) {
        context.report({
          start: literal.start,
          end: literal.end,
          severity: 'warning',
          message: `The password${whose} contains @: the CREATE USER guide lists @ among the characters a password cannot use, although some AWS examples use it. Prefer another symbol.`,
        });
      }
    }
  },
};
