// The subcommands' shared argument handling (cli/commandArgs.ts): --help prints the usage, a bad option is a usage error.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandArgs } from '../../server/src/cli/commandArgs';
import type { CliIo } from '../../server/src/cli/command';
import { subcommands } from '../../server/src/cli/subcommands';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', color: false, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

const OPTIONS = { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

describe('parseCommandArgs', () => {
  it('returns the values and positionals', () => {
    const io = captureIo();
    const parsed = parseCommandArgs('demo', 'USAGE\n', ['--name', 'x', 'file.json'], OPTIONS, io);
    assert.notEqual(typeof parsed, 'number');
    if (typeof parsed === 'number') return;
    assert.equal(parsed.values.name, 'x');
    assert.deepEqual(parsed.positionals, ['file.json']);
    assert.equal(io.out + io.err, '');
  });

  it('prints the usage on stdout for -h and returns 0', () => {
    const io = captureIo();
    assert.equal(parseCommandArgs('demo', 'USAGE\n', ['-h'], OPTIONS, io), 0);
    assert.equal(io.out, 'USAGE\n');
    assert.equal(io.err, '');
  });

  it('prints the parse error and the usage on stderr for an unknown option and returns 2', () => {
    const io = captureIo();
    assert.equal(parseCommandArgs('demo', 'USAGE\n', ['--bogus'], OPTIONS, io), 2);
    assert.match(io.err, /^grantcheck demo: .*--bogus.*\n\nUSAGE\n$/);
    assert.equal(io.out, '');
  });

  for (const name of ['explain', 'new', 'verify']) {
    it(`grantcheck ${name} --help prints its usage; --bogus is a usage error`, async () => {
      const help = captureIo();
      assert.equal(await subcommands[name]!.run(['--help'], help), 0);
      assert.match(help.out, new RegExp(`^Usage: grantcheck ${name}`));
      const bad = captureIo();
      assert.equal(await subcommands[name]!.run(['--bogus'], bad), 2);
      assert.match(bad.err, new RegExp(`^grantcheck ${name}: .*--bogus[^]*Usage: grantcheck ${name}`));
    });
  }
});
