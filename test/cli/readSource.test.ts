// How the CLI reads a file (cli/lintFiles.ts readSource): one open file, its size from fstat (the limit is checked
// before anything is read), its bytes kept as read, and the text decoded as the editor would.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI_MAX_FILE_BYTES, lintPaths, readSource, type RunProblem } from '../../server/src/cli/lintFiles';
import { sharedIamData } from '../../server/src/node/iamDataFiles';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-read-'));
  fs.mkdirSync(path.join(dir, '.git'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function put(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::é-reports/*' }] }, null, 2);

describe('readSource', () => {
  it('reads every byte of a file and decodes it, keeping the bytes it read', () => {
    const file = put('p.policy.json', POLICY);
    const problems: RunProblem[] = [];
    const read = readSource(file, { problems });
    assert.deepEqual(problems, []);
    assert.equal(read?.text, POLICY);
    assert.deepEqual(read?.source.bytes, fs.readFileSync(file));
    assert.equal(read?.source.encoding, 'utf-8');
    assert.equal(read?.source.bom, false);
  });

  it('reads an empty file as empty text', () => {
    const read = readSource(put('empty.json', ''), { problems: [] });
    assert.equal(read?.text, '');
    assert.equal(read?.source.bytes.length, 0);
  });

  it('reads a file whose size fstat does not give (a /proc file) to its end', { skip: !fs.existsSync('/proc/self/status') }, () => {
    assert.equal(fs.statSync('/proc/self/status').size, 0, 'the premise: /proc files say they are empty');
    const read = readSource('/proc/self/status', { problems: [] });
    assert.match(read?.text ?? '', /^Name:/m);
  });

  it('decodes one invalid file without changing how the next valid one is decoded (the decoders are shared)', () => {
    const problems: RunProblem[] = [];
    const bad = readSource(put('bad.json', Buffer.from([0x7b, 0xff, 0x7d])), { problems });
    assert.equal(bad?.text, '{\ufffd}');
    assert.equal(bad?.source.lossy, true);
    const good = readSource(put('good.json', `\ufeff${POLICY}`), { problems });
    assert.equal(good?.text, POLICY);
    assert.equal(good?.source.bom, true);
    assert.equal(good?.source.lossy, false);
    assert.equal(problems.length, 1, 'only the invalid file is reported');
  });

  it('skips a file over the size limit without reading it, and says so', () => {
    const file = path.join(dir, 'huge.policy.json');
    // A sparse file: its size without its bytes on disk.
    fs.writeFileSync(file, '');
    fs.truncateSync(file, CLI_MAX_FILE_BYTES + 1);
    const problems: RunProblem[] = [];
    assert.equal(readSource(file, { problems }), undefined);
    assert.deepEqual(problems, [{ file, message: `Skipped ${file}: 50.0 MB is larger than the 50 MB limit.` }]);
    fs.rmSync(file);
  });

  it('reports a file that cannot be opened with the reason', () => {
    const file = path.join(dir, 'gone.json');
    const problems: RunProblem[] = [];
    assert.equal(readSource(file, { problems }), undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^Cannot read .*gone\.json: ENOENT/);
  });
});

describe('the walk', () => {
  it('lints the regular files a directory lists (without a stat of each) and applies ignore globs to them', () => {
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(tree, '.grantcheck.json'), JSON.stringify({ ignore: ['skip.policy.json', 'sub/b.policy.json'] }));
    for (const name of ['a.policy.json', 'skip.policy.json', 'sub/b.policy.json', 'sub/c.policy.json']) fs.writeFileSync(path.join(tree, name), POLICY);
    const run = lintPaths([tree], { data: sharedIamData() });
    assert.deepEqual(
      run.results.map((r) => path.relative(tree, r.file).split(path.sep).join('/')),
      ['a.policy.json', 'sub/c.policy.json'],
    );
    assert.equal(run.filesRead, 3, 'the two policies and .grantcheck.json (a .json file of no kind, passed over)');
  });
});
