import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAskpassProvider, type AskpassRuntime } from './askpass-session';
import { detectClients, type Detected } from './detect';
import type { SpawnFn } from './launch';
import { privateDirFactory } from './private-dir';
import type { LaunchPlatform } from './types';

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `which`: the first executable of that name on PATH (with PATHEXT on Windows), as an absolute path. */
export function pathLookup(env: Record<string, string | undefined>, platform: NodeJS.Platform) {
  return async (command: string): Promise<string | null> => {
    const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
    const extensions = platform === 'win32' && !/\.\w+$/.test(command) ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
    for (const dir of dirs) {
      for (const ext of extensions) {
        const candidate = join(dir, command + ext);
        if (await isExecutable(candidate)) return candidate;
      }
    }
    return null;
  };
}

export interface SystemLauncherOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  tmpDir: string;
  askpassRuntime: AskpassRuntime;
}

/** The launcher dependencies of the real machine: detection (cached), spawn, askpass, private folders. */
export function systemLauncher(options: SystemLauncherOptions) {
  const platform = (['win32', 'darwin'].includes(options.platform) ? options.platform : 'linux') as LaunchPlatform;
  let detected: Promise<Detected> | undefined;
  return {
    detect: () =>
      (detected ??= detectClients({ platform, which: pathLookup(options.env, options.platform), exists: isExecutable, env: options.env })),
    spawn: spawn as SpawnFn,
    env: options.env,
    askpass: createAskpassProvider({ platform: options.platform, tmpDir: options.tmpDir, runtime: options.askpassRuntime }),
    privateDir: privateDirFactory(options.tmpDir, options.platform),
  };
}

/** The askpass helper next to this module (sources: dev checkout and CLI; the app bundles its own copy). */
export const askpassHelperSource = new URL('./askpass-helper.mjs', import.meta.url);

/** The askpass runtime of a plain Node process (the CLI, tests): this Node running the helper from sources. */
export function nodeAskpassRuntime(): AskpassRuntime {
  return { execPath: process.execPath, helperPath: fileURLToPath(askpassHelperSource) };
}
