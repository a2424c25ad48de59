// @ts-check
/**
 * The SSH_ASKPASS program: plain Node (no build step, no dependencies), run by
 * ssh with the prompt as argv[2]. It asks Sesame's askpass server for the
 * secret with the single-use token from its environment, prints it on stdout
 * (which ssh reads) and exits 0; anything else exits non-zero with a reason
 * on stderr, and ssh then fails or falls back to asking in the terminal.
 *
 * The secret is only ever in this process's memory and the pipe to ssh — never
 * in argv, the environment or a file.
 */
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';
import { askOnTerminal, isConfirmation } from './terminal-question.mjs';

export { askOnTerminal, isConfirmation };

/** How long the helper waits for Sesame: a host-key question waits for the user; a secret comes at once. */
const secretTimeoutMs = 10_000;
const questionTimeoutMs = 120_000;

/**
 * @param {{ socketPath: string; token: string; prompt: string; timeoutMs?: number }} request
 * @returns {Promise<{ ok: true; secret: string } | { ok: true; answer: string } | { ok: false; error: string; mismatch?: boolean }>}
 */
export function requestSecret({ socketPath, token, prompt, timeoutMs = isConfirmation(prompt) ? questionTimeoutMs : secretTimeoutMs }) {
  return new Promise((resolve) => {
    let answered = false;
    /** @param {{ ok: true; secret: string } | { ok: true; answer: string } | { ok: false; error: string }} result */
    const done = (result) => {
      if (answered) return;
      answered = true;
      socket.destroy();
      resolve(result);
    };
    const socket = connect(socketPath);
    let buffered = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: 'no answer from Sesame' }));
    socket.on('connect', () => socket.write(`${JSON.stringify({ token, prompt })}\n`));
    socket.on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      try {
        const reply = JSON.parse(buffered.slice(0, newline));
        if (reply && reply.ok === true && typeof reply.secret === 'string') done({ ok: true, secret: reply.secret });
        else if (reply && reply.ok === true && (reply.answer === 'yes' || reply.answer === 'no')) done({ ok: true, answer: reply.answer });
        else done({ ok: false, error: typeof reply?.error === 'string' ? reply.error : 'refused', ...(reply?.mismatch === true ? { mismatch: true } : {}) });
      } catch {
        done({ ok: false, error: 'malformed reply' });
      }
    });
    socket.on('error', (error) => done({ ok: false, error: `cannot reach Sesame (${/** @type {NodeJS.ErrnoException} */ (error).code ?? error.message})` }));
    socket.on('close', () => done({ ok: false, error: 'Sesame closed the connection' }));
  });
}

/**
 * An lftp command line word: lftp's parser takes "…" with backslash escapes
 * (checked against lftp 4.9: `user "a\"b\\c" …` logs in as a"b\c).
 * @param {string} value
 */
export function lftpQuote(value) {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * lftp mode (`askpass --lftp USER`), run by lftp's `source -e`: prints the
 * lftp command that logs in, so the password goes from Sesame through this
 * pipe into lftp's memory and never into any environment. Without the
 * secret it prints `user "USER"` alone and lftp asks for the password itself.
 * @param {string} user
 * @param {{ socketPath: string; token: string }} channel
 * @param {{ stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown } }} io
 */
async function runLftpMode(user, channel, io) {
  const result = await requestSecret({ ...channel, prompt: `sesame-lftp-login ${user}` });
  if (result.ok && 'secret' in result) {
    io.stdout.write(`user ${lftpQuote(user)} ${lftpQuote(result.secret)}\n`);
  } else {
    io.stderr.write(`sesame-askpass: ${result.ok ? 'unexpected answer' : result.error}; lftp will ask for the password\n`);
    io.stdout.write(`user ${lftpQuote(user)}\n`);
  }
  return 0;
}

/**
 * The whole program, callable from another entry point (on Windows the Sesame
 * executable itself runs this when started with the askpass variables).
 * @param {{ argv: readonly string[]; env: Record<string, string | undefined>; stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown } }} io
 * @returns {Promise<number>} the exit code
 */
export async function runAskpassHelper({ argv, env, stdout, stderr }) {
  const socketPath = env.SESAME_ASKPASS_SOCKET;
  const token = env.SESAME_ASKPASS_TOKEN;
  if (!socketPath || !token) {
    stderr.write('sesame-askpass: SESAME_ASKPASS_SOCKET and SESAME_ASKPASS_TOKEN must be set\n');
    return 2;
  }
  if (argv[0] === '--lftp' && typeof argv[1] === 'string' && argv.length === 2) {
    return runLftpMode(argv[1], { socketPath, token }, { stdout, stderr });
  }
  const prompt = argv[0] ?? '';
  const result = await requestSecret({ socketPath, token, prompt });
  if (result.ok && 'answer' in result) {
    stdout.write(`${result.answer}\n`);
    return 0;
  }
  if (!result.ok && result.mismatch) {
    const answer = askOnTerminal(prompt);
    if (answer !== undefined) {
      stdout.write(`${answer}\n`);
      return 0;
    }
    if (isConfirmation(prompt)) {
      // Never a silent "no": say what failed and what to do.
      stderr.write(
        'sesame-askpass: ssh asks whether to trust this server\'s host key and there is no terminal to ask on; ' +
          'connect once from the Sesame app or with "sesame connect" in a terminal to answer it, ' +
          'or add the key to known_hosts (ssh-keyscan).\n',
      );
      return 1;
    }
  }
  if (!result.ok) {
    stderr.write(`sesame-askpass: ${result.error}\n`);
    return 1;
  }
  stdout.write(`${result.secret}\n`);
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const code = await runAskpassHelper({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  // Let stdout drain before leaving: ssh reads the secret from the pipe.
  process.exitCode = code;
}
