import type { ProbeResult } from '../../contract/features/knock';
import type { AddressFamily, BannerExpect } from '../../contract/schemas/common';
import { publicTarget } from '../knock/engine';
import { ResolveError, resolveTarget } from '../knock/resolve';
import type { Clock, LookupFn, PinnedTarget, SocketFactory } from '../net/types';
import { waitForPort } from '../port-waiter/wait-for-port';

export interface ProbeRequest {
  host: string;
  family: AddressFamily;
  port: number;
  /** The greeting to require; by default the port's well-known service (see defaultExpectFor). */
  expect?: BannerExpect;
  /** How long silence is tolerated before the port counts as filtered; default 3 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Reuse an address pinned earlier instead of resolving. */
  target?: PinnedTarget;
}

export interface ProbeDeps {
  sockets: SocketFactory;
  lookup: LookupFn;
  clock: Clock;
}

export const defaultProbeTimeoutMs = 3_000;

/**
 * Ports whose service is certain enough to read its greeting without being
 * asked (IANA: 21 ftp, 22 ssh). A greeting is the only way to see sshd's
 * TCP-wrappers denial: the handshake succeeds, then libwrap closes ~5 s later.
 */
export function defaultExpectFor(port: number): BannerExpect {
  return port === 22 ? 'ssh' : port === 21 ? 'ftp' : 'none';
}

/**
 * How long a probe with no greeting to require listens after the handshake
 * before calling the port open. Measured in the lab (2 cores, load average
 * ~11, 30 runs each, time from handshake to first byte): vsftpd's TCP-wrappers
 * refusal ("421 Service not available." and close) 2.5–25 ms, vsftpd's
 * greeting 2–27 ms, sshd's 10–106 ms. A quick refusal needs one more round
 * trip after our handshake (our ACK out, its answer back), so the window grows
 * with the handshake time: 500 ms (5x the slowest greeting seen) + 2 round
 * trips, at most 3 s.
 *
 * libwrap's own denial (sshd, anything under tcpd) is not quick: refuse() →
 * clean_exit() sleeps 5 s before closing (measured 5.03 s). Waiting that long
 * would make every probe of a silent service (HTTP, databases) take 5 s, so
 * the result says how long it listened and the CLI names the limit instead.
 */
export function listenWindowMs(handshakeMs: number): number {
  return Math.min(3000, 500 + 2 * handshakeMs);
}

/**
 * Classifies host:port without knocking: one connection attempt, judged
 * exactly like a failed port wait (see wait-for-port.ts), so "probe" and
 * "knock --wait" never disagree about the same server.
 */
export async function probe(request: ProbeRequest, deps: ProbeDeps): Promise<ProbeResult> {
  const { port, signal } = request;
  const expect = request.expect ?? defaultExpectFor(port);
  let target = request.target;
  if (!target) {
    try {
      target = await resolveTarget(request.host, request.family, deps.lookup, signal);
    } catch (error) {
      if (!(error instanceof ResolveError)) throw error;
      return { status: 'failed', class: 'dns-failed', port, detail: error.message };
    }
  }
  const result = await waitForPort(
    {
      target,
      port,
      timeoutMs: request.timeoutMs ?? defaultProbeTimeoutMs,
      expect,
      maxAttempts: 1,
      listenMs: listenWindowMs,
      ...(signal ? { signal } : {}),
    },
    { sockets: deps.sockets, clock: deps.clock },
  );
  const shown = publicTarget(target);
  if (result.status === 'open') {
    return {
      status: 'open',
      target: shown,
      port,
      elapsedMs: result.elapsedMs,
      expect,
      ...(result.banner ? { banner: result.banner } : {}),
      ...(result.listenedMs !== undefined ? { listenedMs: result.listenedMs } : {}),
    };
  }
  return { status: 'failed', class: result.class, target: shown, port, ...(result.detail ? { detail: result.detail } : {}) };
}
