import { askOnTerminal } from '../core/launcher/terminal-question.mjs';
import type { HostKeyQuestion } from '../core/launcher/askpass-prompts';
import type { CliIo } from './io';
import { cliText } from './messages';

export interface TerminalAsk {
  /** Asks on the controlling terminal (POSIX /dev/tty); undefined where there is none. */
  tty(prompt: string): string | undefined;
}

const posixTerminal: TerminalAsk = { tty: (prompt) => askOnTerminal(prompt, { confirm: true }) };

/** "yes" as ssh takes it, and the Korean "예"/"네" for a question asked in Korean. */
export const yes = /^(y(es)?|예|네)$/i;

/** One line from a console stdin (Windows has no /dev/tty; ssh waits on askpass meanwhile). */
function lineFromStdin(io: CliIo): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const newline = text.search(/\r?\n/);
      if (newline === -1) return;
      io.stdin.removeListener('data', onData);
      // Stop reading at once: what is typed next belongs to ssh.
      io.stdin.pause();
      resolve(text.slice(0, newline));
    };
    io.stdin.on('data', onData);
    io.stdin.resume();
  });
}

/**
 * ssh's host-key question, asked by `sesame connect` on its own terminal. With
 * a saved password ssh sends the question to Sesame's helper (it is forced to
 * use askpass), and on Windows that helper has no console to ask on; so the
 * CLI shows ssh's text with the fingerprint and takes the answer itself —
 * "yes" (or the fingerprint, as ssh accepts) trusts the key, anything else
 * does not. Never a silent "no": without a terminal it says what to do.
 */
export function askHostKeyOnCli(io: CliIo, terminal: TerminalAsk = posixTerminal) {
  return async (question: HostKeyQuestion): Promise<boolean> => {
    io.err(`\n${question.text.replace(/\s*Are you sure you want to continue connecting.*$/s, '')}\n`);
    const t = cliText(io.env);
    const prompt = t('connect.hostKey.ask');
    let answer = process.platform === 'win32' ? undefined : terminal.tty(prompt);
    if (answer === undefined && io.stdinIsTTY) {
      io.err(prompt);
      answer = await lineFromStdin(io);
    }
    if (answer === undefined) {
      io.err(`sesame connect: ${t('connect.hostKey.noTerminal')}\n`);
      return false;
    }
    const word = answer.trim();
    return yes.test(word) || (question.fingerprint !== undefined && word === question.fingerprint);
  };
}
