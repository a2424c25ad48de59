import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { isContractError } from '../../contract/errors';
import { secretKindSchema, type SecretKind } from '../../contract/features/profiles';
import { resolveAppPaths } from '../../core/app-paths';
import { createProfileStore } from '../../core/profiles/profile-store';
import { createProfilesService, type ProfilesService } from '../../core/profiles/profiles-service';
import { createKeyringSecretStore } from '../../core/secrets/keyring-secret-store';
import type { SecretStore } from '../../core/secrets/secret-store';
import { exitCodes, type CliCommand, type CliIo } from '../io';

/** What the profiles/secret commands work on; tests build one over a temp folder and the in-memory secret store. */
export interface CliContext {
  profiles: ProfilesService;
  secrets: SecretStore;
  homedir: string;
  now: () => number;
}

export function defaultCliContext(io: CliIo, secrets: SecretStore = createKeyringSecretStore()): CliContext {
  const paths = resolveAppPaths({ platform: process.platform, env: io.env, homedir: homedir() });
  const now = () => Date.now();
  const store = createProfileStore({
    filePath: paths.profilesFile,
    now,
    onRecovered: (notice) => io.err(`sesame: ${notice.message}\n`),
  });
  return { profiles: createProfilesService({ store, secrets, now }), secrets, homedir: homedir(), now };
}

/** Prints a contract error (or a bug) the way every subcommand does; returns the exit code. */
export function reportError(io: CliIo, command: string, error: unknown): number {
  if (isContractError(error)) {
    io.err(`sesame ${command}: ${error.message}\n`);
    return error.code === 'INVALID_INPUT' ? exitCodes.usage : exitCodes.failure;
  }
  io.err(`sesame ${command}: ${(error as Error)?.message ?? String(error)}\n`);
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
          for (const ch of chunk.toString('utf8')) {
            if (ch === '\r' || ch === '\n') return done(() => resolve(value));
            if (ch === '\u0003') return done(() => reject(new Error('cancelled')));
            if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
            else value += ch;
          }
        };
        const done = (finish: () => void) => {
          stdin.removeListener('data', onData);
          io.err('\n');
          finish();
        };
        stdin.on('data', onData);
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

const usage = `Usage:
  sesame secret set PROFILE [--kind password|passphrase]
  sesame secret delete PROFILE [--kind password|passphrase]

Stores or deletes a profile's password (or key passphrase) in the OS keychain.
"set" reads the secret from a hidden prompt, or from stdin when it is not a
terminal; never from the command line. PROFILE is a name or an id.
Exit codes: 0 ok, 1 failure (keychain unavailable, no such profile), 2 usage.
`;

export async function runSecret(argv: string[], io: CliIo, context: () => CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { kind: { type: 'string', default: 'password' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.err(`sesame secret: ${(error as Error).message}\n${usage}`);
    return exitCodes.usage;
  }
  const [action, ref, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    io.out(usage);
    return exitCodes.ok;
  }
  const kind = secretKindSchema.safeParse(parsed.values.kind);
  if ((action !== 'set' && action !== 'delete') || !ref || extra.length > 0 || !kind.success) {
    if (extra.length > 0 && action === 'set') io.err('sesame secret: the secret is never taken from the command line; it is read from a prompt or stdin.\n');
    io.err(usage);
    return exitCodes.usage;
  }
  try {
    const ctx = context();
    const profile = await ctx.profiles.resolve(ref);
    const what: SecretKind = kind.data;
    if (action === 'set') {
      const secret = await readSecretLine(io, `${what === 'password' ? 'Password' : 'Key passphrase'} for ${profile.name}: `);
      if (secret.length === 0) {
        io.err('sesame secret: empty input; nothing was stored.\n');
        return exitCodes.usage;
      }
      await ctx.profiles.setSecret(profile.id, what, secret);
      io.out(`Stored the ${what} of "${profile.name}" in the keychain.\n`);
    } else {
      await ctx.profiles.deleteSecret(profile.id, what);
      io.out(`Deleted the ${what} of "${profile.name}" from the keychain.\n`);
    }
    return exitCodes.ok;
  } catch (error) {
    return reportError(io, 'secret', error);
  }
}

export const secretCommand: CliCommand = {
  name: 'secret',
  summary: 'Store or delete a profile\'s password in the OS keychain',
  run: (argv, io) => runSecret(argv, io, () => defaultCliContext(io)),
};
