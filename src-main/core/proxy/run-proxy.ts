import type { Socket } from 'node:net';
import type { DiagnosisClass } from '../../contract/features/knock';
import type { KnockStep } from '../../contract/schemas/common';
import { classifyErrorCode } from '../diagnostics/classify';
import { DoorSendError, type Door } from '../door/door';
import { createKnockDoor } from '../door/knock-door';
import { processAddressLocks } from '../knock/address-locks';
import { createKnockEngine } from '../knock/engine';
import { resolveTarget, ResolveError } from '../knock/resolve';
import { isAbortError } from '../net/abort';
import type { Clock, LookupFn, PinnedTarget, SocketFactory, TcpConnectOptions } from '../net/types';
import { waitForPort } from '../port-waiter/wait-for-port';
import { reknockDelayMs, startKeepOpen, type KeepOpen, type Timers } from '../door/keep-open';
import { doorKey, LeaseTimeoutError, type DoorLeases, type Lease } from './door-lease';
import type { ProxyMatch } from './find-profile';
import { handoverSockets } from './handover';
import { relay, type RelayResult } from './relay';

export interface ProxyDeps {
  lookup: LookupFn;
  clock: Clock;
  /** For the knocks (each one SYN, abandoned). */
  knockSockets: SocketFactory;
  /** For the port wait and the session: must be allowHalfOpen (see relay.ts). */
  connect: (options: TcpConnectOptions) => Socket;
  leases: DoorLeases;
  /** Wall clock (ms), shared between processes in lease files. */
  now: () => number;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Calls `stop` when the session must end (ssh's SIGHUP, SIGTERM, Ctrl-C); returns the unsubscribe. */
  onStop: (stop: () => void) => () => void;
  /** Opens a door of one-time sequences (spent under the profile store's lock); absent: such profiles are refused. */
  oneTimeDoor?: (match: ProxyMatch, send: (steps: KnockStep[]) => Promise<void>) => Promise<void>;
  onEvent?: (event: ProxyEvent) => void;
  /** Keep-open's timers and source-address probe (a profile with "keep open" and a door timeout); absent: no keep-open. */
  keepOpen?: { timers: Timers; sourceAddress?: (target: PinnedTarget, port: number) => Promise<string | undefined>; addressPollMs?: number };
}

export type ProxyEvent =
  | { kind: 'resolved'; address: string }
  | { kind: 'knocked'; packets: number }
  | { kind: 'joined' }
  | { kind: 'open'; ms: number; attempts: number }
  | { kind: 'closed' }
  | { kind: 'left-open'; reason: 'others' | 'no-close' }
  | { kind: 'reknocked'; reason: 'timer' | 'address'; by: 'this' | 'other' }
  | { kind: 'keep-open-failed'; detail: string };

export type ProxyOutcome =
  | { status: 'done'; relay: RelayResult; knocked: boolean; closed: boolean; closeError?: string }
  | { status: 'failed'; class: DiagnosisClass; stage: 'resolve' | 'knock' | 'wait'; address?: string; detail?: string; closed?: boolean }
  | { status: 'busy'; detail: string }
  | { status: 'cancelled' };

/**
 * `sesame proxy`: resolve once → join the door's lease (the first process in
 * knocks, the others wait for its door) → wait for the port with the shared
 * waiter, keeping the connection it proved → relay stdin/stdout over it →
 * leave the lease; the last one out sends the close sequence. A joiner whose
 * door does not answer (a door the server closed by timeout since) knocks once
 * itself before giving up.
 */
export async function runProxy(match: ProxyMatch, deps: ProxyDeps): Promise<ProxyOutcome> {
  const { door: profile, port } = match;
  const controller = new AbortController();
  let session: { stop: () => void } | undefined;
  const unsubscribe = deps.onStop(() => {
    controller.abort();
    session?.stop();
  });
  const signal = controller.signal;
  const emit = (event: ProxyEvent) => deps.onEvent?.(event);
  // Whatever ends the run — the session, a failure, a signal — leaves the lease, so the last one out closes the door.
  let lease: Lease | undefined;
  let close: (() => Promise<void>) | undefined;
  try {
    let target: PinnedTarget;
    try {
      target = await resolveTarget(profile.host, profile.family, deps.lookup, signal);
    } catch (error) {
      if (!(error instanceof ResolveError)) throw error;
      return { status: 'failed', class: 'dns-failed', stage: 'resolve', detail: error.message };
    }
    emit({ kind: 'resolved', address: target.address });
    const engine = createKnockEngine({ sockets: deps.knockSockets, lookup: deps.lookup, clock: deps.clock, locks: processAddressLocks });
    const door: Door = createKnockDoor(engine, {
      steps: profile.steps,
      delayMs: profile.delayMs,
      ...(profile.closeSteps ? { closeSteps: profile.closeSteps, closeDelayMs: profile.closeDelayMs } : {}),
    });
    const knock = async (): Promise<void> => {
      if (profile.oneTime) {
        if (!deps.oneTimeDoor) throw new DoorSendError('one-time sequences need the profile store', undefined);
        await deps.oneTimeDoor(match, async (steps) => {
          await engine.knock(target, steps, profile.delayMs, { signal });
        });
      } else await door.open(target, { signal });
      emit({ kind: 'knocked', packets: profile.steps.length });
    };
    const key = doorKey(profile.id, target.address, port);
    // Long enough for another process to send up to 64 steps.
    const waitMs = profile.delayMs * 64 + profile.openTimeoutMs + 10_000;
    const closeDoor = door.close;
    close = closeDoor ? () => closeDoor(target) : undefined;
    const shown = target.family === 6 ? `[${target.address}]` : target.address;

    let socket: Socket | undefined;
    for (let round = 0; round < 2 && !socket; round++) {
      try {
        lease = await deps.leases.join(key, {
          knock,
          // A door with a close sequence is open until the last one out closes it;
          // one the server closes by itself (cmd_timeout) is trusted for one wait.
          // The second round knocks whatever the lease says.
          stillOpen: (knockedAt) => round === 0 && (profile.closeSteps !== undefined || deps.now() - knockedAt < profile.openTimeoutMs),
          waitMs,
          signal,
        });
      } catch (error) {
        if (error instanceof DoorSendError) return { status: 'failed', class: classifyErrorCode(error.code, false), stage: 'knock', address: shown, detail: error.message };
        if (error instanceof LeaseTimeoutError) return { status: 'busy', detail: error.message };
        throw error;
      }
      if (!lease.knocked) emit({ kind: 'joined' });
      const handover = handoverSockets(deps.connect);
      const started = deps.clock.now();
      const waited = await waitForPort({ target, port, timeoutMs: profile.openTimeoutMs, expect: 'none', signal }, { sockets: handover.sockets, clock: deps.clock });
      if (waited.status === 'open' && handover.taken()) {
        socket = handover.taken();
        emit({ kind: 'open', ms: deps.clock.now() - started, attempts: waited.attempts });
        break;
      }
      const failure = waited.status === 'failed' ? waited : { class: 'wrong-service' as const, detail: 'connection lost' };
      // After a failed wait the close sequence is still sent (by the last one out): a door that opened late must not stay open.
      const left = await leave(lease, close, emit);
      if (lease.knocked || failure.class !== 'filtered' || round === 1) {
        return { status: 'failed', class: failure.class, stage: 'wait', address: shown, ...(failure.detail ? { detail: failure.detail } : {}), closed: left.closed };
      }
    }
    const active = lease as Lease;
    const running = relay({ input: deps.input, output: deps.output, socket: socket as Socket });
    session = running;
    if (signal.aborted) running.stop();
    const keep = keepDoorOpen(match, active, target, () => door.open(target), deps, emit);
    const result = await running.done;
    // Before leaving the lease: the last one out sends the close sequence, never followed by a re-knock.
    await keep?.stop('session');
    const left = await leave(active, close, emit);
    return { status: 'done', relay: result, knocked: active.knocked, closed: left.closed, ...(left.error ? { closeError: left.error } : {}) };
  } catch (error) {
    if (lease) await leave(lease, close, emit);
    if (isAbortError(error) || signal.aborted) return { status: 'cancelled' };
    throw error;
  } finally {
    unsubscribe();
  }
}

/**
 * Keep-open while the relay runs: the re-knocks go through the door's lease,
 * so proxies sharing a door knock it once per round between them, and the
 * door is kept open while any of them still relays. One-time doors are not
 * re-knocked (that would spend the list).
 */
function keepDoorOpen(
  match: ProxyMatch,
  lease: Lease,
  target: PinnedTarget,
  open: () => Promise<unknown>,
  deps: ProxyDeps,
  emit: (event: ProxyEvent) => void,
): KeepOpen | undefined {
  const { door: profile, port } = match;
  if (!deps.keepOpen || !profile.keepOpen || profile.doorTimeoutS === undefined || profile.oneTime) return undefined;
  const { timers, sourceAddress, addressPollMs } = deps.keepOpen;
  // A holder whose timer fires finds the round already knocked by another when it is younger than half the interval.
  const shareMs = reknockDelayMs(profile.doorTimeoutS) / 2;
  return startKeepOpen(
    { timeoutS: profile.doorTimeoutS, keepOpen: true, openedAt: deps.now(), ...(addressPollMs !== undefined ? { addressPollMs } : {}) },
    {
      now: deps.now,
      timers,
      knock: async (reason) => {
        let sent = false;
        const at = await lease.reknock(async () => {
          await open();
          sent = true;
        }, reason === 'address' ? 0 : shareMs);
        emit({ kind: 'reknocked', reason, by: sent ? 'this' : 'other' });
        return at;
      },
      ...(sourceAddress ? { sourceAddress: () => sourceAddress(target, port) } : {}),
      onError: (error, during) => {
        if (during !== 'address') emit({ kind: 'keep-open-failed', detail: (error as Error)?.message ?? String(error) });
      },
    },
  );
}

async function leave(lease: Lease, close: (() => Promise<void>) | undefined, emit: (event: ProxyEvent) => void): Promise<{ closed: boolean; error?: string }> {
  try {
    const { last } = await lease.leave(close);
    if (last && close) emit({ kind: 'closed' });
    else emit({ kind: 'left-open', reason: close ? 'others' : 'no-close' });
    return { closed: last && close !== undefined };
  } catch (error) {
    return { closed: false, error: (error as Error)?.message ?? String(error) };
  }
}
