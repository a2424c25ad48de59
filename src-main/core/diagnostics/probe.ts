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
 * Classifies host:port without knocking: one connection attempt, judged
 * exactly like a failed port wait (see wait-for-port.ts), so "probe" and
 * "knock --wait" never disagree about the same server.
 */
export async function probe(request: ProbeRequest, deps: ProbeDeps): Promise<ProbeResult> {
  const { port, signal } = request;
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
      expect: request.expect ?? 'none',
      maxAttempts: 1,
      ...(signal ? { signal } : {}),
    },
    { sockets: deps.sockets, clock: deps.clock },
  );
  const shown = publicTarget(target);
  if (result.status === 'open') {
    return { status: 'open', target: shown, port, elapsedMs: result.elapsedMs, ...(result.banner ? { banner: result.banner } : {}) };
  }
  return { status: 'failed', class: result.class, target: shown, port, ...(result.detail ? { detail: result.detail } : {}) };
}
