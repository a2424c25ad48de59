import { execFile, spawn } from 'node:child_process';
import { access, constants, open, readFile, realpath, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAskpassProvider, type AskpassRuntime } from './askpass-session';
import { detectClients, type Detected } from './detect';
import type { SpawnFn } from './launch';
import { privateDirFactory } from './private-dir';
import type { LaunchPlatform } from './types';
import { parseOpenSshVersion, parsePuttyVersion, peFileVersion, type ToolVersions, type Version, type VersionedTool } from './versions';

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

/** Runs `program args` (no shell, 5 s at most) and returns what it printed on both streams. */
function printed(program: string, args: string[], env: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 5000, windowsHide: true, maxBuffer: 64 * 1024, env }, (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
  });
}

/**
 * The version of one program, by the cheapest reliable means: `ssh -V` and
 * `plink -V`/`putty --version` print it; on Windows the executable's version
 * resource is read instead (putty.exe -V and WinSCP.exe open windows).
 */
async function probeVersion(tool: VersionedTool, path: string, platform: LaunchPlatform, env: Record<string, string | undefined>, detected: Detected): Promise<Version | null> {
  if (tool === 'ssh') return parseOpenSshVersion(await printed(path, ['-V'], env));
  if (platform === 'win32') return peFileVersion(await readFile(path));
  if (tool === 'winscp') return null;
  if (tool === 'plink') return parsePuttyVersion(await printed(path, ['-V'], env));
  // The GTK putty needs a display even for --version; Debian builds putty and
  // putty-tools (plink) from one source package, so plink's answer stands in.
  const own = parsePuttyVersion(await printed(path, ['--version'], env));
  return own ?? (detected.tools.plink ? parsePuttyVersion(await printed(detected.tools.plink, ['-V'], env)) : null);
}

/** Versions, cached per file (path, size, mtime): a probe runs once per program until it is updated. */
export function versionCache(platform: LaunchPlatform, env: Record<string, string | undefined>) {
  const cache = new Map<string, Promise<Version | null>>();
  return async (detected: Detected, tools: readonly VersionedTool[]): Promise<ToolVersions> => {
    const out: ToolVersions = {};
    for (const tool of tools) {
      const path = detected.tools[tool];
      if (path === undefined) continue;
      const info = await stat(path).catch(() => undefined);
      const key = `${path}|${info?.size}|${info?.mtimeMs}`;
      let probe = cache.get(key);
      if (probe === undefined) {
        probe = probeVersion(tool, path, platform, env, detected).catch(() => null);
        cache.set(key, probe);
      }
      out[tool] = await probe;
    }
    return out;
  };
}

/** The first 64 bytes of a key file as text (format check), undefined when it cannot be read. */
export async function readKeyHead(path: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

export interface SystemLauncherOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  tmpDir: string;
  askpassRuntime: AskpassRuntime;
  /**
   * A folder of Sesame's own for the askpass wrapper (the app-data folder's
   * "run"): /tmp may be mounted noexec, and ssh then sends an empty password.
   */
  runDir?: string;
}

/** The launcher dependencies of the real machine: detection and versions (cached), spawn, askpass, private folders. */
export function systemLauncher(options: SystemLauncherOptions) {
  const platform = (['win32', 'darwin'].includes(options.platform) ? options.platform : 'linux') as LaunchPlatform;
  let detected: Promise<Detected> | undefined;
  return {
    detect: () =>
      (detected ??= detectClients({
        platform,
        which: pathLookup(options.env, options.platform),
        exists: isExecutable,
        env: options.env,
        realpath: (path) => realpath(path),
      })),
    versions: versionCache(platform, options.env),
    readKeyHead,
    spawn: spawn as SpawnFn,
    env: options.env,
    askpass: createAskpassProvider({
      platform: options.platform,
      tmpDir: options.tmpDir,
      runtime: options.askpassRuntime,
      wrapperDirs: options.runDir === undefined ? [options.tmpDir] : [options.runDir, options.tmpDir],
      readMountInfo: () => readFile('/proc/self/mountinfo', 'utf8'),
    }),
    privateDir: privateDirFactory(options.tmpDir, options.platform),
  };
}

/** The askpass helper next to this module (sources: dev checkout and CLI; the app bundles its own copy). */
export const askpassHelperSource = new URL('./askpass-helper.mjs', import.meta.url);

/** The askpass runtime of a plain Node process (the CLI, tests): this Node running the helper from sources. */
export function nodeAskpassRuntime(): AskpassRuntime {
  return { execPath: process.execPath, helperPath: fileURLToPath(askpassHelperSource) };
}
