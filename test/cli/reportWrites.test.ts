// How a streamed report reaches stdout (cli/main.ts writeReport): in few large writes rather than one per file, and
// never after a message on stderr about a later file, so a terminal showing both keeps them in order.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-writes-'));
  fs.mkdirSync(path.join(dir, '.git'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const TYPO = (i: number): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjets', Resource: `arn:aws:s3:::b${i}/*` }] });

/** Runs the CLI, recording each write in order. */
async function recorded(args: string[]): Promise<{ status: number; writes: ['stdout' | 'stderr', string][] }> {
  const writes: ['stdout' | 'stderr', string][] = [];
  const status = await runCli(args, {
    stdout: (text) => void writes.push(['stdout', text]),
    stderr: (text) => void writes.push(['stderr', text]),
    color: false,
  });
  return { status, writes };
}

describe('the streamed report', () => {
  it('is written in a few pieces, not one write per file, and is the whole report', async () => {
    const tree = path.join(dir, 'many');
    fs.mkdirSync(tree);
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(tree, `p${String(i).padStart(3, '0')}.policy.json`), TYPO(i));
    const started = performance.now();
    const { status, writes } = await recorded(['--format', 'json', tree]);
    const elapsed = performance.now() - started;
    assert.equal(status, 1);
    const stdout = writes.filter(([stream]) => stream === 'stdout').map(([, text]) => text);
    const report = JSON.parse(stdout.join('')) as { file: string; diagnostics: unknown[] }[];
    assert.equal(report.length, 300);
    assert.ok(report.every((r) => r.diagnostics.length > 0), 'every file has its finding');
    // A piece is written at 64 KB or 100 ms after the oldest one held (cli/main.ts): on a loaded machine a run of
    // several seconds writes one piece per 100 ms at most, still far fewer than one per file.
    assert.ok(stdout.length < Math.max(30, Math.ceil(elapsed / 100) + 3), `${stdout.length} writes for 300 files in ${elapsed.toFixed(0)} ms`);
  });

  it('is written up to a file before a message on stderr about a later file', async () => {
    const tree = path.join(dir, 'ordered');
    fs.mkdirSync(tree);
    fs.writeFileSync(path.join(tree, 'a.policy.json'), TYPO(1));
    fs.writeFileSync(path.join(tree, 'b.policy.json'), Buffer.from([0x7b, 0x00, 0x7d]));
    fs.writeFileSync(path.join(tree, 'c.policy.json'), TYPO(3));
    const { writes } = await recorded([tree]);
    const at = (pattern: RegExp): number => writes.findIndex(([, text]) => pattern.test(text));
    const binary = at(/b\.policy\.json: it looks like a binary file/);
    assert.ok(binary >= 0, JSON.stringify(writes));
    assert.equal(writes[binary]![0], 'stderr');
    assert.ok(at(/a\.policy\.json/) < binary, 'the report of a.policy.json is written before the message about b');
    assert.ok(at(/c\.policy\.json/) > binary, 'and that of c.policy.json after it');
  });
});
