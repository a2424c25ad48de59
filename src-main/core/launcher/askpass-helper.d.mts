export type AskpassReply = { ok: true; secret: string } | { ok: true; answer: string } | { ok: false; error: string; mismatch?: boolean };

/** Asks on the controlling terminal; undefined where there is none. */
export function askOnTerminal(prompt: string, options?: { confirm?: boolean }): string | undefined;

/** Whether a prompt is ssh's yes/no confirmation (echoed when asked on the terminal). */
export function isConfirmation(prompt: string): boolean;

/** A word for lftp's command parser ("…" with backslash escapes). */
export function lftpQuote(value: string): string;

export function requestSecret(request: {
  socketPath: string;
  token: string;
  prompt: string;
  timeoutMs?: number;
}): Promise<AskpassReply>;

export function runAskpassHelper(io: {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}): Promise<number>;
