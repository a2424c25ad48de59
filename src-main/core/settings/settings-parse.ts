import { settingsSchema, settingsShape, type Settings } from '../../contract/features/settings';

// The schema side of ./settings-store, apart so that a reader with a memoised
// result (the CLI's connect) never builds the zod schemas.

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

/** The file's text as settings: missing (undefined), unreadable or invalid JSON gives the defaults. */
export function settingsFromText(text: string | undefined): Settings {
  if (text === undefined) return { ...defaultSettings };
  try {
    return parseStoredSettings(JSON.parse(text));
  } catch {
    return { ...defaultSettings };
  }
}

export { settingsSchema };
