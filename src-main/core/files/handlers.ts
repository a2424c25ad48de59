import { basename } from 'node:path';
import { contractError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/dispatch';
import type { filesMethods } from '../../contract/features/files';
import type { ImportFormat } from '../sharing/candidates';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface DialogOptions {
  title?: string;
  defaultName?: string;
  filters?: FileFilter[];
}

/** Electron's dialog module, narrowed and injected so core never imports electron. */
export interface Dialogs {
  openFile(options: DialogOptions): Promise<string | undefined>;
  saveFile(options: DialogOptions): Promise<string | undefined>;
  /**
   * Main's own question before a profile's custom command is saved (see
   * launcher/template-approval.ts); true when the user confirmed. Absent where
   * no one can be asked: such a save is refused.
   */
  confirmCommand?(request: { profileName: string; argv: string[] }): Promise<boolean>;
}

/** Where there is no window to attach a dialog to (CLI, bare tests): say so instead of hanging. */
export const noDialogs: Dialogs = {
  openFile: () => Promise.reject(contractError('NOT_IMPLEMENTED', 'No file dialog is available here.')),
  saveFile: () => Promise.reject(contractError('NOT_IMPLEMENTED', 'No file dialog is available here.')),
};

export interface FilesHandlersDeps {
  dialogs: Dialogs;
  sharing: {
    registerImportFile(path: string, format?: ImportFormat): string;
    registerExportFile(path: string): string;
  };
}

const importFilters: FileFilter[] = [
  { name: 'Sesame export', extensions: ['sesame'] },
  { name: 'FileZilla Site Manager', extensions: ['xml'] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * Dialogs run in main and the chosen path is swapped for a token at once:
 * the renderer can only import a file the user picked in main's own dialog,
 * and only ever learns the file's name for display.
 */
export function createFilesHandlers(deps: FilesHandlersDeps): FeatureHandlers<typeof filesMethods> {
  return {
    pickImportFile: async ({ format }) => {
      const path = await deps.dialogs.openFile({ title: 'Import profiles', filters: importFilters });
      if (path === undefined) return { picked: false };
      return { picked: true, token: deps.sharing.registerImportFile(path, format), fileName: basename(path) };
    },
    pickExportFile: async ({ suggestedName }) => {
      const path = await deps.dialogs.saveFile({
        title: 'Export profiles',
        defaultName: suggestedName ?? 'profiles.sesame',
        filters: [{ name: 'Sesame export', extensions: ['sesame'] }],
      });
      if (path === undefined) return { picked: false };
      return { picked: true, token: deps.sharing.registerExportFile(path), fileName: basename(path) };
    },
  };
}
