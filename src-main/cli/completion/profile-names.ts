import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { controlChars } from '../../contract/schemas/host-rules';
import { resolveAppPaths } from '../../core/app-paths';

/**
 * Profile names for shell completion, read straight from profiles.json: no
 * profile store (no lock, no recovery, no schema library), so a TAB costs a
 * Node start and one read, and never writes or renames anything — even when
 * the file is damaged or from a newer version (then it offers nothing).
 */
export function profileNames(env: NodeJS.ProcessEnv): string[] {
  const { profilesFile } = resolveAppPaths({ platform: process.platform, env, homedir: homedir() });
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(profilesFile, 'utf8'));
  } catch {
    return [];
  }
  const profiles = (doc as { format?: unknown; profiles?: unknown })?.profiles;
  if ((doc as { format?: unknown })?.format !== 'sesame-profiles' || !Array.isArray(profiles)) return [];
  const names = new Set<string>();
  for (const p of profiles) {
    const name = (p as { name?: unknown } | null)?.name;
    // One name a line: a name that could break the line (or a terminal) is not offered.
    if (typeof name === 'string' && name.length > 0 && !controlChars.test(name)) names.add(name);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
