import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { DetectedTools, Settings, SettingsPatch } from '../../../src-main/contract/features/settings';
import { fieldErrors } from '../lib/field-errors';

export interface SettingsState {
  settings: Settings | undefined;
  detected: DetectedTools | undefined;
  error: ContractError | undefined;
  /** Per-field messages from main's validation (e.g. "defaultDelayMs" → "must be at most 60000 ms…"). */
  fieldErrors: Record<string, string>;
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<boolean>;
  attach(): () => void;
}

/** Preferences; each change is saved at once (no "Apply" button) and echoed back by settingsChanged. */
export function createSettingsStore(api: Pick<SesameApi, 'getSettings' | 'updateSettings' | 'on'>) {
  return createStore<SettingsState>()((set, get) => ({
    settings: undefined,
    detected: undefined,
    error: undefined,
    fieldErrors: {},
    async load() {
      try {
        const { settings, detected } = await api.getSettings({});
        set({ settings, detected, error: undefined });
      } catch (error) {
        set({ error: error as ContractError });
      }
    },
    async update(patch) {
      const keys = Object.keys(patch);
      const cleared = Object.fromEntries(Object.entries(get().fieldErrors).filter(([k]) => !keys.includes(k)));
      const before = get().settings;
      // Optimistic: a radio or checkbox must flip at once, not after main's round trip.
      if (before) set({ settings: { ...before, ...patch } as Settings });
      try {
        const { settings } = await api.updateSettings({ patch });
        set({ settings, fieldErrors: cleared, error: undefined });
        return true;
      } catch (thrown) {
        const error = thrown as ContractError;
        set({ settings: before });
        const fields = fieldErrors(error, 'patch.');
        if (Object.keys(fields).length > 0) set({ fieldErrors: { ...cleared, ...fields } });
        else set({ error });
        return false;
      }
    },
    attach() {
      return api.on('settingsChanged', ({ settings }) => set({ settings }));
    },
  }));
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
