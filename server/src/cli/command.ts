// What every CLI command shares: the I/O it writes to, its exit codes and the subcommand shape (a leaf module, so commands never import main.ts).

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a colour terminal (the environment's answer: NO_COLOR, FORCE_COLOR, TERM; see terminal.ts). */
  color: boolean;
  /** Bytes on stdout (`--stdin --fix` prints the fixed text in the input's encoding); `stdout` is used when absent. */
  stdoutBytes?: (bytes: Buffer) => void;
  /** Reads all of standard input (`--stdin`, `-`). */
  readStdin?: () => Promise<Buffer>;
  /** Whether to show a progress line on stderr for long runs (a terminal, not CI; see terminal.ts). */
  progress?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface Subcommand {
  summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
