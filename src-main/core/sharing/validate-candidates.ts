import type { ImportCandidate } from './candidates';
import { ImportError, importLimits } from './limits';

/**
 * Runs `toCandidate` on every raw item; an item that does not validate
 * becomes a warning naming it and its field, never a crash and never a
 * half-imported profile.
 */
export type CandidateDraft = Omit<ImportCandidate, 'key' | 'secrets'> & { secrets?: ImportCandidate['secrets'] };

export function collectCandidates<T>(
  items: readonly T[],
  toCandidate: (item: T, index: number) => CandidateDraft | string,
  warnings: string[],
  nameOf: (item: T) => unknown = (item) => (item as { name?: unknown } | null)?.name,
): { candidates: ImportCandidate[] } {
  if (items.length > importLimits.maxProfiles) {
    throw new ImportError(`The file has more than ${importLimits.maxProfiles} profiles; split it and import the parts.`);
  }
  const candidates: ImportCandidate[] = [];
  items.forEach((item, index) => {
    const result = toCandidate(item, index);
    if (typeof result === 'string') {
      const name = nameOf(item);
      warnings.push(`Profile #${index + 1}${typeof name === 'string' ? ` "${name.slice(0, 100)}"` : ''} was skipped: ${result}`);
    } else {
      candidates.push({ ...result, key: String(candidates.length), secrets: result.secrets ?? {} });
    }
  });
  return { candidates };
}
