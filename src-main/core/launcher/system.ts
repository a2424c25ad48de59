import { execFile, spawn } from 'node:child_process';
import { access, constants, open, readFile, realpath } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAskpassProvider, type AskpassRuntime } from './askpass-session';
import { detectClients, type Detected } from './detect';
import type { SpawnFn } from './launch';
import { privateDirFactory } from './private-dir';
import type { LaunchPlatform } from './types';
import { programStamp, readVersionFile, saveVersion, type SavedVersion } from './version-file';
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
    const candidates = dirs.flatMap((dir) => extensions.map((ext) => join(dir, command + ext)));
    // Asked all at once (one round trip through libuv's pool, not one per PATH entry); the first in PATH order wins.
    const found = await Promise.all(candidates.map(isExecutable));
    return candidates[found.indexOf(true)] ?? null;
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
export async function probeVersion(tool: VersionedTool, path: string, platform: LaunchPlatform, env: Record<string, string | undefined>, detected: Detected): Promise<Version | null> {
  if (tool === 'ssh') return parseOpenSshVersion(await printed(path, ['-V'], env));
  if (platform === 'win32') return peFileVersion(await readFile(path));
  if (tool === 'winscp') return null;
  if (tool === 'plink') return parsePuttyVersion(await printed(path, ['-V'], env));
  // The GTK putty needs a display even for --version; Debian builds putty and
  // putty-tools (plink) from one source package, so plink's answer stands in.
  const own = parsePuttyVersion(await printed(path, ['--version'], env));
  return own ?? (detected.tools.plink ? parsePuttyVersion(await printed(detected.tools.plink, ['-V'], env)) : null);
}

export type VersionProbe = typeof probeVersion;

/**
 * Versions, cached per program file: in memory for this process and, with
 * `file`, on disk for the next ones (see version-file.ts), so `ssh -V` runs
 * once per installed ssh rather than on every `sesame connect`. The tools
 * are looked up at once, not one after the other.
 */
export function versionCache(platform: LaunchPlatform, env: Record<string, string | undefined>, options: { file?: string; probe?: VersionProbe } = {}) {
  const memory = new Map<string, Promise<Version | null>>();
  const probe = options.probe ?? probeVersion;
  const { file } = options;
  let saved: Promise<Map<string, SavedVersion>> | undefined;
  const lookup = async (tool: VersionedTool, path: string, stamp: string | undefined, detected: Detected): Promise<Version | null> => {
    if (file !== undefined && stamp !== undefined) {
      const hit = (await (saved ??= readVersionFile(file))).get(stamp);
      if (hit !== undefined && hit.tool === tool) return hit.version;
    }
    const version = await probe(tool, path, platform, env, detected).catch(() => null);
    // Only what the program said: a probe that timed out on a busy machine is not remembered as "no version".
    if (version !== null && file !== undefined && stamp !== undefined) await saveVersion(file, stamp, { tool, path, version });
    return version;
  };
  return async (detected: Detected, tools: readonly VersionedTool[]): Promise<ToolVersions> => {
    const out: ToolVersions = {};
    await Promise.all(
      tools.map(async (tool) => {
        const path = detected.tools[tool];
        if (path === undefined) return;
        const stamp = await programStamp(path);
        const key = stamp ?? `${path}|?`;
        let version = memory.get(key);
        if (version === undefined) {
          version = lookup(tool, path, stamp, detected);
          memory.set(key, version);
        }
        out[tool] = await version;
      }),
    );
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
  /** Where client versions are kept between processes (the data folder's run/tool-versions.json); in memory only without it. */
  versionsFile?: string;
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
    versions: versionCache(platform, options.env, options.versionsFile === undefined ? {} : { file: options.versionsFile }),
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
