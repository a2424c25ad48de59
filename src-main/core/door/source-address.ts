import { createSocket } from 'node:dgram';
import type { PinnedTarget } from '../net/types';

/**
 * The local address the kernel picks toward `target`, without sending a
 * packet: `connect()` on a UDP socket only selects a route and a source
 * address (no datagram goes out until `send`), and `address()` then reports
 * it. Undefined when there is no route (network down, Wi-Fi between access
 * points): the caller compares the next answer with the last one it had.
 */
export function sourceAddressToward(target: Pick<PinnedTarget, 'address' | 'family'>, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
    const done = (address: string | undefined) => {
      try {
        socket.close();
      } catch {
        // already closed
      }
      resolve(address);
    };
    socket.on('error', () => done(undefined));
    try {
      socket.connect(port, target.address, () => {
        try {
          done(socket.address().address);
        } catch {
          done(undefined);
        }
      });
    } catch {
      done(undefined);
    }
  });
}
