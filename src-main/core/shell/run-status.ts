import type { ConnectProgress } from '../../contract/features/connect';
import type { DiagnosisClass } from '../../contract/features/knock';

/**
 * Follows `connectProgress` events for the tray: the stage of each running
 * connect, and the doors open right now (a launched client whose exit, and
 * close sequence, is still to come). Decides when a native notification is
 * due: the door opened and the client started, the run failed, or the close
 * sequence could not be sent (the door may still be open).
 */
export type RunNotice =
  | { kind: 'opened'; profileId: string; ms: number }
  | { kind: 'failed'; profileId: string; diagnosis?: DiagnosisClass }
  | { kind: 'closeFailed'; profileId: string };

/** What a running connect is doing, as data: the shell words it in the tray's language. */
export type RunStage =
  | { kind: 'resolving' }
  | { kind: 'knock'; index: number; total: number }
  | { kind: 'waiting'; port: number }
  | { kind: 'opened'; ms: number };

export function createRunStatus() {
  const running = new Map<string, RunStage>();
  // Counted: two sessions through the same door close it only when both have ended.
  const sessions = new Map<string, number>();
  const opened = new Map<string, number>();
  const endSession = (profileId: string) => {
    const n = (sessions.get(profileId) ?? 0) - 1;
    if (n > 0) sessions.set(profileId, n);
    else sessions.delete(profileId);
  };
  return {
    running: running as ReadonlyMap<string, RunStage>,
    /** Profiles with a session in progress through an opened door. */
    open: (): ReadonlySet<string> => new Set(sessions.keys()),
    /** Returns a notice when one is due. */
    update(profileId: string, event: ConnectProgress): RunNotice | undefined {
      switch (event.kind) {
        case 'resolved':
          running.set(profileId, { kind: 'resolving' });
          return undefined;
        case 'step':
          running.set(profileId, { kind: 'knock', index: event.index, total: event.total });
          return undefined;
        case 'waiting':
          running.set(profileId, { kind: 'waiting', port: event.port });
          return undefined;
        case 'open':
          opened.set(profileId, event.msFromFirstKnock);
          running.set(profileId, { kind: 'opened', ms: Math.round(event.msFromFirstKnock) });
          return undefined;
        case 'launched':
          running.delete(profileId);
          if (event.tracksExit) sessions.set(profileId, (sessions.get(profileId) ?? 0) + 1);
          return { kind: 'opened', profileId, ms: Math.round(opened.get(profileId) ?? 0) };
        case 'client-exited':
          endSession(profileId);
          return undefined;
        case 'failed':
          running.delete(profileId);
          return { kind: 'failed', profileId, diagnosis: event.class };
        case 'error':
          // After the launch an error is about the close sequence; before it, the run failed (no client, spent list…).
          if (event.code === 'CLOSE_FAILED') return { kind: 'closeFailed', profileId };
          running.delete(profileId);
          return { kind: 'failed', profileId };
        case 'cancelled':
          running.delete(profileId);
          return undefined;
        default:
          return undefined;
      }
    },
  };
}
