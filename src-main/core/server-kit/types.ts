import type { Language } from '../../contract/locales';
import type { KnockSequence, KnockStep } from '../../contract/schemas/common';
import type { FirewallDoor, FirewallKind } from './firewall';
import type { SpaDoorProfile } from './fwknopd-door';

/** One file (or set of commands) for the server, with where it goes and how to load it. */
export interface KitSection {
  id: KitSectionId;
  title: string;
  /** Where it goes on the server, in words (a path and what to restart). */
  where: string;
  /** The file's text, its own comments included; ready to save as is. */
  text: string;
}

export type KitSectionId = 'knockd' | 'fwknopd' | 'oneTime' | 'nftables' | 'iptables' | 'ip6tables' | 'hostsAllow' | 'vsftpd' | 'ftpFirewall';

export const kitSectionIds: readonly KitSectionId[] = ['knockd', 'fwknopd', 'oneTime', 'nftables', 'iptables', 'ip6tables', 'hostsAllow', 'vsftpd', 'ftpFirewall'];

export interface KitOptions {
  firewall: FirewallKind;
  /** knockd's Interface (the lab's knockd sniffs `lo`). */
  interface: string;
  /** Close the door this many seconds after each knock (knockd cmd_timeout + stop_command). */
  cmdTimeoutSeconds?: number;
  /** knockd seq_timeout; by default from the profile's step count and delay. */
  seqTimeoutSeconds?: number;
  /** Print a hosts.allow line for these client patterns (empty: a placeholder to fill in). */
  tcpWrappers?: { allowFrom: readonly string[] };
  /** vsftpd passive range (FTP profiles). */
  passiveRange: { min: number; max: number };
  /** knockd LogFile; syslog when absent. */
  logFile?: string;
  language: Language;
}

/** What a door type needs to know of a profile: its name, destination and sequences. */
export interface DoorProfile {
  name: string;
  host: string;
  service: { kind: 'ssh' | 'sftp' | 'ftp' | 'custom'; port: number };
  knock: KnockSequence;
  closeSequence?: KnockSequence;
  /** Unused one-time sequences, in the order Sesame uses them. */
  oneTimeSequences: readonly KnockStep[][];
  /** Set for an SPA door: the kit writes an fwknopd stanza instead of knockd.conf (`knock` is then unused). */
  spa?: SpaDoorProfile;
}

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** What every door type's generator gets. */
export interface DoorContext {
  profile: DoorProfile;
  options: KitOptions;
  firewall: FirewallDoor;
  t: Translate;
}

/**
 * A door type's server side. knockd is the one this round; the fwknop SPA
 * door (branch `spa`: its door type and key model) adds a generator here
 * that returns an `access.conf` stanza (SOURCE, KEY_BASE64/HMAC_KEY_BASE64
 * from the key model, FW_ACCESS_TIMEOUT from cmdTimeoutSeconds, and
 * EXTERNAL_CMD_OPEN/EXTERNAL_CMD_CLOSE from `firewall.open/close(v, '$SRC')`),
 * and everything else in the kit (firewall base, TCP wrappers, vsftpd) stays shared.
 */
export interface DoorGenerator {
  sections(context: DoorContext): KitSection[];
}
