// The "Get started" walkthrough (package.json contributes.walkthroughs): its steps point at files and commands
// that exist, its example is broken the way the steps say, and the snippet step lands where snippets are offered.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { completeProfileSnippets } from '../../server/src/engine/snippetCompletion';
import { applyEdits } from '../../server/src/engine/text';
import { testData } from '../support/data';

const ROOT = path.resolve(__dirname, '..', '..');

interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; steps: Step[] }[] };
};
const commands = new Set(pkg.contributes.commands.map((c) => c.command));

test('every step links and completes on contributed commands, and its media ships in the package', () => {
  const [walkthrough] = pkg.contributes.walkthroughs;
  assert.ok(walkthrough);
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['openExample', 'applyFix', 'insertSnippet', 'verify']);
  const shipped = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
  for (const step of walkthrough.steps) {
    const links = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
    assert.equal(links.length, 1, step.id);
    for (const command of [...links, ...(step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length))]) {
      assert.ok(commands.has(command), `${step.id}: ${command} is not a contributed command (it would not activate the extension)`);
    }
    const media = step.media.markdown ?? step.media.image;
    assert.ok(media && fs.existsSync(path.join(ROOT, media)), `${step.id}: ${media}`);
    assert.ok(shipped.includes(`!${media.split('/')[0]}/**`), `${media} is left out of the .vsix by .vscodeignore`);
  }
  // The client registers each command the steps use.
  const client = fs.readFileSync(path.join(ROOT, 'client', 'src', 'walkthrough.ts'), 'utf8');
  for (const command of ['grantcheck.walkthrough.openExample', 'grantcheck.walkthrough.showFix', 'grantcheck.walkthrough.insertSnippet', 'grantcheck.openWalkthrough']) {
    assert.ok(client.includes(`'${command}'`), command);
  }
});

test('the example has the two findings the first steps explain: one with a safe fix, one with suggestions', () => {
  const text = fs.readFileSync(path.join(ROOT, 'walkthrough', 'broken.policy.json'), 'utf8');
  const { findings } = lintText(text, { data: testData(), kind: 'iam-policy' });
  const unknown = findings.find((f) => f.ruleId === 'iam/unknown-action');
  assert.ok(unknown?.fix, 'a safe fix for s3:GetObjects');
  assert.equal(applyEdits(text, unknown.fix.edits), text.replace('s3:GetObjects', 's3:GetObject'));
  const mismatch = findings.find((f) => f.ruleId === 'iam/resource-type-mismatch');
  assert.ok(mismatch && mismatch.suggestions.length > 0 && !mismatch.fix, 'suggestions for s3:ListBucket on object ARNs');
  const markdown = fs.readFileSync(path.join(ROOT, 'walkthrough', 'open-example.md'), 'utf8');
  assert.match(markdown, /s3:GetObjects/);
  assert.match(markdown, /s3:ListBucket/);
});

test('the snippet step’s document (gc- typed in an empty policy) is where profile snippets are offered', () => {
  const items = completeProfileSnippets('iam', 'gc-', 3);
  assert.ok(items.length > 0);
  assert.ok(items.every((i) => i.edit.start === 0 && i.edit.end === 3));
});
