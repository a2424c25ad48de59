import type { KnockSequence, KnockStep } from '../../contract/schemas/common';
import type { DoorContext, DoorGenerator, KitSection } from './types';
import { comment } from './text';

/** knockd event names: the profile's name as a slug (a "]" or line break would end the section header). */
export function knockdDoorName(profileName: string): string {
  const slug = profileName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `sesame-${slug || 'door'}`.slice(0, 60);
}

/** knockd's own sequence syntax: `port:proto,…` (knockd ignores UDP payloads; Sesame sends them all the same). */
export function knockdSequence(steps: readonly Pick<KnockStep, 'port' | 'protocol'>[]): string {
  return steps.map((s) => `${s.port}:${s.protocol}`).join(',');
}

/**
 * seq_timeout from what the profile sends: (steps - 1) delays, plus room for
 * a loaded client and the network. Not much more: the window is also how long
 * a stranger's partial guess stays alive.
 */
export function defaultSeqTimeout(knock: KnockSequence): number {
  return Math.max(5, Math.ceil(((knock.steps.length - 1) * knock.delayMs) / 1000) + 5);
}

export function oneTimeFile(doorName: string): string {
  return `/etc/knockd/${doorName}.sequences`;
}

type Field = [key: string, value: string | number];

function section(name: string, fields: Field[]): string[] {
  const width = Math.max(...fields.map(([key]) => key.length));
  for (const [key, value] of fields) {
    // knockd's parser ends a value at the line break and a section at "]": neither may appear in a value.
    if (/[\r\n\]]/.test(String(value))) throw new Error(`knockd.conf ${name}: ${key} contains a line break or "]"`);
  }
  return [`[${name}]`, ...fields.map(([key, value]) => `\t${key.padEnd(width)} = ${value}`), ''];
}

function oneTimeText(sequences: readonly KnockStep[][]): string {
  // A leading space on every line: knockd marks a used line by overwriting its first character with "#".
  return `${sequences.map((steps) => ` ${knockdSequence(steps)}`).join('\n')}\n`;
}

/** The knockd door: `[options]`, the open door (with or without cmd_timeout) and the close-sequence door. */
export const knockdDoor: DoorGenerator = {
  sections({ profile, options, firewall, t }: DoorContext): KitSection[] {
    const name = knockdDoorName(profile.name);
    const port = profile.service.port;
    const seqTimeout = options.seqTimeoutSeconds ?? defaultSeqTimeout(profile.knock);
    const sequenceFields = (knock: KnockSequence | undefined, oneTime: boolean): Field[] => [
      oneTime ? ['one_time_sequences', oneTimeFile(name)] : ['sequence', knockdSequence((knock as KnockSequence).steps)],
      ['seq_timeout', seqTimeout],
      ['tcpflags', 'syn'],
    ];
    const oneTime = profile.oneTimeSequences.length > 0;
    const timeout = options.cmdTimeoutSeconds;
    const lines: string[] = [
      ...comment(t('header', { name: profile.name, host: profile.host })),
      '',
      ...comment(t('knockd.options')),
      ...comment(t('knockd.interface')),
      '[options]',
      `\t${options.logFile ? `LogFile = ${options.logFile}` : 'UseSyslog'}`,
      `\tInterface = ${options.interface}`,
      '',
      ...comment(t('knockd.tcpflags')),
      ...comment(t('knockd.seqTimeout', { seconds: seqTimeout, steps: profile.knock.steps.length, delay: profile.knock.delayMs })),
      ...comment(t('knockd.ipv6')),
      ...(oneTime ? comment(t('knockd.oneTime', { file: oneTimeFile(name) })) : []),
      ...comment(timeout === undefined ? t('knockd.open', { port }) : t('knockd.timeout', { port, seconds: timeout })),
      ...section(name, [
        ...sequenceFields(profile.knock, oneTime),
        ...(timeout === undefined
          ? ([
              ['command', firewall.open(4, '%IP%')],
              ['command_6', firewall.open(6, '%IP%')],
            ] satisfies Field[])
          : ([
              ['start_command', firewall.open(4, '%IP%')],
              ['start_command_6', firewall.open(6, '%IP%')],
              ['cmd_timeout', timeout],
              ['stop_command', firewall.close(4, '%IP%')],
              ['stop_command_6', firewall.close(6, '%IP%')],
            ] satisfies Field[])),
      ]),
    ];
    if (profile.closeSequence) {
      lines.push(
        ...comment(t('knockd.close')),
        ...section(`${name}-close`, [
          ...sequenceFields(profile.closeSequence, false),
          ['command', firewall.close(4, '%IP%')],
          ['command_6', firewall.close(6, '%IP%')],
        ]),
      );
    }
    const sections: KitSection[] = [
      { id: 'knockd', title: t('sections.knockd.title'), where: t('sections.knockd.where'), text: `${lines.join('\n').trimEnd()}\n` },
    ];
    if (oneTime) {
      const file = oneTimeFile(name);
      sections.push({ id: 'oneTime', title: t('sections.oneTime.title'), where: t('sections.oneTime.where', { file }), text: oneTimeText(profile.oneTimeSequences) });
    }
    return sections;
  },
};
