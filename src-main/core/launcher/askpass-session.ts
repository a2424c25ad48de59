import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { posixQuote } from './quote';
import type { PromptExpectation } from './askpass-prompts';
import { startAskpassServer, type AskpassHooks, type AskpassServer } from './askpass-server';
import { LaunchError } from './validate';

/**
 * How to run the askpass helper. In the packaged app Node is the Electron
 * binary with ELECTRON_RUN_AS_NODE=1; from the CLI it is plain `node`.
 */
export interface AskpassRuntime {
  execPath: string;
  /** Variables the runtime needs to act as Node, e.g. `{ ELECTRON_RUN_AS_NODE: '1' }`. */
  runtimeEnv?: Record<string, string>;
  /** Absolute path of askpass-helper.mjs as shipped. */
  helperPath: string;
  /**
   * Windows only: an .exe that runs `runAskpassHelper` when it finds
   * SESAME_ASKPASS_TOKEN in its environment (the packaged Sesame.exe, checked
   * first thing in main.ts). Win32-OpenSSH starts SSH_ASKPASS with
   * CreateProcessW, so it must be an executable: a .cmd/.bat would also "work"
   * (CreateProcess silently runs cmd.exe for them), but cmd.exe would then parse
   * ssh's prompt — which holds the user name and, for keyboard-interactive,
   * text chosen by the server — as a command line (the BatBadBut problem).
   */
  windowsExecutable?: string;
}

export interface AskpassSession {
  /** For ssh's environment: SSH_ASKPASS, SSH_ASKPASS_REQUIRE=force, the socket and the token. */
  env: Record<string, string>;
  /** Only the socket and the token (what the helper needs when Sesame, not ssh, runs it: lftp). */
  helperEnv: Record<string, string>;
  /** The runnable helper: POSIX the 0700 wrapper script, Windows the askpass executable. */
  programPath: string;
  server: AskpassServer;
  close(): Promise<void>;
}

export interface AskpassProvider {
  /**
   * Checks, without starting anything, that a session could start here (the
   * pre-knock dry run): an askpass executable on Windows, a folder where the
   * wrapper may be executed. Returns where the program would be. Throws a LaunchError.
   */
  preflight(): Promise<{ programPath: string }>;
  start(secret: string, expect: PromptExpectation, hooks?: AskpassHooks): Promise<AskpassSession>;
}

export interface AskpassProviderOptions {
  platform: NodeJS.Platform;
  /** Parent of the 0700 socket folder (a short path: unix socket paths are limited to ~100 bytes). */
  tmpDir: string;
  runtime: AskpassRuntime;
  timeoutMs?: number;
  /**
   * Folders for the wrapper script, first usable wins (default: tmpDir).
   * ssh exec()s SSH_ASKPASS; on a folder mounted noexec (a hardened /tmp) that
   * fails and ssh sends an empty password, so the app-data folder comes first.
   */
  wrapperDirs?: readonly string[];
  /** Linux: the text of /proc/self/mountinfo (injected for tests). */
  readMountInfo?: () => Promise<string | undefined>;
}

const envName = /^[A-Z_][A-Z0-9_]*$/;

/** The POSIX wrapper ssh executes. Holds paths only — the secret is fetched at run time. */
export function askpassWrapperScript(runtime: AskpassRuntime): string {
  const assignments = Object.entries(runtime.runtimeEnv ?? {}).map(([key, value]) => {
    if (!envName.test(key)) throw new Error(`bad environment variable name ${key}`);
    return `${key}=${posixQuote(value)} `;
  });
  return [
    '#!/bin/sh',
    '# Sesame askpass wrapper (one launch): asks Sesame for the secret once; holds none.',
    `${assignments.join('')}exec ${posixQuote(runtime.execPath)} ${posixQuote(runtime.helperPath)} "$@"`,
    '',
  ].join('\n');
}

/** Unescapes a mountinfo path field (the kernel writes space, tab, newline and "\\" as octal escapes). */
const unescapeMount = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/**
 * Whether `dir` lies on a mount with the noexec option, from /proc/self/mountinfo
 * (proc(5): field 5 is the mount point, field 6 the per-mount options). The
 * longest mount point containing `dir` decides, as in the kernel's lookup.
 */
export function isNoexec(dir: string, mountInfo: string): boolean {
  let best: { point: string; noexec: boolean } | undefined;
  for (const line of mountInfo.split('\n')) {
    const fields = line.split(' ');
    const point = fields[4];
    const options = fields[5];
    if (point === undefined || options === undefined) continue;
    const mount = unescapeMount(point);
    const inside = mount === '/' || dir === mount || dir.startsWith(`${mount}/`);
    if (inside && (best === undefined || mount.length >= best.point.length)) {
      best = { point: mount, noexec: options.split(',').includes('noexec') };
    }
  }
  return best?.noexec ?? false;
}

export function createAskpassProvider(options: AskpassProviderOptions): AskpassProvider {
  const { platform, runtime } = options;
  const candidates = options.wrapperDirs?.length ? options.wrapperDirs : [options.tmpDir];
  let chosen: Promise<string> | undefined;

  /** The first wrapper folder programs may run from; cached (mounts rarely change while Sesame runs). */
  const wrapperDir = (): Promise<string> =>
    (chosen ??= (async () => {
      if (platform !== 'linux' || options.readMountInfo === undefined) return candidates[0] as string;
      const info = await options.readMountInfo().catch(() => undefined);
      if (info === undefined) return candidates[0] as string;
      const usable = candidates.find((dir) => !isNoexec(dir, info));
      if (usable !== undefined) return usable;
      chosen = undefined;
      const dir = candidates.at(-1) as string;
      throw candidates.length > 1
        ? new LaunchError('askpass.noexec-dirs', 'UNSUPPORTED', undefined, { dirs: candidates.slice(0, -1).join(' and '), dir })
        : new LaunchError('askpass.noexec', 'UNSUPPORTED', undefined, { dir });
    })());

  const preflight = async (): Promise<{ programPath: string }> => {
    if (platform === 'win32') {
      if (runtime.windowsExecutable === undefined) {
        throw new LaunchError('askpass.windows', 'UNSUPPORTED');
      }
      return { programPath: runtime.windowsExecutable };
    }
    return { programPath: join(await wrapperDir(), 'askpass-XXXXXX', 'askpass') };
  };

  return {
    preflight,
    async start(secret, expect, hooks) {
      await preflight();
      const server = await startAskpassServer({
        secret,
        expect,
        ...(hooks !== undefined ? { hooks } : {}),
        platform,
        tmpDir: options.tmpDir,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      let programPath: string;
      let wrapperFolder: string | undefined;
      try {
        if (platform === 'win32') {
          programPath = runtime.windowsExecutable as string;
        } else {
          const parent = await wrapperDir();
          await mkdir(parent, { recursive: true, mode: 0o700 });
          wrapperFolder = await mkdtemp(join(parent, 'askpass-'));
          await chmod(wrapperFolder, 0o700);
          programPath = join(wrapperFolder, 'askpass');
          await writeFile(programPath, askpassWrapperScript(runtime), { mode: 0o700, flag: 'wx' });
        }
      } catch (error) {
        await server.close();
        if (wrapperFolder !== undefined) await rm(wrapperFolder, { recursive: true, force: true });
        throw error;
      }
      const folder = wrapperFolder;
      // The wrapper goes with the server, however the server ends (delivered, expired, closed).
      const removed = server.outcome.then(() => (folder === undefined ? undefined : rm(folder, { recursive: true, force: true })));
      return {
        env: { SSH_ASKPASS: programPath, SSH_ASKPASS_REQUIRE: 'force', ...server.env },
        helperEnv: { ...server.env },
        programPath,
        server,
        close: async () => {
          await server.close();
          await removed;
        },
      };
    },
  };
}
