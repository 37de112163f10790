// Password literals of CREATE USER / ALTER USER, shared by redshift/password-policy and redshift/hardcoded-password.

import type { Identifier, RedshiftScript, StringLiteral } from '../../redshift/ast';

export interface PasswordLiteral {
  literal: StringLiteral;
  user?: Identifier;
  /** The statement itself has CREATEUSER. */
  createsSuperuser: boolean;
}

/** Every single-quoted password in the script, with the user it is for. */
export function passwordLiterals(script: RedshiftScript): PasswordLiteral[] {
  const list: PasswordLiteral[] = [];
  for (const statement of script.statements) {
    if ((statement.kind === 'create-user' || statement.kind === 'alter-user') && statement.password?.literal) {
      list.push({
        literal: statement.password.literal,
        createsSuperuser: statement.options.some((o) => o.name === 'CREATEUSER'),
        ...(statement.name ? { user: statement.name } : {}),
      });
    }
  }
  return list;
}
