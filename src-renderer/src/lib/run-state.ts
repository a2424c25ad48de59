import type { Run } from '../stores/runs-store';

/** What a profile's door is doing right now, from its live run. */
export type LiveState =
  | { kind: 'running'; stage: { kind: 'resolving' } | { kind: 'knock'; index: number; total: number } | { kind: 'waiting'; port: number } | { kind: 'launching' } }
  | { kind: 'open' };

/**
 * A run in progress shows its stage; a launched client whose exit (and close
 * sequence) is still to come means the door is open right now. A client that
 * hands off to a running terminal (`tracksExit: false`) says nothing about the
 * session, so it is not shown as open.
 */
export function liveState(run: Run | undefined): LiveState | undefined {
  if (!run) return undefined;
  if (run.status === 'running') {
    let stage: Extract<LiveState, { kind: 'running' }>['stage'] = { kind: 'resolving' };
    for (const event of run.events) {
      if (event.kind === 'step') stage = { kind: 'knock', index: event.index, total: event.total };
      else if (event.kind === 'waiting') stage = { kind: 'waiting', port: event.port };
      else if (event.kind === 'open' || event.kind === 'ftp-mode') stage = { kind: 'launching' };
    }
    return { kind: 'running', stage };
  }
  if (run.status === 'launched') {
    const launched = run.events.find((e) => e.kind === 'launched');
    const exited = run.events.some((e) => e.kind === 'client-exited');
    if (launched && launched.kind === 'launched' && launched.tracksExit && !exited) return { kind: 'open' };
  }
  return undefined;
}
