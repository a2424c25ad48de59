import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { instanceName, onStop, requireLab, startDaemon } from './lab-core';

// ---------------------------------------------------------------- knockd

export interface KnockDoor {
  name: string;
  /** knockd syntax, e.g. '7000,8000:udp,9000' (omitted for a door of one-time sequences only). */
  sequence?: string;
  seqTimeout?: number;
  tcpflags?: string;
  command?: string;
  startCommand?: string;
  stopCommand?: string;
  cmdTimeout?: number;
  /** A file of one-time sequences, one per line (knockd comments out each one it accepts). */
  oneTimeSequences?: string;
}

export interface Knockd {
  confPath: string;
  logPath: string;
  log(): Promise<string>;
  /** The "Stage N" lines, optionally for one door only. */
  stageLines(door?: string): Promise<string[]>;
  /** How many times a door (or any door) opened. */
  openCount(door?: string): Promise<number>;
  stop(): Promise<void>;
}

function knockdConf(logPath: string, doors: KnockDoor[]): string {
  const lines = ['[options]', `  LogFile = ${logPath}`, ''];
  for (const door of doors) {
    const fields: [string, string | number | undefined][] = [
      ['sequence', door.sequence],
      ['seq_timeout', door.seqTimeout],
      ['tcpflags', door.tcpflags],
      ['command', door.command],
      ['start_command', door.startCommand],
      ['stop_command', door.stopCommand],
      ['cmd_timeout', door.cmdTimeout],
      ['one_time_sequences', door.oneTimeSequences],
    ];
    lines.push(`[${door.name}]`);
    for (const [key, value] of fields) {
      if (value === undefined) continue;
      if (/[\n\]]/.test(`${door.name}${value}`)) throw new Error(`knockd door ${door.name}: bad ${key}`);
      lines.push(`  ${key} = ${value}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function startKnockd({ doors, iface = 'lo' }: { doors: KnockDoor[]; iface?: string }): Promise<Knockd> {
  const { dir } = requireLab();
  const name = instanceName('knockd');
  const confPath = join(dir, `${name}.conf`);
  const logPath = join(dir, `${name}.log`);
  // No UseSyslog line: in knockd 0.8 it is a bare flag (a value is a syntax
  // error), and without it LogFile alone is used.
  await writeFile(confPath, knockdConf(logPath, doors));
  const log = async (): Promise<string> => readFile(logPath, 'utf8').catch(() => '');
  // knockd 0.8 logs "starting up, listening on IFACE" once pcap is open; knocks
  // sent earlier are simply not seen, so tests must wait for this line.
  const daemon = await startDaemon(
    name,
    'knockd',
    ['-i', iface, '-c', confPath, '-p', join(dir, `${name}.pid`), '-v'],
    async () => (await log()).includes(`listening on ${iface}`),
  );
  onStop(daemon.stop);
  const doorLines = async (door: string | undefined, what: string): Promise<string[]> => {
    const pattern = new RegExp(`: ${door === undefined ? '[^:]+' : escapeRegExp(door)}: ${what}`);
    return (await log()).split('\n').filter((line) => pattern.test(line));
  };
  return {
    confPath,
    logPath,
    log,
    stageLines: (door) => doorLines(door, 'Stage \\d+'),
    openCount: async (door) => (await doorLines(door, 'OPEN SESAME')).length,
    stop: daemon.stop,
  };
}

