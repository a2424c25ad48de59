import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { terminalIdSchema, type DetectedTools, type TerminalIdName } from '../../contract/features/settings';
import { defaultTerminal, detectClients } from '../launcher/detect';
import type { LaunchPlatform } from '../launcher/types';

const isExecutable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

/** `which` over PATH, returning an absolute path (see launcher/detect.ts for why absolute). */
export function pathWhich(env: Record<string, string | undefined>, platform: NodeJS.Platform) {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  return async (command: string): Promise<string | null> => {
    for (const dir of dirs) {
      const candidate = join(dir, command);
      if (await isExecutable(candidate)) return candidate;
    }
    return null;
  };
}

/** The real machine's terminals and clients, for the settings screen's choices and defaults. */
export async function detectInstalledTools(platform: NodeJS.Platform, env: Record<string, string | undefined>): Promise<DetectedTools> {
  if (platform !== 'linux' && platform !== 'darwin' && platform !== 'win32') {
    return { platform: 'other', terminals: [], clients: ['custom'] };
  }
  const detected = await detectClients({
    platform: platform as LaunchPlatform,
    which: pathWhich(env, platform),
    exists: isExecutable,
    env,
  });
  // Only terminals a user can pick as a window; launcher-internal modes stay out of the contract.
  const pickable = (id: string | undefined): id is TerminalIdName => terminalIdSchema.safeParse(id).success;
  const terminal = defaultTerminal(detected);
  return {
    platform: detected.platform,
    terminals: detected.terminals.filter(pickable),
    clients: detected.clients,
    ...(pickable(terminal) ? { defaultTerminal: terminal } : {}),
  };
}
