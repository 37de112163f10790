// Config edits made from the editor: "disable rule" and per-file policy types in .grantcheck.json; the status bar label.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { parseConfig } from '../../server/src/engine/config';
import { configTargetPath, configTextWithRuleOff, fileGlobRelativeTo, policyTypeEdits } from '../../server/src/lsp/configEdit';
import { statusLabel } from '../../client/src/documentInfoLabel';

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
  const apply = (text: string | undefined, glob: string, type: string): string => applyEdits(text ?? '', policyTypeEdits(text, glob, type));

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
});
