// Snippets: the checked-in files are exactly what the profiles generate, are registered, and lint clean once filled in.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, test } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { allProfiles, profileById } from '../../server/src/engine/profiles';
import { renderDocument, sqlPassword, usedPlaceholders } from '../../server/src/engine/profiles/render';
import { snippetFiles, snippetFileText, snippetPrefix } from '../../server/src/engine/profiles/snippets';
import { isIamProfile, type Profile } from '../../server/src/engine/profiles/types';
import { exampleValues } from '../../server/src/engine/profiles/validation';
import { testData } from '../support/data';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Findings a profile documents on purpose: the superuser profile exists to create a superuser, and
 * redshift/superuser rightly says what that means. Keyed by profile id → rule ids.
 */
const DOCUMENTED_FINDINGS: Record<string, string[]> = {
  'structural/redshift-source-superuser': ['redshift/superuser'],
};

/** Replaces each `${n:default}` tabstop with the profile's example value and undoes snippet escaping. */
export function fillSnippet(profile: Profile, body: string): string {
  const specs = usedPlaceholders(profile);
  const examples = exampleValues(profile);
  // A superuser's password tabstop sits inside quotes ('${2:<password>}'): the filled hash brings its own.
  const filled = body.replace(/('?)\$\{(\d+):((?:\\.|[^}\\])*)\}\1/g, (_, _quote: string, n: string) => {
    const spec = specs[Number(n) - 1]!;
    const example = examples[spec.name]!;
    return spec.validation === 'redshift-password' ? sqlPassword(example, examples.user ?? '') : example;
  });
  return filled.replace(/\\([\\$}])/g, '$1');
}

test('checked-in snippets are what the profiles generate (run `npm run snippets`)', () => {
  for (const file of snippetFiles()) {
    const onDisk = fs.readFileSync(path.join(ROOT, 'snippets', file.file), 'utf8');
    assert.equal(onDisk, snippetFileText(file), `snippets/${file.file} is out of date: run npm run snippets`);
  }
});

test('package.json contributes no snippet files: the language server offers them only where a document or statement starts', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets?: unknown[] } };
  // Contributed snippets appear in every completion list (inside strings, after ON/TO): see engine/snippetCompletion.ts.
  assert.equal(pkg.contributes.snippets, undefined);
});

test('one snippet per profile, prefixed gc-, with numbered tabstops named after the placeholders', () => {
  const entries = snippetFiles().flatMap((f) => Object.values(f.snippets));
  assert.equal(entries.length, allProfiles.length);
  assert.equal(new Set(entries.map((e) => e.prefix)).size, entries.length);
  const bucket = entries.find((e) => e.prefix === 'gc-structural-dynamodb-source-s3')!;
  assert.ok(bucket.body.some((line) => line.includes('"arn:aws:s3:::${1:<source-bucket>}/*"')));
  // Literal `$` is escaped so VS Code does not read `$folder` as a variable (seed 004's `_$folder$` keys).
  const exportPolicy = entries.find((e) => e.prefix === 'gc-aws-data-pipeline-dynamodb-export-bucket-policy')!;
  assert.ok(exportPolicy.body.some((line) => line.includes('_\\$folder\\$')));
});

describe('every snippet, filled with valid sample values and bound to its profile, lints without errors or warnings', () => {
  for (const file of snippetFiles()) {
    for (const entry of Object.values(file.snippets)) {
      const profile = allProfiles.find((p) => snippetPrefix(p) === entry.prefix)!;
      it(entry.prefix, () => {
        const text = fillSnippet(profile, entry.body.join('\n') + '\n');
        // Filling the snippet gives the same document as `grantcheck new` with the same values.
        assert.equal(text, renderDocument(profile, exampleValues(profile)));
        const values = exampleValues(profile);
        const findings = lintText(text, { data: testData(), kind: file.languages.includes('sql') ? 'redshift-sql' : 'iam-policy', profile: { id: profile.id, values } }).findings;
        const allowed = new Set(DOCUMENTED_FINDINGS[profile.id] ?? []);
        const bad = findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && !allowed.has(f.ruleId));
        assert.deepEqual(bad.map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`), []);
      });
    }
  }
});

test('the documented superuser finding is really there (the exemption is not stale)', () => {
  const profile = profileById('structural/redshift-source-superuser')!;
  const text = renderDocument(profile, exampleValues(profile));
  const findings = lintText(text, { data: testData(), kind: 'redshift-sql' }).findings;
  assert.ok(findings.some((f) => f.ruleId === 'redshift/superuser'));
});

/** The snippet as VS Code inserts it when the user types nothing: every tabstop keeps its default text. */
function insertWithDefaults(body: string): string {
  return body.replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, '$1').replace(/\\([\\$}])/g, '$1');
}

describe('every snippet inserted with its defaults has no error except "fill in this value" (issue 21, item 5)', () => {
  for (const file of snippetFiles()) {
    for (const entry of Object.values(file.snippets)) {
      const profile = allProfiles.find((p) => snippetPrefix(p) === entry.prefix)!;
      it(entry.prefix, () => {
        const text = insertWithDefaults(entry.body.join('\n') + '\n');
        const findings = lintText(text, { data: testData(), kind: file.languages.includes('sql') ? 'redshift-sql' : 'iam-policy' }).findings;
        const allowed = new Set(['iam/placeholder', ...(DOCUMENTED_FINDINGS[profile.id] ?? [])]);
        const bad = findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && !allowed.has(f.ruleId));
        assert.deepEqual(bad.map((f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`), []);
        // Each IAM placeholder left unfilled is reported as such (never silently taken as a real name).
        if (isIamProfile(profile)) {
          const unfilled = new Set(findings.filter((f) => f.ruleId === 'iam/placeholder').map((f) => /<([^>]+)>/.exec(f.message)?.[1]));
          for (const spec of usedPlaceholders(profile)) if (spec.default === undefined) assert.ok(unfilled.has(spec.label), `${spec.label} is reported as unfilled`);
        }
      });
    }
  }
});

test('a superuser snippet does not default to PASSWORD DISABLE, which Redshift rejects for a superuser', () => {
  const profile = profileById('structural/redshift-source-superuser')!;
  const entry = snippetFiles().flatMap((f) => Object.values(f.snippets)).find((e) => e.prefix === snippetPrefix(profile))!;
  const text = insertWithDefaults(entry.body.join('\n'));
  assert.doesNotMatch(text, /PASSWORD DISABLE/);
  assert.match(text, /PASSWORD '<password>'/);
  assert.ok(!lintText(text, { data: testData(), kind: 'redshift-sql' }).findings.some((f) => f.ruleId === 'redshift/password-policy'));
});
