import { randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { isHostKeyQuestion, parseHostKeyQuestion, promptMatches, type HostKeyQuestion, type PromptExpectation } from './askpass-prompts';

/**
 * The main-process half of SSH_ASKPASS: a private channel that hands one
 * secret, once, to whoever presents a random single-use token and the exact
 * prompt of the expected destination (see askpass-prompts.ts), then closes.
 *
 * - POSIX: a unix socket inside a fresh 0700 directory, so only this user can
 *   even connect; the token guards against this user's other processes racing ssh.
 * - Windows: a named pipe `\\.\pipe\sesame-askpass-<random>`. Its default DACL
 *   is not a barrier: it grants the creator, SYSTEM and Administrators full
 *   access and Everyone and the anonymous account read access, and a pipe
 *   server also accepts remote (SMB) clients unless told otherwise. What
 *   protects the secret is the token: nothing is sent before a client has
 *   written the right one, the name is random, and the server gives up after
 *   a few wrong tokens.
 *
 * The token travels in the client's environment (readable only by the same user
 * via /proc/PID/environ or the Windows process token); the secret never does.
 *
 * Protocol: one JSON line each way. Request `{"token","prompt"}`; reply
 * `{"ok":true,"secret"}`, `{"ok":true,"answer"}` (a host-key question the
 * user answered through Sesame) or `{"ok":false,"error"[,"mismatch"]}`.
 */

export type SecretKind = 'password' | 'passphrase';
export type AskpassOutcome = 'delivered' | 'expired' | 'closed' | 'refused';

/** What the run wants to hear about while ssh asks (set by the connector for one launch). */
export interface AskpassHooks {
  /** A prompt that did not get the secret (a ProxyJump hop's, a foreign one): the user should know. */
  onRefused?(prompt: string): void;
  /**
   * ssh's host-key question, asked of the user by Sesame (app dialog, CLI
   * terminal); true answers "yes". Without it the helper asks on its own
   * terminal, and where it has none (Windows) the question fails with the fix.
   */
  confirmHostKey?(question: HostKeyQuestion): Promise<boolean>;
}

export interface AskpassServerOptions {
  secret: string;
  /** The one prompt the secret may go to (ssh asks askpass for hops, keys and host keys too). */
  expect: PromptExpectation;
  hooks?: AskpassHooks;
  platform: NodeJS.Platform;
  /** Parent for the private directory on POSIX (os.tmpdir()). */
  tmpDir: string;
  /** The token expires, and the server closes, after this long. */
  timeoutMs?: number;
  /** Wrong tokens tolerated before the server gives up (someone is guessing). */
  maxFailures?: number;
  randomBytes?: (size: number) => Buffer;
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
}

export interface AskpassServer {
  /** Unix socket path or Windows pipe name. */
  readonly socketPath: string;
  readonly token: string;
  /** The 0700 directory holding the socket (POSIX); callers may put the wrapper script here. */
  readonly dir: string | undefined;
  /** SESAME_ASKPASS_SOCKET and SESAME_ASKPASS_TOKEN for the helper. */
  readonly env: Record<string, string>;
  /** Settles once everything is gone: delivered, expired (timeout), refused (too many bad tokens) or closed (by close()). */
  readonly outcome: Promise<AskpassOutcome>;
  close(): Promise<void>;
}

export const defaultAskpassTimeoutMs = 120_000;
const maxRequestBytes = 8192;

export async function startAskpassServer(options: AskpassServerOptions): Promise<AskpassServer> {
  const random = options.randomBytes ?? nodeRandomBytes;
  const timers = options.timers ?? { setTimeout, clearTimeout };
  const token = random(32).toString('base64url');
  const tokenBuffer = Buffer.from(token);
  let dir: string | undefined;
  let socketPath: string;
  if (options.platform === 'win32') {
    socketPath = `\\\\.\\pipe\\sesame-askpass-${random(16).toString('hex')}`;
  } else {
    // mkdtemp creates the directory 0700 already; chmod again in case of an odd umask-ignoring filesystem, then verify.
    dir = await mkdtemp(join(options.tmpDir, 'sesame-askpass-'));
    await chmod(dir, 0o700);
    const mode = (await stat(dir)).mode & 0o777;
    if (mode !== 0o700) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`askpass directory ${dir} has mode ${mode.toString(8)}, expected 700`);
    }
    socketPath = join(dir, 'socket');
  }

  let settle!: (outcome: AskpassOutcome) => void;
  const outcome = new Promise<AskpassOutcome>((resolve) => (settle = resolve));
  let done = false;
  let failures = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: false }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(5000, () => socket.destroy());
    handle(socket);
  });

  const finish = async (why: AskpassOutcome, keep?: Socket): Promise<void> => {
    if (done) return;
    done = true;
    timers.clearTimeout(timer);
    // Stop accepting at once; the connection being answered (keep) may still flush its reply.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) if (s !== keep) s.destroy();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    await closed;
    settle(why);
  };
  const timer = timers.setTimeout(() => void finish('expired'), options.timeoutMs ?? defaultAskpassTimeoutMs);
  (timer as { unref?: () => void }).unref?.();

  function reply(socket: Socket, body: { ok: true; secret: string } | { ok: true; answer: 'yes' | 'no' } | { ok: false; error: string; mismatch?: boolean }): void {
    socket.end(`${JSON.stringify(body)}\n`);
  }

  function handle(socket: Socket): void {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > maxRequestBytes) {
        socket.destroy();
        return;
      }
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      socket.removeAllListeners('data');
      answer(socket, buffered.slice(0, newline));
    });
  }

  function answer(socket: Socket, line: string): void {
    let request: { token?: unknown; prompt?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      return reply(socket, { ok: false, error: 'malformed request' });
    }
    if (done) return reply(socket, { ok: false, error: 'already used or expired' });
    const given = Buffer.from(typeof request.token === 'string' ? request.token : '');
    if (given.length !== tokenBuffer.length || !timingSafeEqual(given, tokenBuffer)) {
      failures += 1;
      reply(socket, { ok: false, error: 'wrong token' });
      if (failures >= (options.maxFailures ?? 3)) void finish('refused', socket);
      return;
    }
    const prompt = typeof request.prompt === 'string' ? request.prompt : '';
    const confirm = options.hooks?.confirmHostKey;
    if (isHostKeyQuestion(prompt) && confirm !== undefined) {
      // The user may take a while to compare a fingerprint; the run's own timeout still applies.
      socket.setTimeout(0);
      void confirm(parseHostKeyQuestion(prompt)).then(
        (yes) => (done ? socket.destroy() : reply(socket, { ok: true, answer: yes ? 'yes' : 'no' })),
        () => reply(socket, { ok: true, answer: 'no' }),
      );
      return;
    }
    if (!promptMatches(options.expect, prompt)) {
      // Not consumed: ssh may ask the host-key question first and the password next,
      // and a hop's password is the user's to type.
      if (!isHostKeyQuestion(prompt)) options.hooks?.onRefused?.(prompt);
      return reply(socket, { ok: false, mismatch: true, error: 'not the prompt Sesame holds the secret for; answer it in the terminal' });
    }
    reply(socket, { ok: true, secret: options.secret });
    void finish('delivered', socket);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => void finish('closed'));

  return {
    socketPath,
    token,
    dir,
    env: { SESAME_ASKPASS_SOCKET: socketPath, SESAME_ASKPASS_TOKEN: token },
    outcome,
    close: () => finish('closed'),
  };
}
