import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { ImportSource } from '../../../src-main/contract/features/first-run';
import type { ImportAction, ImportPreview, ImportResult } from '../../../src-main/contract/features/profiles';
import type { Language } from '../i18n/i18n';

export interface ExportOptions {
  includeCredentials: boolean;
  passphrase: string;
  passphraseConfirm: string;
  includeOneTimeSequences: boolean;
  /** Export one group only; undefined = every profile. */
  group: string | undefined;
}

export interface SharingState {
  importFile: { token: string; fileName: string } | undefined;
  preview: ImportPreview | undefined;
  decisions: Record<string, ImportAction>;
  importSecrets: boolean;
  /** The file carries credentials but was not checked with its passphrase: import only if the user says so. */
  acceptUnverified: boolean;
  importPassphrase: string;
  importResult: ImportResult | undefined;
  importError: ContractError | undefined;
  busy: boolean;
  exportOptions: ExportOptions;
  exportResult: { exported: number; warnings: string[]; fileName: string } | undefined;
  exportError: ContractError | { code: 'PASSPHRASE_MISMATCH'; message: string } | undefined;
  /** Importable files main found at their usual places (undefined until asked). */
  sources: ImportSource[] | undefined;
  sourcesError: ContractError | undefined;
  loadSources(): Promise<void>;
  /** Opens a found file's import preview (the same preview as a file chosen in the dialog). */
  openSource(id: string): Promise<void>;
  /**
   * The open dialog, then the preview. `format` narrows what the file is read
   * as ("sesame" for "Open a .sesame file…"); `show` asks the shell to switch
   * to the import screen (when picked from elsewhere, e.g. the first-run screen).
   */
  pickImport(options?: { format?: 'sesame'; show?: boolean }): Promise<void>;
  /** Re-reads the file with a passphrase so its encrypted credentials can be imported. */
  unlock(): Promise<void>;
  setImportPassphrase(value: string): void;
  setDecision(key: string, action: ImportAction): void;
  setImportSecrets(value: boolean): void;
  setAcceptUnverified(value: boolean): void;
  applyImport(): Promise<void>;
  resetImport(): void;
  setExportOptions(patch: Partial<ExportOptions>): void;
  exportProfiles(): Promise<void>;
  /** Counts previews asked for from outside the import screen (file manager, first-run offers): the shell shows the preview on change. */
  requested: number;
  attach(): () => void;
}

type SharingApi = Pick<
  SesameApi,
  'pickImportFile' | 'pickExportFile' | 'previewImport' | 'applyImport' | 'exportProfiles' | 'listImportSources' | 'openImportSource' | 'on'
>;

const defaultExport: ExportOptions = {
  includeCredentials: false,
  passphrase: '',
  passphraseConfirm: '',
  includeOneTimeSequences: false,
  group: undefined,
};

/** Import (file → preview → per-item choice → apply) and export. Paths never appear here: main hands out tokens. */
/** `language`: the window's, so the notes main writes into imported profiles are in the words the user reads. */
export function createSharingStore(api: SharingApi, language: () => Language = () => 'en') {
  return createStore<SharingState>()((set, get) => {
    const preview = async (token: string, passphrase?: string) => {
      const result = await api.previewImport({ token, language: language(), ...(passphrase ? { passphrase } : {}) });
      // Another file may have been chosen (or opened from outside) while this one was read:
      // its preview must not land under the other file's name, nor lend it decisions.
      if (get().importFile?.token !== token) return;
      const decisions = Object.fromEntries(result.items.map((item) => [item.key, item.defaultAction]));
      set({ preview: result, decisions, acceptUnverified: false, // A .fwknoprc is the user's own file: its SPA keys are what make the profiles work (on by default, can be unticked).
      importSecrets: (passphrase !== undefined || result.format === 'fwknoprc') && result.items.some((i) => i.offersSecrets.length > 0) });
    };
    /** Picks (dialog or found file) and previews; `fromOutside` asks the shell to show the import screen. */
    const open = async (pick: () => Promise<{ picked: false } | { picked: true; token: string; fileName: string }>, fromOutside: boolean) => {
      set({ busy: true, importError: undefined, importResult: undefined });
      try {
        const picked = await pick();
        if (!picked.picked) return;
        set({
          importFile: { token: picked.token, fileName: picked.fileName },
          preview: undefined,
          importPassphrase: '',
          ...(fromOutside ? { requested: get().requested + 1 } : {}),
        });
        await preview(picked.token);
      } catch (error) {
        set({ importError: error as ContractError, ...(fromOutside ? { requested: get().requested + 1 } : {}) });
      } finally {
        set({ busy: false });
      }
    };
    return {
      importFile: undefined,
      preview: undefined,
      requested: 0,
      attach() {
        return api.on('importRequested', ({ token, fileName }) => {
          set({ importFile: { token, fileName }, preview: undefined, importPassphrase: '', importResult: undefined, importError: undefined, requested: get().requested + 1 });
          preview(token).catch((error: unknown) => set({ importError: error as ContractError }));
        });
      },
      decisions: {},
      importSecrets: false,
      acceptUnverified: false,
      importPassphrase: '',
      importResult: undefined,
      importError: undefined,
      busy: false,
      exportOptions: defaultExport,
      exportResult: undefined,
      exportError: undefined,
      sources: undefined,
      sourcesError: undefined,
      async loadSources() {
        try {
          const { sources } = await api.listImportSources({});
          set({ sources, sourcesError: undefined });
        } catch (error) {
          set({ sources: [], sourcesError: error as ContractError });
        }
      },
      async openSource(id) {
        await open(() => api.openImportSource({ id }), true);
      },
      async pickImport({ format, show = false } = {}) {
        await open(() => api.pickImportFile(format ? { format } : {}), show);
      },
      async unlock() {
        const file = get().importFile;
        if (!file) return;
        set({ busy: true, importError: undefined });
        try {
          await preview(file.token, get().importPassphrase);
          set({ importPassphrase: '' });
        } catch (error) {
          set({ importError: error as ContractError });
        } finally {
          set({ busy: false });
        }
      },
      setImportPassphrase(value) {
        set({ importPassphrase: value });
      },
      setDecision(key, action) {
        set({ decisions: { ...get().decisions, [key]: action } });
      },
      setImportSecrets(value) {
        set({ importSecrets: value });
      },
      setAcceptUnverified(value) {
        set({ acceptUnverified: value });
      },
      async applyImport() {
        const file = get().importFile;
        if (!file || get().preview?.token !== file.token) return;
        set({ busy: true, importError: undefined });
        try {
          const importResult = await api.applyImport({
            token: file.token,
            decisions: get().decisions,
            importSecrets: get().importSecrets,
            acceptUnverified: get().acceptUnverified,
          });
          set({ importResult, preview: undefined, importFile: undefined });
        } catch (error) {
          set({ importError: error as ContractError });
        } finally {
          set({ busy: false });
        }
      },
      resetImport() {
        set({ importFile: undefined, preview: undefined, decisions: {}, importResult: undefined, importError: undefined });
      },
      setExportOptions(patch) {
        set({ exportOptions: { ...get().exportOptions, ...patch }, exportError: undefined });
      },
      async exportProfiles() {
        const o = get().exportOptions;
        if (o.includeCredentials && o.passphrase !== o.passphraseConfirm) {
          set({ exportError: { code: 'PASSPHRASE_MISMATCH', message: 'The passphrases differ.' } });
          return;
        }
        set({ busy: true, exportError: undefined, exportResult: undefined });
        try {
          const picked = await api.pickExportFile({ suggestedName: 'sesame-profiles.sesame' });
          if (!picked.picked) return;
          const result = await api.exportProfiles({
            token: picked.token,
            includeCredentials: o.includeCredentials,
            includeOneTimeSequences: o.includeOneTimeSequences,
            ...(o.includeCredentials ? { passphrase: o.passphrase } : {}),
            ...(o.group !== undefined ? { group: o.group } : {}),
          });
          set({ exportResult: { ...result, fileName: picked.fileName }, exportOptions: { ...o, passphrase: '', passphraseConfirm: '' } });
        } catch (error) {
          set({ exportError: error as ContractError });
        } finally {
          set({ busy: false });
        }
      },
    };
  });
}

export type SharingStore = ReturnType<typeof createSharingStore>;
