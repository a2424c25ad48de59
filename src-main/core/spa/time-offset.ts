import { DEFAULT_MAX_PACKET_AGE_S } from './constants';

/**
 * fwknopd refuses a packet whose timestamp is more than MAX_SPA_PACKET_AGE
 * (120 s by default) away from its own clock, either way. fwknop's answer to a
 * server whose clock is off is TIME_OFFSET (--time-offset-plus/-minus): move
 * the packet's timestamp by the server's error. Sesame keeps the same setting.
 */

const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Parses fwknop's offset syntax ("90", "5m", "-2h", "+1d"; client/config_init.c
 * parse_time_offset) into signed seconds. Throws naming the option.
 */
export function parseTimeOffset(text: string, field = 'TIME_OFFSET'): number {
  const match = /^\s*([+-]?)(\d{1,6})\s*([smhd]?)\s*$/i.exec(text);
  if (!match) throw new Error(`${field} must be seconds, or a number with m, h or d (e.g. "90", "-5m", "2h"), got "${text}"`);
  const [, sign, digits = '0', unit = ''] = match;
  const seconds = Number(digits) * (units[unit.toLowerCase()] ?? 1);
  // fwknop caps the number at 2^16 before the unit multiplier.
  if (Number(digits) > 65_536) throw new Error(`${field} is too large: at most 65536 units`);
  return sign === '-' ? -seconds : seconds;
}

/** "+10m", "-90s": how an offset reads back to the user. */
export function formatTimeOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (abs >= size && abs % size === 0) return `${sign}${abs / size}${unit}`;
  }
  return `${sign}${abs}s`;
}

/** The packet timestamp: this computer's Unix time plus the offset, as libfko's fko_set_timestamp. */
export function packetTimestamp(wallClockMs: number, offsetS = 0): number {
  return Math.floor(wallClockMs / 1000) + offsetS;
}

/**
 * A warning when the offset alone puts the packet outside the server's window:
 * right only if the server's clock is off by that much too.
 */
export function skewWarning(offsetS: number, maxAgeS = DEFAULT_MAX_PACKET_AGE_S): string | undefined {
  if (Math.abs(offsetS) <= maxAgeS) return undefined;
  return (
    `TIME_OFFSET ${formatTimeOffset(offsetS)} moves the packet's timestamp more than fwknopd's ${maxAgeS} s window ` +
    `(MAX_SPA_PACKET_AGE): fwknopd will refuse it unless the server's clock is off by the same amount.`
  );
}
