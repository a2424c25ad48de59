import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { SecretDestinationStatus } from '../../../src-main/contract/features/profiles';
import type { RunsStore } from './runs-store';

export interface DestinationState {
  /** The question to ask: a connect was refused because the saved secret belongs to another destination. */
  pending: { runId: string; status: SecretDestinationStatus } | undefined;
  error: ContractError | undefined;
  /** The user agreed: main rebinds the secret to where the profile points now, and the connect runs again. */
  confirm(): Promise<void>;
  cancel(): void;
  attach(): () => void;
}

type DestinationApi = Pick<SesameApi, 'getSecretDestination' | 'confirmSecretDestination'>;

/**
 * Follows runs refused with DESTINATION_UNCONFIRMED (from this window, the
 * tray or a link) and holds the question for the ConfirmDestination dialog.
 */
export function createDestinationStore(api: DestinationApi, runs: RunsStore) {
  const asked = new Set<string>();
  return createStore<DestinationState>()((set, get) => ({
    pending: undefined,
    error: undefined,
    async confirm() {
      const pending = get().pending;
      if (!pending?.status.current) return get().cancel();
      try {
        await api.confirmSecretDestination({ id: pending.status.profileId, destination: pending.status.current });
        set({ pending: undefined, error: undefined });
        runs.getState().dismiss(pending.status.profileId);
        await runs.getState().start(pending.status.profileId, 'connect');
      } catch (error) {
        set({ error: error as ContractError });
      }
    },
    cancel() {
      set({ pending: undefined, error: undefined });
    },
    attach() {
      return runs.subscribe((s) => {
        for (const run of Object.values(s.runs)) {
          if (run.error?.code !== 'DESTINATION_UNCONFIRMED' || asked.has(run.runId)) continue;
          asked.add(run.runId);
          void api.getSecretDestination({ id: run.profileId }).then(
            (status) => {
              if (!status.confirmed) set({ pending: { runId: run.runId, status }, error: undefined });
            },
            (error: ContractError) => set({ error }),
          );
        }
      });
    },
  }));
}

export type DestinationStore = ReturnType<typeof createDestinationStore>;
