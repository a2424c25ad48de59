import { digestNumber, encryptionModeNumber, type DigestName, type EncryptionMode } from './constants';
import type { SpaFields } from './fields';

const typeNames: Record<number, string> = {
  0: 'Command msg',
  1: 'Access msg',
  2: 'NAT access msg',
  3: 'Client timeout access msg',
  4: 'Client timeout NAT access msg',
  5: 'Local NAT access msg',
  6: 'Client timeout local NAT access msg',
};

const upper = (name: DigestName): string => name.toUpperCase();

/**
 * The fields as `fwknop -v` and `fwknopd -v` print them ("SPA Field Values"),
 * so a packet Sesame built or decoded can be laid next to fwknop's output line
 * by line. Keys are never part of it.
 */
export function dumpFields(
  fields: SpaFields,
  extra: { digestType: DigestName; hmacType: DigestName | null; mode: EncryptionMode; encoded: string; digest: string; hmac?: string; data?: string },
): string {
  const row = (label: string, value: string | number): string => `${label.padStart(15)}: ${value}`;
  return [
    'SPA Field Values:',
    '=================',
    row('Random Value', fields.random),
    row('Username', fields.user),
    row('Timestamp', fields.timestamp),
    row('FKO Version', fields.version),
    row('Message Type', `${fields.type} (${typeNames[fields.type] ?? 'unknown'})`),
    row('Message String', fields.message),
    row('Nat Access', fields.nat ?? '<NULL>'),
    row('Server Auth', fields.serverAuth ?? '<NULL>'),
    row('Client Timeout', fields.clientTimeout ?? 0),
    row('Digest Type', `${digestNumber[extra.digestType]} (${upper(extra.digestType)})`),
    row('HMAC Type', extra.hmacType ? `${digestNumber[extra.hmacType]} (${upper(extra.hmacType)})` : '0 (None)'),
    row('Encryption Type', '1 (Rijndael)'),
    row('Encryption Mode', `${encryptionModeNumber[extra.mode]} (${extra.mode === 'legacy' ? 'legacy' : extra.mode.toUpperCase()})`),
    row('Encoded Data', extra.encoded),
    row('SPA Data Digest', extra.digest),
    row('HMAC', extra.hmac ?? '<NULL>'),
    ...(extra.data !== undefined ? [row('Final SPA Data', extra.data)] : []),
    '',
  ].join('\n');
}
