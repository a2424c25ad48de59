import type { AddressFamily, KnockStep, ServiceKind } from '../../contract/schemas/common';
import { hostProblem } from '../../contract/schemas/host-rules';

/**
 * What `sesame proxy` needs of a profile: its door and its service, nothing else.
 *
 * Read straight from profiles.json without the profile store, because the
 * store validates every profile with zod, and importing zod alone costs
 * 120–160 ms per process on this kind of machine — more than the whole budget
 * `sesame proxy` has in front of every ssh, scp and git fetch. The fields the
 * proxy uses are checked here with the contract's own limits; any entry whose
 * door does not pass, and any document this reader does not know (another
 * format version), goes to the full store instead (see find-profile.ts), which
 * says what is wrong the way every other command does.
 */
export interface DoorProfile {
  id: string;
  name: string;
  host: string;
  family: AddressFamily;
  steps: KnockStep[];
  delayMs: number;
  closeSteps?: KnockStep[];
  closeDelayMs: number;
  openTimeoutMs: number;
  service: { kind: ServiceKind; port: number };
  /** One-time sequences are spent under the profile store's lock, so such a door is opened through the full store. */
  oneTime: boolean;
  /** How long the server keeps the door open after a knock (knockd cmd_timeout), when it closes it by itself. */
  doorTimeoutS?: number;
  /** Re-knock before that while the relay runs. */
  keepOpen: boolean;
}

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const intIn = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

// The limits of contract/schemas/common.ts (portSchema, delayMsSchema, timeoutMsSchema, knockSequenceSchema).
function steps(value: unknown): KnockStep[] | undefined {
  if (!Array.isArray(value) || value.length < 1 || value.length > 64) return undefined;
  const out: KnockStep[] = [];
  for (const step of value) {
    if (!isObject(step) || !intIn(step.port, 1, 65535)) return undefined;
    const protocol = step.protocol ?? 'tcp';
    if (protocol !== 'tcp' && protocol !== 'udp') return undefined;
    if (step.payload === undefined) {
      out.push({ port: step.port, protocol });
      continue;
    }
    const payload = step.payload;
    if (protocol !== 'udp' || !isObject(payload) || typeof payload.data !== 'string') return undefined;
    if (payload.encoding === 'text' && payload.data.length <= 1024) out.push({ port: step.port, protocol, payload: { encoding: 'text', data: payload.data } });
    else if (payload.encoding === 'hex' && payload.data.length <= 2048 && /^(?:[0-9a-fA-F]{2})*$/.test(payload.data)) {
      out.push({ port: step.port, protocol, payload: { encoding: 'hex', data: payload.data } });
    } else return undefined;
  }
  return out;
}

function sequence(value: unknown): { steps: KnockStep[]; delayMs: number } | undefined {
  if (!isObject(value)) return undefined;
  const parsed = steps(value.steps);
  const delayMs = value.delayMs ?? 100;
  if (!parsed || !intIn(delayMs, 0, 60_000)) return undefined;
  return { steps: parsed, delayMs };
}

const families: readonly string[] = ['auto', 'ipv4', 'ipv6'];
const kinds: readonly string[] = ['ssh', 'sftp', 'ftp', 'custom'];

/**
 * The door of one raw profiles.json entry, or undefined when the fields the
 * proxy uses are not all valid (the caller then asks the full store).
 */
export function doorProfileOf(entry: unknown): DoorProfile | undefined {
  if (!isObject(entry) || typeof entry.id !== 'string' || typeof entry.name !== 'string') return undefined;
  const { host } = entry;
  if (typeof host !== 'string' || hostProblem(host) !== undefined) return undefined;
  const family = entry.addressFamily ?? 'auto';
  if (typeof family !== 'string' || !families.includes(family)) return undefined;
  const knock = sequence(entry.knock);
  if (!knock) return undefined;
  const close = entry.closeSequence === undefined ? undefined : sequence(entry.closeSequence);
  if (entry.closeSequence !== undefined && !close) return undefined;
  const openTimeoutMs = entry.openTimeoutMs ?? 10_000;
  if (!intIn(openTimeoutMs, 100, 300_000)) return undefined;
  const service = entry.service ?? { kind: 'ssh', port: 22 };
  if (!isObject(service) || typeof service.kind !== 'string' || !kinds.includes(service.kind) || !intIn(service.port, 1, 65535)) return undefined;
  const oneTime = entry.oneTimeSequences ?? [];
  if (!Array.isArray(oneTime)) return undefined;
  // The limits of profileFieldsShape.doorTimeoutS / keepOpen.
  if (entry.doorTimeoutS !== undefined && !intIn(entry.doorTimeoutS, 2, 86_400)) return undefined;
  if (entry.keepOpen !== undefined && typeof entry.keepOpen !== 'boolean') return undefined;
  return {
    id: entry.id,
    name: entry.name,
    host,
    family: family as AddressFamily,
    steps: knock.steps,
    delayMs: knock.delayMs,
    ...(close ? { closeSteps: close.steps } : {}),
    closeDelayMs: close?.delayMs ?? 100,
    openTimeoutMs,
    service: { kind: service.kind as ServiceKind, port: service.port },
    oneTime: oneTime.length > 0,
    ...(entry.doorTimeoutS !== undefined ? { doorTimeoutS: entry.doorTimeoutS } : {}),
    keepOpen: entry.keepOpen === true,
  };
}

/** The same door from a profile the full store validated. */
export function doorProfileFromProfile(profile: {
  id: string;
  name: string;
  host?: string | undefined;
  addressFamily: AddressFamily;
  knock?: { steps: KnockStep[]; delayMs: number } | undefined;
  closeSequence?: { steps: KnockStep[]; delayMs: number } | undefined;
  openTimeoutMs: number;
  service: { kind: ServiceKind; port: number };
  oneTimeSequences: readonly unknown[];
  doorTimeoutS?: number | undefined;
  keepOpen?: boolean | undefined;
}): DoorProfile | undefined {
  if (profile.host === undefined || profile.knock === undefined) return undefined;
  return {
    id: profile.id,
    name: profile.name,
    host: profile.host,
    family: profile.addressFamily,
    steps: profile.knock.steps,
    delayMs: profile.knock.delayMs,
    ...(profile.closeSequence ? { closeSteps: profile.closeSequence.steps } : {}),
    closeDelayMs: profile.closeSequence?.delayMs ?? 100,
    openTimeoutMs: profile.openTimeoutMs,
    service: { kind: profile.service.kind, port: profile.service.port },
    oneTime: profile.oneTimeSequences.length > 0,
    ...(profile.doorTimeoutS !== undefined ? { doorTimeoutS: profile.doorTimeoutS } : {}),
    keepOpen: profile.keepOpen === true,
  };
}
