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
  // knockd 0.8's IPv6 commands (src/knockd.c: START_COMMAND_6/COMMAND_6/STOP_COMMAND_6).
  'start_command_6',
  'command_6',
  'stop_command_6',
  'cmd_timeout',
  'target',
]);
const optionKeys = new Set(['usesyslog', 'logfile', 'pidfile', 'interface']);
const optionFlags = new Set(['usesyslog']);

/** As the profile schema allows; a longer one cannot be sent anyway. */
const maxSequenceSteps = 64;

/** Parses knockd's `sequence` value: `7000,8000:udp,9000:tcp`. */
export function parseKnockdSequence(value: string, line: number): KnockStep[] {
  const items = value.split(',', maxSequenceSteps + 1);
  if (items.length > maxSequenceSteps) throw new KnockdConfError(`the sequence has more than ${maxSequenceSteps} steps`, line);
  return items.map((raw) => {
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

// Service names iptables and nft accept for a port (from /etc/services), as far as doors use them.
const servicePorts = new Map(Object.entries({ ssh: 22, ftp: 21, ftps: 990, http: 80, https: 443, telnet: 23, smtp: 25, imap: 143, imaps: 993, 'ms-wbt-server': 3389, mysql: 3306, postgresql: 5432 }));

/** The port an iptables/nft/ufw/knock_add command opens, when it names exactly one. */
export function guessGuardedPort(command: string): number | undefined {
  const found = new Set<number>();
  // iptables --dport / --destination-port and nft dport: a number or a service name.
  for (const match of command.matchAll(/(?:--dport|--destination-port|\bdport)\s+([\w-]{1,20})\b/g)) {
    const value = (match[1] as string).toLowerCase();
    const port = /^\d{1,5}$/.test(value) ? Number(value) : servicePorts.get(value);
    if (port !== undefined) found.add(port);
  }
  // ufw: "ufw allow from %IP% to any port 21" (its own "port" word; separate passes keep this linear).
  if (/\bufw\b/.test(command)) for (const match of command.matchAll(/\bport\s+(\d{1,5})\b/g)) found.add(Number(match[1]));
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

// Bounds for hostile files: no real knockd.conf has thousands of doors, and one
// bad line per door makes a warning; past these the file is refused or the
// warnings are counted rather than listed.
export const maxDoors = 10_000;
const maxWarnings = 100;

function readDoors(text: string): { doors: Door[]; warnings: KnockdWarning[] } {
  const doors: Door[] = [];
  const names = new Set<string>();
  const warnings: KnockdWarning[] = [];
  let unlisted = 0;
  const warn = (w: KnockdWarning) => {
    if (warnings.length < maxWarnings) warnings.push(w);
    else unlisted++;
  };
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
        if (names.has(name.toLowerCase())) throw new KnockdConfError(`door [${name}] is defined twice`, line);
        if (doors.length >= maxDoors) throw new KnockdConfError(`more than ${maxDoors} doors: this is not a knockd.conf Sesame can import`, line);
        names.add(name.toLowerCase());
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
      if (!optionKeys.has(key)) warn({ line, message: `unknown option "${key.slice(0, 100)}" ignored` });
      continue;
    }
    if (eq < 0) throw new KnockdConfError(`expected "key = value", got "${trimmed}"`, line);
    if (!/^[a-z_][a-z0-9_]*$/.test(key)) throw new KnockdConfError(`"${key}" is not a valid key`, line);
    if (!doorKeys.has(key)) {
      warn({ line, door: section.name, message: `unknown key "${key.slice(0, 100)}" ignored` });
      continue;
    }
    section.values.set(key, { value, line });
  }
  if (unlisted > 0) warnings.push({ message: `… and ${unlisted} more warning(s) like these` });
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
  const seconds = cmdTimeout ? positiveInt(cmdTimeout.value, 'cmd_timeout', cmdTimeout.line) : undefined;
  // knockd runs stop_command cmd_timeout seconds after start_command; without a stop_command nothing closes.
  if (seconds !== undefined && (get('stop_command') ?? get('stop_command_6'))) draft.cmdTimeoutSec = seconds;
  const command = get('start_command') ?? get('command') ?? get('start_command_6') ?? get('command_6');
  const port = command ? guessGuardedPort(command.value) : undefined;
  if (port !== undefined) draft.guardedPort = port;
  if (oneTime) {
    draft.oneTimeSequencesFile = oneTime.value;
    warn(`uses one-time sequences from ${oneTime.value}: each works once, and knockd marks it used in that file`, oneTime.line);
  }
  const flags = get('tcpflags');
  if (flags && !plainSynSatisfies(flags.value)) {
    warn(`tcpflags = ${flags.value}: a desktop client can only send plain SYN knocks, so these TCP steps will not match`, flags.line);
  }
  if (get('target')) warn('target = … : knock the address knockd watches, which may differ from the host you connect to', get('target')?.line);
  return draft;
}

/**
 * "openSSH", "open-ssh", "ssh_close" → { kind, stem: "ssh" }. String operations
 * rather than `/^(.+?)[-_ .]*(open|close)$/i`, which is quadratic in the name
 * (a 160,000-character section name took 24 s).
 */
export function doorRole(name: string): { kind: 'open' | 'close'; stem: string } | undefined {
  const lower = name.toLowerCase();
  for (const kind of ['open', 'close'] as const) {
    if (lower.startsWith(kind)) {
      const stem = trimSeparators(name.slice(kind.length), 'start');
      if (stem !== '') return { kind, stem };
    }
  }
  for (const kind of ['open', 'close'] as const) {
    if (lower.endsWith(kind)) {
      const stem = trimSeparators(name.slice(0, -kind.length), 'end');
      if (stem !== '') return { kind, stem };
    }
  }
  return undefined;
}

const separators = new Set(['-', '_', ' ', '.']);
function trimSeparators(text: string, side: 'start' | 'end'): string {
  let a = 0;
  let b = text.length;
  if (side === 'start') while (a < b && separators.has(text[a] as string)) a++;
  else while (b > a && separators.has(text[b - 1] as string)) b--;
  return text.slice(a, b);
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
  // Pass 1: names. Pass 2: mirrored sequences among the doors still alone. Both
  // through maps keyed by stem / sequence, so 10,000 doors are not 10,000² comparisons.
  const roles = doors.map((door) => doorRole(door.name));
  const closesByStem = new Map<string, number[]>();
  roles.forEach((role, k) => {
    if (role?.kind !== 'close') return;
    const key = role.stem.toLowerCase();
    closesByStem.set(key, [...(closesByStem.get(key) ?? []), k]);
  });
  for (const [i, role] of roles.entries()) {
    if (used.has(i) || role?.kind !== 'open') continue;
    const j = closesByStem.get(role.stem.toLowerCase())?.find((k) => !used.has(k));
    if (j !== undefined) pair(i, j, role.stem);
  }
  const stepsKey = (steps: KnockStep[]) => steps.map((s) => `${s.port}/${s.protocol}`).join(',');
  const bySteps = new Map<string, number[]>();
  drafts.forEach((draft, k) => bySteps.set(stepsKey(draft.steps), [...(bySteps.get(stepsKey(draft.steps)) ?? []), k]));
  for (const [i, draft] of drafts.entries()) {
    if (used.has(i) || draft.steps.length < 2) continue;
    const mirrored = [...draft.steps].reverse();
    const j = bySteps.get(stepsKey(mirrored))?.find((k) => k !== i && !used.has(k) && sameSteps((drafts[k] as KnockdDraft).steps, mirrored));
    if (j === undefined) continue;
    const [openIndex, closeIndex] = looksLikeClose(draft, doors[i] as Door) ? [j, i] : [i, j];
    const openName = (drafts[openIndex] as KnockdDraft).name;
    pair(openIndex, closeIndex, doorRole(openName)?.stem || openName);
  }
  // Keep file order: a paired profile sits where its open door was.
  const position = new Map(doors.map((door, k) => [door.name, k]));
  const order = (draft: KnockdDraft): number => position.get(draft.doors?.[0] ?? '') ?? -1;
  drafts.forEach((draft, i) => {
    if (!used.has(i)) result.push(draft);
  });
  result.sort((a, b) => order(a) - order(b));
  if (doors.length === 0) warnings.push({ message: 'no door sections found: nothing to import' });
  return { drafts: result, warnings };
}
