// Unit tests of engine/detect.ts: the one decision of what kind a document is, and why.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detect, lintTarget, type DetectConfig, type DetectOverrides, type DetectedKind } from '../../server/src/engine/detect';
import { growthRatio } from '../support/growthRatio';

const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const CFN_JSON = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}';
const CFN_JSON_NO_VERSION = '{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {}}}}';
const CFN_YAML = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';
const GRANTS = 'CREATE USER loader PASSWORD DISABLE;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO loader;\n';
const QUERIES = 'SELECT id, total FROM sales.orders WHERE total > 10;\n';

interface Row {
  name: string;
  text: string;
  path?: string;
  config?: DetectConfig;
  overrides?: DetectOverrides;
  kind: DetectedKind;
  reason: string | RegExp;
}

const EXPLICIT_IDENTITY: DetectOverrides = { policyType: { type: 'identity', source: '--policy-type', explicit: true } };

const rows: Row[] = [
  { name: 'policy JSON', text: POLICY, path: 'p.json', kind: 'iam-policy', reason: 'top-level "Statement" key' },
  {
    name: 'AWSTemplateFormatVersion inside a Sid is a string, not a key',
    text: '{"Version": "2012-10-17", "Statement": [{"Sid": "AWSTemplateFormatVersion", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
    path: 'p.json',
    kind: 'iam-policy',
    reason: 'top-level "Statement" key',
  },
  {
    name: 'AWS:: resource types inside an ARN and a Resources-like key nested in a statement',
    text: '{"Statement": [{"Effect": "Allow", "Action": "cloudformation:*", "Resource": "arn:aws:cloudformation:*:*:type/resource/AWS::S3::Bucket", "Condition": {"StringEquals": {"Resources": "AWS::S3::Bucket"}}}]}',
    path: 'cfn-admin.json',
    kind: 'iam-policy',
    reason: 'top-level "Statement" key',
  },
  { name: 'Statement after other keys and comments', text: '// policy\n{"Version": "2012-10-17", /* x */ "Id": "a", "Statement": {}}', path: 'p.jsonc', kind: 'iam-policy', reason: /Statement/ },
  { name: 'Statement nested one level down is not a policy', text: '{"PolicyDocument": {"Statement": []}}', path: 'p.json', kind: 'none', reason: /JSON without a top-level "Statement"/ },
  { name: 'Statement after the root object closed is not a policy', text: '{"a": 1} {"Statement": []}', path: 'p.json', kind: 'none', reason: /JSON without/ },
  { name: 'a half-typed policy (no closing brackets) is still a policy', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ', path: 'p.json', kind: 'iam-policy', reason: /Statement/ },
  { name: 'a key still being typed is not yet a key', text: '{"Statement', path: 'p.json', kind: 'none', reason: /JSON without/ },
  { name: 'a JSON array', text: '[{"Statement": []}]', path: 'p.json', kind: 'none', reason: 'not a JSON object' },
  { name: 'package.json', text: '{"name": "x", "version": "1.0.0"}', path: 'package.json', kind: 'none', reason: /JSON without/ },
  { name: 'CloudFormation JSON', text: CFN_JSON, path: 'stack.json', kind: 'cloudformation', reason: 'top-level "AWSTemplateFormatVersion" key' },
  { name: 'CloudFormation JSON without a version: Resources of AWS:: types', text: CFN_JSON_NO_VERSION, path: 'stack.json', kind: 'cloudformation', reason: /AWS:: resource types/ },
  { name: 'a Resources object whose types are not AWS::', text: '{"Resources": {"A": {"Type": "Custom::Thing"}}}', path: 'x.json', kind: 'none', reason: /JSON without/ },
  { name: 'CloudFormation YAML', text: CFN_YAML, path: 'stack.yaml', kind: 'cloudformation', reason: /AWSTemplateFormatVersion/ },
  { name: 'other YAML', text: 'services:\n  web:\n    image: nginx\n', path: 'compose.yml', kind: 'none', reason: /not a CloudFormation template/ },
  { name: '.template holding JSON', text: CFN_JSON, path: 'stack.template', kind: 'cloudformation', reason: /AWSTemplateFormatVersion/ },
  { name: '.template holding YAML', text: CFN_YAML, path: 'stack.template', kind: 'cloudformation', reason: /AWSTemplateFormatVersion/ },
  { name: 'Terraform by name, whatever it holds', text: '', path: 'main.tf', kind: 'terraform', reason: 'file name ends in .tf' },
  { name: 'SQL with GRANT', text: GRANTS, path: 'grants.sql', kind: 'redshift-sql', reason: /GRANT/ },
  { name: 'SQL without GRANT', text: QUERIES, path: 'report.sql', kind: 'none', reason: /SQL without GRANT/ },
  { name: 'SQL whose only permission statement is ALTER ROLE', text: 'ALTER ROLE r OWNER TO bob;\n', path: 'r.sql', kind: 'redshift-sql', reason: /GRANT/ },
  { name: 'SQL whose only permission statements are RLS policies', text: "CREATE RLS POLICY p USING (true);\nDETACH RLS POLICY p ON t FROM PUBLIC;\n", path: 'p.sql', kind: 'redshift-sql', reason: /policy/ },
  { name: 'SQL whose only permission statement is a masking policy', text: "DROP MASKING POLICY m;\n", path: 'm.sql', kind: 'redshift-sql', reason: /masking/ },
  { name: 'SQL whose only permission statement is a datashare', text: 'DROP DATASHARE ds;\n', path: 'd.sql', kind: 'redshift-sql', reason: /datashare/ },
  { name: 'SQL whose only permission statement is an ownership change', text: 'SELECT 1;\nALTER SCHEMA sales\n  OWNER TO etl;\n', path: 'o.sql', kind: 'redshift-sql', reason: /OWNER TO/ },
  { name: 'ALTER TABLE without OWNER TO is ordinary DDL', text: 'ALTER TABLE t ADD COLUMN c int;\nALTER SCHEMA s RENAME TO s2;\n', path: 'a.sql', kind: 'none', reason: /SQL without/ },
  { name: 'sqlFiles makes any SQL a script', text: QUERIES, path: 'report.sql', config: { sqlGlob: 'reports/*.sql' }, kind: 'redshift-sql', reason: 'matches sqlFiles glob reports/*.sql' },

  // Explicit choices win over the content of JSON files.
  { name: 'Statment typo with --policy-type', text: '{"Version": "2012-10-17", "Statment": []}', path: 'p.json', overrides: EXPLICIT_IDENTITY, kind: 'iam-policy', reason: '--policy-type identity' },
  { name: 'non-JSON text with a policyFiles glob', text: 'not json at all', path: 'a.policy.json', config: { policyGlob: '**/*.policy.json' }, kind: 'iam-policy', reason: 'matches policyFiles glob **/*.policy.json' },
  {
    name: 'a policyTypes entry (the per-file picker) makes a JSON file a policy',
    text: '{}',
    path: 'roles/r.json',
    config: { policyTypeBinding: { glob: 'roles/*.json', type: 'trust' } },
    kind: 'iam-policy',
    reason: 'policyTypes entry roles/*.json (trust)',
  },
  { name: 'CloudFormation JSON with --policy-type is linted as the policy the user said it is', text: CFN_JSON, path: 'stack.json', overrides: EXPLICIT_IDENTITY, kind: 'iam-policy', reason: '--policy-type identity' },
  { name: '--policy-type on a file with an unknown extension', text: 'hello', path: 'policy.txt', overrides: EXPLICIT_IDENTITY, kind: 'iam-policy', reason: '--policy-type identity' },
  { name: 'a file with an unknown extension is read as JSON', text: POLICY, path: 'policy.txt', kind: 'iam-policy', reason: /Statement/ },
  { name: 'README named without a choice', text: '# Title\nGRANT SELECT ON t TO u;\n', path: 'README.md', kind: 'none', reason: 'not a JSON object' },

  // …but never change the format of a file: the choice picks among the kinds the format can hold.
  { name: '--policy-type does not make a .tf file JSON', text: '', path: 'main.tf', overrides: EXPLICIT_IDENTITY, kind: 'terraform', reason: /\.tf/ },
  { name: 'a policyTypes glob covering a .sql file', text: QUERIES, path: 'roles/q.sql', config: { policyTypeBinding: { glob: 'roles/**', type: 'identity' } }, kind: 'none', reason: /SQL without/ },
  { name: 'a policyTypes glob covering a YAML template', text: CFN_YAML, path: 'roles/s.yaml', config: { policyTypeBinding: { glob: 'roles/**', type: 'identity' } }, kind: 'cloudformation', reason: /AWSTemplate/ },
  { name: 'policyFiles globs name JSON files only', text: 'x', path: 'policies/readme.txt', config: { policyGlob: 'policies/**' }, kind: 'none', reason: 'not a JSON object' },
  { name: 'sqlFiles does not make a JSON file SQL', text: '{}', path: 'q.json', config: { sqlGlob: '**/*' }, kind: 'none', reason: /JSON without/ },

  // A policy type that is not an explicit choice types the policies found and makes no file a policy.
  {
    name: 'workspace policy type on package.json',
    text: '{"name": "x"}',
    path: 'package.json',
    overrides: { policyType: { type: 'resource', source: 'grantcheck.policyType setting', explicit: false } },
    kind: 'none',
    reason: /JSON without/,
  },

  // The editor's language beats the file name (the user can change the language mode).
  { name: 'language json on an untitled buffer', text: POLICY, overrides: { languageId: 'json' }, kind: 'iam-policy', reason: /Statement/ },
  { name: 'language terraform', text: '', path: 'x.hcl', overrides: { languageId: 'terraform' }, kind: 'terraform', reason: 'editor language terraform' },
  { name: 'language sql on a .txt file', text: GRANTS, path: 'grants.txt', overrides: { languageId: 'sql' }, kind: 'redshift-sql', reason: /GRANT/ },
  { name: 'a language GrantCheck does not lint', text: POLICY, path: 'p.json', overrides: { languageId: 'plaintext' }, kind: 'none', reason: 'editor language plaintext is not one GrantCheck lints' },

  // Too large to read: only what needs no reading.
  { name: 'unread text: explicit choice', text: 'x', path: 'a.policy.json', config: { policyGlob: '**/*.policy.json' }, overrides: { contentUnread: true }, kind: 'iam-policy', reason: /policyFiles/ },
  { name: 'unread text: no choice', text: POLICY, path: 'p.json', overrides: { contentUnread: true }, kind: 'none', reason: /not read/ },
];

describe('detect', () => {
  for (const row of rows) {
    it(row.name, () => {
      const detection = detect(row.text, row.path, row.config, row.overrides);
      assert.equal(detection.kind, row.kind, detection.reason);
      if (typeof row.reason === 'string') assert.equal(detection.reason, row.reason);
      else assert.match(detection.reason, row.reason);
    });
  }

  it('marks explicit choices, and takes the policy type from the override before the config entry', () => {
    const config: DetectConfig = { policyGlob: '**/*.policy.json', policyTypeBinding: { glob: 'a.policy.json', type: 'trust' } };
    assert.deepEqual(detect('{}', 'a.policy.json', config), {
      kind: 'iam-policy',
      reason: 'policyTypes entry a.policy.json (trust)',
      explicit: true,
      policyType: 'trust',
      policyTypeReason: 'policyTypes entry a.policy.json',
    });
    assert.deepEqual(detect(POLICY, 'p.json', {}, { policyType: { type: 'scp', source: '--policy-type', explicit: false } }), {
      kind: 'iam-policy',
      reason: 'top-level "Statement" key',
      explicit: false,
      policyType: 'scp',
      policyTypeReason: '--policy-type',
    });
  });

  it('hands lintText a kind, a host and a policy type', () => {
    assert.deepEqual(lintTarget(detect('', 'main.tf')), { kind: 'iam-policy', host: 'terraform' });
    assert.deepEqual(lintTarget(detect(CFN_YAML, 's.yaml')), { kind: 'iam-policy', host: 'cloudformation' });
    assert.deepEqual(lintTarget(detect(GRANTS, 'g.sql')), { kind: 'redshift-sql' });
    assert.deepEqual(lintTarget(detect('x', 'p.json', {}, EXPLICIT_IDENTITY)), { kind: 'iam-policy', policyType: 'identity' });
    assert.equal(lintTarget(detect('{}', 'p.json')), undefined);
  });

  it('reads deeply nested and huge JSON in one linear pass without recursion', () => {
    const deep = '{"a": ' + '['.repeat(200_000) + ']'.repeat(200_000) + ', "Statement": []}';
    assert.equal(detect(deep, 'deep.json').kind, 'iam-policy');
    // Work grows with the text, not faster: four times the text, about four times the scan (a quadratic scan
    // would take sixteen). A ratio within one run, not a time budget.
    const sized = (n: number): string => '{"items": [' + '{"k": "v", "n": 1},'.repeat(n) + '1]}';
    const small = sized(50_000);
    const large = sized(200_000);
    const ratio = growthRatio(() => detect(small, 'x.json'), () => detect(large, 'x.json'));
    assert.ok(ratio < 8, `four times the text multiplied the time by ${ratio.toFixed(2)}`);
  });
});
