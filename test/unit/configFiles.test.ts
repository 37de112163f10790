// Unit tests of node/configFiles.ts: finding the nearest .grantcheck.json, glob anchoring, ignore, per-file settings.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { nodeScriptArgs } from '../support/childNode';
import { ConfigCache, isIgnored, limitGlobSettings, matchesAny, settingsForFile, toPattern, type LoadedConfig } from '../../server/src/node/configFiles';
import { emptyConfig } from '../../server/src/engine/config';
import { detect } from '../../server/src/engine/detect';

let tmp: string;
before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-config-')));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function write(relative: string, content: string): string {
  const file = path.join(tmp, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function loaded(dir: string, ignore: string[]): LoadedConfig {
  return { path: path.join(dir, '.grantcheck.json'), dir, config: { ...emptyConfig(), ignore }, problems: [] };
}

describe('toPattern (gitignore-like anchoring)', () => {
  const cases: [string, boolean, string][] = [
    ['*.gen.json', true, '**/*.gen.json'],
    ['build/', true, '**/build'],
    ['build', true, '**/build'],
    ['/top.json', true, 'top.json'],
    ['infra/*.json', true, 'infra/*.json'],
    ['infra/*.json', false, '**/infra/*.json'],
    ['/top.json', false, '**/top.json'],
    ['**/policies/**/*.json', true, '**/policies/**/*.json'],
    ['**/policies/**/*.json', false, '**/policies/**/*.json'],
    ['a/b/', true, 'a/b'],
  ];
  for (const [glob, anchored, expected] of cases) {
    it(`${glob} (${anchored ? 'with' : 'without'} a base folder) → ${expected}`, () => {
      assert.equal(toPattern(glob, anchored), expected);
    });
  }
});

describe('matchesAny', () => {
  it('anchors globs with a slash at the base folder, lets the others float', () => {
    const base = path.join(tmp, 'repo');
    assert.equal(matchesAny(['infra/*.json'], path.join(base, 'infra/a.json'), base), true);
    assert.equal(matchesAny(['infra/*.json'], path.join(base, 'x/infra/a.json'), base), false, 'anchored');
    assert.equal(matchesAny(['*.json'], path.join(base, 'x/y/a.json'), base), true, 'floats');
    assert.equal(matchesAny(['infra/*.json'], path.join(base, 'infra/sub/a.json'), base), false, '* stays in one folder');
    assert.equal(matchesAny(['infra/**/*.json'], path.join(base, 'infra/sub/a.json'), base), true);
  });

  it('matches dotfiles and dot folders', () => {
    const base = path.join(tmp, 'repo');
    assert.equal(matchesAny(['*.json'], path.join(base, '.hidden.json'), base), true);
    assert.equal(matchesAny(['policies/**/*.json'], path.join(base, 'policies/.aws/p.json'), base), true);
  });

  it('lets only floating globs select a file outside the base folder', () => {
    const base = path.join(tmp, 'repo', 'config');
    const outside = path.join(tmp, 'repo', 'other', 'a.policy.json');
    assert.equal(matchesAny(['*.policy.json'], outside, base), true);
    assert.equal(matchesAny(['other/*.json'], outside, base), false);
    assert.equal(matchesAny(['../other/*.json'], outside, base), false);
  });

  it('without a base folder (editor settings), every glob floats', () => {
    const file = path.join(tmp, 'ws', 'infra', 'roles', 'r.json');
    assert.equal(matchesAny(['infra/**/*.json'], file, undefined), true);
    assert.equal(matchesAny(['**/*.policy.json'], file, undefined), false);
    assert.equal(matchesAny([], file, undefined), false);
  });

  it('with descendants: a folder glob covers everything inside the folder', () => {
    const base = path.join(tmp, 'repo');
    const file = path.join(base, 'a', 'build', 'x', 'p.json');
    assert.equal(matchesAny(['build/'], file, base, true), true);
    assert.equal(matchesAny(['build/'], file, base, false), false);
    assert.equal(matchesAny(['/build/'], file, base, true), false, 'anchored at the base folder only');
    assert.equal(matchesAny(['/build/'], path.join(base, 'build', 'p.json'), base, true), true);
  });
});

describe('matchesAny on hostile globs (issue #14)', () => {
  const ROOT = path.resolve(__dirname, '..', '..');
  /** Generous: only keeps a backtracking regression (minutes per match) from hanging the suite. */
  const GUARD_MS = 60_000;
  /** Allowed slack over linear growth: timings on a busy machine are noisy; exponential growth is not subtle. */
  const FACTOR = 5;

  it('matches `*a*a…*b` in time that grows about linearly with the number of stars (8, 16, 32)', () => {
    const child = spawnSync(process.execPath, nodeScriptArgs('test/support/globTiming.ts'), { cwd: ROOT, encoding: 'utf8', timeout: GUARD_MS });
    assert.ok(!child.error && child.status === 0, `the timing run did not finish within ${GUARD_MS} ms (backtracking?): ${child.error?.message ?? child.stderr}`);
    const ms = JSON.parse(child.stdout) as Record<string, number>;
    assert.ok(ms['16']! <= 2 * FACTOR * ms['8']!, `16 stars: ${ms['16']} ms, 8 stars: ${ms['8']} ms`);
    assert.ok(ms['32']! <= 4 * FACTOR * ms['8']!, `32 stars: ${ms['32']} ms, 8 stars: ${ms['8']} ms`);
  });

  it('ignores globs past the limits instead of matching them', () => {
    const base = path.join(tmp, 'repo');
    const file = path.join(base, 'a.json');
    assert.equal(matchesAny([`${'*'.repeat(600)}.json`], file, base), false, 'a glob longer than the limit matches nothing');
    const folder = `${'x'.repeat(511)}/`;
    assert.equal(matchesAny([folder], path.join(base, 'sub', 'x'.repeat(511), 'a.json'), base, true), true, 'a glob of the longest length admitted still matches as **/…/**');
    assert.equal(matchesAny(['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}.json', '*.json'], file, base), true, 'the other globs still apply');
    const many = Array.from({ length: 300 }, (_, i) => `f${i}.json`);
    assert.equal(matchesAny(many, path.join(base, 'f10.json'), base), true);
    assert.equal(matchesAny(many, path.join(base, 'f299.json'), base), false, 'globs past the 256th are ignored');
  });
});

describe('limitGlobSettings', () => {
  it('leaves out settings globs past the limits, each setting on its own budget, and says which', () => {
    const long = `${'*a'.repeat(300)}*b`;
    const many = Array.from({ length: 200 }, (_, i) => `p${i}/*.json`);
    const { settings, problems } = limitGlobSettings({
      policyFiles: ['**/*.policy.json', long],
      sqlFiles: ['!x.sql', 'grants/*.sql'],
      profiles: [
        { files: many, profile: 'a', values: {} },
        { files: many, profile: 'b', values: {} },
        { files: [long], profile: 'c', values: {} },
      ],
    });
    assert.deepEqual(settings.policyFiles, ['**/*.policy.json']);
    assert.deepEqual(settings.sqlFiles, ['grants/*.sql']);
    assert.deepEqual(settings.profiles.map((p) => [p.profile, p.files.length]), [['a', 200], ['b', 56]], 'the profiles share one budget; c is left without globs');
    assert.match(problems[0]!, /^grantcheck\.policyFiles: the glob "\*a\*a.*\.\.\." is ignored: it is longer than 512 characters\.$/);
    assert.match(problems[1]!, /^grantcheck\.sqlFiles: the glob "!x\.sql" is ignored: a leading "!"/);
    assert.match(problems[2]!, /^grantcheck\.profiles\[1\]\.files: the glob "p56\/\*\.json" is ignored: there are more than 256 globs/);
    assert.equal(problems.length, 2 + 144 + 1);
  });
});

describe('isIgnored', () => {
  const base = '/repo';
  const config = loaded(base, ['generated/', '*.skip.json', '/only-top.json', 'docs/examples/']);

  const cases: [string, boolean][] = [
    ['/repo/generated', true],
    ['/repo/generated/a.json', true],
    ['/repo/src/generated/deep/a.json', true],
    ['/repo/src/a.skip.json', true],
    ['/repo/only-top.json', true],
    ['/repo/src/only-top.json', false],
    ['/repo/docs/examples/p.json', true],
    ['/repo/src/docs/examples/p.json', false],
    ['/repo/src/a.json', false],
    ['/repo/generated-not/a.json', false],
  ];
  for (const [file, expected] of cases) {
    it(`${file} is ${expected ? '' : 'not '}ignored`, () => {
      assert.equal(isIgnored(path.resolve(file), config), expected);
    });
  }

  it('ignores nothing without ignore globs', () => {
    assert.equal(isIgnored('/repo/generated/a.json', loaded(base, [])), false);
  });
});

describe('ConfigCache', () => {
  it('finds the nearest .grantcheck.json at or above a file', () => {
    write('tree/.grantcheck.json', '{ "rules": { "iam/json-syntax": "warning" } }');
    write('tree/sub/.grantcheck.json', '{ "rules": { "iam/json-syntax": "off" } }');
    write('tree/sub/deeper/p.json', '{}');
    const cache = new ConfigCache();
    assert.equal(cache.forFile(path.join(tmp, 'tree/a.json')).path, path.join(tmp, 'tree/.grantcheck.json'));
    assert.equal(cache.forFile(path.join(tmp, 'tree/other/a.json')).path, path.join(tmp, 'tree/.grantcheck.json'));
    const nearest = cache.forFile(path.join(tmp, 'tree/sub/deeper/p.json'));
    assert.equal(nearest.path, path.join(tmp, 'tree/sub/.grantcheck.json'));
    assert.equal(nearest.dir, path.join(tmp, 'tree/sub'));
    assert.deepEqual(nearest.config.rules, { 'iam/json-syntax': 'off' });
    assert.equal(cache.forDirectory(path.join(tmp, 'tree/sub')).path, path.join(tmp, 'tree/sub/.grantcheck.json'));
  });

  it('has no config above a tree without one', () => {
    write('bare/p.json', '{}');
    const found = new ConfigCache().forFile(path.join(tmp, 'bare/p.json'));
    // A .grantcheck.json in the temp dir's ancestors would be found legitimately; there is none on a clean machine.
    assert.ok(found.path === undefined || !found.path.startsWith(tmp));
  });

  it('keeps a config until clear(), then reads the file again', () => {
    const file = write('cached/.grantcheck.json', '{ "ignore": ["a/"] }');
    const cache = new ConfigCache();
    assert.deepEqual(cache.forFile(path.join(tmp, 'cached/x.json')).config.ignore, ['a/']);
    fs.writeFileSync(file, '{ "ignore": ["b/"] }');
    assert.deepEqual(cache.forFile(path.join(tmp, 'cached/x.json')).config.ignore, ['a/'], 'cached');
    cache.clear();
    assert.deepEqual(cache.forFile(path.join(tmp, 'cached/x.json')).config.ignore, ['b/']);
  });

  it('keeps the problems of a malformed config with it', () => {
    write('malformed/.grantcheck.json', '{ "rules": { "iam/json-syntax": "loud" } }');
    const found = new ConfigCache().forFile(path.join(tmp, 'malformed/p.json'));
    assert.deepEqual(found.problems.map((p) => [p.line, p.character]), [[0, 13]]);
    assert.deepEqual(found.config.rules, {});
  });
});

describe('ConfigCache: where the lookup stops (issue #14)', () => {
  it('stops at the repository root: a config above the directory holding .git never applies', () => {
    write('above/.grantcheck.json', '{ "ignore": ["**"] }');
    write('above/repo/.git/HEAD', 'ref: refs/heads/main\n');
    write('above/repo/sub/p.json', '{}');
    const cache = new ConfigCache();
    assert.equal(cache.forFile(path.join(tmp, 'above/repo/sub/p.json')).path, undefined);
    assert.equal(cache.forFile(path.join(tmp, 'above/outside.json')).path, path.join(tmp, 'above/.grantcheck.json'), 'outside the repository it still applies');
    assert.equal(cache.lookupRoot(path.join(tmp, 'above/repo/sub')), path.join(tmp, 'above/repo'));
  });

  it('counts a .git file (worktrees, submodules) as a repository root, and uses configs up to it', () => {
    write('wt-above/.grantcheck.json', '{ "ignore": ["**"] }');
    write('wt-above/wt/.git', 'gitdir: /elsewhere/.git/worktrees/wt\n');
    write('wt-above/wt/.grantcheck.json', '{ "rules": { "iam/json-syntax": "off" } }');
    const cache = new ConfigCache();
    assert.equal(cache.forFile(path.join(tmp, 'wt-above/wt/a/b/p.json')).path, path.join(tmp, 'wt-above/wt/.grantcheck.json'));
  });

  it('outside a repository, stops at the workspace folder; a workspace folder inside a repository uses configs up to the repository root', () => {
    write('ws-parent/.grantcheck.json', '{ "ignore": ["**"] }');
    write('ws-parent/ws/p.json', '{}');
    const file = path.join(tmp, 'ws-parent/ws/p.json');
    assert.equal(new ConfigCache().forFile(file).path, path.join(tmp, 'ws-parent/.grantcheck.json'), 'no repository, no workspace folder: as before');
    const cache = new ConfigCache();
    cache.setWorkspaceFolders([path.join(tmp, 'ws-parent/ws')]);
    assert.equal(cache.forFile(file).path, undefined);

    write('mono/.git/HEAD', 'ref: refs/heads/main\n');
    write('mono/.grantcheck.json', '{ "rules": { "iam/json-syntax": "off" } }');
    const inRepo = new ConfigCache();
    inRepo.setWorkspaceFolders([path.join(tmp, 'mono/packages/app')]);
    assert.equal(inRepo.forFile(path.join(tmp, 'mono/packages/app/p.json')).path, path.join(tmp, 'mono/.grantcheck.json'));
  });
});

describe('ConfigCache: linked config files (issue #14)', () => {
  before(() => {
    write('elsewhere/shared.json', '{ "rules": { "iam/json-syntax": "off" } }');
    write('linkrepo/.git/HEAD', 'ref: refs/heads/main\n');
    write('linkrepo/.grantcheck.json', '{ "rules": { "iam/json-syntax": "hint" } }');
    write('linkrepo/configs/team.json', '{ "rules": { "iam/json-syntax": "warning" } }');
    fs.mkdirSync(path.join(tmp, 'linkrepo/out'), { recursive: true });
    fs.symlinkSync(path.join(tmp, 'elsewhere/shared.json'), path.join(tmp, 'linkrepo/out/.grantcheck.json'));
    fs.mkdirSync(path.join(tmp, 'linkrepo/in'), { recursive: true });
    fs.symlinkSync('../configs/team.json', path.join(tmp, 'linkrepo/in/.grantcheck.json'));
    fs.mkdirSync(path.join(tmp, 'linkrepo/dangling'), { recursive: true });
    fs.symlinkSync('../nothing.json', path.join(tmp, 'linkrepo/dangling/.grantcheck.json'));
  });

  it('passes over a config linking out of the repository, says why, and uses the next one up', () => {
    const found = new ConfigCache().forFile(path.join(tmp, 'linkrepo/out/p.json'));
    assert.equal(found.path, path.join(tmp, 'linkrepo/.grantcheck.json'));
    assert.deepEqual(found.config.rules, { 'iam/json-syntax': 'hint' });
    assert.deepEqual(found.skipped, [
      { path: path.join(tmp, 'linkrepo/out/.grantcheck.json'), reason: `it links to ${path.join(tmp, 'elsewhere/shared.json')}, outside ${path.join(tmp, 'linkrepo')}` },
    ]);
  });

  it('uses a config linking inside the repository, and passes over a dangling one', () => {
    const cache = new ConfigCache();
    assert.deepEqual(cache.forFile(path.join(tmp, 'linkrepo/in/p.json')).config.rules, { 'iam/json-syntax': 'warning' });
    const dangling = cache.forFile(path.join(tmp, 'linkrepo/dangling/p.json'));
    assert.equal(dangling.path, path.join(tmp, 'linkrepo/.grantcheck.json'));
    assert.match(dangling.skipped?.[0]?.reason ?? '', /cannot be resolved/);
  });

  it('outside any repository or workspace folder, a config must not link out of its own folder', () => {
    write('loose/.grantcheck.json', '{}');
    fs.rmSync(path.join(tmp, 'loose/.grantcheck.json'));
    fs.symlinkSync(path.join(tmp, 'elsewhere/shared.json'), path.join(tmp, 'loose/.grantcheck.json'));
    const found = new ConfigCache().forFile(path.join(tmp, 'loose/p.json'));
    assert.equal(found.skipped?.[0]?.path, path.join(tmp, 'loose/.grantcheck.json'));
    assert.ok(found.path === undefined || !found.path.startsWith(tmp));
  });

  it('does not read a config larger than 1 MB, and says so', () => {
    write('huge/.grantcheck.json', `{ "ignore": [${'"x",'.repeat(300_000)} "y"] }`);
    const found = new ConfigCache().forFile(path.join(tmp, 'huge/p.json'));
    assert.equal(found.path, path.join(tmp, 'huge/.grantcheck.json'));
    assert.deepEqual(found.config, emptyConfig());
    assert.match(found.problems[0]?.message ?? '', /larger than 1 MB/);
  });
});

describe('settingsForFile', () => {
  before(() => {
    write(
      'project/.grantcheck.json',
      JSON.stringify({
        rules: { 'iam/json-syntax': 'warning' },
        ignore: ['vendor/'],
        policyFiles: ['infra/**/*.json'],
        sqlFiles: ['warehouse/*.sql'],
        policyTypes: [{ files: 'buckets/*.json', type: 'resource' }],
      }),
    );
  });
  const at = (relative: string): string => path.join(tmp, 'project', relative);

  it('forces the kind from the default policy globs, the config and the editor settings', () => {
    const cache = new ConfigCache();
    // An explicit choice decides whatever the text holds: the empty text shows that content played no part.
    const kind = (relative: string, external = {}): string => detect('', at(relative), settingsForFile(at(relative), cache, external).detect).kind;
    assert.equal(kind('a.policy.json'), 'iam-policy');
    assert.equal(settingsForFile(at('a.policy.json'), cache).detect.policyGlob, '**/*.policy.json');
    assert.equal(kind('x/policies/deep/a.json'), 'iam-policy');
    assert.equal(kind('role-policy.json'), 'iam-policy');
    assert.equal(kind('infra/roles/r.json'), 'iam-policy');
    assert.equal(settingsForFile(at('infra/roles/r.json'), cache).detect.policyGlob, 'infra/**/*.json');
    assert.equal(kind('warehouse/grants.sql'), 'redshift-sql');
    assert.equal(settingsForFile(at('warehouse/grants.sql'), cache).detect.sqlGlob, 'warehouse/*.sql');
    assert.equal(kind('buckets/b.json'), 'iam-policy', 'a policyTypes entry is an explicit choice');
    assert.deepEqual(settingsForFile(at('buckets/b.json'), cache).detect.policyTypeBinding, { glob: 'buckets/*.json', type: 'resource' });
    assert.equal(kind('package.json'), 'none', 'detected from content');
    assert.deepEqual(settingsForFile(at('package.json'), cache).detect, {});
    assert.equal(kind('queries/q.sql', { sqlFiles: ['queries/*.sql'] }), 'redshift-sql');
    assert.equal(kind('a.policy.json', { policyFiles: [] }), 'none', 'editor globs replace the defaults');
    assert.equal(kind('infra/a.txt'), 'none', 'policy globs select JSON files only');
  });

  it('merges severities: editor settings first, the config wins', () => {
    const cache = new ConfigCache();
    const s = settingsForFile(at('a.policy.json'), cache, { rules: { 'iam/json-syntax': 'off', 'iam/other': 'hint' } });
    assert.deepEqual(s.severities, { 'iam/json-syntax': 'warning', 'iam/other': 'hint' });
  });

  it('takes the policy type from a CLI flag or editor setting first, then the config binding', () => {
    const cache = new ConfigCache();
    assert.equal(settingsForFile(at('buckets/b.json'), cache).policyType, 'resource');
    assert.equal(settingsForFile(at('buckets/b.json'), cache, { policyType: 'identity' }).policyType, 'identity');
    assert.equal(settingsForFile(at('other/b.json'), cache).policyType, undefined);
  });

  it('marks ignored files', () => {
    const cache = new ConfigCache();
    assert.equal(settingsForFile(at('vendor/x/a.policy.json'), cache).ignored, true);
    assert.equal(settingsForFile(at('src/a.policy.json'), cache).ignored, false);
  });

  it('uses a given config instead of the nearest one (--config)', () => {
    const cache = new ConfigCache();
    const named: LoadedConfig = { path: '/elsewhere/strict.json', dir: '/elsewhere', config: { ...emptyConfig(), rules: { 'iam/json-syntax': 'error' } }, problems: [] };
    const s = settingsForFile(at('vendor/a.policy.json'), cache, {}, named);
    assert.deepEqual(s.severities, { 'iam/json-syntax': 'error' });
    assert.equal(s.ignored, false);
    assert.equal(s.config, named);
    assert.equal(settingsForFile(at('buckets/b.json'), cache, {}, named).policyType, undefined);
  });
});
