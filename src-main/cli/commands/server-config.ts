import type { KnockSequence } from '../../contract/schemas/common';
import { defineCommand, UsageError, type OptionValues, type SpecCommand } from '../command';
import { defaultCliContext, reportError, type CliContext } from '../context';
import { cliLanguage } from '../diagnosis';
import { exitCodes, type CliIo } from '../io';
import { kitSectionIds } from '../../core/server-kit/types';

// The kit's own list: a second copy here once left out fwknopd, so `--only fwknopd` was refused for SPA profiles.
const sectionChoices = kitSectionIds;

const help = `Usage: sesame server-config PROFILE [options]

Prints the server side that matches a profile: the knockd.conf door (for an
SPA profile, the fwknopd access.conf stanza), the firewall rules it opens
(in a table or chain of their own, the accept inserted above the drop), and
where they apply a hosts.allow line and vsftpd's passive range with its
firewall lines. Each part says where it goes
and how to load it. Comments follow LANG (English or Korean).

Door:
  --firewall KIND     nftables (default) or iptables (iptables-nft or legacy)
  --timeout S         close the door S seconds after each knock (knockd
                      cmd_timeout + stop_command); default: the profile's
                      close sequence, or 30 s when it has none
  --seq-timeout S     knockd seq_timeout (default: from the profile's steps
                      and delay, at least 5 s)
  --interface IFACE   the interface knockd listens on (default eth0)
  --log-file PATH     knockd LogFile (default: syslog)
  --new-sequence      use fresh random knock and close sequences (not saved:
                      the command to save them is printed)
  --length N          steps of a new sequence, 3 to 16 (default 4)
  --protocol P        tcp (default), udp or mixed, for a new sequence

Also:
  --tcp-wrappers      add the hosts.allow line (and vsftpd's tcp_wrappers=YES)
  --allow-from ADDR   the client address or network for hosts.allow
                      (repeatable; implies --tcp-wrappers)
  --pasv-range MIN-MAX  vsftpd's passive ports for FTP (default 40000-40100)

Output:
  --only SECTION      print one part alone, ready to save: knockd, fwknopd,
                      oneTime, nftables, iptables, ip6tables, hostsAllow,
                      vsftpd or ftpFirewall
  --json              print {sections, warnings, generated} as JSON
  -h, --help          this help

Warnings about the profile's sequences (ports that scans hit, runs a
sequential sweep would complete) go to stderr.
Exit codes: ${exitCodes.ok} ok, ${exitCodes.failure} failure, ${exitCodes.usage} usage, invalid input or no such profile.
`;

const options = {
  firewall: { type: 'string', choices: ['nftables', 'iptables'] },
  timeout: { type: 'string' },
  'seq-timeout': { type: 'string' },
  interface: { type: 'string' },
  'log-file': { type: 'string', value: 'file' },
  'new-sequence': { type: 'boolean' },
  length: { type: 'string' },
  protocol: { type: 'string', choices: ['tcp', 'udp', 'mixed'] },
  'tcp-wrappers': { type: 'boolean' },
  'allow-from': { type: 'string', multiple: true },
  'pasv-range': { type: 'string' },
  only: { type: 'string', choices: sectionChoices },
  json: { type: 'boolean' },
} as const;

export const serverConfigSpec = { name: 'server-config', help, options, positionals: { args: ['profile'] } } as const;

/** A whole number, or NaN so the kit's own check names the flag (checkKitRequest). */
const whole = (text: string | undefined): number | undefined => (text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : Number.NaN);

function passiveRange(text: string | undefined): { min: number; max: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)-(\d+)$/.exec(text);
  return match ? { min: Number(match[1]), max: Number(match[2]) } : { min: Number.NaN, max: Number.NaN };
}

const sequenceText = (sequence: KnockSequence) => sequence.steps.map((s) => `${s.port}${s.protocol === 'udp' ? ':udp' : ''}`).join(',');
const shellWord = (word: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

function request(v: OptionValues<typeof options>) {
  return {
    ...(v.firewall ? { firewall: v.firewall } : {}),
    ...(v.timeout !== undefined ? { timeoutSeconds: whole(v.timeout) } : {}),
    ...(v['seq-timeout'] !== undefined ? { seqTimeoutSeconds: whole(v['seq-timeout']) } : {}),
    ...(v.interface !== undefined ? { interface: v.interface } : {}),
    ...(v['log-file'] !== undefined ? { logFile: v['log-file'] } : {}),
    ...(v['tcp-wrappers'] ? { tcpWrappers: true } : {}),
    ...(v['allow-from'] ? { allowFrom: v['allow-from'] } : {}),
    ...(v['pasv-range'] !== undefined ? { passiveRange: passiveRange(v['pasv-range']) } : {}),
    ...(v['new-sequence'] ? { newSequence: { length: whole(v.length) ?? 4, protocols: v.protocol ?? 'tcp' } } : {}),
  };
}

export function createServerConfigCommand(context: (io: CliIo) => CliContext = (io) => defaultCliContext(io)): SpecCommand<typeof options> {
  return defineCommand(serverConfigSpec, async ({ values: v, positionals }, io) => {
    if (positionals.length !== 1) throw new UsageError({ key: 'serverConfig.oneProfile' });
    if ((v.length !== undefined || v.protocol !== undefined) && !v['new-sequence']) throw new UsageError({ key: 'serverConfig.needsNewSequence' });
    const [{ kitForProfile }, language] = await Promise.all([import('../../core/server-kit/from-profile'), cliLanguage(io)]);
    try {
      const ctx = context(io);
      const profile = await ctx.profiles.resolve(positionals[0] as string);
      const kit = kitForProfile(profile, request(v) as Parameters<typeof kitForProfile>[1], language);
      if (v.json) {
        io.out(`${JSON.stringify(kit, null, 2)}\n`);
        return exitCodes.ok;
      }
      for (const warning of kit.warnings) io.err(`sesame server-config: ${warning}\n`);
      if (kit.generated) {
        const { translate } = await import('../../core/i18n');
        const save = ['sesame', 'profiles', 'edit', profile.name, '--knock', sequenceText(kit.generated.knock), '--close', sequenceText(kit.generated.closeSequence)];
        io.err(`sesame server-config: ${translate(language, 'serverKit')('warnings.newSequence', { command: save.map(shellWord).join(' ') })}\n`);
      }
      if (v.only) {
        const section = kit.sections.find((s) => s.id === v.only);
        if (!section) {
          io.err(`sesame server-config: this profile has no "${v.only}" part (it has: ${kit.sections.map((s) => s.id).join(', ')})\n`);
          return exitCodes.usage;
        }
        io.out(section.text);
        return exitCodes.ok;
      }
      const { comment } = await import('../../core/server-kit/text');
      const rule = `# ${'='.repeat(76)}`;
      io.out(kit.sections.map((s) => [rule, `# ${s.title}`, ...comment(s.where), rule, s.text].join('\n')).join('\n'));
      return exitCodes.ok;
    } catch (error) {
      return reportError(io, 'server-config', error);
    }
  });
}

export const command = createServerConfigCommand();
