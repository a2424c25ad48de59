import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Settings, SettingsPatch } from '../../contract/features/settings';
import { ensurePrivateDir } from '../app-paths';
import { writeFileAtomically } from '../files/lazy-io';
import { fileParseMemo, type ParseMemo } from '../files/parse-memo';

export interface SettingsStore {
  read(): Promise<Settings>;
  update(patch: SettingsPatch): Promise<Settings>;
  /** Settles when no write is in flight (for an orderly shutdown). */
  whenIdle(): Promise<void>;
}

export interface SettingsStoreDeps {
  filePath: string;
  /** What this build made of the same text before (the CLI's, across processes): a hit skips the schemas. */
  parseMemo?: ParseMemo<Settings>;
}

// The schemas (zod) load on first use; see ./settings-parse.
const loadParse = () => import('./settings-parse');

/**
 * Settings as JSON in the app-data folder. Writes are atomic (temp file +
 * rename) so a crash mid-write leaves the previous file, and serialised so two
 * quick toggles cannot interleave their read-modify-write.
 */
export function createSettingsStore({ filePath, parseMemo }: SettingsStoreDeps): SettingsStore {
  let cache: Promise<Settings> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function parse(): Promise<Settings> {
    // Missing or unreadable: the defaults; the next write repairs the file.
    const text = await readFile(filePath, 'utf8').catch(() => undefined);
    // A missing file memoises as the empty text: both read as the defaults.
    const remembered = await parseMemo?.get(text ?? '');
    if (remembered) return remembered;
    const { settingsFromText } = await loadParse();
    const settings = settingsFromText(text);
    await parseMemo?.put(text ?? '', settings);
    return settings;
  }

  const load = (): Promise<Settings> => (cache ??= parse());

  return {
    read: load,
    whenIdle: () => queue.then(() => undefined),
    update(patch) {
      const run = queue.then(async () => {
        const { settingsSchema } = await loadParse();
        const next = settingsSchema.parse({ ...(await load()), ...patch });
        // 0700 even when settings are the first thing Sesame writes.
        await ensurePrivateDir(dirname(filePath));
        await writeFileAtomically(filePath, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
        cache = Promise.resolve(next);
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/** Settings as one build read them (see ../files/parse-memo): run/settings.checked.json. */
export function settingsParseMemo(file: string, build: string): ParseMemo<Settings> {
  return fileParseMemo({
    file,
    build,
    encode: (settings) => settings,
    decode: (json) => (typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Settings) : undefined),
  });
}
