export type AskpassReply = { ok: true; secret: string } | { ok: false; error: string; mismatch?: boolean };

/** Asks on the controlling terminal; undefined where there is none. */
export function askOnTerminal(prompt: string): string | undefined;

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
