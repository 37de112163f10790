// What a repository's .vscode/settings.json may change (package.json): never where AWS calls go, never the lint limits
// of an untrusted workspace.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

interface SettingSchema {
  type: string;
  default: unknown;
  scope?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
};
const properties = manifest.contributes.configuration.properties;
const awsSettings = Object.keys(properties).filter((k) => k.startsWith('grantcheck.aws.'));

test('the AWS connection settings cannot be set by a workspace (machine scope: user or remote settings only)', () => {
  // https://code.visualstudio.com/api/references/contribution-points#contributes.configuration: `machine` settings
  // "can be set only in user settings or only in remote settings"; `machine-overridable` ones "can be overridden by
  // workspace or folder settings", which let a cloned repository choose the endpoint that receives the credentials.
  assert.deepEqual(awsSettings.sort(), ['grantcheck.aws.allowInsecureEndpoint', 'grantcheck.aws.endpoint', 'grantcheck.aws.profile', 'grantcheck.aws.region']);
  for (const key of awsSettings) assert.ok(properties[key]!.scope === 'machine' || properties[key]!.scope === 'application', `${key}: scope ${properties[key]!.scope}`);
  assert.equal(properties['grantcheck.aws.allowInsecureEndpoint']!.default, false);
});

test('an untrusted workspace cannot raise the size limit or touch the AWS settings', () => {
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const key of ['grantcheck.maxFileSize', ...awsSettings]) assert.ok(restricted.includes(key), `${key} is a restricted configuration`);
  for (const key of restricted) assert.ok(properties[key], `${key} is a contributed setting`);
});

test('an untrusted workspace cannot choose the AWS data (grantcheck.awsDataPath): a user or remote setting, a trusted workspace may', () => {
  // https://code.visualstudio.com/api/extension-guides/workspace-trust: in Restricted Mode VS Code ignores the
  // workspace values of restrictedConfigurations; the server also refuses data inside an untrusted workspace.
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('grantcheck.awsDataPath'));
  assert.equal(properties['grantcheck.awsDataPath']!.scope, 'machine-overridable');
  assert.equal(properties['grantcheck.awsDataPath']!.default, '', 'the bundled data unless asked');
});
