import { dirname, join } from 'node:path';

/** Where deleted profiles wait: trash.json beside the profiles file (apart from ./trash so that knowing it loads no schema). */
export function trashFileFor(profilesFile: string): string {
  return join(dirname(profilesFile), 'trash.json');
}
