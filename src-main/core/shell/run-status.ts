import type { ConnectProgress } from '../../contract/features/connect';
import type { DiagnosisClass } from '../../contract/features/knock';

/**
 * Follows `connectProgress` events for the tray (a short stage label per
 * running profile) and decides when a native notification is due: when the
 * door opened and the client started, or when the run failed.
 */
export type RunNotice = { kind: 'opened'; profileId: string; ms: number } | { kind: 'failed'; profileId: string; diagnosis?: DiagnosisClass };

export function createRunStatus() {
  const running = new Map<string, string>();
  const opened = new Map<string, number>();
  return {
    running: running as ReadonlyMap<string, string>,
    /** Returns a notice when one is due. */
    update(profileId: string, event: ConnectProgress): RunNotice | undefined {
      switch (event.kind) {
        case 'resolved':
          running.set(profileId, '…');
          return undefined;
        case 'step':
          running.set(profileId, `${event.index}/${event.total}`);
          return undefined;
        case 'waiting':
          running.set(profileId, `:${event.port}…`);
          return undefined;
        case 'open':
          opened.set(profileId, event.msFromFirstKnock);
          running.set(profileId, `${Math.round(event.msFromFirstKnock)} ms`);
          return undefined;
        case 'launched':
          running.delete(profileId);
          return { kind: 'opened', profileId, ms: Math.round(opened.get(profileId) ?? 0) };
        case 'failed':
          running.delete(profileId);
          return { kind: 'failed', profileId, diagnosis: event.class };
        case 'cancelled':
          running.delete(profileId);
          return undefined;
        default:
          return undefined;
      }
    },
  };
}
