// redshift/hardcoded-password: a clear-text password written in the script, readable by anyone who reads the file.
// Alternatives (IAM authentication, md5/sha256 hashes): https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html

import type { RedshiftRule } from '../rule';
import { md5PasswordHash, passwordForm, passwordProblems } from '../../redshift/password';
import { symbolsOf } from '../../redshift/symbols';
import type { FixProposal } from '../../types';
import { passwordLiterals } from './passwords';

export const hardcodedPassword: RedshiftRule = {
  id: 'redshift/hardcoded-password',
  domain: 'redshift',
  defaultSeverity: 'warning',
  description: 'A clear-text password in the script: use PASSWORD DISABLE with IAM authentication, an md5/sha256 hash, or a client variable.',
  fixable: false,
  hasSuggestions: true,
  messages: {
    clearTextPassword:
      "Clear-text password{{whose}} in the script: anyone who can read this file can sign in. Use PASSWORD DISABLE with IAM authentication, an md5 or sha256 hash, or a client variable (psql :'password').",
  },
  check(context) {
    const { superusers } = symbolsOf(context.doc);
    for (const { literal, user, createsSuperuser } of passwordLiterals(context.doc)) {
      const form = passwordForm(literal.value);
      if (form.kind !== 'clear') continue;
      const whose = user ? ` for user ${user.text}` : '';
      const fixes: FixProposal[] = [];
      // A superuser's password cannot be disabled.
      if (!(user && superusers.has(user.value)) && !createsSuperuser) {
        fixes.push({ title: 'Use PASSWORD DISABLE (sign in with IAM credentials)', edits: [{ start: literal.start, end: literal.end, newText: 'DISABLE' }] });
      }
      // Hashing keeps the same login but only for a password Redshift would accept; a weak one must be changed, not hidden.
      if (user && !user.variable && passwordProblems(form.clear).errors.length === 0) {
        fixes.push({
          title: 'Replace with its md5 hash (md5 of password and user name)',
          edits: [{ start: literal.start, end: literal.end, newText: `'${md5PasswordHash(form.clear, user.value)}'` }],
        });
      }
      // Never echo the password itself in the message. Both fixes are suggestions: DISABLE changes how the user
      // signs in, and a hash is still a credential in the file; which one (or a client variable) is the author's call.
      context.report({ start: literal.start, end: literal.end, messageId: 'clearTextPassword', data: { whose }, suggestions: fixes });
    }
  },
};
