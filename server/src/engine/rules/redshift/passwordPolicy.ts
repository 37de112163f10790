// redshift/password-policy: clear-text passwords Redshift rejects (length, character classes, forbidden characters).
// Rules from the PASSWORD parameter of https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html

import type { RedshiftRule, RuleContext } from '../rule';
import type { RedshiftScript } from '../../redshift/ast';
import { passwordForm, passwordProblems } from '../../redshift/password';
import { passwordLiterals } from './passwords';
import { afterSyntaxError } from './shared';

export const passwordPolicy: RedshiftRule = {
  id: 'redshift/password-policy',
  domain: 'redshift',
  defaultSeverity: 'error',
  description: 'Passwords Redshift rejects: clear text outside 8–64 characters, without upper case, lower case and a digit, or with a quote, backslash or slash; PASSWORD DISABLE for a superuser.',
  fixable: false,
  hasSuggestions: false,
  messages: {
    rejected: 'Redshift rejects this password{{whose}}: {{problems}}.',
    containsAt:
      'The password{{whose}} contains @: the CREATE USER guide lists @ among the characters a password cannot use, although some AWS examples use it. Prefer another symbol.',
    brokenMd5Hash:
      'The password{{whose}} looks like an md5 hash but has {{digits}} hex digits after md5 (a hash has 32): Redshift takes it as a clear-text password, not a hash. Recompute the hash: md5 + MD5(password followed by the user name).',
    superuserPasswordDisabled: 'Redshift cannot disable the password of a superuser: {{name}} has CREATEUSER, so PASSWORD DISABLE is rejected.',
  },
  check(context) {
    reportDisabledSuperuserPasswords(context);
    const afterError = afterSyntaxError(context.doc);
    for (const { literal, user } of passwordLiterals(context.doc)) {
      if (afterError(literal.start)) continue;
      const form = passwordForm(literal.value);
      if (form.kind !== 'clear') continue;
      const whose = user ? ` for user ${user.text}` : '';
      if (form.brokenMd5Digits !== undefined) {
        context.report({ start: literal.start, end: literal.end, messageId: 'brokenMd5Hash', data: { whose, digits: String(form.brokenMd5Digits) } });
        continue;
      }
      const { errors, hasAt } = passwordProblems(form.clear);
      // The message never repeats the password: diagnostics end up in logs and CI output.
      if (errors.length > 0) {
        context.report({ start: literal.start, end: literal.end, messageId: 'rejected', data: { whose, problems: errors.join('; ') } });
      }
      if (hasAt) {
        context.report({
          start: literal.start,
          end: literal.end,
          severity: 'warning',
          messageId: 'containsAt',
          data: { whose },
        });
      }
    }
  },
};

/** "You can't disable a superuser's password" (CREATE USER, PASSWORD DISABLE). Superusers are tracked in script order. */
function reportDisabledSuperuserPasswords(context: RuleContext<RedshiftScript>): void {
  const superusers = new Set<string>();
  for (const statement of context.doc.statements) {
    if ((statement.kind !== 'create-user' && statement.kind !== 'alter-user') || !statement.name) continue;
    const name = statement.name.value;
    if (statement.options.some((o) => o.name === 'CREATEUSER')) superusers.add(name);
    if (statement.options.some((o) => o.name === 'NOCREATEUSER')) superusers.delete(name);
    if (statement.password?.kind !== 'disable' || !superusers.has(name)) continue;
    context.report({
      start: statement.password.start,
      end: statement.password.end,
      messageId: 'superuserPasswordDisabled',
      data: { name: statement.name.text },
    });
  }
}
