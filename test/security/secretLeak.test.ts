// Secrets never leave the document: Redshift passwords do not appear in findings, fix titles or any CLI output format.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { fixesOf } from '../support/fixes';

const ROOT = path.join(__dirname, '..', '..');
const SECRETS = ['Zebra7Quartz9Secret', 'weakzebrapass', 'Sh0rt', 'md5aabbccddeeff00112233445566778899'];

const SCRIPT = [
  `CREATE USER etl_reader PASSWORD '${SECRETS[0]}';`,
  `CREATE USER etl_writer WITH PASSWORD '${SECRETS[1]}' CREATEUSER;`,
  `ALTER USER etl_reader PASSWORD '${SECRETS[2]}';`,
  `CREATE USER etl_hash PASSWORD '${SECRETS[3]}';`,
  'GRANT SELECT ON ALL TABLES IN SCHEMA sales TO etl_reader;',
  '',
].join('\n');

function leaks(text: string): string[] {
  // The md5 hash is not clear text, but it is still a credential: it must not be echoed either.
  return SECRETS.filter((s) => text.includes(s));
}

test('findings about passwords never quote the password', () => {
  const { findings } = lintText(SCRIPT, { data: testData(), kind: 'redshift-sql' });
  assert.ok(findings.some((f) => f.ruleId.startsWith('redshift/') && /password/i.test(f.message)), 'password findings exist (the test would be empty otherwise)');
  const visible = findings.map((f) => `${f.message}\n${fixesOf(f).map((x) => x.title).join('\n')}`).join('\n');
  assert.deepEqual(leaks(visible), []);
});

test('no CLI output format echoes a password', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-secrets-'));
  try {
    fs.writeFileSync(path.join(dir, 'users.sql'), SCRIPT);
    for (const format of ['stylish', 'json', 'sarif']) {
      const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--format', format, dir], { encoding: 'utf8' });
      assert.ok(result.status === 0 || result.status === 1, `${format}: exit ${result.status} ${result.stderr}`);
      assert.ok(result.stdout.length > 50, `${format}: produced output`);
      assert.deepEqual(leaks(result.stdout + result.stderr), [], `${format} output leaks a password`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
