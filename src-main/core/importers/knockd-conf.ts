import type { KnockStep } from '../../contract/schemas/common';

/** A profile drafted from one knockd door (or an open/close pair of doors). */
export interface KnockdDraft {
  name: string;
  steps: KnockStep[];
  /** The paired close door's sequence, when one was found. */
  closeSteps?: KnockStep[];
  seqTimeoutSec?: number;
  /** Guessed from the door's command; absent when the command does not say. */
  guardedPort?: number;
  oneTimeSequencesFile?: string;
  /** knockd's `cmd_timeout`: the door closes by itself after this long. */
  cmdTimeoutSec?: number;
  /** The door section names this draft came from, in file order. */
  doors?: string[];
  warnings: string[];
}

export interface KnockdWarning {
  line?: number;
  door?: string;
  message: string;
}

/** The file cannot be read as knockd.conf; `line` is 1-based. */
export class KnockdConfError extends Error {
  override readonly name = 'KnockdConfError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

interface Door {
  name: string;
  line: number;
  values: Map<string, { value: string; line: number }>;
  steps: KnockStep[];
}

const doorKeys = new Set([
  'sequence',
  'one_time_sequences',
  'seq_timeout',
  'tcpflags',
  'start_command',
  'command',
  'stop_command',
  'cmd_timeout',
  'target',
]);
const optionKeys = new Set(['usesyslog', 'logfile', 'pidfile', 'interface']);
const optionFlags = new Set(['usesyslog']);

/** Parses knockd's `sequence` value: `7000,8000:udp,9000:tcp`. */
export function parseKnockdSequence(value: string, line: number): KnockStep[] {
  return value.split(',').map((raw) => {
    const item = raw.trim();
    const match = /^(\d{1,5})(?::(\w+))?$/.exec(item);
    if (!match) throw new KnockdConfError(`"${item}" is not a sequence step (expected PORT or PORT:tcp / PORT:udp)`, line);
    const port = Number(match[1]);
    if (port < 1 || port > 65535) throw new KnockdConfError(`port ${port} is out of range (1-65535)`, line);
    const protocol = (match[2] ?? 'tcp').toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp') {
      throw new KnockdConfError(`unknown protocol "${match[2]}" in "${item}" (expected tcp or udp)`, line);
    }
    return { port, protocol };
  });
}

function positiveInt(value: string, key: string, line: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new KnockdConfError(`${key} must be a whole number of seconds, got "${value}"`, line);
  }
  return Number(value);
}

/** The port an iptables/nft/knock_add command opens, when it names exactly one. */
export function guessGuardedPort(command: string): number | undefined {
  const found = new Set<number>();
  for (const match of command.matchAll(/(?:--dport|\bdport)\s+(\d{1,5})\b/g)) found.add(Number(match[1]));
  // Debian ships knock_add, whose -d is the destination port (not iptables' -d address).
  if (/\bknock_add\b/.test(command)) {
    for (const match of command.matchAll(/\s-d\s+(\d{1,5})\b/g)) found.add(Number(match[1]));
  }
  const ports = [...found].filter((port) => port >= 1 && port <= 65535);
  return ports.length === 1 ? ports[0] : undefined;
}

/** True when a plain SYN (what a client's connect sends) satisfies knockd's `tcpflags`. */
export function plainSynSatisfies(tcpflags: string): boolean {
  return tcpflags
    .split(',')
    .map((flag) => flag.trim().toLowerCase())
    .filter((flag) => flag !== '')
    .every((flag) => (flag.startsWith('!') ? flag !== '!syn' : flag === 'syn'));
}

function readDoors(text: string): { doors: Door[]; warnings: KnockdWarning[] } {
  const doors: Door[] = [];
  const warnings: KnockdWarning[] = [];
  let section: Door | 'options' | undefined;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[')) {
      const header = /^\[([^\]]*)\]$/.exec(trimmed);
      if (!header) throw new KnockdConfError(`section header "${trimmed}" is missing its closing "]"`, line);
      const name = (header[1] ?? '').trim();
      if (name === '') throw new KnockdConfError('empty section name "[]"', line);
      if (name.toLowerCase() === 'options') {
        section = 'options';
      } else {
        if (doors.some((door) => door.name.toLowerCase() === name.toLowerCase())) {
          throw new KnockdConfError(`door [${name}] is defined twice`, line);
        }
        section = { name, line, values: new Map(), steps: [] };
        doors.push(section);
      }
      continue;
    }
    if (section === undefined) throw new KnockdConfError(`"${trimmed}" appears before any [section]`, line);
    const eq = trimmed.indexOf('=');
    const key = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : trimmed.slice(eq + 1).trim();
    if (section === 'options') {
      if (eq < 0 && !optionFlags.has(key)) throw new KnockdConfError(`expected "key = value", got "${trimmed}"`, line);
      if (!optionKeys.has(key)) warnings.push({ line, message: `unknown option "${key}" ignored` });
      continue;
    }
    if (eq < 0) throw new KnockdConfError(`expected "key = value", got "${trimmed}"`, line);
    if (!/^[a-z_]+$/.test(key)) throw new KnockdConfError(`"${key}" is not a valid key`, line);
    if (!doorKeys.has(key)) {
      warnings.push({ line, door: section.name, message: `unknown key "${key}" ignored` });
      continue;
    }
    section.values.set(key, { value, line });
  }
  return { doors, warnings };
}

function draftFromDoor(door: Door, fileWarnings: KnockdWarning[]): KnockdDraft {
  const warnings: string[] = [];
  const warn = (message: string, line?: number): void => {
    warnings.push(message);
    fileWarnings.push({ ...(line ? { line } : {}), door: door.name, message });
  };
  const get = (key: string): { value: string; line: number } | undefined => door.values.get(key);
  const sequence = get('sequence');
  const oneTime = get('one_time_sequences');
  if (!sequence && !oneTime) throw new KnockdConfError(`door [${door.name}] has no sequence`, door.line);
  door.steps = sequence ? parseKnockdSequence(sequence.value, sequence.line) : [];
  const draft: KnockdDraft = { name: door.name, steps: door.steps, doors: [door.name], warnings };
  const timeout = get('seq_timeout');
  if (timeout) draft.seqTimeoutSec = positiveInt(timeout.value, 'seq_timeout', timeout.line);
  const cmdTimeout = get('cmd_timeout');
  if (cmdTimeout) draft.cmdTimeoutSec = positiveInt(cmdTimeout.value, 'cmd_timeout', cmdTimeout.line);
  const command = get('start_command') ?? get('command');
  const port = command ? guessGuardedPort(command.value) : undefined;
  if (port !== undefined) draft.guardedPort = port;
  if (oneTime) {
    draft.oneTimeSequencesFile = oneTime.value;
    warn(
      `uses one-time sequences from ${oneTime.value}: each sequence works once and lives on the server, so enter the current one by hand before each use`,
      oneTime.line,
    );
  }
  const flags = get('tcpflags');
  if (flags && !plainSynSatisfies(flags.value)) {
    warn(`tcpflags = ${flags.value}: a desktop client can only send plain SYN knocks, so these TCP steps will not match`, flags.line);
  }
  if (get('target')) warn('target = … : knock the address knockd watches, which may differ from the host you connect to', get('target')?.line);
  return draft;
}

/** "openSSH", "open-ssh", "ssh_close" → { kind, stem: "ssh" }. */
function doorRole(name: string): { kind: 'open' | 'close'; stem: string } | undefined {
  const match = /^(open|close)[-_ .]*(.+)$/i.exec(name) ?? /^(.+?)[-_ .]*(open|close)$/i.exec(name);
  if (!match) return undefined;
  const [a = '', b = ''] = [match[1], match[2]];
  const prefixed = /^(open|close)$/i.test(a);
  const kind = (prefixed ? a : b).toLowerCase() as 'open' | 'close';
  const stem = prefixed ? b : a;
  return { kind, stem };
}

function looksLikeClose(draft: KnockdDraft, door: Door): boolean {
  if (doorRole(door.name)?.kind === 'close') return true;
  const command = (door.values.get('start_command') ?? door.values.get('command'))?.value ?? '';
  return /\s-D\s|\bdelete\b/.test(command);
}

const sameSteps = (a: KnockStep[], b: KnockStep[]): boolean =>
  a.length === b.length && a.every((step, i) => step.port === b[i]?.port && step.protocol === b[i]?.protocol);

/**
 * Reads a knockd.conf into draft profiles: one per door, with `openX`/`closeX`
 * doors (same name stem, or one sequence the mirror of the other) merged into
 * one profile with a close sequence. Throws {@link KnockdConfError} with the
 * line number when the file is not a knockd.conf.
 */
export function parseKnockdConf(text: string): { drafts: KnockdDraft[]; warnings: KnockdWarning[] } {
  const { doors, warnings } = readDoors(text);
  const drafts = doors.map((door) => draftFromDoor(door, warnings));
  const used = new Set<number>();
  const result: KnockdDraft[] = [];
  const pair = (openIndex: number, closeIndex: number, name: string): void => {
    const open = drafts[openIndex] as KnockdDraft;
    const close = drafts[closeIndex] as KnockdDraft;
    used.add(openIndex).add(closeIndex);
    result.push({
      ...open,
      name,
      closeSteps: close.steps,
      doors: [...(open.doors ?? []), ...(close.doors ?? [])],
      warnings: [...open.warnings, ...close.warnings.map((w) => `close door [${close.name}]: ${w}`)],
    });
  };
  // Pass 1: names. Pass 2: mirrored sequences among the doors still alone.
  for (const [i, door] of doors.entries()) {
    const role = doorRole(door.name);
    if (used.has(i) || role?.kind !== 'open') continue;
    const j = doors.findIndex((other, k) => {
      const otherRole = doorRole(other.name);
      return !used.has(k) && otherRole?.kind === 'close' && otherRole.stem.toLowerCase() === role.stem.toLowerCase();
    });
    if (j >= 0) pair(i, j, role.stem);
  }
  for (const [i, draft] of drafts.entries()) {
    if (used.has(i) || draft.steps.length < 2) continue;
    const mirrored = [...draft.steps].reverse();
    const j = drafts.findIndex((other, k) => k !== i && !used.has(k) && sameSteps(other.steps, mirrored));
    if (j < 0) continue;
    const [openIndex, closeIndex] = looksLikeClose(draft, doors[i] as Door) ? [j, i] : [i, j];
    const openName = (drafts[openIndex] as KnockdDraft).name;
    pair(openIndex, closeIndex, doorRole(openName)?.stem || openName);
  }
  // Keep file order: a paired profile sits where its open door was.
  const order = (draft: KnockdDraft): number => doors.findIndex((door) => door.name === draft.doors?.[0]);
  drafts.forEach((draft, i) => {
    if (!used.has(i)) result.push(draft);
  });
  result.sort((a, b) => order(a) - order(b));
  if (doors.length === 0) warnings.push({ message: 'no door sections found: nothing to import' });
  return { drafts: result, warnings };
}
