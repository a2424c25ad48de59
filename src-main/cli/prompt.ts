import type { CliIo } from './io';

/** One visible line from the terminal (y/N questions); undefined at end of input. */
export async function readAnswer(io: CliIo, prompt: string): Promise<string | undefined> {
  io.err(prompt);
  const stdin = io.stdin;
  stdin.resume();
  try {
    return await new Promise<string | undefined>((resolve) => {
      let text = '';
      const finish = (value: string | undefined) => {
        stdin.removeListener('data', onData);
        stdin.removeListener('end', onEnd);
        resolve(value);
      };
      const onData = (chunk: Buffer | string) => {
        text += chunk.toString();
        const newline = text.search(/\r?\n/);
        if (newline >= 0) finish(text.slice(0, newline));
      };
      const onEnd = () => finish(undefined);
      stdin.on('data', onData);
      stdin.on('end', onEnd);
    });
  } finally {
    stdin.pause();
  }
}

/** A yes to a [y/N] question: "y" or "yes", and the Korean 예/네 (any case, spaces around). */
export function isYes(answer: string | undefined): boolean {
  return /^(y|yes|예|네)$/i.test(answer?.trim() ?? '');
}
