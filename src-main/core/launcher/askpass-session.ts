import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { posixQuote } from './quote';
import { startAskpassServer, type AskpassServer, type SecretKind } from './askpass-server';
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
  /** For the client's environment: SSH_ASKPASS, SSH_ASKPASS_REQUIRE=force, the socket and the token. */
  env: Record<string, string>;
  /** POSIX: the 0700 wrapper script, runnable as a program that prints the secret once. */
  programPath: string;
  server: AskpassServer;
  close(): Promise<void>;
}

export type AskpassProvider = (secret: string, kind: SecretKind) => Promise<AskpassSession>;

export interface AskpassProviderOptions {
  platform: NodeJS.Platform;
  tmpDir: string;
  runtime: AskpassRuntime;
  timeoutMs?: number;
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

export function createAskpassProvider(options: AskpassProviderOptions): AskpassProvider {
  return async (secret, kind) => {
    const { platform, runtime } = options;
    if (platform === 'win32' && runtime.windowsExecutable === undefined) {
      throw new LaunchError(
        'This build cannot hand a password to OpenSSH on Windows (no askpass executable); use PuTTY or an SSH agent',
        'UNSUPPORTED',
      );
    }
    const server = await startAskpassServer({
      secret,
      kind,
      platform,
      tmpDir: options.tmpDir,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    let programPath: string;
    try {
      if (platform === 'win32') {
        programPath = runtime.windowsExecutable as string;
      } else {
        programPath = join(server.dir as string, 'askpass');
        await writeFile(programPath, askpassWrapperScript(runtime), { mode: 0o700, flag: 'wx' });
      }
    } catch (error) {
      await server.close();
      throw error;
    }
    return {
      env: { SSH_ASKPASS: programPath, SSH_ASKPASS_REQUIRE: 'force', ...server.env },
      programPath,
      server,
      close: () => server.close(),
    };
  };
}
