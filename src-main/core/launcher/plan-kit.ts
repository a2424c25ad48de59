import { join } from 'node:path';
import type { PromptExpectation } from './askpass-prompts';
import type { AskpassHooks } from './askpass-server';
import type { AskpassProvider, AskpassSession } from './askpass-session';
import type { Detected } from './detect';
import type { PrivateDir, PrivateDirFactory } from './private-dir';
import type { ClipboardHandoff, LaunchSecrets, Timers } from './types';
import type { ToolVersions } from './versions';
import { LaunchError } from './validate';

/**
 * What building a plan needs besides the request. With `dryRun` the same code
 * runs to the end and creates nothing (no askpass server, file or folder): the
 * connector does that before the first knock, so every refusal happens while
 * the door is still shut.
 */
export interface PlanContext {
  detected: Detected;
  /** The environment the client starts from (usually process.env). */
  env: Record<string, string | undefined>;
  secrets?: LaunchSecrets;
  /** Needed whenever a secret must reach OpenSSH or lftp. */
  askpass?: AskpassProvider;
  /** Refused prompts and host-key questions of this launch (the connector's). */
  askpassHooks?: AskpassHooks;
  /** Needed for PuTTY/WinSCP secret files and macOS launch scripts. */
  privateDir?: PrivateDirFactory;
  /** How long a secret file may exist after spawn when the client's exit does not come first. */
  secretFileGraceMs?: number;
  /** How long a secret stays on the clipboard (30 s unless a test says otherwise). */
  clipboardClearMs?: number;
  timers?: Timers;
  /** Versions of the programs the request uses (probed, cached), where a flag depends on one. */
  versions?: ToolVersions;
  /** The first bytes of a local file (key files: exists? OpenSSH or PuTTY format?); omitted, not checked. */
  readKeyHead?(path: string): Promise<string | undefined>;
  /** Build and check everything, create nothing. */
  dryRun?: boolean;
}

export const clipboardClearMs = 30_000;
export const defaultGraceMs = 10_000;

export interface Secret {
  kind: 'password' | 'passphrase';
  value: string;
}

export function clipboardHandoff(secret: Secret, reason: string, clearAfterMs = clipboardClearMs): ClipboardHandoff {
  return {
    reason,
    clearAfterMs,
    copy(clipboard, timers = { setTimeout, clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }) {
      void Promise.resolve(clipboard.writeText(secret.value)).catch(() => undefined);
      // Only clear what we put there: the user may have copied something else since.
      const handle = timers.setTimeout(() => {
        void Promise.resolve(clipboard.readText())
          .then((current) => (current === secret.value ? clipboard.writeText('') : undefined))
          .catch(() => undefined);
      }, clearAfterMs);
      return () => timers.clearTimeout(handle);
    },
  };
}

/** Releases resources in reverse order, once; errors are collected, not thrown halfway. */
export class Resources {
  private readonly closers: Array<() => Promise<void>> = [];
  private closed?: Promise<void>;
  add(close: () => Promise<void>): void {
    this.closers.unshift(close);
  }
  close(): Promise<void> {
    this.closed ??= (async () => {
      const results = await Promise.allSettled(this.closers.map((close) => close()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    })();
    return this.closed;
  }
}

/** The two things a plan may create, real or (dry run) only checked and described. */
export interface Makers {
  dir(prefix: string): Promise<PrivateDir>;
  askpass(secret: Secret, expect: PromptExpectation): Promise<AskpassSession>;
}

const dryToken = 'dry-run';

export function makers(ctx: PlanContext, resources: Resources): Makers {
  const needAskpass = (): AskpassProvider => {
    if (ctx.askpass === undefined) throw new LaunchError('kit.no-askpass', 'UNSUPPORTED');
    return ctx.askpass;
  };
  const needDirs = (): PrivateDirFactory => {
    if (ctx.privateDir === undefined) throw new LaunchError('kit.no-private-dir', 'UNSUPPORTED');
    return ctx.privateDir;
  };
  if (ctx.dryRun) {
    return {
      async dir(prefix) {
        const path = join(needDirs().root ?? '/tmp', `${prefix}XXXXXX`);
        return {
          path,
          write: async (name) => join(path, name),
          removeFile: async () => undefined,
          remove: async () => undefined,
        };
      },
      async askpass() {
        const { programPath } = await needAskpass().preflight();
        const helperEnv = { SESAME_ASKPASS_SOCKET: dryToken, SESAME_ASKPASS_TOKEN: dryToken };
        return {
          env: { SSH_ASKPASS: programPath, SSH_ASKPASS_REQUIRE: 'force', ...helperEnv },
          helperEnv,
          programPath,
          server: undefined as never,
          close: async () => undefined,
        };
      },
    };
  }
  return {
    async dir(prefix) {
      const dir = await needDirs()(prefix);
      resources.add(() => dir.remove());
      return dir;
    },
    async askpass(secret, expect) {
      const session = await needAskpass().start(secret.value, expect, ctx.askpassHooks);
      resources.add(() => session.close());
      return session;
    },
  };
}
