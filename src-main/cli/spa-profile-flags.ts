import { contractError } from '../contract/errors';
import { doorOf, type Profile } from '../contract/features/profiles';
import { spaDigestNames, spaEncryptionModes } from '../contract/schemas/spa';
import { formatTimeOffset, parseTimeOffset } from '../core/spa/time-offset';
import type { CliText } from './messages';

/**
 * `sesame profiles add/edit` flags for the SPA door, named after fwknop's
 * options where one exists (ACCESS → --spa-access, SPA_SERVER_PORT →
 * --spa-port…). The values go into the profile's `spa` settings, which the
 * service validates with the contract's schema (errors name the field).
 * Keys are never flags: `sesame secret set PROFILE --kind spa-key`.
 */
export const spaFlagOptions = {
  door: { type: 'string', value: ['knock', 'spa'] },
  'spa-access': { type: 'string' },
  'spa-port': { type: 'string' },
  'spa-proto': { type: 'string', value: ['udp', 'tcp', 'http'] },
  'spa-allow-ip': { type: 'string' },
  'spa-resolve-url': { type: 'string' },
  'spa-user': { type: 'string' },
  'spa-timeout': { type: 'string' },
  'spa-nat': { type: 'string' },
  'spa-nat-local': { type: 'string', value: ['yes', 'no'] },
  'spa-nat-port': { type: 'string' },
  'spa-time-offset': { type: 'string' },
  'spa-digest': { type: 'string', value: [...spaDigestNames] },
  'spa-hmac': { type: 'string', value: [...spaDigestNames, 'none'] },
  'spa-mode': { type: 'string', value: [...spaEncryptionModes] },
} as const;

export const spaFlagsHelp = `SPA door (fwknop) options:
  --door knock|spa  --spa-access tcp/22[,udp/53]  --spa-port 62201  --spa-proto udp|tcp|http
  --spa-allow-ip source|resolve|IP  --spa-resolve-url URL (your own lookup, for "resolve")
  --spa-user U  --spa-timeout S (FW_TIMEOUT)  --spa-nat HOST,PORT|""  --spa-nat-local yes|no
  --spa-nat-port P  --spa-time-offset T (e.g. -5m)  --spa-digest D  --spa-hmac D|none  --spa-mode M
  An empty value ("") removes a setting. Keys: sesame secret set PROFILE --kind spa-key|spa-hmac-key`;

type SpaFlagValues = { [K in keyof typeof spaFlagOptions]?: string };

const wholeNumber = (text: string, flag: string): number => {
  if (!/^\d{1,9}$/.test(text)) throw contractError('INVALID_INPUT', `Invalid --${flag}: must be a whole number, got "${text}"`);
  return Number(text);
};

/** Applies the SPA flags to the fields being built (in place); a flag given as "" removes its setting. */
export function applySpaFlags(fields: Record<string, unknown>, v: SpaFlagValues): void {
  if (v.door !== undefined) fields.door = v.door;
  const given = Object.keys(spaFlagOptions).some((k) => k !== 'door' && v[k as keyof SpaFlagValues] !== undefined);
  if (!given) return;
  // SPA settings without --door spa on a new profile: the user clearly means an SPA door.
  if (fields.door === undefined) fields.door = 'spa';
  const spa: Record<string, unknown> = { ...((fields.spa as Record<string, unknown> | undefined) ?? {}) };
  const set = (key: string, raw: string | undefined, parse: (text: string) => unknown = (t) => t): void => {
    if (raw === undefined) return;
    if (raw === '') delete spa[key];
    else spa[key] = parse(raw);
  };
  set('access', v['spa-access']);
  set('serverPort', v['spa-port'], (t) => wholeNumber(t, 'spa-port'));
  set('serverProto', v['spa-proto']);
  set('allowIp', v['spa-allow-ip']);
  set('resolveUrl', v['spa-resolve-url']);
  set('user', v['spa-user']);
  set('clientTimeoutS', v['spa-timeout'], (t) => wholeNumber(t, 'spa-timeout'));
  set('nat', v['spa-nat'], (t) => {
    const match = /^([^,\s]+),(\d{1,5})$/.exec(t);
    if (!match) throw contractError('INVALID_INPUT', `Invalid --spa-nat: must be HOST,PORT (e.g. 10.0.0.5,22), got "${t}"`);
    return { host: match[1], port: Number(match[2]) };
  });
  set('natLocal', v['spa-nat-local'], (t) => t === 'yes');
  set('natPort', v['spa-nat-port'], (t) => wholeNumber(t, 'spa-nat-port'));
  set('timeOffsetS', v['spa-time-offset'], (t) => {
    try {
      return parseTimeOffset(t, '--spa-time-offset');
    } catch (error) {
      throw contractError('INVALID_INPUT', `Invalid ${(error as Error).message}`);
    }
  });
  set('digest', v['spa-digest']);
  set('hmac', v['spa-hmac']);
  set('mode', v['spa-mode']);
  fields.spa = spa;
}

/** The SPA lines of `sesame profiles show` (flags only: keys are never shown). */
export function describeSpa(p: Profile, t: CliText, line: (label: 'door' | 'spaKeys', value: string) => string): string[] {
  if (doorOf(p) !== 'spa') return [];
  const s = p.spa;
  const access = s?.access ?? `tcp/${p.service.port}`;
  const extra = [
    s?.user ? t('profiles.show.spa.user', { user: s.user }) : '',
    s?.clientTimeoutS ? t('profiles.show.spa.timeout', { seconds: s.clientTimeoutS }) : '',
    s?.nat ? `NAT ${s.nat.host},${s.nat.port}` : s?.natLocal ? t('profiles.show.spa.natLocal') : '',
    s?.natPort ? t('profiles.show.spa.natPort', { port: s.natPort }) : '',
    s?.timeOffsetS ? t('profiles.show.spa.timeOffset', { offset: formatTimeOffset(s.timeOffsetS) }) : '',
    s?.allowIp === 'resolve' ? t('profiles.show.spa.resolveUrl', { url: s.resolveUrl ?? '' }) : '',
  ].filter(Boolean);
  const door = t('profiles.show.spa.door', { proto: s?.serverProto ?? 'udp', port: s?.serverPort ?? 62201, access, allow: s?.allowIp ?? 'source' });
  const yesNo = (has: boolean) => t(`profiles.show.presence.${has ? 'yes' : 'no'}`);
  return [
    line('door', `${door}${extra.length ? `, ${extra.join(', ')}` : ''}`),
    line(
      'spaKeys',
      t('profiles.show.spa.keys', {
        encryption: yesNo(p.hasSpaKey === true),
        hmac: s?.hmac === 'none' ? t('profiles.show.spa.off') : yesNo(p.hasSpaHmacKey === true),
        digest: s?.digest ?? 'sha256',
        hmacDigest: s?.hmac ?? 'sha256',
        mode: s?.mode ?? 'cbc',
      }),
    ),
  ];
}
