// Redshift hover: privileges, object kinds and the users/groups/roles of the script.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverRedshift } from '../../server/src/engine/redshift/hover';
import { cursor } from '../support/ruleTester';

const SCRIPT = `CREATE USER bob PASSWORD DISABLE IN GROUP analysts;
CREATE GROUP analysts;
CREATE ROLE etl;
GRANT USAGE ON SCHEMA sales TO GROUP analysts;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts;
GRANT CREATE USER TO ROLE etl;
GRANT TEMP ON DATABASE dev TO bob;
`;

function hover(textWithBar: string) {
  const { text, offset } = cursor(textWithBar);
  const result = hoverRedshift(text, offset);
  return result ? { ...result, hovered: text.slice(result.start, result.end) } : undefined;
}

const at = (needle: string, nth = 0): string => {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = SCRIPT.indexOf(needle, index + 1);
  assert.ok(index >= 0, needle);
  return SCRIPT.slice(0, index + 1) + '|' + SCRIPT.slice(index + 1);
};

describe('Redshift hover', () => {
  it('explains a privilege and the object kinds it applies to', () => {
    const result = hover(at('USAGE ON'));
    assert.equal(result?.hovered, 'USAGE');
    assert.match(result!.markdown, /\*\*`USAGE`\*\* \(privilege\)/);
    assert.match(result!.markdown, /Applies to: `SCHEMA`, `DATABASE`, `LANGUAGE`, `DATASHARE`/);
    assert.match(result!.markdown, /r_GRANT\.html/);
    assert.match(hover(at('TEMP ON'))!.markdown, /\*\*`TEMPORARY`\*\*.*\n\nCreate temporary tables/);
  });

  it('marks system permissions as grantable to roles only', () => {
    assert.match(hover(at('CREATE USER TO'))!.markdown, /\*\*`CREATE USER`\*\* \(system permission\)[\s\S]*only roles can receive it/);
  });

  it('explains an object kind keyword with the privileges it accepts', () => {
    const result = hover(at('ALL TABLES IN SCHEMA'));
    assert.equal(result?.hovered, 'ALL TABLES IN SCHEMA');
    assert.match(result!.markdown, /Accepts: `SELECT`, `INSERT`/);
  });

  it('shows where a user is created, its groups and what the script grants it (inherited through its group)', () => {
    const md = hover(at('bob;'))!.markdown;
    assert.match(md, /\*\*user `bob`\*\*/);
    assert.match(md, /Created on line 1\./);
    assert.match(md, /Member of: `analysts`/);
    assert.match(md, /\*\*Granted in this script\*\* \(3\)/);
    assert.match(md, /- `GRANT USAGE ON SCHEMA sales TO GROUP analysts` _\(inherited\)_ — line 4/);
    assert.match(md, /- `GRANT TEMP ON DATABASE dev TO bob` — line 7/);
  });

  it('says when a grantee is not created by the script', () => {
    const md = hover('GRANT USAGE ON SCHEMA s TO carol|;'.replace('carol|', 'car|ol'))!.markdown;
    assert.match(md, /Not created in this script/);
  });

  it('describes a schema with the grants on it and on its objects', () => {
    const md = hover(at('sales'))!.markdown;
    assert.match(md, /\*\*schema `sales`\*\*/);
    assert.match(md, /Not created in this script/);
    assert.match(md, /\*\*Grants on it or its objects\*\* \(2\):\n- `GRANT USAGE ON SCHEMA sales TO GROUP analysts` — line 4\n- `GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts` — line 5/);
  });

  it('shows nothing on other words', () => {
    assert.equal(hover(at('dev TO')), undefined, 'database names have no hover');
    assert.equal(hover(at('GRANT')), undefined);
  });
});

describe('Redshift hover renders workspace text as text', () => {
  it('a quoted identifier with markdown and HTML in it is a code span', () => {
    const script = 'CREATE USER "x<img src=y onerror=z>`[a](https://evil.example)" PASSWORD DISABLE;\nGRANT USAGE ON SCHEMA s TO "x<img src=y onerror=z>`[a](https://evil.example)";\n';
    const { text, offset } = cursor(script.replace('"x<img', '"|x<img'));
    const result = hoverRedshift(text, offset);
    assert.ok(result, 'expected a hover');
    const outside = result.markdown.replace(/(`{2,})[\s\S]*?\1/g, '');
    assert.ok(result.markdown.includes('``'), result.markdown);
    assert.doesNotMatch(outside, /<img|\]\(https:\/\/evil/, result.markdown);
  });
});
