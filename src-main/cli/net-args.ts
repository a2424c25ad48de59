import type { BannerExpect } from '../contract/schemas/common';
import { hostProblem, normaliseHostInput } from '../contract/schemas/host-rules';
import { nodeSockets, systemClock, systemLookup } from '../core/net/node-net';
import type { Clock, LookupFn, SocketFactory } from '../core/net/types';
import { UsageError } from './command';

/** What the `knock`/`probe` commands touch; tests pass fakes. */
export interface NetCliDeps {
  sockets: SocketFactory;
  lookup: LookupFn;
  clock: Clock;
  /** Calls `cancel` on Ctrl-C; returns the unsubscribe. */
  onInterrupt(cancel: () => void): () => void;
}

export const nodeCliDeps: NetCliDeps = {
  sockets: nodeSockets,
  lookup: systemLookup,
  clock: systemClock,
  onInterrupt: (cancel) => {
    process.once('SIGINT', cancel);
    return () => process.off('SIGINT', cancel);
  },
};

export function parsePort(text: string, what: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError({ key: 'usage.port', values: { what, value: text } });
  return port;
}

export function parseTimeoutSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 300) {
    throw new UsageError({ key: 'usage.timeoutSeconds', values: { value: text } });
  }
  return Math.round(seconds * 1000);
}

/**
 * The same host rules as profiles (no leading "-", no spaces or control characters), without loading zod.
 * Returns the host as used: "[::1]" typed from a URL becomes "::1", as profiles store it.
 */
export function checkHost(input: string): string {
  const host = normaliseHostInput(input);
  const problem = hostProblem(host);
  if (problem) throw new UsageError({ key: 'usage.host', values: { problem }, validation: ['problem'] });
  return host;
}

/** `-4`/`-6` as the classic tools spell them; both at once is a mistake worth saying. */
export function familyFrom(values: { ipv4?: boolean; ipv6?: boolean }): 'auto' | 'ipv4' | 'ipv6' {
  if (values.ipv4 && values.ipv6) throw new UsageError({ key: 'usage.families' });
  return values.ipv4 ? 'ipv4' : values.ipv6 ? 'ipv6' : 'auto';
}

export const expectChoices = ['ssh', 'ftp', 'none'] as const satisfies readonly BannerExpect[];
