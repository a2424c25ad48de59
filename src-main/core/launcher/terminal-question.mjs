// @ts-check
/**
 * Questions on the controlling terminal, shared by the askpass helper (a
 * program of its own, run by ssh) and `sesame connect`. A module of its own
 * so that bundlers can share it without pulling the helper's program code
 * into a chunk (where its "am I the program being run?" check would fail).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * Asks a question Sesame does not answer (first-time host key, a prompt for
 * something it does not hold) on the controlling terminal, as ssh itself would
 * without SSH_ASKPASS_REQUIRE=force. Only a yes/no confirmation is echoed;
 * anything else may be a password or a one-time code, so echo is off while it
 * is typed (stty on the terminal, restored afterwards). Returns undefined where
 * there is no terminal (a GUI launch, Windows, a test's pipes).
 * @param {string} prompt
 * @param {{ confirm?: boolean }} [options]
 * @returns {string | undefined}
 */
export function askOnTerminal(prompt, { confirm = isConfirmation(prompt) } = {}) {
  if (process.platform === 'win32') return undefined;
  let fd;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  const stty = (/** @type {string} */ mode) => spawnSync('stty', [mode], { stdio: [fd, 'ignore', 'ignore'] }).status === 0;
  const hidden = !confirm && stty('-echo');
  if (!confirm && !hidden) {
    closeSync(fd);
    return undefined; // cannot hide what would be typed: refuse rather than show a secret
  }
  try {
    writeSync(fd, prompt);
    const bytes = [];
    const one = Buffer.alloc(1);
    while (readSync(fd, one, 0, 1, null) === 1 && one[0] !== 0x0a) bytes.push(one[0]);
    return Buffer.from(bytes).toString('utf8').replace(/\r$/, '');
  } catch {
    return undefined;
  } finally {
    if (hidden) {
      stty('echo');
      writeSync(fd, '\n');
    }
    closeSync(fd);
  }
}

/** ssh's yes/no questions (host keys), which are safe, and useful, to echo. */
export function isConfirmation(prompt) {
  return process.env.SSH_ASKPASS_PROMPT === 'confirm' || /continue connecting|\(yes\/no/i.test(prompt);
}

