// What every CLI command shares: the I/O it writes to, its exit codes and the subcommand shape (a leaf module, so commands never import main.ts).

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a colour terminal. */
  color: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface Subcommand {
  summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
