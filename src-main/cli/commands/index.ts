import type { SpecCommand } from '../command';

/**
 * Every `sesame` subcommand, in the order `sesame --help` lists them.
 *
 * Only this table is loaded at start: a command's module (and everything it
 * imports) loads when that command runs, so `sesame --help` and `sesame knock`
 * never pay for profiles, sharing or zod. Keep heavy imports out of this file.
 *
 * To add a command: write `commands/NAME.ts` exporting `command` (built with
 * `defineCommand(spec, run)` from ../command: its options, its `--help` text,
 * what completion offers, and what it does), then add one line below.
 * To add an option to a command: add it to that command's `options` (parseArgs
 * shape; `choices` are enforced and completed) and one line to its help text.
 * `sesame help NAME`, `--help`, usage errors (exit 2) and shell completion
 * follow from the spec; test/unit/cli checks that every option is documented.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<SpecCommand>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'connect', summary: 'Knock, wait for the port, then run the SSH/FTP client here', load: async () => (await import('./connect')).command },
  { name: 'knock', summary: 'Send a knock sequence (like "knock"); --wait PORT also waits for the port to open', load: async () => (await import('./knock')).command },
  { name: 'probe', summary: 'Diagnose HOST PORT without knocking (filtered, refused, TCP wrappers, …)', load: async () => (await import('./probe')).command },
  { name: 'profiles', summary: 'List, show, add, edit, remove, export and import profiles', load: async () => (await import('./profiles')).command },
  { name: 'server-config', summary: 'Print the server side of a profile: knockd.conf, firewall rules, hosts.allow, vsftpd', load: async () => (await import('./server-config')).command },
  { name: 'ssh-config', summary: 'Print (or --install) ssh_config Host blocks so every ssh-based tool knocks first', load: async () => (await import('./ssh-config')).command },
  { name: 'proxy', summary: 'OpenSSH ProxyCommand: knock, wait, relay stdin/stdout (ProxyCommand sesame proxy %h %p)', load: async () => (await import('./proxy')).command },
  { name: 'secret', summary: "Store or delete a profile's password in the OS keychain", load: async () => (await import('./secret')).command },
  { name: 'spa', summary: 'Send an fwknop SPA packet (like "fwknop -A tcp/22 -D HOST"); --wait PORT, --key-gen', load: async () => (await import('./spa')).command },
  { name: 'completion', summary: 'Print a shell completion script (bash, zsh, fish, powershell)', load: async () => (await import('./completion')).command },
  { name: 'help', summary: 'Show the help of a command: sesame help COMMAND', load: async () => (await import('./help')).command },
];

export function findCommand(name: string): CommandEntry | undefined {
  return commands.find((c) => c.name === name);
}
