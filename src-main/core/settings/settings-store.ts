import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensurePrivateDir } from '../app-paths';
import { writeFileAtomically } from '../files/lazy-io';
import { settingsSchema, settingsShape, type Settings, type SettingsPatch } from '../../contract/features/settings';

export interface SettingsStore {
  read(): Promise<Settings>;
  update(patch: SettingsPatch): Promise<Settings>;
  /** Settles when no write is in flight (for an orderly shutdown). */
  whenIdle(): Promise<void>;
}

export const defaultSettings: Settings = settingsSchema.parse({});

/**
 * Keeps each valid field of a stored file and defaults the rest: one bad value
 * (hand-edited, or from a newer version) must not reset every preference.
 */
export function parseStoredSettings(raw: unknown): Settings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ...defaultSettings };
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(settingsShape)) {
    const parsed = schema.safeParse((raw as Record<string, unknown>)[key]);
    out[key] = parsed.success ? parsed.data : (defaultSettings as Record<string, unknown>)[key];
  }
  return settingsSchema.parse(out);
}

/**
 * Settings as JSON in the app-data folder. Writes are atomic (temp file +
 * rename) so a crash mid-write leaves the previous file, and serialised so two
 * quick toggles cannot interleave their read-modify-write.
 */
export function createSettingsStore({ filePath }: { filePath: string }): SettingsStore {
  let cache: Settings | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Settings> {
    if (cache) return cache;
    try {
      cache = parseStoredSettings(JSON.parse(await readFile(filePath, 'utf8')));
    } catch {
      // Missing or unreadable JSON: start from defaults; the next write repairs the file.
      cache = { ...defaultSettings };
    }
    return cache;
  }

  return {
    read: load,
    whenIdle: () => queue.then(() => undefined),
    update(patch) {
      const run = queue.then(async () => {
        const next = settingsSchema.parse({ ...(await load()), ...patch });
        // 0700 even when settings are the first thing Sesame writes.
        await ensurePrivateDir(dirname(filePath));
        await writeFileAtomically(filePath, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
        cache = next;
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
