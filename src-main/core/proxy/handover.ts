import type { Socket } from 'node:net';
import type { SocketFactory, TcpConnectOptions, TcpSocketLike } from '../net/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- net.Socket listeners take any arguments
type Listener = (...args: any[]) => void;

/**
 * Sockets for the port waiter that keep the winning connection.
 *
 * The waiter proves the door open with a real connection and then closes it;
 * opening a second one for the session would cost a round trip and leave
 * sshd a connection that says nothing (logged as "Connection closed … [preauth]",
 * counted by MaxStartups and fail2ban). So the first socket to connect is
 * handed over instead: the waiter's listeners are detached from it, its
 * `destroy()` becomes a no-op, and it is paused until the relay takes it —
 * not one byte of the server's greeting is lost. Every other attempt is
 * closed as usual. Use with `expect: 'none'` (ssh reads the banner itself).
 */
export function handoverSockets(connect: (options: TcpConnectOptions) => Socket): { sockets: SocketFactory; taken: () => Socket | undefined } {
  let winner: Socket | undefined;
  const sockets: SocketFactory = {
    connectTcp(options): TcpSocketLike {
      const socket = connect(options);
      const attached: [string, Listener][] = [];
      socket.once('connect', () => {
        if (winner) return;
        winner = socket;
        // The waiter hears "connect" (below, in registration order), then loses the socket.
        queueMicrotask(() => {
          for (const [event, listener] of attached) socket.removeListener(event, listener);
        });
        socket.pause();
      });
      const facade = {
        on(event: string, listener: Listener) {
          attached.push([event, listener]);
          socket.on(event, listener);
          // Data that arrives before the relay is attached stays in the socket's buffer.
          if (event === 'data' && winner === socket) socket.pause();
          return facade;
        },
        destroy() {
          if (winner !== socket) socket.destroy();
        },
      };
      return facade as unknown as TcpSocketLike;
    },
    createUdp: () => {
      throw new Error('handover sockets are TCP only');
    },
  };
  return { sockets, taken: () => winner };
}
