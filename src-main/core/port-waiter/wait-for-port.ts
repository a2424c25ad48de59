import type { DiagnosisClass } from '../../contract/features/knock';
import type { BannerExpect } from '../../contract/schemas/common';
import { isLocalNetworkFailure } from '../diagnostics/classify';
import { abortReason } from '../net/abort';
import type { Clock, PinnedTarget, SocketFactory } from '../net/types';
import { startAttempt, type Attempt, type AttemptOutcome } from './attempt';

/**
 * Gap before the next fresh attempt, given the time since the wait began: 10 ms
 * at first (the door usually opens within tens of ms of the last knock), then
 * a tenth of the elapsed time, so from 0.5 s on there are at most 20 attempts a
 * second, and from 2.5 s on 4 a second: a long wait stays gentle on the network.
 */
export function attemptInterval(elapsedMs: number): number {
  return Math.min(250, Math.max(10, Math.floor(elapsedMs / 10)));
}

export interface WaitOptions {
  target: PinnedTarget;
  port: number;
  timeoutMs: number;
  expect: BannerExpect;
  signal?: AbortSignal;
  /** Stop launching after this many attempts (a probe makes exactly one). */
  maxAttempts?: number;
  /**
   * Attempts still in flight beyond this many are closed, oldest first. Older
   * attempts stay alive because on a slow link (RTT above the interval) only
   * they can complete; a bound keeps a 5-minute wait from holding 1,000 sockets.
   */
  maxLive?: number;
  interval?: (elapsedMs: number) => number;
  /**
   * Once a connection is accepted, how long its greeting may take, whatever is
   * left of `timeoutMs`. Generous because a TCP-wrapped sshd accepts, then
   * waits 5 s before closing (libwrap's refuse()): a shorter grace would misread
   * that as a silent, wrong service. Default 10 s.
   */
  bannerTimeoutMs?: number;
  /**
   * With expect "none": after the handshake, listen this long (given the
   * handshake's duration) for a greeting, a refusal or a close before calling
   * the port open. Without it, "none" is open the moment the handshake completes.
   */
  listenMs?: (handshakeMs: number) => number;
}

export interface WaitDeps {
  sockets: SocketFactory;
  clock: Clock;
}

export type WaitResult =
  | {
      status: 'open';
      /** Clock time the service was verified (banner read, or connected when no check was asked). */
      openedAt: number;
      /** Clock time the winning TCP handshake completed, before any banner. */
      connectedAt: number;
      elapsedMs: number;
      attempts: number;
      banner?: string;
      /** How long the server was listened to after the handshake (see `listenMs`). */
      listenedMs?: number;
    }
  | { status: 'failed'; class: DiagnosisClass; elapsedMs: number; attempts: number; detail?: string };

/**
 * Waits for `port` on the pinned address: fresh attempts at a backing-off
 * interval, earlier ones kept alive, first verified connection wins and every
 * other socket and timer is released. Rejects with the signal's reason when
 * cancelled.
 */
export function waitForPort(options: WaitOptions, deps: WaitDeps): Promise<WaitResult> {
  const { target, port, expect, signal } = options;
  const { clock, sockets } = deps;
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  const maxLive = options.maxLive ?? 64;
  const interval = options.interval ?? attemptInterval;

  return new Promise<WaitResult>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const start = clock.now();
    const live: Attempt[] = [];
    let attempts = 0;
    let finished = false;
    let nextTimer: unknown;
    let bannerTimer: unknown;
    let awaitingBanner = false;
    let connectedAt: number | undefined;
    let lastFailure: { class: DiagnosisClass; detail?: string } | undefined;

    const cleanup = (): void => {
      finished = true;
      clock.clearTimeout(nextTimer);
      clock.clearTimeout(timeoutTimer);
      clock.clearTimeout(bannerTimer);
      signal?.removeEventListener('abort', onAbort);
      for (const attempt of live.splice(0)) attempt.cancel();
    };
    const listening = expect === 'none' && options.listenMs !== undefined;
    const succeed = (banner: string | undefined): void => {
      const now = clock.now();
      cleanup();
      const listened = listening && connectedAt !== undefined ? { listenedMs: now - connectedAt } : {};
      resolve({ status: 'open', openedAt: now, connectedAt: connectedAt ?? now, elapsedMs: now - start, attempts, ...(banner ? { banner } : {}), ...listened });
    };
    const fail = (failure: { class: DiagnosisClass; detail?: string }): void => {
      const elapsedMs = clock.now() - start;
      cleanup();
      resolve({ status: 'failed', elapsedMs, attempts, ...failure });
    };
    const onAbort = (): void => {
      cleanup();
      reject(abortReason(signal as AbortSignal));
    };

    const onOutcome = (attempt: Attempt, outcome: AttemptOutcome): void => {
      if (finished) return;
      const index = live.indexOf(attempt);
      if (index >= 0) live.splice(index, 1);
      if (outcome.kind === 'open') {
        succeed(outcome.banner);
        return;
      }
      const detail = outcome.banner !== undefined ? `banner: ${outcome.banner}` : outcome.code;
      const failure = { class: outcome.class, ...(detail ? { detail } : {}) };
      // The firewall let us in but the service is not what was asked for:
      // retrying would only hammer it (sshd's MaxStartups) for the same answer.
      if (outcome.class === 'reset-before-banner' || outcome.class === 'wrong-service' || isLocalNetworkFailure(outcome.code)) {
        fail(failure);
        return;
      }
      // Refused or unreachable may be a REJECT rule the knock has not lifted yet: keep trying.
      lastFailure = failure;
      if (live.length === 0 && attempts >= maxAttempts) fail(failure);
    };

    // The door is open: this connection alone decides, under the banner grace.
    // More attempts would only load the service (sshd's MaxStartups) for the same answer.
    const onConnect = (winner: Attempt): void => {
      if (finished || awaitingBanner) return;
      awaitingBanner = true;
      connectedAt = clock.now();
      clock.clearTimeout(nextTimer);
      clock.clearTimeout(timeoutTimer);
      for (const other of live.splice(0)) if (other !== winner) other.cancel();
      live.push(winner);
      bannerTimer = options.listenMs && listening
        ? clock.setTimeout(() => winner.stopListening(), options.listenMs(connectedAt - start))
        : clock.setTimeout(() => fail({ class: 'wrong-service', detail: 'no banner' }), options.bannerTimeoutMs ?? 10_000);
    };

    const launch = (): void => {
      if (finished) return;
      attempts += 1;
      // The factory may report synchronously (a fake, or an immediate local error),
      // before `attempt` exists: hold that outcome until it does.
      let early: AttemptOutcome | undefined;
      let started = false;
      const attempt: Attempt = startAttempt(
        sockets,
        target,
        port,
        expect,
        (outcome) => {
          if (started) onOutcome(attempt, outcome);
          else early = outcome;
        },
        () => onConnect(attempt),
        listening,
      );
      started = true;
      live.push(attempt);
      if (early) onOutcome(attempt, early);
      if (finished || awaitingBanner) return;
      while (live.length > maxLive) live.shift()?.cancel();
      if (attempts < maxAttempts) {
        nextTimer = clock.setTimeout(launch, interval(clock.now() - start));
      }
    };

    const timeoutTimer = clock.setTimeout(() => {
      if (finished) return;
      fail(lastFailure ?? { class: 'filtered' });
    }, options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    launch();
  });
}
