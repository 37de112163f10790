// Config edits made from the editor: "disable rule" and per-file policy types in .grantcheck.json; the status bar label.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { parseConfig } from '../../server/src/engine/config';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { configEditRefusal, configShapeProblem, configTargetPath, configTextWithRuleOff as ruleOffOrUndefined, disableRuleWorkspaceEdit, fileGlobRelativeTo, policyTypeEdits } from '../../server/src/lsp/configEdit';
import { policyAt, statusLabel, type EmbeddedPolicyInfo } from '../../client/src/documentInfoLabel';

/** The config text with the rule off; fails when the config cannot take it. */
function configTextWithRuleOff(text: string | undefined, ruleId: string): string {
  const after = ruleOffOrUndefined(text, ruleId);
  assert.ok(after !== undefined, `the config takes the rule: ${text}`);
  return after;
}

describe('disable a rule in .grantcheck.json', () => {
  it('creates a config with the rule off', () => {
    assert.deepEqual(parseConfig(configTextWithRuleOff(undefined, 'iam/placeholder')).config.rules, { 'iam/placeholder': 'off' });
  });

  it('adds to an existing rules object, keeping comments and other keys', () => {
    const before = '{\n  // ours\n  "ignore": ["build/"],\n  "rules": { "iam/policy-version": "warning" }\n}\n';
    const after = configTextWithRuleOff(before, 'iam/placeholder');
    assert.match(after, /\/\/ ours/);
    assert.deepEqual(parseConfig(after).config.rules, { 'iam/policy-version': 'warning', 'iam/placeholder': 'off' });
    assert.deepEqual(parseConfig(after).config.ignore, ['build/']);
  });

  it('overrides a rule already configured', () => {
    assert.deepEqual(parseConfig(configTextWithRuleOff('{"rules": {"iam/placeholder": "error"}}', 'iam/placeholder')).config.rules, { 'iam/placeholder': 'off' });
  });

  it('writes to the nearest config, else the workspace folder holding the file, else the file’s directory', () => {
    const root = path.resolve('/ws');
    const file = path.join(root, 'a', 'b', 'p.json');
    assert.equal(configTargetPath(file, path.join(root, 'a', '.grantcheck.json'), [root]), path.join(root, 'a', '.grantcheck.json'));
    assert.equal(configTargetPath(file, undefined, [path.resolve('/other'), root]), path.join(root, '.grantcheck.json'));
    assert.equal(configTargetPath(file, undefined, []), path.join(root, 'a', 'b', '.grantcheck.json'));
  });
});

describe('per-file policy type in .grantcheck.json', () => {
  const apply = (text: string | undefined, glob: string, type: string): string => {
    const edits = policyTypeEdits(text, glob, type);
    assert.ok(edits, `the config takes the policy type: ${text}`);
    return applyEdits(text ?? '', edits);
  };

  it('anchors the file glob at the config directory and escapes glob characters', () => {
    assert.equal(fileGlobRelativeTo(path.resolve('/ws'), path.resolve('/ws/roles/trust[1].json')), './roles/trust\\[1\\].json');
  });

  it('adds, updates and removes one file’s binding, leaving the others', () => {
    const created = apply(undefined, './roles/trust.json', 'trust');
    assert.deepEqual(parseConfig(created).config.policyTypes, [{ files: ['./roles/trust.json'], type: 'trust' }]);
    const withOther = apply('{\n  "policyTypes": [{"files": "keys/*.json", "type": "kms-key"}]\n}\n', './roles/trust.json', 'trust');
    assert.deepEqual(parseConfig(withOther).config.policyTypes.map((b) => b.type), ['kms-key', 'trust']);
    const updated = apply(withOther, './roles/trust.json', 'resource');
    assert.deepEqual(parseConfig(updated).config.policyTypes.map((b) => b.type), ['kms-key', 'resource']);
    const removed = apply(updated, './roles/trust.json', 'auto');
    assert.deepEqual(parseConfig(removed).config.policyTypes.map((b) => b.files), [['keys/*.json']]);
    assert.deepEqual(policyTypeEdits(removed, './roles/trust.json', 'auto'), [], 'auto without a binding changes nothing');
  });
});

describe('config files of another shape (issue #14: every code action request failed)', () => {
  const WRONG_SHAPES = ['"x"', '[1]', '5', 'null', 'true', '{"rules": "x"}', '{"rules": [1]}', '{"policyTypes": "x"}', '{"policyTypes": {}}'];

  it('offers no edit instead of throwing, and says why', () => {
    const support = { documentChanges: true, createFile: true };
    for (const text of WRONG_SHAPES) {
      const rulesBad = configShapeProblem(text, 'rules') !== undefined;
      const typesBad = configShapeProblem(text, 'policyTypes') !== undefined;
      assert.ok(rulesBad || typesBad, text);
      assert.equal(ruleOffOrUndefined(text, 'iam/placeholder') === undefined, rulesBad, text);
      assert.equal(disableRuleWorkspaceEdit({ path: '/ws/.grantcheck.json', text, version: null }, 'iam/placeholder', support) === undefined, rulesBad, text);
      assert.equal(policyTypeEdits(text, './a.json', 'trust') === undefined, typesBad, text);
    }
    assert.equal(configShapeProblem('"x"', 'rules'), 'the configuration is not a JSON object');
    assert.equal(configShapeProblem('{"rules": "x"}', 'rules'), '"rules" is not an object');
    assert.equal(configShapeProblem('{"policyTypes": 3}', 'policyTypes'), '"policyTypes" is not an array');
  });

  it('edits the keys that do have the right shape', () => {
    assert.deepEqual(parseConfig(configTextWithRuleOff('{"ignore": 5}', 'iam/placeholder')).config.rules, { 'iam/placeholder': 'off' });
    assert.deepEqual(parseConfig(configTextWithRuleOff('{"policyTypes": "x"}', 'iam/placeholder')).config.rules, { 'iam/placeholder': 'off' });
  });
});

describe('never edits a config through a symbolic link (issue #14)', () => {
  it('refuses a linked config file and a config in a folder linked out of the workspace', (t) => {
    const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-edit-')));
    t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const ws = path.join(tmp, 'ws');
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.mkdirSync(path.join(ws, 'team'), { recursive: true });
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'target.json'), '{}');
    fs.symlinkSync(path.join(elsewhere, 'target.json'), path.join(ws, 'team', '.grantcheck.json'));
    fs.symlinkSync(elsewhere, path.join(ws, 'vendor'));
    assert.match(configEditRefusal(path.join(ws, 'team', '.grantcheck.json'), [ws]) ?? '', /is a symbolic link/);
    assert.match(configEditRefusal(path.join(ws, 'vendor', '.grantcheck.json'), [ws]) ?? '', /leads out of the workspace folder/);
    assert.equal(configEditRefusal(path.join(ws, '.grantcheck.json'), [ws]), undefined, 'a new config in the workspace folder');
    assert.equal(configEditRefusal(path.join(tmp, 'loose', '.grantcheck.json'), [ws]), undefined, 'a file outside every workspace folder (as before)');
  });
});

describe('status bar label', () => {
  it('names the document kind and policy type', () => {
    assert.equal(statusLabel({ kind: 'iam-policy', policyType: 'trust', policyTypeSource: 'inferred' })?.text, '$(shield) IAM · trust policy');
    assert.match(statusLabel({ kind: 'iam-policy', policyType: 'trust', policyTypeSource: 'inferred' })?.tooltip ?? '', /inferred from its content/);
    assert.equal(statusLabel({ kind: 'redshift-sql' })?.text, '$(database) Redshift grants');
    assert.equal(statusLabel({ kind: 'redshift-sql' })?.canChangePolicyType, false);
    assert.equal(statusLabel({ kind: 'iam-policy', skippedReason: 'too large' })?.text, '$(circle-slash) GrantCheck: skipped');
    assert.equal(statusLabel({ kind: undefined }), undefined);
  });

  it('names Terraform and CloudFormation files, offers no per-file policy type for them, and says why a file is linted', () => {
    const tf = statusLabel({ kind: 'iam-policy', detected: { kind: 'terraform', reason: 'file name ends in .tf' } });
    assert.deepEqual(tf, { text: '$(shield) IAM · Terraform', tooltip: 'GrantCheck lints the IAM policies inside this Terraform file: file name ends in .tf.', canChangePolicyType: false });
    assert.equal(statusLabel({ kind: 'iam-policy', detected: { kind: 'cloudformation', reason: 'x' } })?.text, '$(shield) IAM · CloudFormation');
    const chosen = statusLabel({ kind: 'iam-policy', detected: { kind: 'iam-policy', reason: 'matches policyFiles glob **/*.policy.json' }, policyType: 'identity', policyTypeSource: 'inferred' });
    assert.match(chosen?.tooltip ?? '', /matches policyFiles glob \*\*\/\*\.policy\.json/);
    assert.equal(chosen?.canChangePolicyType, true);
    // Too large to read: skipped whatever its kind (detection does not read it either).
    assert.equal(statusLabel({ kind: undefined, detected: { kind: 'none', reason: 'not read' }, skippedReason: 'too large' })?.text, '$(circle-slash) GrantCheck: skipped');
  });

  // Issue 21 item 7: a file holding several policies shows the one under the cursor.
  describe('Terraform/CloudFormation: the policy at the cursor', () => {
    const range = (startLine: number, endLine: number, endCharacter = 1) => ({ start: { line: startLine, character: 11 }, end: { line: endLine, character: endCharacter } });
    const policies: EmbeddedPolicyInfo[] = [
      { label: 'aws_iam_role.app.assume_role_policy', policyType: 'trust', range: range(3, 12) },
      { label: 'aws_s3_bucket_policy.b.policy', policyType: 'resource', range: range(20, 30) },
      { label: 'aws_iam_policy.p.policy', policyType: 'identity', range: range(40, 50) },
    ];
    const info = (cursor?: { line: number; character: number }) => ({
      kind: 'iam-policy' as const,
      detected: { kind: 'terraform' as const, reason: 'file name ends in .tf' },
      policies,
      ...(cursor ? { cursor } : {}),
    });

    it('names the type of the policy the cursor is in, and which construct holds it', () => {
      assert.equal(statusLabel(info({ line: 5, character: 0 }))?.text, '$(shield) IAM · Terraform · trust policy');
      assert.equal(statusLabel(info({ line: 25, character: 4 }))?.text, '$(shield) IAM · Terraform · resource policy');
      const identity = statusLabel(info({ line: 40, character: 11 }));
      assert.equal(identity?.text, '$(shield) IAM · Terraform · identity policy');
      assert.match(identity?.tooltip ?? '', /At the cursor: aws_iam_policy\.p\.policy, an identity policy/);
      assert.equal(identity?.canChangePolicyType, false);
    });

    it('range ends are inclusive at the closing character, exclusive beyond it', () => {
      assert.equal(statusLabel(info({ line: 12, character: 1 }))?.text, '$(shield) IAM · Terraform · trust policy');
      assert.equal(statusLabel(info({ line: 12, character: 2 }))?.text, '$(shield) IAM · Terraform · 3 policies');
      assert.equal(statusLabel(info({ line: 3, character: 10 }))?.text, '$(shield) IAM · Terraform · 3 policies');
    });

    it('outside every policy (or before the cursor is known): how many policies the file holds', () => {
      const outside = statusLabel(info({ line: 15, character: 0 }));
      assert.equal(outside?.text, '$(shield) IAM · Terraform · 3 policies');
      assert.match(outside?.tooltip ?? '', /put the cursor in one to see its type/);
      assert.equal(statusLabel(info())?.text, '$(shield) IAM · Terraform · 3 policies');
      assert.equal(statusLabel({ ...info(), policies: policies.slice(0, 1) })?.text, '$(shield) IAM · Terraform · 1 policy');
      assert.equal(statusLabel({ ...info(), policies: [], policyCount: 1500 })?.text, '$(shield) IAM · Terraform · 1500 policies');
    });

    it('the innermost policy wins when ranges nest', () => {
      const nested: EmbeddedPolicyInfo[] = [
        { label: 'outer', policyType: 'identity', range: range(0, 100) },
        { label: 'inner', policyType: 'kms-key', range: range(10, 20) },
      ];
      assert.equal(policyAt(nested, { line: 15, character: 0 })?.label, 'inner');
      assert.equal(policyAt(nested, { line: 50, character: 0 })?.label, 'outer');
      assert.equal(policyAt(undefined, { line: 50, character: 0 }), undefined);
    });
  });
});
