import type { SecretKind } from '../../contract/features/profiles';
import { defineCommand, UsageError, type SpecCommand } from '../command';
import { defaultCliContext, readSecretLine, reportError, type CliContext } from '../context';
import { exitCodes, type CliIo } from '../io';
import { cliText } from '../messages';

const usage = `Usage:
  sesame secret set PROFILE [--kind password|passphrase|spa-key|spa-hmac-key] [--base64]
  sesame secret delete PROFILE [--kind password|passphrase|spa-key|spa-hmac-key]

Stores or deletes a profile's password (or key passphrase, or SPA key) in the
OS keychain. "set" reads the secret from a hidden prompt, or from stdin when it
is not a terminal; never from the command line. PROFILE is a name or an id.
SPA keys are text (like KEY / HMAC_KEY in .fwknoprc) unless --base64 says they
are base64 of raw bytes (KEY_BASE64, what "fwknop --key-gen" prints), e.g.
  sesame spa --key-gen | sed -n 's/^KEY_BASE64: //p' | sesame secret set web --kind spa-key --base64
"delete" says so when nothing was stored (exit ${exitCodes.ok}: there is nothing left either way).
Exit codes: ${exitCodes.ok} ok, ${exitCodes.failure} failure (keychain unavailable), ${exitCodes.usage} usage or no such profile.
`;

const options = {
  kind: { type: 'string', default: 'password', choices: ['password', 'passphrase', 'spa-key', 'spa-hmac-key'] },
  base64: { type: 'boolean' },
} as const;

export const secretSpec = {
  name: 'secret',
  help: usage,
  options,
  positionals: { actions: { set: { args: ['profile'] }, delete: { args: ['profile'] } } },
} as const;

export function createSecretCommand(context: (io: CliIo) => CliContext): SpecCommand<typeof options> {
  return defineCommand(secretSpec, async ({ values, positionals }, io) => {
    const [action, ref, ...extra] = positionals;
    if (extra.length > 0 && action === 'set') {
      throw new UsageError({ key: 'secret.notFromArgv' });
    }
    if ((action !== 'set' && action !== 'delete') || !ref || extra.length > 0) throw new UsageError({ key: 'secret.args' });
    const kind: SecretKind = values.kind ?? 'password';
    const spa = kind === 'spa-key' || kind === 'spa-hmac-key';
    if (values.base64 && !spa) throw new UsageError({ key: 'secret.base64Kind' });
    try {
      const ctx = context(io);
      const profile = await ctx.profiles.resolve(ref);
      const t = cliText(io.env);
      const what = t(`common.${kind}`);
      if (action === 'set') {
        const typed = `${t('secret.prompt', { what, name: profile.name })}${values.base64 ? ' (base64)' : ''}`;
        const secret = await readSecretLine(io, typed.charAt(0).toUpperCase() + typed.slice(1));
        if (secret.length === 0) {
          io.err(`sesame secret: ${t('secret.empty')}\n`);
          return exitCodes.usage;
        }
        await ctx.profiles.setSecret(profile.id, kind, secret, spa ? (values.base64 ? 'base64' : 'text') : undefined);
        io.out(`${t('secret.stored', { what, name: profile.name })}\n`);
      } else {
        const { deleted } = await ctx.profiles.removeSecret(profile.id, kind);
        io.out(`${t(deleted ? 'secret.deleted' : 'secret.nothingStored', { what, name: profile.name })}\n`);
      }
      return exitCodes.ok;
    } catch (error) {
      return reportError(io, 'secret', error);
    }
  });
}

export const command = createSecretCommand((io) => defaultCliContext(io));
