import dgram from 'node:dgram';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Clock, LookupFn, SocketFactory, TcpSocketLike, UdpSocketLike } from './types';

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const nodeSockets: SocketFactory = {
  connectTcp: ({ host, port, family }): TcpSocketLike => {
    // host is an IP literal, so Node skips its own lookup and cannot pick another family.
    const socket = net.connect({ host, port, family });
    return socket as unknown as TcpSocketLike;
  },
  createUdp: (family): UdpSocketLike => dgram.createSocket(family === 6 ? 'udp6' : 'udp4') as unknown as UdpSocketLike,
};

/**
 * The OS resolver (getaddrinfo: /etc/hosts, then DNS). `verbatim` keeps the
 * OS's order, so `auto` means "what `ssh` would have picked first".
 */
export const systemLookup: LookupFn = async (host, family) => {
  // An address is its own answer, as in dns.lookup (which returns a literal as it is, whatever family was asked),
  // without loading the resolver: that reads resolv.conf and nsswitch.conf first.
  const literal = net.isIP(host);
  if (literal !== 0) return { address: host, family: literal === 6 ? 6 : 4 };
  const { promises: dns } = await import('node:dns');
  const result = await dns.lookup(host, { family, verbatim: true });
  return { address: result.address, family: result.family === 6 ? 6 : 4 };
};
