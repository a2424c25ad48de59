import { missingForConnect } from '../../contract/features/profile-facts';
import type { Profile, ProfileSummary } from '../../contract/features/profiles';

export interface ProfileFilter {
  /** Words that must all appear (case-insensitive) in the name, host, group, tags, user or notes. */
  query?: string;
  /** Exact group name ("" = profiles without a group). */
  group?: string;
}

// Profiles in the store's cache are never mutated (writes replace them), so a
// WeakMap keyed by the object is a safe memo: search over 5,000 profiles stays
// a scan of precomputed lowercase strings.
const haystacks = new WeakMap<Profile, string>();

function haystack(profile: Profile): string {
  let text = haystacks.get(profile);
  if (text === undefined) {
    text = [profile.name, profile.host ?? '', profile.group, profile.tags.join(' '), profile.service.user ?? '', profile.notes]
      .join('\n')
      .toLowerCase();
    haystacks.set(profile, text);
  }
  return text;
}

export function filterProfiles(profiles: readonly Profile[], filter: ProfileFilter = {}): Profile[] {
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const result = profiles.filter(
    (p) => (filter.group === undefined || p.group === filter.group) && words.every((w) => haystack(p).includes(w)),
  );
  return result.sort(compareProfiles);
}

export function compareProfiles(a: Profile, b: Profile): number {
  return a.group.localeCompare(b.group) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

export function toSummary(profile: Profile): ProfileSummary {
  const summary: ProfileSummary = {
    id: profile.id,
    name: profile.name,
    group: profile.group,
    tags: profile.tags,
    service: profile.service,
    hasPassword: profile.hasPassword,
    ...(profile.hasSpaKey ? { hasSpaKey: true } : {}),
    ...(profile.hasSpaHmacKey ? { hasSpaHmacKey: true } : {}),
    ...(profile.door ? { door: profile.door } : {}),
    hasPassphrase: profile.hasPassphrase,
    draft: missingForConnect(profile).length > 0,
    oneTimeLeft: profile.oneTimeSequences.filter((s) => s.usedAt === undefined).length,
    updatedAt: profile.updatedAt,
  };
  if (profile.host !== undefined) summary.host = profile.host;
  return summary;
}

/** Case-insensitive, trimmed: "Prod DB" and "prod db " are the same name to a person. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** "Name", "Name (2)", "Name (3)", … — the first not in `taken` (a set of {@link nameKey}s). */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(nameKey(name))) return name;
  const base = name.replace(/ \(\d+\)$/, '').slice(0, 90);
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}
