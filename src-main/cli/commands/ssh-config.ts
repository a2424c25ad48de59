import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import type { Profile } from '../../contract/features/profiles';
import { defineCommand, UsageError, type SpecCommand } from '../command';
import { defaultCliContext, reportError, type CliContext } from '../context';
import { cliLanguage } from '../diagnosis';
import { exitCodes, type CliIo } from '../io';

const help = `Usage: sesame ssh-config [PROFILE…] [--install [--file PATH] | --remove]

Prints ssh_config Host blocks for your SSH/SFTP profiles (all of them, or the
PROFILEs named), each with

    ProxyCommand <sesame> proxy %h %p
    HostKeyAlias, HostName, Port and User from the profile

so that ssh, scp, sftp, rsync, git and VS Code Remote-SSH knock first: use
the profile's name (ssh web) or its host name. <sesame> is the absolute path
of this installation's launcher (the app's resources/bin/sesame or
sesame.cmd, /usr/bin/sesame, the AppImage with --cli, npm's bin link).

Options:
  --install       write the blocks into ~/.ssh/config (Windows:
                  %USERPROFILE%\\.ssh\\config) between two marker lines,
                  replacing the previous Sesame block; everything else in
                  the file stays byte for byte. The previous version is kept
                  in FILE.sesame-backup. Running it again changes nothing.
  --file PATH     the ssh config file for --install or --remove
  --remove        take Sesame's block out of the file again
  --sesame PATH   the sesame command to put in ProxyCommand (default: this
                  installation's, see above)
  -h, --help      this help

A new block goes before a "Host *" or "Match all" line (ssh takes the first
value it finds, so a catch-all above it would win), else at the end.
Symbolic links are refused. Exit codes: ${exitCodes.ok} ok, ${exitCodes.failure} failure, ${exitCodes.usage} usage or no such profile.
`;

const options = {
  install: { type: 'boolean' },
  remove: { type: 'boolean' },
  file: { type: 'string', value: 'file' },
  sesame: { type: 'string', value: 'file' },
} as const;

export const sshConfigSpec = { name: 'ssh-config', help, options, positionals: { rest: 'profile' } } as const;

/** Where the default ssh config lives: OpenSSH's ~/.ssh/config, Win32-OpenSSH's %USERPROFILE%\.ssh\config (os.homedir() is USERPROFILE there). */
export function defaultSshConfigPath(platform: NodeJS.Platform, home: string): string {
  return (platform === 'win32' ? win32 : posix).join(home, '.ssh', 'config');
}

export interface SshConfigDeps {
  context: (io: CliIo) => CliContext;
  platform: NodeJS.Platform;
  homedir: () => string;
  /** This process's own launcher words (see sesameProgram); tests pass a fixed one. */
  program: () => Promise<string[]>;
}

const processProgram = async (): Promise<string[]> => {
  const { sesameProgram } = await import('../../core/ssh-config-writer/proxy-command');
  return sesameProgram({
    platform: process.platform,
    execPath: process.execPath,
    script: process.argv[1] ?? '',
    onElectron: typeof process.versions.electron === 'string',
    env: process.env,
    realpath: (path) => {
      try {
        return realpathSync(path);
      } catch {
        return undefined;
      }
    },
  });
};

export const defaultSshConfigDeps: SshConfigDeps = {
  context: (io) => defaultCliContext(io),
  platform: process.platform,
  homedir,
  program: processProgram,
};

export function createSshConfigCommand(deps: SshConfigDeps = defaultSshConfigDeps): SpecCommand<typeof options> {
  return defineCommand(sshConfigSpec, async ({ values: v, positionals }, io) => {
    if (v.install && v.remove) throw new UsageError({ key: 'sshConfig.installAndRemove' });
    if (v.file !== undefined && !v.install && !v.remove) throw new UsageError({ key: 'sshConfig.fileNeedsAction' });
    if (v.remove && positionals.length > 0) throw new UsageError({ key: 'sshConfig.removeTakesNoProfile' });
    const [{ planHosts, renderHostBlocks }, { proxyCommandLine, UnquotablePathError }, install, { translate }, language] = await Promise.all([
      import('../../core/ssh-config-writer/host-blocks'),
      import('../../core/ssh-config-writer/proxy-command'),
      import('../../core/ssh-config-writer/install'),
      import('../../core/i18n'),
      cliLanguage(io),
    ]);
    const t = translate(language, 'serverKit');
    const file = v.file ?? defaultSshConfigPath(deps.platform, deps.homedir());
    try {
      if (v.remove) {
        const result = await install.installBlock(file, undefined);
        io.err(`${t(result.status === 'removed' ? 'sshConfig.removed' : 'sshConfig.nothingToRemove', { file, backup: result.backup })}\n`);
        return exitCodes.ok;
      }
      const ctx = deps.context(io);
      let profiles: Profile[];
      if (positionals.length > 0) profiles = await Promise.all(positionals.map((ref) => ctx.profiles.resolve(ref)));
      else profiles = (await ctx.profiles.list()).profiles;
      const plan = planHosts(profiles);
      for (const { profileName, reason } of plan.notes) {
        const why = t(`sshConfig.reasons.${reason.kind}`, reason.kind === 'hostTaken' ? { other: reason.other } : {});
        io.err(`sesame ssh-config: ${t('sshConfig.skipped', { name: profileName, reason: why })}\n`);
      }
      if (plan.entries.length === 0) {
        io.err(`sesame ssh-config: ${t('sshConfig.none')}\n`);
        return exitCodes.failure;
      }
      let proxyCommand: string;
      try {
        proxyCommand = proxyCommandLine(v.sesame !== undefined ? [v.sesame] : await deps.program(), deps.platform);
      } catch (error) {
        if (!(error instanceof UnquotablePathError)) throw error;
        io.err(`sesame ssh-config: ${t('sshConfig.errors.quote', { path: error.path, char: JSON.stringify(error.character) })}\n`);
        return exitCodes.failure;
      }
      const { comment } = await import('../../core/server-kit/text');
      const block = [...comment(t('sshConfig.header')), '', renderHostBlocks(plan.entries, proxyCommand, (name) => t('sshConfig.profileComment', { name }))].join('\n');
      if (!v.install) {
        io.out(`${install.beginMarker}\n${block}\n${install.endMarker}\n`);
        return exitCodes.ok;
      }
      const result = await install.installBlock(file, block);
      const key = result.status === 'created' ? 'sshConfig.created' : result.status === 'unchanged' ? 'sshConfig.unchanged' : 'sshConfig.installed';
      io.err(`${t(key, { file, count: plan.entries.length, backup: result.backup })}\n`);
      return exitCodes.ok;
    } catch (error) {
      if (error instanceof install.SshConfigFileError) {
        io.err(`sesame ssh-config: ${t(`sshConfig.errors.${error.kind}`, { file: error.file })}\n`);
        return exitCodes.failure;
      }
      return reportError(io, 'ssh-config', error);
    }
  });
}

export const command = createSshConfigCommand();
