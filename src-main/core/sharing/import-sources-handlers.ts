import { basename } from 'node:path';
import { contractError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/dispatch';
import type { firstRunMethods } from '../../contract/features/first-run';
import { createIncludeReader, prepareImport, readCapped } from './import-files';
import { discoverImportSources, existingSources, type ImportSearch } from './import-sources';
import type { SharingService } from './sharing-service';

/**
 * First-run discovery. Paths stay in main: the renderer sees a display path
 * and an id, and opening a source registers it exactly as the file dialog
 * would, so the import preview and apply are the ones every file goes through.
 */
export function createFirstRunHandlers(deps: { search: ImportSearch; sharing: Pick<SharingService, 'registerImportFile'> }): FeatureHandlers<typeof firstRunMethods> {
  const { search } = deps;
  return {
    listImportSources: async () => ({
      sources: await discoverImportSources(search, async ({ path, format }) => {
        const prepared = await prepareImport(basename(path), await readCapped(path), {
          format,
          homedir: search.homedir,
          readInclude: createIncludeReader(search.homedir),
        });
        return prepared.candidates.length;
      }),
    }),
    openImportSource: async ({ id }) => {
      // Looked up again: the file may have gone since the list was shown.
      const source = (await existingSources(search)).find((s) => s.id === id);
      if (!source) throw contractError('NOT_FOUND', 'This file is no longer there; choose it with "Choose a file…" instead.');
      return { picked: true, token: deps.sharing.registerImportFile(source.path, source.format), fileName: basename(source.path) };
    },
  };
}
