import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { abortReason } from '../net/abort';
import type { PinnedTarget } from '../net/types';

/**
 * Puts an SPA packet on the wire, the way the fwknop client does
 * (client/spa_comm.c): one UDP datagram; or a TCP connection that carries the
 * packet and closes (fwknopd sniffs the payload; its TCP server only accepts);
 * or an HTTP GET whose path is the packet with "+"→"-" and "/"→"_"
 * (ENABLE_SPA_OVER_HTTP on the server).
 */
export type SpaServerProto = 'udp' | 'tcp' | 'http';

export interface SpaSendResult {
  /** The local address the packet left from: what fwknopd sees as the source when no NAT is in between. */
  localAddress?: string;
  bytes: number;
}

export interface SpaTransport {
  send(target: PinnedTarget, port: number, proto: SpaServerProto, data: string, signal?: AbortSignal): Promise<SpaSendResult>;
}

/** A local error on the way out (no route, refused TCP…), with Node's code for the diagnosis. */
export class SpaSendError extends Error {
  override readonly name = 'SpaSendError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** fwknopd accepts SPA over HTTP from this agent by default (ALLOW_ANY_USER_AGENT N wants "Fwknop"). */
export const HTTP_USER_AGENT = 'Fwknop/2.6.10';

export function httpRequest(data: string, host: string): string {
  const path = data.replace(/\+/g, '-').replace(/\//g, '_');
  return `GET /${path} HTTP/1.1\r\nUser-Agent: ${HTTP_USER_AGENT}\r\nAccept: */*\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
}

const TCP_TIMEOUT_MS = 5_000;

function sendUdp(target: PinnedTarget, port: number, data: Buffer): Promise<SpaSendResult> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(target.family === 6 ? 'udp6' : 'udp4');
    const fail = (error: NodeJS.ErrnoException): void => {
      socket.close();
      reject(new SpaSendError(`Could not send the SPA packet: ${error.message}`, error.code));
    };
    socket.once('error', fail);
    // Connected first, so the kernel picks the route now and address() names the real source.
    socket.connect(port, target.address, () => {
      const localAddress = socket.address().address;
      socket.send(data, (error) => {
        if (error) {
          fail(error);
          return;
        }
        socket.close();
        resolve({ bytes: data.length, localAddress });
      });
    });
  });
}

function sendTcp(target: PinnedTarget, port: number, data: Buffer, signal?: AbortSignal): Promise<SpaSendResult> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.address, port, family: target.family });
    let localAddress: string | undefined;
    let settled = false;
    const finish = (error?: SpaSendError | unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve({ bytes: data.length, ...(localAddress ? { localAddress } : {}) });
    };
    const onAbort = (): void => finish(abortReason(signal as AbortSignal));
    const timer = setTimeout(() => finish(new SpaSendError(`No TCP connection to ${target.address}:${port} within ${TCP_TIMEOUT_MS / 1000} s`, 'ETIMEDOUT')), TCP_TIMEOUT_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      localAddress = socket.localAddress;
      // end() after write: the payload goes out before our FIN, as the C client's send() then close().
      socket.end(data, () => finish());
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish(new SpaSendError(`Could not send the SPA packet over TCP: ${error.message}`, error.code)));
  });
}

export const nodeSpaTransport: SpaTransport = {
  send(target, port, proto, data, signal) {
    signal?.throwIfAborted();
    if (proto === 'udp') return sendUdp(target, port, Buffer.from(data, 'latin1'));
    const payload = proto === 'http' ? httpRequest(data, target.host) : data;
    return sendTcp(target, port, Buffer.from(payload, 'latin1'), signal);
  },
};

/** Raised instead of sending a packet that already went out once: fwknopd would only log a replay. */
export class SpaReplayError extends Error {
  override readonly name = 'SpaReplayError';
}

/**
 * The packets this process sent (SHA-256 of the bytes, as fwknopd's replay
 * cache keys them). Every build draws a fresh random value and salt, so a
 * repeat is a bug; this makes "never resend a byte-identical packet" a
 * guarantee rather than a probability.
 */
export interface SentPackets {
  /** Records `data` as sent; throws SpaReplayError when it was sent before. */
  claim(data: string): string;
  has(data: string): boolean;
  size(): number;
}

export function createSentPackets(limit = 4096): SentPackets {
  const seen = new Set<string>();
  const key = (data: string): string => createHash('sha256').update(data, 'latin1').digest('base64');
  return {
    claim(data) {
      const digest = key(data);
      if (seen.has(digest)) throw new SpaReplayError('This exact SPA packet was already sent once; fwknopd would refuse it as a replay. A fresh packet is built for every attempt.');
      seen.add(digest);
      // A Set iterates in insertion order: drop the oldest beyond the bound.
      if (seen.size > limit) seen.delete(seen.values().next().value as string);
      return digest;
    },
    has: (data) => seen.has(key(data)),
    size: () => seen.size,
  };
}

/** One registry for the whole process: the app, the tray, the CLI and every run share it. */
export const processSentPackets: SentPackets = createSentPackets();
