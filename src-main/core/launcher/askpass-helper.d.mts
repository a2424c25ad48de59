export type AskpassReply = { ok: true; secret: string } | { ok: false; error: string };

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
