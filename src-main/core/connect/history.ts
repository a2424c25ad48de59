import { appendFile, readFile } from 'node:fs/promises';
import type { HistoryEntry } from '../../contract/features/connect';
import { writeFileAtomically } from '../files/lazy-io';

export interface HistoryStore {
  append(entry: HistoryEntry): Promise<void>;
  /** Newest first. */
  list(options?: { profileId?: string; limit?: number }): Promise<HistoryEntry[]>;
}

/**
 * Recent connections as JSON lines next to profiles.json. Appends are cheap;
 * when the file holds more than 1.5× the cap it is rewritten (atomically) down
 * to the cap, so it stays small without rewriting on every connect. Lines that
 * do not parse (a torn append after a crash) are skipped, never fatal.
 */
// The schemas (zod) load when the history is read: a CLI connect only appends, once, after its client started.
const schemas = () => import('../../contract/features/connect');

export function createHistoryStore(filePath: string, cap = 1000): HistoryStore {
  let queue: Promise<unknown> = Promise.resolve();
  // Lines in the file, counted once and then tracked, so an append does not re-read it.
  let lines: number | undefined;
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  async function readText(): Promise<string> {
    try {
      return await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  async function readAll(): Promise<HistoryEntry[]> {
    const text = await readText();
    const { historyEntrySchema } = await schemas();
    const entries: HistoryEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = historyEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success) entries.push(parsed.data);
      } catch {
        // a torn line from an interrupted append
      }
    }
    return entries;
  }

  return {
    append: (entry) =>
      serial(async () => {
        // Counted, not parsed: the cap only needs the number of lines (a torn one counts too).
        lines ??= (await readText()).split('\n').filter((line) => line.trim()).length;
        // Written as typed, not parsed: the entry is the connector's own, and reads validate every line.
        // A parse here would build the zod schemas while the client's handshake wants the CPU.
        await appendFile(filePath, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
        lines += 1;
        if (lines > cap * 1.5) {
          const kept = (await readAll()).slice(-cap);
          await writeFileAtomically(filePath, kept.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
          lines = kept.length;
        }
      }),
    list: ({ profileId, limit = 100 } = {}) =>
      serial(async () => {
        const all = await readAll();
        const mine = profileId ? all.filter((e) => e.profileId === profileId) : all;
        return mine.slice(-limit).reverse();
      }),
  };
}
