import type { KnockProgress, KnockRunResult, PinnedFamily } from '../../contract/features/knock';
import type { AddressFamily, BannerExpect, KnockStep } from '../../contract/schemas/common';
import { classifyErrorCode } from '../diagnostics/classify';
import { sleep } from '../net/abort';
import type { Clock, LookupFn, PinnedTarget, SocketFactory } from '../net/types';
import { waitForPort, type WaitResult } from '../port-waiter/wait-for-port';
import type { AddressLocks } from './address-locks';
import { ResolveError, resolveTarget } from './resolve';
import { KnockSendError, sendTcpKnock, sendUdpKnock } from './send-knock';

export interface KnockEngineDeps {
  sockets: SocketFactory;
  lookup: LookupFn;
  clock: Clock;
  /** Process-wide: pass `processAddressLocks` in production. */
  locks: AddressLocks;
  tcpHoldMs?: number;
}

/** What to knock and, optionally, what to wait for afterwards. */
export interface KnockPlan {
  host: string;
  family: AddressFamily;
  steps: KnockStep[];
  /** Pause between steps (not after the last); default 100 ms. */
  delayMs?: number;
  wait?: { port: number; timeoutMs?: number; expect?: BannerExpect };
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (event: KnockProgress) => void;
  /** Reuse an address pinned earlier (e.g. knock, then launch, then close sequence). */
  target?: PinnedTarget;
}

export interface KnockTimes {
  /** Clock time of the first and last knock, for "open N ms after the knock" figures. */
  firstKnockAt: number;
  lastKnockAt: number;
}

export const defaultDelayMs = 100;
export const defaultWaitTimeoutMs = 10_000;

export function familyName(family: 4 | 6): PinnedFamily {
  return family === 6 ? 'ipv6' : 'ipv4';
}

export function publicTarget(target: PinnedTarget): { host: string; address: string; family: PinnedFamily } {
  return { host: target.host, address: target.address, family: familyName(target.family) };
}

export interface KnockEngine {
  /** Resolves once under the policy; emits `resolved`. Throws ResolveError. */
  resolve(host: string, family: AddressFamily, options?: RunOptions): Promise<PinnedTarget>;
  /** Sends the sequence to a pinned target, serialised per address. Throws KnockSendError. */
  knock(target: PinnedTarget, steps: KnockStep[], delayMs: number, options?: RunOptions): Promise<KnockTimes>;
  /** Resolve once, knock, then (if asked) wait for the guarded port. Rejects only when cancelled. */
  run(plan: KnockPlan, options?: RunOptions): Promise<KnockRunResult>;
}

export function createKnockEngine(deps: KnockEngineDeps): KnockEngine {
  const { clock, sockets } = deps;

  const resolve: KnockEngine['resolve'] = async (host, family, options = {}) => {
    const target = await resolveTarget(host, family, deps.lookup, options.signal);
    options.onProgress?.({ kind: 'resolved', ...publicTarget(target) });
    return target;
  };

  const knock: KnockEngine['knock'] = (target, steps, delayMs, options = {}) =>
    deps.locks.run(
      target.address,
      async () => {
        const { signal, onProgress } = options;
        let firstKnockAt = 0;
        let lastKnockAt = 0;
        for (const [i, step] of steps.entries()) {
          if (i > 0 && delayMs > 0) await sleep(clock, delayMs, signal);
          signal?.throwIfAborted();
          const sentAt = clock.now();
          if (i === 0) firstKnockAt = sentAt;
          lastKnockAt = sentAt;
          if (step.protocol === 'udp') await sendUdpKnock(sockets, target, step);
          else await sendTcpKnock(sockets, clock, target, step.port, deps.tcpHoldMs);
          onProgress?.({
            kind: 'step',
            index: i + 1,
            total: steps.length,
            port: step.port,
            protocol: step.protocol,
            elapsedMs: sentAt - firstKnockAt,
          });
        }
        onProgress?.({ kind: 'done', steps: steps.length, elapsedMs: lastKnockAt - firstKnockAt });
        return { firstKnockAt, lastKnockAt };
      },
      options.signal,
    );

  const run: KnockEngine['run'] = async (plan, options = {}) => {
    const { signal, onProgress } = options;
    let target = options.target;
    if (!target) {
      try {
        target = await resolve(plan.host, plan.family, options);
      } catch (error) {
        if (!(error instanceof ResolveError)) throw error;
        onProgress?.({ kind: 'failed', class: 'dns-failed', stage: 'resolve' });
        return { status: 'failed', class: 'dns-failed', stage: 'resolve', detail: error.message };
      }
    }
    const shown = publicTarget(target);
    let times: KnockTimes;
    try {
      times = await knock(target, plan.steps, plan.delayMs ?? defaultDelayMs, options);
    } catch (error) {
      if (!(error instanceof KnockSendError)) throw error;
      const cls = classifyErrorCode(error.code, false);
      onProgress?.({ kind: 'failed', class: cls, stage: 'knock' });
      return { status: 'failed', class: cls, stage: 'knock', target: shown, detail: error.message };
    }
    if (!plan.wait) {
      return { status: 'knocked', target: shown, steps: plan.steps.length, elapsedMs: times.lastKnockAt - times.firstKnockAt };
    }
    const { port } = plan.wait;
    const timeoutMs = plan.wait.timeoutMs ?? defaultWaitTimeoutMs;
    onProgress?.({ kind: 'waiting', port, timeoutMs });
    const waited: WaitResult = await waitForPort(
      { target, port, timeoutMs, expect: plan.wait.expect ?? 'none', ...(signal ? { signal } : {}) },
      { sockets, clock },
    );
    if (waited.status === 'failed') {
      onProgress?.({ kind: 'failed', class: waited.class, stage: 'wait' });
      return {
        status: 'failed',
        class: waited.class,
        stage: 'wait',
        target: shown,
        port,
        attempts: waited.attempts,
        ...(waited.detail ? { detail: waited.detail } : {}),
      };
    }
    const msFromFirstKnock = waited.openedAt - times.firstKnockAt;
    const msFromLastKnock = waited.openedAt - times.lastKnockAt;
    onProgress?.({ kind: 'open', port, msFromFirstKnock, msFromLastKnock, attempts: waited.attempts });
    return {
      status: 'open',
      target: shown,
      port,
      msFromFirstKnock,
      msFromLastKnock,
      msToConnect: waited.connectedAt - times.firstKnockAt,
      attempts: waited.attempts,
      ...(waited.banner ? { banner: waited.banner } : {}),
    };
  };

  return { resolve, knock, run };
}
