import type { KnockRunResult } from '../../contract/features/knock';
import type { BannerExpect } from '../../contract/schemas/common';
import { classifyErrorCode } from '../diagnostics/classify';
import { defaultWaitTimeoutMs, publicTarget } from '../knock/engine';
import type { Clock, PinnedTarget, SocketFactory } from '../net/types';
import { waitForPort } from '../port-waiter/wait-for-port';
import { DoorSendError, type Door, type DoorOpened, type DoorOptions } from './door';

export interface DoorWait {
  port: number;
  timeoutMs?: number;
  expect?: BannerExpect;
}

export interface DoorRun<Opened extends DoorOpened> {
  result: KnockRunResult;
  /** What the door did, when it got that far (for a deeper diagnosis: SpaDoor.diagnose). */
  opened?: Opened;
}

/**
 * Open the door on a pinned target, then (if asked) wait for the guarded port
 * with the shared port waiter — the door-neutral half of a knock run, with the
 * same result shape, so the connector, `testKnock` and the CLI can take any
 * door. Rejects only when cancelled (and on a door's refusal before sending).
 */
export async function runDoor<Opened extends DoorOpened>(
  door: Door<Opened>,
  target: PinnedTarget,
  wait: DoorWait | undefined,
  deps: { sockets: SocketFactory; clock: Clock },
  options: DoorOptions = {},
): Promise<DoorRun<Opened>> {
  const { signal, onProgress } = options;
  const shown = publicTarget(target);
  let opened: Opened;
  try {
    opened = await door.open(target, options);
  } catch (error) {
    if (!(error instanceof DoorSendError)) throw error;
    const cls = classifyErrorCode(error.code, false);
    onProgress?.({ kind: 'failed', class: cls, stage: 'knock' });
    return { result: { status: 'failed', class: cls, stage: 'knock', target: shown, detail: error.message } };
  }
  if (!wait) {
    return { result: { status: 'knocked', target: shown, steps: opened.packets, elapsedMs: opened.lastPacketAt - opened.firstPacketAt }, opened };
  }
  const timeoutMs = wait.timeoutMs ?? defaultWaitTimeoutMs;
  onProgress?.({ kind: 'waiting', port: wait.port, timeoutMs });
  const waited = await waitForPort(
    { target, port: wait.port, timeoutMs, expect: wait.expect ?? 'none', ...(signal ? { signal } : {}) },
    { sockets: deps.sockets, clock: deps.clock },
  );
  if (waited.status === 'failed') {
    const raw = { class: waited.class, stage: 'wait' as const, ...(waited.detail ? { detail: waited.detail } : {}) };
    const failure = door.explainWait ? door.explainWait(raw, opened) : raw;
    onProgress?.({ kind: 'failed', class: failure.class, stage: failure.stage });
    return {
      result: {
        status: 'failed',
        class: failure.class,
        stage: failure.stage,
        target: shown,
        port: wait.port,
        attempts: waited.attempts,
        ...(failure.detail ? { detail: failure.detail } : {}),
      },
      opened,
    };
  }
  const msFromFirstKnock = waited.openedAt - opened.firstPacketAt;
  const msFromLastKnock = waited.openedAt - opened.lastPacketAt;
  onProgress?.({ kind: 'open', port: wait.port, msFromFirstKnock, msFromLastKnock, attempts: waited.attempts });
  return {
    result: {
      status: 'open',
      target: shown,
      port: wait.port,
      msFromFirstKnock,
      msFromLastKnock,
      msToConnect: waited.connectedAt - opened.firstPacketAt,
      attempts: waited.attempts,
      ...(waited.banner ? { banner: waited.banner } : {}),
    },
    opened,
  };
}
