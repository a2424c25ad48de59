import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { config as zodConfig } from 'zod';
import { isContractError } from '../contract/errors';
import { resolveAppPaths } from '../core/app-paths';
import { presentImportSources, type ImportSource } from '../core/profiles/import-sources';
import { createProfileStore } from '../core/profiles/profile-store';
import { createProfilesService, type ProfilesService } from '../core/profiles/profiles-service';
import { createKeyringSecretStore } from '../core/secrets/keyring-secret-store';
import type { SecretStore } from '../core/secrets/secret-store';
import { dataFolderSecretStore } from '../core/secrets/store-keychain';
import { exitCodes, type CliIo } from './io';
import { localMessage, type FieldLabels } from './local-error';
import { fileErrorLine } from './system-error';

/** What the profiles/secret commands work on; tests build one over a temp folder and the in-memory secret store. */
export interface CliContext {
  profiles: ProfilesService;
  secrets: SecretStore;
  homedir: string;
  now: () => number;
  /** The importable files at their usual places (offered when there are no profiles); defaults to looking on this machine. */
  importSources?: () => Promise<ImportSource[]>;
}

export function defaultCliContext(io: CliIo, given?: SecretStore): CliContext {
  // One process, a handful of parses: zod's JIT (new Function per schema) costs more than it saves here.
  zodConfig({ jitless: true });
  const paths = resolveAppPaths({ platform: process.platform, env: io.env, homedir: homedir() });
  const now = () => Date.now();
  // This data folder's own keychain entries (another SESAME_HOME has its own).
  const secrets = given ?? dataFolderSecretStore(createKeyringSecretStore(), dirname(paths.profilesFile));
  const store = createProfileStore({
    filePath: paths.profilesFile,
    now,
    onRecovered: (notice) => io.err(`sesame: ${notice.message}\n`),
  });
  const home = homedir();
  return {
    profiles: createProfilesService({ store, secrets, now }),
    secrets,
    homedir: home,
    now,
    importSources: () => presentImportSources({ platform: process.platform, env: io.env, homedir: home }),
  };
}

/** Prints a contract error (or a bug) the way every subcommand does, bad fields named by `labels`; returns the exit code. */
export async function reportError(io: CliIo, command: string, error: unknown, labels?: FieldLabels): Promise<number> {
  if (isContractError(error)) {
    io.err(`sesame ${command}: ${await localMessage(io.env, error, labels)}\n`);
    // A name that matches no profile is a bad argument, as `connect` has it: 2 in every command.
    return error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' ? exitCodes.usage : exitCodes.failure;
  }
  io.err(`sesame ${command}: ${fileErrorLine(error, io.env) ?? (error as Error)?.message ?? String(error)}\n`);
  return exitCodes.failure;
}

type RawModeStream = NodeJS.ReadableStream & { setRawMode?: (on: boolean) => void };

/**
 * Reads one secret line: from a TTY with echo off, else from stdin (for
 * scripts: `pass show x | sesame secret set NAME`). Never from argv, where
 * `ps` and shell history would see it.
 */
export async function readSecretLine(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin as RawModeStream;
  if (io.stdinIsTTY && typeof stdin.setRawMode === 'function') {
    io.err(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    try {
      return await new Promise<string>((resolve, reject) => {
        let value = '';
        const onData = (chunk: Buffer | string) => {
          const text = chunk.toString('utf8');
          for (let i = 0; i < text.length; i++) {
            const ch = text[i]!;
            if (ch === '\r' || ch === '\n') {
              // What follows the line (pasted input, the next answer) is left for the next read.
              const after = text.slice(i + 1).replace(ch === '\r' ? /^\n/ : /^$/, '');
              return done(() => {
                if (after) stdin.unshift(Buffer.from(after));
                resolve(value);
              });
            }
            if (ch === '\u0003') return done(() => reject(new Error('cancelled')));
            if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
            else value += ch;
          }
        };
        const onEnd = () => done(() => resolve(value));
        const done = (finish: () => void) => {
          // Paused at once: data unshifted for the next read must not flow to no listener.
          stdin.pause();
          stdin.removeListener('data', onData);
          stdin.removeListener('end', onEnd);
          io.err('\n');
          finish();
        };
        stdin.on('data', onData);
        stdin.on('end', onEnd);
      });
    } finally {
      stdin.setRawMode(false);
      stdin.pause();
    }
  }
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (text.length > 65_536) break;
  }
  // Only the first line, without its line ending: `echo secret |` must not store "secret\n".
  return text.split(/\r?\n/)[0] ?? '';
}

