import { EventEmitter } from 'node:events';
import type { Clock, IpFamily, LookupFn, SocketFactory, TcpConnectOptions, TcpSocketLike, UdpSocketLike } from '../../../src-main/core/net/types';

/** Lets every pending promise callback and nextTick run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A manual clock: nothing fires until the test advances it. */
export class FakeClock implements Clock {
  time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };
  pending(): number {
    return this.timers.size;
  }
  /** Fires due timers in time order, letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

const codeError = (code: string): Error => Object.assign(new Error(code), { code });

export class FakeTcpSocket extends EventEmitter implements TcpSocketLike {
  destroyed = false;
  destroyedAt: number | undefined;
  constructor(
    readonly options: TcpConnectOptions,
    readonly createdAt: number,
    private readonly clock: FakeClock,
  ) {
    super();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.destroyedAt = this.clock.now();
  }
  // Real sockets go quiet once destroyed.
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    return this.destroyed ? false : super.emit(event, ...args);
  }
  accept(): void {
    this.emit('connect');
  }
  refuse(code = 'ECONNREFUSED'): void {
    this.emit('error', codeError(code));
    this.emit('close');
  }
  say(text: string): void {
    this.emit('data', new TextEncoder().encode(text));
  }
  hangUp(): void {
    this.emit('end');
    this.emit('close');
  }
  reset(): void {
    this.emit('error', codeError('ECONNRESET'));
    this.emit('close');
  }
}

export class FakeUdpSocket extends EventEmitter implements UdpSocketLike {
  closed = false;
  sent: Array<{ bytes: Uint8Array; port: number; address: string }> = [];
  constructor(readonly family: IpFamily) {
    super();
  }
  send(message: Uint8Array, port: number, address: string, callback: (error: Error | null) => void): void {
    this.sent.push({ bytes: message, port, address });
    queueMicrotask(() => callback(null));
  }
  close(): void {
    this.closed = true;
  }
}

export interface Packet {
  protocol: 'tcp' | 'udp';
  address: string;
  family: IpFamily;
  port: number;
  at: number;
  bytes?: Uint8Array;
}

/**
 * Records every socket the code under test opens. `onTcp` decides how the
 * "network" answers (default: silence, like a DROP rule).
 */
export class FakeNet implements SocketFactory {
  readonly tcp: FakeTcpSocket[] = [];
  readonly udp: FakeUdpSocket[] = [];
  readonly packets: Packet[] = [];
  onTcp: (socket: FakeTcpSocket) => void = () => {};
  constructor(readonly clock: FakeClock) {}

  connectTcp = (options: TcpConnectOptions): TcpSocketLike => {
    const socket = new FakeTcpSocket(options, this.clock.now(), this.clock);
    this.tcp.push(socket);
    this.packets.push({ protocol: 'tcp', address: options.host, family: options.family, port: options.port, at: this.clock.now() });
    this.onTcp(socket);
    return socket;
  };
  createUdp = (family: IpFamily): UdpSocketLike => {
    const socket = new FakeUdpSocket(family);
    const send = socket.send.bind(socket);
    socket.send = (message, port, address, callback) => {
      this.packets.push({ protocol: 'udp', address, family, port, at: this.clock.now(), bytes: message });
      send(message, port, address, callback);
    };
    this.udp.push(socket);
    return socket;
  };
  /** Sockets the code under test has not released yet. */
  live(): number {
    return this.tcp.filter((s) => !s.destroyed).length + this.udp.filter((s) => !s.closed).length;
  }
  tcpTo(port: number): FakeTcpSocket[] {
    return this.tcp.filter((s) => s.options.port === port);
  }
}

/** Refuses knock ports on the next tick, as a closed port on a live host does. */
export function refuseLater(socket: FakeTcpSocket): void {
  queueMicrotask(() => socket.refuse());
}

export function fakeLookup(table: Record<string, { address: string; family: IpFamily }[]>): LookupFn & { calls: Array<[string, number]> } {
  const calls: Array<[string, number]> = [];
  const lookup = async (host: string, family: 0 | IpFamily) => {
    calls.push([host, family]);
    // getaddrinfo knows no brackets: "[::1]" is not a name it can find.
    if (host.startsWith('[')) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    if (/^[\d.]+$/.test(host)) return { address: host, family: 4 as const };
    if (host.includes(':')) return { address: host, family: 6 as const };
    const entries = (table[host] ?? []).filter((e) => family === 0 || e.family === family);
    const first = entries[0];
    if (!first) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return first;
  };
  return Object.assign(lookup, { calls });
}

/** Promise.withResolvers for Node 20. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
