import { randomInt as cryptoRandomInt } from 'node:crypto';
import { contractError } from '../../contract/errors';
import { doorOf, type Profile } from '../../contract/features/profiles';
import type { GeneratedKeys } from '../spa/keys';
import type { Language } from '../../contract/locales';
import type { KnockSequence } from '../../contract/schemas/common';
import type { FirewallKind } from './firewall';
import { buildServerKit, kitTranslator, type ServerKit } from './kit';
import { generateKnockSequence, type RandomInt } from './sequence';
import type { DoorProfile, KitOptions } from './types';

/** What a user chooses about the server (CLI flags, the editor's panel); all optional. */
export interface KitRequest {
  firewall?: FirewallKind;
  interface?: string;
  timeoutSeconds?: number;
  seqTimeoutSeconds?: number;
  tcpWrappers?: boolean;
  allowFrom?: readonly string[];
  passiveRange?: { min: number; max: number };
  logFile?: string;
  /** Replace the profile's knock and close sequences with fresh random ones (not saved). */
  newSequence?: { length: number; protocols: 'tcp' | 'udp' | 'mixed' };
  /** SPA: keys to write into the stanza (just generated, or read on the user's own terminal); placeholders otherwise. */
  spaKeys?: GeneratedKeys;
}

export interface ProfileKit extends ServerKit {
  /** Set when `newSequence` was asked for: the sequences the kit uses, for the user to save. */
  generated?: { knock: KnockSequence; closeSequence: KnockSequence };
}

/** When the profile has no close sequence and no timeout was asked for: a door must close by itself. */
export const defaultCmdTimeoutSeconds = 30;
export const defaultPassiveRange = { min: 40_000, max: 40_100 };
export const defaultInterface = 'eth0';

const interfacePattern = /^[A-Za-z0-9_.:-]{1,15}$/;
// hosts_access(5): addresses, net/mask, net/masklength, [v6]/len, .domain suffixes, names; no spaces or commas.
const clientPattern = /^(?:[A-Za-z0-9.:_*-]+(?:\/[0-9.]+)?|\[[0-9A-Fa-f:.]+\](?:\/\d{1,3})?)$/;

function invalid(t: (key: string, values?: Record<string, unknown>) => string, key: string, value: unknown, field: string): never {
  throw contractError('INVALID_INPUT', t(`errors.${key}`, { value: String(value) }), { issues: [{ path: field, message: t(`errors.${key}`, { value: String(value) }) }] });
}

/** Checks a request the way a sysadmin's typo deserves: by field, with the fix. */
export function checkKitRequest(request: KitRequest, language: Language): void {
  const t = kitTranslator(language);
  const wholeIn = (v: number | undefined, min: number, max: number) => v === undefined || (Number.isInteger(v) && v >= min && v <= max);
  if (request.interface !== undefined && !interfacePattern.test(request.interface)) invalid(t, 'interface', request.interface, 'interface');
  if (!wholeIn(request.timeoutSeconds, 1, 86_400)) invalid(t, 'timeout', request.timeoutSeconds, 'timeoutSeconds');
  if (!wholeIn(request.seqTimeoutSeconds, 1, 3_600)) invalid(t, 'seqTimeout', request.seqTimeoutSeconds, 'seqTimeoutSeconds');
  for (const client of request.allowFrom ?? []) if (!clientPattern.test(client)) invalid(t, 'allowFrom', client, 'allowFrom');
  const range = request.passiveRange;
  if (range && !(wholeIn(range.min, 1024, 65_535) && wholeIn(range.max, 1024, 65_535) && range.min <= range.max)) {
    invalid(t, 'pasvRange', `${range.min}-${range.max}`, 'passiveRange');
  }
  if (request.logFile !== undefined && !/^\/[^\s\]]+$/.test(request.logFile)) invalid(t, 'logFile', request.logFile, 'logFile');
  if (request.newSequence && !wholeIn(request.newSequence.length, 3, 16)) invalid(t, 'length', request.newSequence.length, 'newSequence.length');
}

/** Fresh knock and close sequences that share no port with each other, the service or the passive range. */
export function newSequences(
  profile: Pick<Profile, 'service' | 'knock'>,
  request: NonNullable<KitRequest['newSequence']>,
  passiveRange: { min: number; max: number },
  randomInt: RandomInt = (max) => cryptoRandomInt(max),
): { knock: KnockSequence; closeSequence: KnockSequence } {
  const exclude = new Set<number>([profile.service.port]);
  if (profile.service.kind === 'ftp') for (let p = passiveRange.min; p <= passiveRange.max; p += 1) exclude.add(p);
  const delayMs = profile.knock?.delayMs ?? 100;
  const knock = generateKnockSequence({ ...request, exclude, randomInt });
  for (const step of knock) exclude.add(step.port);
  const close = generateKnockSequence({ ...request, exclude, randomInt });
  return { knock: { steps: knock, delayMs }, closeSequence: { steps: close, delayMs } };
}

/**
 * The kit for a saved profile. A draft (no host or no knock) gets a clear
 * error, unless `newSequence` supplies the knock. Nothing is saved: a
 * generated sequence is returned for the user to store.
 */
export function kitForProfile(profile: Profile, request: KitRequest, language: Language, randomInt?: RandomInt): ProfileKit {
  checkKitRequest(request, language);
  const t = kitTranslator(language);
  if (profile.host === undefined) throw contractError('INVALID_INPUT', t('errors.noHost', { name: profile.name }));
  const passiveRange = request.passiveRange ?? defaultPassiveRange;
  if (doorOf(profile) === 'spa') return spaKit(profile as Profile & { host: string }, request, language, passiveRange);
  const generated = request.newSequence ? newSequences(profile, request.newSequence, passiveRange, randomInt) : undefined;
  const knock = generated?.knock ?? profile.knock;
  if (knock === undefined) throw contractError('INVALID_INPUT', t('errors.noKnock', { name: profile.name }));
  const closeSequence = generated?.closeSequence ?? profile.closeSequence;
  const door: DoorProfile = {
    name: profile.name,
    host: profile.host,
    service: profile.service,
    knock,
    ...(closeSequence ? { closeSequence } : {}),
    // A generated sequence replaces the fixed one; one-time lists stay the profile's (and knockd then uses those).
    oneTimeSequences: generated ? [] : profile.oneTimeSequences.filter((s) => s.usedAt === undefined).map((s) => s.steps),
  };
  // The profile's own door timeout (imported from cmd_timeout, or set by the user) is what the server should do.
  const cmdTimeoutSeconds = request.timeoutSeconds ?? profile.doorTimeoutS ?? (closeSequence ? undefined : defaultCmdTimeoutSeconds);
  const options: KitOptions = {
    firewall: request.firewall ?? 'nftables',
    interface: request.interface ?? defaultInterface,
    ...(cmdTimeoutSeconds !== undefined ? { cmdTimeoutSeconds } : {}),
    ...(request.seqTimeoutSeconds !== undefined ? { seqTimeoutSeconds: request.seqTimeoutSeconds } : {}),
    ...(request.tcpWrappers || (request.allowFrom?.length ?? 0) > 0 ? { tcpWrappers: { allowFrom: request.allowFrom ?? [] } } : {}),
    passiveRange,
    ...(request.logFile !== undefined ? { logFile: request.logFile } : {}),
    language,
  };
  const kit = buildServerKit(door, options);
  const warnings = [...kit.warnings];
  if (request.timeoutSeconds === undefined && profile.doorTimeoutS === undefined && !closeSequence) warnings.push(t('warnings.defaultTimeout', { seconds: defaultCmdTimeoutSeconds }));
  return { ...kit, warnings, ...(generated ? { generated } : {}) };
}

/** The kit of an SPA profile: the fwknopd stanza over the same firewall, TCP-wrapper and vsftpd sections. */
function spaKit(profile: Profile & { host: string }, request: KitRequest, language: Language, passiveRange: { min: number; max: number }): ProfileKit {
  const door: DoorProfile = {
    name: profile.name,
    host: profile.host,
    service: profile.service,
    knock: { steps: [], delayMs: 0 },
    oneTimeSequences: [],
    spa: {
      access: profile.spa?.access ?? `tcp/${profile.service.port}`,
      hmac: profile.spa?.hmac ?? 'sha256',
      mode: profile.spa?.mode ?? 'cbc',
      ...(request.spaKeys ? { keys: request.spaKeys } : {}),
    },
  };
  const timeout = request.timeoutSeconds ?? profile.spa?.clientTimeoutS ?? defaultCmdTimeoutSeconds;
  return buildServerKit(door, {
    firewall: request.firewall ?? 'nftables',
    interface: request.interface ?? defaultInterface,
    cmdTimeoutSeconds: timeout || defaultCmdTimeoutSeconds,
    ...(request.tcpWrappers || (request.allowFrom?.length ?? 0) > 0 ? { tcpWrappers: { allowFrom: request.allowFrom ?? [] } } : {}),
    passiveRange,
    language,
  });
}
