import type { KnockStep } from '../../contract/schemas/common';
import { isLocalNetworkFailure } from '../diagnostics/classify';
import { errorCode, type Clock, type PinnedTarget, type SocketFactory } from '../net/types';

/** A knock that could not leave this machine (no route, local firewall). */
export class KnockSendError extends Error {
  override readonly name = 'KnockSendError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * How long a TCP knock's socket is kept before it is abandoned. It must outlive
 * the connect() syscall, which Node issues on process.nextTick (`connect` +
 * `destroy` in the same tick sends nothing), and die well before the kernel's
 * first SYN retransmit at ~1 s, which knockd would count as a duplicate knock.
 * A timer cannot fire before the nextTick queue has run, so 1 ms is enough: the
 * SYN leaves inside connect(), and closing a SYN_SENT socket sends nothing.
 */
export const defaultTcpHoldMs = 1;

export function udpPayloadBytes(step: KnockStep): Uint8Array {
  if (!step.payload) return new Uint8Array(0);
  if (step.payload.encoding === 'text') return new TextEncoder().encode(step.payload.data);
  const hex = step.payload.data;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Exactly one SYN: a non-blocking connect, abandoned after it went out. */
export function sendTcpKnock(
  sockets: SocketFactory,
  clock: Clock,
  target: PinnedTarget,
  port: number,
  holdMs = defaultTcpHoldMs,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = sockets.connectTcp({ host: target.address, port, family: target.family });
    let done = false;
    const finish = (error?: KnockSendError): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      // Closing a SYN_SENT socket sends nothing; closing after a refusal sends nothing either.
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = clock.setTimeout(() => finish(), holdMs);
    socket.on('error', (error) => {
      const code = errorCode(error);
      // Refused (RST) is the normal answer of a closed knock port; only
      // "cannot send at all" errors mean the knock never left.
      if (isLocalNetworkFailure(code) || code === 'EPERM' || code === 'EACCES') {
        finish(new KnockSendError(`TCP knock to port ${port} could not be sent: ${error.message}`, code));
      } else {
        finish();
      }
    });
    // A knock port that accepts (unusual) has seen its SYN; nothing more to wait for.
    socket.on('connect', () => finish());
  });
}

/** One datagram (zero-length allowed: it still goes on the wire). */
export function sendUdpKnock(sockets: SocketFactory, target: PinnedTarget, step: KnockStep): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = sockets.createUdp(target.family);
    let done = false;
    const finish = (error?: Error | null): void => {
      if (done) return;
      done = true;
      socket.close();
      if (error) reject(new KnockSendError(`UDP knock to port ${step.port} could not be sent: ${error.message}`, errorCode(error)));
      else resolve();
    };
    socket.on('error', (error) => finish(error));
    socket.send(udpPayloadBytes(step), step.port, target.address, (error) => finish(error));
  });
}
