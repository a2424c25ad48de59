/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** A subcommand: returns the process exit code. */
export interface CliCommand {
  name: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every subcommand (documented in `sesame --help`). */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
} as const;
