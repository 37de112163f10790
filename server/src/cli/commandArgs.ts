// Argument parsing shared by the CLI subcommands: node's parseArgs, with a usage error on bad options and the
// usage text on --help, so each subcommand only handles what it was given.

import { parseArgs, type ParseArgsConfig } from 'node:util';
// Type-only import: main.ts reaches this module through the subcommand registry, so a value import would be circular.
import type { CliIo } from './command';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;

/**
 * Parses `args` against `options` (which should declare `help`). Returns the parsed values, or the exit code
 * once it has printed `usage`: 2 (bad usage) after an unknown or malformed option (on stderr, after the error),
 * 0 for --help (on stdout).
 */
export function parseCommandArgs<O extends OptionsConfig>(
  command: string,
  usage: string,
  args: readonly string[],
  options: O,
  io: CliIo,
): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options });
  } catch (error) {
    io.stderr(`grantcheck ${command}: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(usage);
    return 0;
  }
  return parsed;
}
