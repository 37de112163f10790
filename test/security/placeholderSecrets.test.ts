// A password given as a profile value (`--set password=…`, a `password=` binding) is never echoed, valid or not:
// not by `grantcheck new`, a lint run's --profile, the binding hover or the requirements report.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { profileById } from '../../server/src/engine/profiles';
import { bindingHover } from '../../server/src/engine/profiles/hover';
import { requirementsMarkdown } from '../../server/src/engine/profiles/report';
import type { Profile } from '../../server/src/engine/profiles/types';
import { checkValues, isSecretPlaceholder } from '../../server/src/engine/profiles/validation';
import { requirementsFor } from '../../server/src/lsp/profiles';
import { testData } from '../support/data';

/** Invalid (a `/`, no digit…) and valid Redshift passwords; none may appear in any output. */
const INVALID = ['Zebra/Quartz9Secret', 'zebraquartzsecret', 'Zq9'];
const VALID = 'Zebra7Quartz9Secret';
const PROFILE = 'structural/redshift-source';

function leaked(text: string): string[] {
  return [...INVALID, VALID].filter((p) => text.includes(p));
}

async function cli(...argv: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await runCli(argv, { stdout: (t) => (output += t), stderr: (t) => (output += t), color: false });
  return { code, output };
}

test('grantcheck new: an invalid password is reported by its rule, never quoted', async () => {
  for (const password of INVALID) {
    const r = await cli('new', PROFILE, '--set', 'user=tonic_user', '--set', `password=${password}`, '--set', 'schema=sales');
    assert.equal(r.code, 2);
    assert.match(r.output, /password \(value not shown\): a Redshift password/);
    assert.deepEqual(leaked(r.output), [], r.output);
  }
  // Other values are still quoted: they help and are not secret.
  const bad = await cli('new', PROFILE, '--set', 'user=Tonic User', '--set', `password=${VALID}`, '--set', 'schema=sales');
  assert.equal(bad.code, 2);
  assert.match(bad.output, /user="Tonic User"/);
  assert.deepEqual(leaked(bad.output), []);
});

test('a lint run with --profile: an invalid password is not echoed', async () => {
  const r = await cli('--profile', PROFILE, '--set', `password=${INVALID[0]}`, 'examples');
  assert.equal(r.code, 2);
  assert.match(r.output, /password \(value not shown\)/);
  assert.deepEqual(leaked(r.output), [], r.output);
});

test('binding hover and requirements report never show a password=, valid or not', () => {
  for (const password of [...INVALID, VALID]) {
    const script = `-- grantcheck-profile: ${PROFILE} user=tonic_user password=${password} schema=sales\nGRANT USAGE ON SCHEMA sales TO tonic_user;\n`;
    const hover = bindingHover(script, 5);
    assert.ok(hover, 'a hover on the binding');
    // Valid: said to be set; invalid: its rule, in markdown-escaped text.
    assert.match(hover.markdown, /`password` = \*\(set, not shown\)\*|password \(value not shown\)/);
    assert.deepEqual(leaked(hover.markdown), [], hover.markdown);
    const fromComment = requirementsFor(script, undefined, testData()).markdown ?? '';
    assert.match(fromComment, /`user` = `tonic_user`/, 'the report is there');
    assert.deepEqual(leaked(fromComment), [], fromComment);
    // The same values from .grantcheck.json or the setting (a binding, not a comment).
    const fromConfig = requirementsMarkdown('GRANT USAGE ON SCHEMA sales TO tonic_user;\n', { id: PROFILE, values: { user: 'tonic_user', password } }, testData()) ?? '';
    assert.deepEqual(leaked(fromConfig), [], fromConfig);
  }
});

test('a placeholder named like a secret is hidden whatever its validation', () => {
  const profile = { ...profileById(PROFILE)!, placeholders: [{ name: 'apiToken', label: 'api-token', description: '', validation: 'redshift-identifier', example: 'x' }] } as Profile;
  assert.ok(isSecretPlaceholder(profile.placeholders[0]!));
  assert.ok(!isSecretPlaceholder({ name: 'kmsKeyArn', validation: 'kms-key-arn' }), 'a key ARN is not a secret');
  const checked = checkValues(profile, { apiToken: 'Not An Identifier Tok3n' });
  assert.equal(checked.problems.length, 1);
  assert.ok(!checked.problems[0]!.includes('Tok3n'), checked.problems[0]);
});
