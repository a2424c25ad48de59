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
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';

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

/**
 * @param {{ socketPath: string; token: string; prompt: string; timeoutMs?: number }} request
 * @returns {Promise<{ ok: true; secret: string } | { ok: false; error: string; mismatch?: boolean }>}
 */
export function requestSecret({ socketPath, token, prompt, timeoutMs = 10_000 }) {
  return new Promise((resolve) => {
    let answered = false;
    /** @param {{ ok: true; secret: string } | { ok: false; error: string }} result */
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
  const prompt = argv[0] ?? '';
  const result = await requestSecret({ socketPath, token, prompt });
  if (!result.ok && result.mismatch) {
    const answer = askOnTerminal(prompt);
    if (answer !== undefined) {
      stdout.write(`${answer}\n`);
      return 0;
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
