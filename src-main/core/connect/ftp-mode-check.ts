import net from 'node:net';
import { passiveOfferDetail, passivePort, type FtpReply } from '../diagnostics/ftp-passive';
import type { PinnedTarget } from '../net/types';

export { passivePort } from '../diagnostics/ftp-passive';

export interface FtpCheckRequest {
  target: PinnedTarget;
  port: number;
  user: string;
  password: string;
  /** How long the passive data port may stay silent before it counts as blocked. */
  dataTimeoutMs?: number;
  /** The whole check's deadline: a server that stalls mid-login must not hang the connect. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface FtpVerdict {
  mode: 'passive' | 'active';
  /** For the progress line of `ftpMode: auto` (the mode Sesame picked, and why). */
  reason: string;
  dataPort?: number;
  /**
   * When passive mode cannot work (the offered data port did not answer, or the
   * server refused PASV/EPSV): the server's own reply (see passiveOfferDetail),
   * the diagnosis detail of a forced-passive profile.
   */
  blockedOffer?: string;
}

export type FtpModeChecker = (request: FtpCheckRequest) => Promise<FtpVerdict>;

type Reply = FtpReply;

/** Reads FTP replies, including multi-line ones ("227-…" … "227 …"). */
function replyReader(socket: net.Socket) {
  let buffer = '';
  const waiting: Array<(reply: Reply | Error) => void> = [];
  const ready: Array<Reply | Error> = [];
  let current: string[] = [];
  const push = (item: Reply | Error) => {
    const next = waiting.shift();
    if (next) next(item);
    else ready.push(item);
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      current.push(line);
      const match = /^(\d{3})([ -])/.exec(line);
      if (match && match[2] === ' ' && (current.length === 1 || current[0]?.startsWith(match[1] ?? ''))) {
        push({ code: Number(match[1]), text: current.join('\n') });
        current = [];
      }
    }
  });
  socket.on('error', (error) => push(error));
  socket.on('close', () => push(new Error('the server closed the control connection')));
  return (): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const settle = (item: Reply | Error) => (item instanceof Error ? reject(item) : resolve(item));
      const item = ready.shift();
      if (item) settle(item);
      else waiting.push(settle);
    });
}

function tryConnect(host: string, port: number, family: 4 | 6, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, family });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

// Only `auto` falls back to active; a forced-passive profile gets the diagnosis instead (blockedOffer).
const passiveBlocked = (port: number) =>
  `The server offered passive data port ${port}, but it did not answer: its firewall drops the passive port range. ` +
  'Sesame uses active mode instead. To use passive mode, open the range set by pasv_min_port–pasv_max_port (vsftpd, ' +
  `it contains ${port}) in the server firewall, or attach the conntrack FTP helper with a rule (since Linux 4.7 loading ` +
  'nf_conntrack_ftp alone no longer makes the firewall follow FTP data connections).';

/**
 * `ftpMode: auto`: after the knock, log in, ask for a passive data port and try
 * to reach it. If it is filtered, active mode is the one that will work, and the
 * user is told what to open on the server. The data connection goes to the
 * pinned address, not the one in the PASV reply: servers behind NAT often
 * announce a private address (lftp's ftp:fix-pasv-address does the same).
 */
export function createFtpModeChecker(): FtpModeChecker {
  return async ({ target, port, user, password, dataTimeoutMs = 2000, timeoutMs = 10_000, signal }) => {
    const socket = net.connect({ host: target.address, port, family: target.family });
    // Past the deadline (or on cancel) the socket is destroyed, which fails the pending reply read.
    const stop = (): void => void socket.destroy(new Error('the FTP server did not finish the check in time'));
    const deadline = setTimeout(stop, timeoutMs);
    signal?.addEventListener('abort', stop, { once: true });
    const next = replyReader(socket);
    const send = (line: string) => socket.write(`${line}\r\n`);
    try {
      const greeting = await next();
      if (greeting.code !== 220) return { mode: 'passive', reason: `Unexpected FTP greeting (${greeting.code}); passive mode kept.` };
      send(`USER ${user}`);
      let reply = await next();
      if (reply.code === 331) {
        send(`PASS ${password}`);
        reply = await next();
      }
      if (reply.code !== 230) return { mode: 'passive', reason: `Could not log in to test the data connection (${reply.code}); passive mode kept.` };
      const passiveCommand = target.family === 6 ? 'EPSV' : 'PASV';
      send(passiveCommand);
      reply = await next();
      const dataPort = passivePort(reply);
      if (dataPort === undefined) {
        return { mode: 'active', reason: `The server refused passive mode (${reply.code}): using active mode.`, blockedOffer: passiveOfferDetail(passiveCommand, reply) };
      }
      const reachable = await tryConnect(target.address, dataPort, target.family, dataTimeoutMs);
      send('QUIT');
      return reachable
        ? { mode: 'passive', reason: `Passive data port ${dataPort} answered: using passive mode.`, dataPort }
        : { mode: 'active', reason: passiveBlocked(dataPort), dataPort, blockedOffer: passiveOfferDetail(passiveCommand, reply) };
    } catch (error) {
      // The check is advice, not a gate: if it cannot finish, the client still gets its chance.
      return { mode: 'passive', reason: `The data connection could not be tested (${(error as Error).message}); passive mode kept.` };
    } finally {
      clearTimeout(deadline);
      signal?.removeEventListener('abort', stop);
      socket.destroy();
    }
  };
}
