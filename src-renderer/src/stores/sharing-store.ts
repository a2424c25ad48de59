import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { ImportAction, ImportPreview, ImportResult } from '../../../src-main/contract/features/profiles';

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
  importPassphrase: string;
  importResult: ImportResult | undefined;
  importError: ContractError | undefined;
  busy: boolean;
  exportOptions: ExportOptions;
  exportResult: { exported: number; warnings: string[]; fileName: string } | undefined;
  exportError: ContractError | { code: 'PASSPHRASE_MISMATCH'; message: string } | undefined;
  pickImport(): Promise<void>;
  /** Re-reads the file with a passphrase so its encrypted credentials can be imported. */
  unlock(): Promise<void>;
  setImportPassphrase(value: string): void;
  setDecision(key: string, action: ImportAction): void;
  setImportSecrets(value: boolean): void;
  applyImport(): Promise<void>;
  resetImport(): void;
  setExportOptions(patch: Partial<ExportOptions>): void;
  exportProfiles(): Promise<void>;
  /** Counts files main asked us to import (opened from the file manager): the shell shows the preview on change. */
  requested: number;
  attach(): () => void;
}

type SharingApi = Pick<SesameApi, 'pickImportFile' | 'pickExportFile' | 'previewImport' | 'applyImport' | 'exportProfiles' | 'on'>;

const defaultExport: ExportOptions = {
  includeCredentials: false,
  passphrase: '',
  passphraseConfirm: '',
  includeOneTimeSequences: false,
  group: undefined,
};

/** Import (file → preview → per-item choice → apply) and export. Paths never appear here: main hands out tokens. */
export function createSharingStore(api: SharingApi) {
  return createStore<SharingState>()((set, get) => {
    const preview = async (token: string, passphrase?: string) => {
      const result = await api.previewImport({ token, ...(passphrase ? { passphrase } : {}) });
      // Another file may have been chosen (or opened from outside) while this one was read:
      // its preview must not land under the other file's name, nor lend it decisions.
      if (get().importFile?.token !== token) return;
      const decisions = Object.fromEntries(result.items.map((item) => [item.key, item.defaultAction]));
      set({ preview: result, decisions, importSecrets: passphrase !== undefined && result.items.some((i) => i.offersSecrets.length > 0) });
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
      importPassphrase: '',
      importResult: undefined,
      importError: undefined,
      busy: false,
      exportOptions: defaultExport,
      exportResult: undefined,
      exportError: undefined,
      async pickImport() {
        set({ busy: true, importError: undefined, importResult: undefined });
        try {
          const picked = await api.pickImportFile({});
          if (!picked.picked) return;
          set({ importFile: { token: picked.token, fileName: picked.fileName }, preview: undefined, importPassphrase: '' });
          await preview(picked.token);
        } catch (error) {
          set({ importError: error as ContractError });
        } finally {
          set({ busy: false });
        }
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
      async applyImport() {
        const file = get().importFile;
        if (!file || get().preview?.token !== file.token) return;
        set({ busy: true, importError: undefined });
        try {
          const importResult = await api.applyImport({ token: file.token, decisions: get().decisions, importSecrets: get().importSecrets });
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
