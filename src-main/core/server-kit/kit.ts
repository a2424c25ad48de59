import type { Language } from '../../contract/locales';
import { translate } from '../i18n';
import { passiveHelperCommands, passiveRangeCommandFor } from '../diagnostics/ftp-passive';
import { firewallDoor, type FirewallDoor } from './firewall';
import { fwknopdDoor } from './fwknopd-door';
import { knockdDoor } from './knockd-door';
import { sequenceProblems, type SequenceProblem } from './sequence';
import { comment } from './text';
import type { DoorGenerator, DoorProfile, KitOptions, KitSection, Translate } from './types';

export interface ServerKit {
  sections: KitSection[];
  /** Problems with the profile's sequences (scanned ports, runs, …), in the user's language. */
  warnings: string[];
}

/** The door generators by door type; the SPA branch adds `spa` (see DoorGenerator). */
const doorGenerators: Record<'knock' | 'spa', DoorGenerator> = { knock: knockdDoor, spa: fwknopdDoor };

export function kitTranslator(language: Language): Translate {
  const t = translate(language, 'serverKit');
  return (key, values) => t(key, values ?? {});
}

/** One line per kind of problem, ports of a kind together ("Port(s) 7000, 8000: …"). */
function problemLines(problems: SequenceProblem[], name: string, t: Translate): string[] {
  const lines: string[] = [];
  for (const kind of ['wellKnown', 'scanned', 'duplicate'] as const) {
    const ports = problems.flatMap((p) => (p.kind === kind ? [p.port] : []));
    if (ports.length > 0) lines.push(t(`warnings.${kind}`, { ports: [...new Set(ports)].join(', '), name }));
  }
  for (const p of problems) {
    if (p.kind === 'run') lines.push(t('warnings.run', { direction: t(`warnings.${p.direction}`), from: p.from, to: p.to }));
    if (p.kind === 'tooShort') lines.push(t('warnings.tooShort', { length: p.length }));
  }
  return lines;
}

/** Warnings about the profile's own sequences: the kit writes what the profile says, and says what is risky. */
export function sequenceWarnings(profile: DoorProfile, t: Translate): string[] {
  const label = (key: string, steps: DoorProfile['knock']['steps']) =>
    problemLines(sequenceProblems(steps), profile.name, t).map((line) => `${t(key)}: ${line}`);
  const warnings = label('warnings.sequence', profile.knock.steps);
  if (profile.closeSequence) {
    warnings.push(...label('warnings.closeSequence', profile.closeSequence.steps));
    const [a, b] = [profile.knock.steps, profile.closeSequence.steps];
    if (a.length === b.length && a.every((s, i) => s.port === b[i]?.port && s.protocol === b[i]?.protocol)) warnings.push(t('warnings.closeSame'));
  }
  return warnings;
}

function firewallSections(firewall: FirewallDoor, profile: DoorProfile, t: Translate): KitSection[] {
  const port = profile.service.port;
  return firewall.base.map((base) => {
    if (firewall.kind === 'nftables') {
      const table = /table inet (\S+) \{\}/.exec(base.text)?.[1] ?? '';
      const text = [
        '#!/usr/sbin/nft -f',
        ...comment(t('header', { name: profile.name, host: profile.host })),
        ...comment(t('nftables.explain', { table, port })),
        ...comment(t('nftables.passAll', { port })),
        base.text,
      ].join('\n');
      return { id: 'nftables', title: t('sections.nftables.title'), where: `${t('sections.nftables.where', { table })}`, text };
    }
    const id = base.version === 6 ? 'ip6tables' : 'iptables';
    const chain = /^:(\S+) /m.exec(base.text)?.[1] ?? '';
    const text = [
      ...comment(t('header', { name: profile.name, host: profile.host })),
      ...comment(t('iptables.explain', { chain, port })),
      ...comment(t('load')),
      ...base.load.replace(/FILE/g, `/etc/iptables/${chain}.${base.version === 6 ? 'rules6' : 'rules'}`).split('\n').map((line) => `#   ${line}`),
      base.text,
    ].join('\n');
    return { id, title: t(`sections.${id}.title`), where: t(`sections.${id}.where`, { chain }), text };
  });
}

const wrapperDaemons = { ssh: 'sshd', sftp: 'sshd', ftp: 'vsftpd', custom: 'DAEMON' } as const;

function hostsAllowSection(profile: DoorProfile, allowFrom: readonly string[], t: Translate): KitSection {
  const daemon = wrapperDaemons[profile.service.kind];
  const clients = allowFrom.length > 0 ? allowFrom.join(' ') : 'CLIENT_ADDRESS';
  const text = [
    ...comment(t('header', { name: profile.name, host: profile.host })),
    ...comment(t('hostsAllow.explain', { daemon })),
    ...(allowFrom.length === 0 ? comment(t('hostsAllow.placeholder')) : []),
    ...(profile.service.kind === 'ftp' ? comment(t('hostsAllow.vsftpd')) : []),
    `${daemon}: ${clients}`,
    '',
  ].join('\n');
  return { id: 'hostsAllow', title: t('sections.hostsAllow.title'), where: t('sections.hostsAllow.where'), text };
}

function ftpSections(profile: DoorProfile, options: KitOptions, t: Translate): KitSection[] {
  const { min, max } = options.passiveRange;
  const vsftpd = [
    ...comment(t('header', { name: profile.name, host: profile.host })),
    ...comment(t('vsftpd.explain')),
    'pasv_enable=YES',
    `pasv_min_port=${min}`,
    `pasv_max_port=${max}`,
    ...(options.tcpWrappers ? [...comment(t('vsftpd.wrappers')), 'tcp_wrappers=YES'] : []),
    '',
  ].join('\n');
  // The same commands the passive-FTP diagnosis prints (core/diagnostics/ftp-passive), with this profile's range.
  const range = passiveRangeCommandFor(options.firewall, options.passiveRange);
  const firewall = [
    ...comment(t('ftpFirewall.helper')),
    ...(options.firewall === 'nftables' ? comment(t('ftpFirewall.tables')) : []),
    ...passiveHelperCommands(profile.service.port, options.firewall),
    '',
    ...comment(t('ftpFirewall.range')),
    `# ${range}`,
    '',
  ].join('\n');
  return [
    { id: 'vsftpd', title: t('sections.vsftpd.title'), where: t('sections.vsftpd.where'), text: vsftpd },
    { id: 'ftpFirewall', title: t('sections.ftpFirewall.title'), where: t('sections.ftpFirewall.where'), text: firewall },
  ];
}

/**
 * The server side that matches a profile: the door (knockd.conf), the
 * firewall that the door opens, and — where they apply — TCP wrappers and
 * vsftpd's passive range. Pure: the same profile and options give the same text.
 */
export function buildServerKit(profile: DoorProfile, options: KitOptions): ServerKit {
  const t = kitTranslator(options.language);
  const firewall = firewallDoor(options.firewall, profile.name, { port: profile.service.port, protocol: 'tcp' });
  const sections = [
    ...doorGenerators[profile.spa ? 'spa' : 'knock'].sections({ profile, options, firewall, t }),
    ...firewallSections(firewall, profile, t),
    ...(options.tcpWrappers ? [hostsAllowSection(profile, options.tcpWrappers.allowFrom, t)] : []),
    ...(profile.service.kind === 'ftp' ? ftpSections(profile, options, t) : []),
  ];
  return { sections, warnings: profile.spa ? [] : sequenceWarnings(profile, t) };
}
