import { createStore } from 'zustand/vanilla';
import type { ContractError, MethodResponse, SesameApi } from '../../../src-main/contract';
import { pickLanguage, type Language } from '../i18n/i18n';

export type AppInfo = MethodResponse<'getAppInfo'>;

export interface AppState {
  info: AppInfo | undefined;
  error: ContractError | undefined;
  language: Language;
  /** True once the user picked a language; the OS locale no longer overrides it. */
  languageChosen: boolean;
  load(): Promise<void>;
  setLanguage(language: Language): void;
  /** Back to following the OS locale main reports. */
  followSystemLanguage(): void;
}

/**
 * App-wide state: what main told us about itself and the UI language. A vanilla
 * store (no React) so it is unit-tested in Node against a fake of the contract.
 */
export function createAppStore(api: Pick<SesameApi, 'getAppInfo'>, initialLanguage: Language) {
  return createStore<AppState>()((set, get) => ({
    info: undefined,
    error: undefined,
    language: initialLanguage,
    languageChosen: false,
    async load() {
      try {
        const info = await api.getAppInfo({});
        const language = get().languageChosen ? get().language : pickLanguage(info.locale);
        set({ info, error: undefined, language });
      } catch (error) {
        set({ error: error as ContractError });
      }
    },
    setLanguage(language) {
      set({ language, languageChosen: true });
    },
    followSystemLanguage() {
      const locale = get().info?.locale;
      set({ languageChosen: false, ...(locale ? { language: pickLanguage(locale) } : {}) });
    },
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
