// redshift/detect.ts isPermissionScript looks at the tokens of a long script's first lines before tokenizing all of
// it: its answer must be the whole text's, above all when a string, quoted name, variable, dollar body or comment runs
// across the cut holding what looks like a GRANT. Compared with the whole-text reading over random scripts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPermissionScript, isPermissionScriptWhole } from '../../server/src/engine/redshift/detect';
import { generateSql } from '../support/benchInputs';
import { prng } from '../support/prng';

const PIECES = [
  'SELECT 1;\n', 'SELECT count(*) FROM sales.orders;\n', '-- a comment\n', '-- GRANT SELECT ON t TO u;\n', '/* block\n comment */\n',
  "/* GRANT in a comment\n", "'a string\nover lines'\n", "SELECT 'GRANT ALL ON t TO u;\n", "SELECT \"quoted\nGRANT\";\n",
  '$$ GRANT ALL $$;\n', '$body$\nGRANT ALL ON t TO u;\n', '${var\n', '${var}\n', '{{ x }}\n', '{{ x\n', '#temp comment\n', 'SELECT * FROM #temp;\n',
  'GRANT SELECT ON t TO u;\n', 'REVOKE ALL ON t FROM u;\n', 'CREATE USER u PASSWORD DISABLE;\n', 'CREATE\nUSER v;\n', 'ALTER TABLE t OWNER TO u;\n',
  'ALTER TABLE t\nOWNER\nTO u;\n', 'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO u;\n', 'CREATE RLS POLICY p;\n', 'UPDATE t SET user_name = 1;\n',
  ':psql_var\n', "\\connect db\n", 'x'.repeat(300) + '\n', 'SELECT ' + 'a, '.repeat(150) + 'b;\n', "E'\\n';\n", '/* nested /* */ still\n',
];

test('a long script\'s first lines say it is a permission script only when the whole text does', () => {
  const r = prng(31);
  let shortcut = 0;
  let whole = 0;
  for (let i = 0; i < 1_500; i++) {
    const parts: string[] = [];
    // Mostly past the 256 characters the shortcut reads first, with the permission statement before or after them.
    const target = 150 + Math.floor(r() * 1_200);
    let length = 0;
    while (length < target) {
      const piece = PIECES[Math.floor(r() * PIECES.length)]!;
      parts.push(piece);
      length += piece.length;
    }
    const text = parts.join(r() < 0.1 ? '\r\n' : '');
    const answer = isPermissionScriptWhole(text);
    assert.equal(isPermissionScript(text), answer, JSON.stringify(text));
    if (answer) whole++;
  }
  for (let statements = 10; statements <= 200; statements += 38) {
    const text = generateSql(statements);
    assert.equal(isPermissionScript(text), isPermissionScriptWhole(text));
    if (text.length > 300) shortcut++;
  }
  assert.ok(whole > 300 && whole < 1_400 && shortcut > 0, `${whole} permission scripts`);
});
