// Packages the extension with @vscode/vsce (as `npm run package` does) and checks what the .vsix ships.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readZipEntries, readZipEntry, type ZipEntry } from './zip';

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_VSIX_BYTES = 3 * 1024 * 1024;
/** Inputs of the package: when none of them changed, a .vsix built earlier is reused (vsce takes ~10 s). */
const PACKAGE_INPUTS = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'images', 'walkthrough', 'syntaxes'];

/** Every file of the .vsix must match one of these; `extension/` is the extension folder. */
const ALLOWED: RegExp[] = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/images\/icon\.png$/,
  /^extension\/images\/screenshot\.png$/,
  /^extension\/dist\/(client|server|cli|server-main|cli-main|aws-sdk|yaml|chunk-sql|chunk-hosts|chunk-features|chunk-profiles|chunk-aws)\.js$/,
  /^extension\/dist\/grantcheck(-profile)?\.schema\.json$/,
  /^extension\/dist\/iam-data\/(actions|actionDescriptions|resourceTypes|conditionKeys)\/[a-z0-9-]+\.json$/,
  /^extension\/dist\/iam-data\/(services|serviceNames|conditionPatterns|globalConditionKeys|version)\.json$/,
  /^extension\/dist\/iam-data\/LICENSE\.txt$/,
  /^extension\/walkthrough\/[^/]+\.(md|json)$/,
  /^extension\/syntaxes\/[^/]+\.tmLanguage\.json$/,
];
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/images/icon.png',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/cli.js',
  'extension/dist/server-main.js',
  'extension/dist/cli-main.js',
  'extension/dist/aws-sdk.js',
  'extension/dist/yaml.js',
  'extension/dist/chunk-sql.js',
  'extension/dist/chunk-hosts.js',
  'extension/dist/chunk-features.js',
  'extension/dist/chunk-profiles.js',
  'extension/dist/chunk-aws.js',
  'extension/dist/grantcheck.schema.json',
  'extension/dist/grantcheck-profile.schema.json',
  'extension/dist/iam-data/version.json',
  'extension/dist/iam-data/globalConditionKeys.json',
  'extension/dist/iam-data/actions/s3.json',
  'extension/dist/iam-data/actionDescriptions/s3.json',
  'extension/dist/iam-data/resourceTypes/s3.json',
  'extension/dist/iam-data/conditionKeys/s3.json',
  'extension/dist/iam-data/LICENSE.txt',
  'extension/walkthrough/broken.policy.json',
  'extension/syntaxes/hcl.tmLanguage.json',
];

function filesUnder(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [relative];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

function inputsHash(root: string, vsceVersion: string): string {
  const hash = createHash('sha256').update(`vsce ${vsceVersion}\n`);
  for (const file of PACKAGE_INPUTS.flatMap((input) => filesUnder(root, input))) hash.update(`${file}\n`).update(fs.readFileSync(path.join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the .vsix with the command `npm run package` uses, or reuses one built from identical
 * inputs. vsce runs on a snapshot of the inputs, so a build running at the same time (which
 * rewrites dist/) cannot pull files from under it.
 */
function buildVsix(): { file: string; reused: boolean; staged: string } {
  const vsceDir = path.join(ROOT, 'node_modules', '@vscode', 'vsce');
  const vsceVersion = (JSON.parse(fs.readFileSync(path.join(vsceDir, 'package.json'), 'utf8')) as { version: string }).version;
  const staged = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-vsix-'));
  // A build running meanwhile rewrites dist/: copy until the copy matches the source after copying.
  let hash = '';
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(staged, { recursive: true, force: true });
    for (const input of PACKAGE_INPUTS) {
      if (fs.existsSync(path.join(ROOT, input))) fs.cpSync(path.join(ROOT, input), path.join(staged, input), { recursive: true });
    }
    hash = inputsHash(staged, vsceVersion);
    if (hash === inputsHash(ROOT, vsceVersion)) break;
    if (attempt === 5) throw new Error('the package inputs (dist/ …) kept changing while they were copied: is a build running?');
    spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 2000)']);
  }
  const file = path.join(os.tmpdir(), `grantcheck-test-${hash}.vsix`);
  if (fs.existsSync(file)) return { file, reused: true, staged };
  const partial = `${file}.${process.pid}.tmp.vsix`;
  // `npm run package` also scans the files for secrets, which takes most of vsce's time; here the
  // allow-list check below already rules out anything but the bundles, the AWS data and the docs.
  const args = ['package', '--no-dependencies', '--allow-package-all-secrets', '--allow-package-env-file', '--out', partial];
  const run = spawnSync(process.execPath, [path.join(vsceDir, 'vsce'), ...args], { cwd: staged, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    fs.rmSync(partial, { force: true });
    const log = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => !/^\s*[├└│]/.test(line)).join('\n');
    throw new Error(`vsce package failed (exit ${run.status}${run.error ? `, ${run.error.message}` : ''}):\n${log}`);
  }
  fs.renameSync(partial, file);
  removeStaleCachedPackages(file);
  return { file, reused: false, staged };
}

/** Packages cached by earlier runs with other inputs; kept a while in case another run is reading one. */
function removeStaleCachedPackages(keep: string): void {
  const cutoff = Date.now() - 10 * 60 * 1000;
  for (const name of fs.readdirSync(os.tmpdir())) {
    const full = path.join(os.tmpdir(), name);
    if (!/^grantcheck-test-[0-9a-f]{16}\.vsix$/.test(name) || full === keep) continue;
    try {
      if (fs.statSync(full).mtimeMs < cutoff) fs.rmSync(full, { force: true });
    } catch {
      // removed by a concurrent run
    }
  }
}

describe('the .vsix package', () => {
  let zip: Buffer;
  let entries: ZipEntry[];
  let names: string[];
  let staged: string | undefined;

  after(() => {
    if (staged) fs.rmSync(staged, { recursive: true, force: true });
  });

  before(() => {
    for (const bundle of ['client', 'server', 'cli']) {
      if (!fs.existsSync(path.join(ROOT, 'dist', `${bundle}.js`))) throw new Error(`dist/${bundle}.js is missing: run \`npm run build\` first (\`npm test\` builds before testing).`);
    }
    const build = buildVsix();
    const { file, reused } = build;
    staged = build.staged;
    zip = fs.readFileSync(file);
    entries = readZipEntries(zip);
    names = entries.map((e) => e.name);
    console.log(`# vsix: ${path.basename(file)} ${(zip.length / 1024 / 1024).toFixed(2)} MB, ${entries.length} files${reused ? ' (reused: inputs unchanged)' : ''}`);
  });

  it('is what `npm run package` builds', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.package ?? '', /npm run build\b.*&& vsce package --no-dependencies --out grantcheck-\$npm_package_version\.vsix$/);
  });

  it(`is smaller than ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
    assert.ok(zip.length < MAX_VSIX_BYTES, `${zip.length} bytes`);
  });

  it('ships only the allow-listed files, and all of them', () => {
    const unexpected = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'files outside the allow-list');
    for (const bad of [/\.map$/, /\.ts$/, /(^|\/)node_modules\//, /^extension\/(test|server|client|scripts|docs|examples)\//]) {
      assert.deepEqual(names.filter((n) => bad.test(n)), [], `nothing matching ${bad}`);
    }
    assert.deepEqual(REQUIRED.filter((n) => !names.includes(n)), [], 'required files');
    assert.equal(new Set(names).size, names.length, 'no duplicate entries');
    // Every AWS data file of the build is shipped (the engine reads them lazily by service).
    const dataFiles = filesUnder(staged!, 'dist/iam-data').map((f) => `extension/${f.split(path.sep).join('/')}`);
    assert.deepEqual(dataFiles.filter((f) => !names.includes(f)), []);
    // Every chunk of the language server the build wrote (scripts/serverChunks.mjs): a missing one breaks SQL/Terraform files.
    const chunks = fs.readdirSync(path.join(staged!, 'dist')).filter((f) => /^chunk-.*\.js$/.test(f)).map((f) => `extension/dist/${f}`);
    assert.ok(chunks.length >= 4, chunks.join(', '));
    assert.deepEqual(chunks.filter((f) => !names.includes(f)), []);
  });

  it('ships the screenshot only when the README shows it', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    if (names.includes('extension/images/screenshot.png')) assert.match(readme, /images\/screenshot\.png/);
  });

  it('has the bundles as built, without test-only (AGPL) packages in them', () => {
    for (const bundle of ['client', 'server', 'cli']) {
      const shipped = readZipEntry(zip, entries.find((e) => e.name === `extension/dist/${bundle}.js`)!);
      assert.ok(shipped.equals(fs.readFileSync(path.join(staged!, 'dist', `${bundle}.js`))), `${bundle}.js is the build that was packaged`);
      const text = shipped.toString('utf8');
      for (const forbidden of ['iam-simulate', 'iam-expand', 'playwright', 'mocha']) {
        assert.ok(!text.includes(forbidden), `dist/${bundle}.js must not bundle ${forbidden}`);
      }
    }
  });

  it('has a package.json that starts the client on JSON and SQL files', () => {
    const manifest = JSON.parse(readZipEntry(zip, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8')) as {
      main: string;
      engines: { vscode: string };
      activationEvents: string[];
      icon: string;
      repository: { url: string };
      license: string;
      categories: string[];
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    assert.equal(manifest.main, './dist/client.js');
    assert.equal(manifest.engines.vscode, '^1.91.0');
    for (const language of ['json', 'jsonc', 'sql']) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    // Lazy activation: only when a document of a language GrantCheck reads is opened, never at startup.
    for (const event of manifest.activationEvents) assert.match(event, /^onLanguage:[a-z]+$/, `activation event ${event}`);
    assert.equal(manifest.icon, 'images/icon.png');
    assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
    assert.equal(manifest.license, 'MIT');
    assert.ok(manifest.categories.includes('Linters'));
    assert.ok('grantcheck.rules' in manifest.contributes.configuration.properties);
  });

  it('has a README whose links and images work on the Marketplace (absolute URLs)', () => {
    const readme = readZipEntry(zip, entries.find((e) => e.name === 'extension/readme.md')!).toString('utf8');
    const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]!);
    assert.ok(targets.length > 0, 'the README has links');
    assert.deepEqual(targets.filter((t) => !/^(https:\/\/|http:\/\/|#|mailto:)/.test(t)), [], 'relative links left in the packaged README');
  });

  it('ships the icon scripts/make-icon.mjs draws (the committed PNG is not stale)', async () => {
    const { renderIconPng } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'make-icon.mjs')).href)) as { renderIconPng: () => Buffer };
    const shipped = readZipEntry(zip, entries.find((e) => e.name === 'extension/images/icon.png')!);
    assert.ok(renderIconPng().equals(shipped), 'run `node scripts/make-icon.mjs` and commit images/icon.png');
  });

  it('has a 128×128 PNG icon', () => {
    const icon = readZipEntry(zip, entries.find((e) => e.name === 'extension/images/icon.png')!);
    assert.ok(icon.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature');
    assert.equal(icon.toString('ascii', 12, 16), 'IHDR');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
  });
});
