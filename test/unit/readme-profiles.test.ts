// The README's profile table is generated from the built-in profile files (`npm run docs`): every profile is
// listed with its public source, and every correction of a vendor's page is named.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allProfiles } from '../../server/src/engine/profiles';
import { profileTableMarkdown, withProfileTable } from '../../scripts/gen-docs';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

test('README.md carries the current profile table (run `npm run docs`)', () => {
  assert.equal(withProfileTable(README), README);
});

test('the profile table names every profile, its source URL and each correction', () => {
  const table = profileTableMarkdown();
  for (const profile of allProfiles) {
    assert.ok(table.includes(`\`${profile.id}\``), `${profile.id} is in the table`);
    assert.ok(table.includes(`](${profile.source.url})`), `${profile.id}'s source ${profile.source.url} is linked`);
    assert.equal(profile.corrections.length === 0 || table.includes(`\`${profile.id}\`: `), true, `${profile.id}'s corrections are listed`);
  }
  // Angle-bracket placeholders of vendor pages (<bucket>) must not vanish as HTML tags on GitHub.
  assert.doesNotMatch(table.split('\n').filter((l) => l.startsWith('| ')).join('\n'), /<(?!br>)[a-z]/i);
});

test('withProfileTable refuses a README without the markers', () => {
  assert.throws(() => withProfileTable('# no table here\n'), /profile table markers/);
});
