/**
 * The slice of the outside world the knock engine, the port waiter and the
 * probe touch. Real implementations live in `node-net.ts`; unit tests pass
 * fakes, so timing and packet order can be checked without a network.
 */

/** Monotonic milliseconds and timers. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The part of `net.Socket` we use. */
export interface TcpSocketLike {
  on(event: 'connect' | 'end' | 'close', listener: () => void): unknown;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): void;
}

/** The part of `dgram.Socket` we use. */
export interface UdpSocketLike {
  on(event: 'error', listener: (error: Error) => void): unknown;
  send(message: Uint8Array, port: number, address: string, callback: (error: Error | null) => void): void;
  close(): void;
}

export type IpFamily = 4 | 6;

export interface TcpConnectOptions {
  /** Always an IP address: the host was resolved once and pinned. */
  host: string;
  port: number;
  family: IpFamily;
}

export interface SocketFactory {
  connectTcp(options: TcpConnectOptions): TcpSocketLike;
  createUdp(family: IpFamily): UdpSocketLike;
}

export interface LookupResult {
  address: string;
  family: IpFamily;
}

/** `family` 0 lets the OS pick (its first answer wins). */
export type LookupFn = (host: string, family: 0 | IpFamily) => Promise<LookupResult>;

/** A host resolved once; every knock, the port wait and the launcher use this address. */
export interface PinnedTarget {
  host: string;
  address: string;
  family: IpFamily;
}

/** The error code Node puts on socket and DNS errors (`ECONNREFUSED`, `ENOTFOUND`…). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
