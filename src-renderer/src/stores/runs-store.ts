import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { ConnectProgress, HistoryEntry } from '../../../src-main/contract/features/connect';
import type { DiagnosisClass, RunStage } from '../../../src-main/contract/features/knock';
import { newRunId } from '../lib/run-id';

export type RunMode = 'connect' | 'test';
export type RunStatus = 'running' | 'open' | 'launched' | 'failed' | 'cancelled';

export interface Run {
  runId: string;
  profileId: string;
  mode: RunMode;
  /** Progress events in arrival order (knock stages, then connect's own). */
  events: ConnectProgress[];
  status: RunStatus;
  startedAt: number;
  /** When the waiting stage began, for the live elapsed counter. */
  waitingSince?: number;
  msToOpen?: number;
  diagnosis?: { class: DiagnosisClass; stage: RunStage; detail?: string };
  error?: { code: string; message: string };
  /** Started by main (tray, sesame:// link) rather than from this window. */
  fromMain?: boolean;
}

/** What the list shows next to a profile: its most recent outcome. */
export type LastOutcome =
  | { kind: 'open' | 'launched'; ms?: number; at: number }
  | { kind: 'failed'; diagnosis?: DiagnosisClass; message?: string; at: number }
  | { kind: 'cancelled'; at: number };

export interface RunsState {
  runs: Record<string, Run>;
  last: Record<string, LastOutcome>;
  start(profileId: string, mode: RunMode): Promise<void>;
  cancel(profileId: string): Promise<void>;
  dismiss(profileId: string): void;
  /** Seeds `last` from history (newest first). */
  seed(entries: readonly HistoryEntry[]): void;
  attach(): () => void;
}

type RunsApi = Pick<SesameApi, 'connect' | 'cancelConnect' | 'testKnock' | 'cancelKnock' | 'on'>;

export interface RunsDeps {
  now?: () => number;
  newId?: () => string;
}

const eventKey = (e: ConnectProgress): string => `${e.kind}:${'index' in e ? e.index : ''}`;

function outcomeOfEntry(e: HistoryEntry): LastOutcome {
  if (e.outcome === 'launched') return { kind: 'launched', at: e.at, ...(e.msToOpen !== undefined ? { ms: e.msToOpen } : {}) };
  if (e.outcome === 'cancelled') return { kind: 'cancelled', at: e.at };
  return { kind: 'failed', at: e.at, ...(e.diagnosis ? { diagnosis: e.diagnosis } : {}), ...(e.message ? { message: e.message } : {}) };
}

/**
 * Live connect and "Test knock" runs, one per profile. Progress arrives as
 * events keyed by the run id we chose, so the timeline fills in while the
 * call is still pending; the call's result settles the final status.
 */
export function createRunsStore(api: RunsApi, deps: RunsDeps = {}) {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? newRunId;
  return createStore<RunsState>()((set, get) => {
    const patchRun = (profileId: string, runId: string, patch: (run: Run) => Partial<Run>) => {
      const run = get().runs[profileId];
      if (!run || run.runId !== runId) return;
      set({ runs: { ...get().runs, [profileId]: { ...run, ...patch(run) } } });
    };
    const setLast = (profileId: string, outcome: LastOutcome) => set({ last: { ...get().last, [profileId]: outcome } });
    // Runs main started itself (tray, sesame:// link) have no pending call to settle them:
    // their final status comes from the events.
    const external = new Set<string>();
    const finalFromEvent = (run: Run, event: ConnectProgress): Partial<Run> => {
      if (run.status !== 'running') return {}; // e.g. a close sequence that failed after the launch
      if (event.kind === 'launched') return { status: 'launched' };
      if (event.kind === 'failed') return { status: 'failed', diagnosis: { class: event.class, stage: event.stage } };
      if (event.kind === 'error') return { status: 'failed', error: { code: event.code, message: event.message } };
      if (event.kind === 'cancelled') return { status: 'cancelled' };
      return {};
    };
    const onProgress = ({ runId, profileId, event }: { runId: string; profileId: string; event: ConnectProgress }) =>
      patchRun(profileId, runId, (run) => ({
        // The orchestrator may relay the engine's own events as well: keep one of each stage.
        events: run.events.some((e) => eventKey(e) === eventKey(event)) ? run.events : [...run.events, event],
        ...(event.kind === 'waiting' ? { waitingSince: now() } : {}),
        ...(event.kind === 'open' ? { msToOpen: event.msFromFirstKnock } : {}),
        ...(external.has(runId) ? finalFromEvent(run, event) : {}),
      }));

    return {
      runs: {},
      last: {},
      async start(profileId, mode) {
        if (get().runs[profileId]?.status === 'running') return;
        const runId = newId();
        set({ runs: { ...get().runs, [profileId]: { runId, profileId, mode, events: [], status: 'running', startedAt: now() } } });
        try {
          if (mode === 'test') {
            const result = await api.testKnock({ profileId, runId });
            if (result.status === 'failed') {
              const diagnosis = { class: result.class, stage: result.stage, ...(result.detail ? { detail: result.detail } : {}) };
              patchRun(profileId, runId, () => ({ status: 'failed', diagnosis }));
              setLast(profileId, { kind: 'failed', diagnosis: result.class, at: now() });
            } else {
              const ms = result.status === 'open' ? result.msFromFirstKnock : undefined;
              patchRun(profileId, runId, () => ({ status: 'open', ...(ms !== undefined ? { msToOpen: ms } : {}) }));
              setLast(profileId, { kind: 'open', at: now(), ...(ms !== undefined ? { ms } : {}) });
            }
          } else {
            const result = await api.connect({ profileId, runId });
            const status: RunStatus = result.outcome;
            patchRun(profileId, runId, () => ({
              status,
              ...(result.msToOpen !== undefined ? { msToOpen: result.msToOpen } : {}),
              ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}),
              ...(result.error ? { error: result.error } : {}),
            }));
            if (status === 'launched') setLast(profileId, { kind: 'launched', at: now(), ...(result.msToOpen !== undefined ? { ms: result.msToOpen } : {}) });
            else if (status === 'cancelled') setLast(profileId, { kind: 'cancelled', at: now() });
            else
              setLast(profileId, {
                kind: 'failed',
                at: now(),
                ...(result.diagnosis ? { diagnosis: result.diagnosis.class } : {}),
                ...(result.error ? { message: result.error.message } : {}),
              });
          }
        } catch (thrown) {
          const error = thrown as ContractError;
          if (error.code === 'CANCELLED') {
            patchRun(profileId, runId, () => ({ status: 'cancelled' }));
            setLast(profileId, { kind: 'cancelled', at: now() });
          } else {
            patchRun(profileId, runId, () => ({ status: 'failed', error: { code: error.code, message: error.message } }));
            setLast(profileId, { kind: 'failed', message: error.message, at: now() });
          }
        }
      },
      async cancel(profileId) {
        const run = get().runs[profileId];
        if (!run || run.status !== 'running') return;
        const { cancelled } =
          run.mode === 'test' ? await api.cancelKnock({ runId: run.runId }) : await api.cancelConnect({ runId: run.runId });
        if (cancelled) patchRun(profileId, run.runId, (r) => (r.status === 'running' ? { status: 'cancelled' } : {}));
      },
      dismiss(profileId) {
        const runs = { ...get().runs };
        if (runs[profileId]?.status !== 'running') delete runs[profileId];
        set({ runs });
      },
      seed(entries) {
        const last = { ...get().last };
        // Oldest first so the newest entry for a profile wins; live outcomes already known are kept.
        for (const entry of [...entries].reverse()) if (!get().last[entry.profileId]) last[entry.profileId] = outcomeOfEntry(entry);
        set({ last });
      },
      attach() {
        const offs = [
          api.on('knockProgress', onProgress),
          api.on('connectProgress', onProgress),
          api.on('historyChanged', ({ entry }) => setLast(entry.profileId, outcomeOfEntry(entry))),
          api.on('connectStarted', ({ runId, profileId }) => {
            external.add(runId);
            set({ runs: { ...get().runs, [profileId]: { runId, profileId, mode: 'connect', events: [], status: 'running', startedAt: now(), fromMain: true } } });
          }),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  });
}

export type RunsStore = ReturnType<typeof createRunsStore>;
