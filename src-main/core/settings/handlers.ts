import type { Emit, FeatureHandlers } from '../../contract/dispatch';
import type { DetectedTools, settingsMethods } from '../../contract/features/settings';
import type { SettingsStore } from './settings-store';

export interface SettingsHandlersDeps {
  store: SettingsStore;
  /** Finds installed terminals and clients; cached, since PATH scans are slow and rarely change mid-session. */
  detect: () => Promise<DetectedTools>;
  emit: Emit;
}

/** The settings feature's slice of the contract; every change is announced so the tray and other windows follow. */
export function createSettingsHandlers(deps: SettingsHandlersDeps): FeatureHandlers<typeof settingsMethods> {
  let detected: Promise<DetectedTools> | undefined;
  return {
    getSettings: async () => {
      detected ??= deps.detect().catch(() => ({ platform: 'other' as const, terminals: [], clients: ['custom' as const] }));
      return { settings: await deps.store.read(), detected: await detected };
    },
    updateSettings: async ({ patch }) => {
      const settings = await deps.store.update(patch);
      deps.emit('settingsChanged', { settings });
      return { settings };
    },
  };
}
