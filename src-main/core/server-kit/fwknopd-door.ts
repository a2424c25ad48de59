import type { GeneratedKeys } from '../spa/keys';
import { comment } from './text';
import type { DoorContext, DoorGenerator, KitSection } from './types';

/** What the fwknopd stanza needs of a profile's SPA door (its keys only when they were just generated). */
export interface SpaDoorProfile {
  access: string;
  hmac: string;
  mode: string;
  /** Shown once, right after "Generate keys" (or `sesame server-config --show-keys` on the user's terminal). */
  keys?: GeneratedKeys;
}

const field = (key: string, value: string | number): string => {
  // access.conf ends a value at the line break and reads "#" as a comment.
  if (/[\r\n#]/.test(String(value))) throw new Error(`access.conf ${key}: contains a line break or "#"`);
  return `${key.padEnd(24)}${value}`;
};

/**
 * The fwknopd door (access.conf, fwknopd(8)): one stanza that accepts this
 * profile's packets and runs the kit's own firewall commands through
 * CMD_CYCLE_OPEN/CMD_CYCLE_CLOSE ($IP = the allow IP from the packet), so the
 * door opens in the same nftables set or iptables chain a knockd door uses,
 * and closes after CMD_CYCLE_TIMER.
 */
export const fwknopdDoor: DoorGenerator = {
  sections({ profile, options, firewall, t }: DoorContext): KitSection[] {
    const spa = profile.spa;
    if (!spa) return [];
    const timeout = options.cmdTimeoutSeconds ?? 30;
    const keys = spa.keys;
    const lines = [
      ...comment(t('header', { name: profile.name, host: profile.host })),
      ...comment(t('fwknopd.explain', { access: spa.access, seconds: timeout })),
      ...comment(keys ? t('fwknopd.keys') : t('fwknopd.keysPlaceholder', { name: profile.name })),
      field('SOURCE', 'ANY'),
      field('OPEN_PORTS', spa.access),
      field('KEY_BASE64', keys?.keyBase64 ?? 'PASTE_THE_ENCRYPTION_KEY_BASE64'),
      ...(spa.hmac === 'none' ? [] : [field('HMAC_KEY_BASE64', keys?.hmacKeyBase64 ?? 'PASTE_THE_HMAC_KEY_BASE64')]),
      ...(spa.hmac !== 'none' && spa.hmac !== 'sha256' ? [field('HMAC_DIGEST_TYPE', spa.hmac)] : []),
      ...(spa.mode !== 'cbc' ? [field('ENCRYPTION_MODE', spa.mode)] : []),
      field('FW_ACCESS_TIMEOUT', timeout),
      ...comment(t('fwknopd.cycle')),
      field('CMD_CYCLE_OPEN', firewall.open(4, '$IP')),
      field('CMD_CYCLE_CLOSE', firewall.close(4, '$IP')),
      field('CMD_CYCLE_TIMER', timeout),
      '',
    ];
    return [{ id: 'fwknopd', title: t('sections.fwknopd.title'), where: t('sections.fwknopd.where'), text: lines.join('\n') }];
  },
};
