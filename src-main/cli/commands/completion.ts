import { defineCommand, UsageError } from '../command';
import { exitCodes } from '../io';

const shells = ['bash', 'zsh', 'fish', 'powershell'] as const;

const help = `Usage: sesame completion bash|zsh|fish|powershell

Prints a completion script for your shell: commands, options, their values and
your profile names complete with TAB.

  bash        source <(sesame completion bash)
              or: sesame completion bash > ~/.local/share/bash-completion/completions/sesame
  zsh         source <(sesame completion zsh)
              or: sesame completion zsh > "\${fpath[1]}/_sesame"
  fish        sesame completion fish > ~/.config/fish/completions/sesame.fish
  powershell  sesame completion powershell | Out-String | Invoke-Expression   (add it to $PROFILE)

      --profiles  print the profile names, one a line (what the scripts call; reads only)
`;

export const completionSpec = {
  name: 'completion',
  help,
  options: { profiles: { type: 'boolean' } },
  positionals: { args: [shells] },
} as const;

// Declared in scripts/build-cli.mjs from package.json; absent when tests run the sources.
declare const __SESAME_VERSION__: string | undefined;

export const command = defineCommand(completionSpec, async ({ values, positionals }, io) => {
  if (values.profiles) {
    // The TAB path: nothing but the names reader loads here.
    const { profileNames } = await import('../completion/profile-names');
    for (const name of profileNames(io.env)) io.out(`${name}\n`);
    return exitCodes.ok;
  }
  const [shell, ...extra] = positionals;
  if (shell === undefined || extra.length > 0 || !(shells as readonly string[]).includes(shell)) {
    throw new UsageError({ key: 'completion.oneShell', values: { shells: shells.join(', ') } });
  }
  const [{ completionModel }, scripts] = await Promise.all([import('../completion/model'), import('../completion/scripts')]);
  const model = await completionModel();
  const version = typeof __SESAME_VERSION__ === 'string' ? __SESAME_VERSION__ : 'dev';
  const generate = { bash: scripts.bashScript, zsh: scripts.zshScript, fish: scripts.fishScript, powershell: scripts.powershellScript }[shell as (typeof shells)[number]];
  io.out(generate(model, version));
  return exitCodes.ok;
});
