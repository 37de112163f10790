// The CLI and the language server agree on the kind of every file: test/fixtures, examples/ and crafted edge cases,
// each run through the built CLI (a directory walk, --format json) and the built server (didOpen + grantcheck/documentInfo).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspHarness, ROOT } from './harness';

const CLI = path.join(ROOT, 'dist', 'cli.js');
/** The extensions the CLI walk reads, with the language id VS Code gives such a file. */
const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.json': 'json',
  '.jsonc': 'jsonc',
  '.sql': 'sql',
  '.tf': 'terraform', // with HashiCorp's extension installed
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.template': 'yaml', // no default association: what a CloudFormation user maps it to
};

const POLICY_WITH_CFN_WORDS = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSTemplateFormatVersion",
      "Effect": "Allow",
      "Action": "cloudformation:DescribeStacks",
      "Resource": "arn:aws:cloudformation:us-east-1:111122223333:stack/AWS::S3::Bucket/*"
    }
  ]
}
`;

/** Crafted files (path → [text, the kind both must find]). */
const CRAFTED: Record<string, [string, string]> = {
  '.grantcheck.json': [
    JSON.stringify({ policyFiles: ['globbed/*.json'], sqlFiles: ['warehouse/*.sql'], policyTypes: [{ files: 'typo/statment.json', type: 'identity' }] }),
    'none',
  ],
  'cfn-words-in-sid.json': [POLICY_WITH_CFN_WORDS, 'iam-policy'],
  'typo/statment.json': ['{"Version": "2012-10-17", "Statment": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', 'iam-policy'],
  'globbed/not-json.json': ['this is not JSON\n', 'iam-policy'],
  'nested-statement.json': ['{"PolicyDocument": {"Version": "2012-10-17", "Statement": []}}', 'none'],
  'package.json': ['{"name": "x", "version": "1.0.0"}', 'none'],
  'main.tf': ['resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [] })\n}\n', 'terraform'],
  'empty.tf': ['', 'terraform'],
  'stack.yaml': ['AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n', 'cloudformation'],
  'sam.yml': ['Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n', 'cloudformation'],
  'compose.yml': ['services:\n  web:\n    image: nginx\n', 'none'],
  'stack.json': ['{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}', 'cloudformation'],
  'stack.template': ['AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', 'cloudformation'],
  'grants.sql': ['GRANT SELECT ON ALL TABLES IN SCHEMA sales TO GROUP analysts;\n', 'redshift-sql'],
  'report.sql': ['SELECT id FROM sales.orders;\n', 'none'],
  'rls.sql': ["CREATE RLS POLICY p WITH (region varchar(10)) USING (region = 'EU');\nATTACH RLS POLICY p ON sales.orders TO ROLE analyst;\n", 'redshift-sql'],
  'masking.sql': ['ATTACH MASKING POLICY m ON sales.customers(email) TO PUBLIC;\n', 'redshift-sql'],
  'datashare.sql': ['CREATE DATASHARE sales_share;\nALTER DATASHARE sales_share ADD SCHEMA sales;\n', 'redshift-sql'],
  'owner.sql': ['ALTER TABLE sales.orders OWNER TO etl;\n', 'redshift-sql'],
  'alter-table.sql': ['ALTER TABLE sales.orders ADD COLUMN note varchar(10);\n', 'none'],
  'warehouse/report.sql': ['SELECT id FROM sales.orders;\n', 'redshift-sql'],
};

let crafted: string;
let server: LspHarness;

before(async () => {
  crafted = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-detect-')));
  for (const [relative, [text]] of Object.entries(CRAFTED)) {
    fs.mkdirSync(path.dirname(path.join(crafted, relative)), { recursive: true });
    fs.writeFileSync(path.join(crafted, relative), text);
  }
  server = LspHarness.start({ transport: 'stdio', pullConfiguration: false });
  await server.initialize(null);
});

after(() => {
  server?.dispose();
  if (crafted) fs.rmSync(crafted, { recursive: true, force: true });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return e.isFile() && path.extname(e.name).toLowerCase() in LANGUAGE_BY_EXTENSION ? [full] : [];
  });
}

/** Kind per file as the CLI sees it when walking `dir`: files it does not report are `none`. */
function cliKinds(dir: string, files: readonly string[]): Map<string, string> {
  const run = spawnSync(process.execPath, [CLI, '--format', 'json', dir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.ok(run.status === 0 || run.status === 1, `grantcheck ${dir} exited ${run.status}: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /Cannot read|Skipped/, 'every file was read');
  const reported = new Map<string, string>();
  for (const r of JSON.parse(run.stdout) as { file: string; detected: { kind: string } }[]) reported.set(path.resolve(r.file), r.detected.kind);
  return new Map(files.map((f) => [f, reported.get(f) ?? 'none']));
}

/** Kind per file as the language server sees it when each is opened with VS Code's language id for it. */
async function serverKinds(files: readonly string[]): Promise<Map<string, string>> {
  const kinds = new Map<string, string>();
  for (const file of files) {
    const uri = pathToFileURL(file).href;
    await server.open(uri, LANGUAGE_BY_EXTENSION[path.extname(file).toLowerCase()]!, fs.readFileSync(file, 'utf8'));
    // didOpen lints synchronously in the server, and requests are answered in order: no wait needed.
    const info = await server.request<{ detected?: { kind: string } }>('grantcheck/documentInfo', { uri });
    kinds.set(file, info.detected?.kind ?? 'none');
    await server.close(uri);
  }
  return kinds;
}

const relative = (file: string, base: string): string => path.relative(base, file).split(path.sep).join('/');

for (const [label, root] of [
  ['test/fixtures', path.join(ROOT, 'test', 'fixtures')],
  ['examples', path.join(ROOT, 'examples')],
] as const) {
  test(`the CLI and the server find the same kind for every file in ${label}`, async () => {
    const files = walk(root);
    assert.ok(files.length >= 6, `${label} has files (${files.length})`);
    const cli = cliKinds(root, files);
    const lsp = await serverKinds(files);
    const table = (kinds: Map<string, string>): Record<string, string> => Object.fromEntries([...kinds].map(([f, k]) => [relative(f, root), k]));
    assert.deepEqual(table(lsp), table(cli));
    // The agreement is not vacuous: the fixtures are policies, templates and scripts, but for these deliberate few.
    // test/fixtures/access-analyzer/ holds test records that wrap a policy (check, policy, expected answer): JSON that
    // is no policy, a corpus of "none" both must agree on.
    const notOurs = [...cli]
      .filter(([f, k]) => k === 'none' && !relative(f, root).startsWith('access-analyzer/'))
      .map(([f]) => relative(f, root))
      .sort();
    if (label === 'test/fixtures') {
      const records = [...cli].filter(([f]) => relative(f, root).startsWith('access-analyzer/'));
      assert.ok(records.length > 0 && records.every(([, k]) => k === 'none'), 'the Access Analyzer records are not linted as policies');
    }
    assert.deepEqual(
      notOurs,
      label === 'examples' ? ['package.json', 'redshift/daily-report.sql'] : ['redshift/ordinary-queries.sql', 'seeds/001-kms-key-policy-statement.json'],
    );
    assert.ok(new Set(cli.values()).size >= (label === 'examples' ? 3 : 5), 'several kinds among the files');
  });
}

test('the CLI and the server agree on crafted edge cases, and both find the expected kind', async () => {
  const files = Object.keys(CRAFTED).map((r) => path.join(crafted, r));
  const expected = Object.fromEntries(Object.entries(CRAFTED).map(([r, [, kind]]) => [r, kind]));
  const table = (kinds: Map<string, string>): Record<string, string> => Object.fromEntries([...kinds].map(([f, k]) => [relative(f, crafted), k]));
  assert.deepEqual(table(cliKinds(crafted, files)), expected, 'CLI');
  assert.deepEqual(table(await serverKinds(files)), expected, 'server');
});
