import { z } from 'zod';
import { isIpv4 } from './host-rules';
import { hostSchema, portSchema } from './common';
import { controlChars } from './host-rules';

/**
 * A profile's SPA door (fwknop Single Packet Authorization), in the words of
 * the fwknop client and ~/.fwknoprc. The keys are not here: they live in the
 * keychain (secret kinds "spa-key" and "spa-hmac-key"), like passwords. The
 * lists mirror core/spa/constants.ts (the contract imports nothing from core;
 * a type check there keeps both equal).
 */

export const spaDigestNames = ['md5', 'sha1', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512'] as const;
export const spaEncryptionModes = ['cbc', 'cfb', 'ofb', 'ctr', 'ecb', 'legacy'] as const;
export const spaServerProtos = ['udp', 'tcp', 'http'] as const;

const digestSchema = z.enum(spaDigestNames, { message: `must be one of ${spaDigestNames.join(', ')}` });

/** fwknop's ACCESS: "tcp/22", several as "tcp/22,udp/53" (client/fwknop.c; the same rule as core/spa/fields parseAccess). */
export const spaAccessSchema = z
  .string({ message: 'must be text like "tcp/22"' })
  .max(256, 'is longer than 256 characters')
  .refine(
    (v) =>
      v.split(',').every((part) => {
        const match = /^(tcp|udp|icmp)\/(\d{1,5})$/i.exec(part.trim());
        const port = Number(match?.[2]);
        return match !== null && port >= 1 && port <= 65535;
      }),
    { message: 'must be proto/port, e.g. "tcp/22" (several: "tcp/22,udp/53"; proto tcp, udp or icmp; port 1–65535)' },
  );

/** ALLOW_IP: "source" (the packet's source, -s), "resolve" (ask the user's own RESOLVE_URL), or an IPv4 address. */
export const spaAllowIpSchema = z
  .string({ message: 'must be "source", "resolve" or an IPv4 address' })
  .refine((v) => v === 'source' || v === 'resolve' || isIpv4(v), {
    message: 'must be "source" (the address the packet comes from), "resolve" (looked up at your resolve URL) or an IPv4 address (fwknop 2.6 carries IPv4 only)',
  });

/** The user's own what-is-my-IP URL: Sesame never has a built-in third-party lookup. */
export const spaResolveUrlSchema = z
  .string()
  .max(2048, 'is longer than 2048 characters')
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && !controlChars.test(v) && !/\s/.test(v), {
    message: 'must be an http:// or https:// URL of your choice that answers with your public IPv4 address',
  });

/** SPOOF_USER (lib/fko_user.c validate_username): printable ASCII without " / \ [ ] : ; | = , + * ? < >, under 64 characters. */
export const spaUserSchema = z
  .string()
  .min(1, 'is empty: enter the SPA user name, or leave it out to send your login name')
  .max(63, 'must be shorter than 64 characters')
  .refine((v) => /^[\x20-\x7e]+$/.test(v) && !/["/\\[\]:;|=,+*?<>]/.test(v), {
    message: 'must be printable ASCII without " / \\ [ ] : ; | = , + * ? < > (fwknop refuses them)',
  });

export const spaSettingsSchema = z
  .object({
    /** fwknopd's port (SPA_SERVER_PORT). */
    serverPort: portSchema.default(62201),
    serverProto: z.enum(spaServerProtos, { message: 'must be "udp", "tcp" or "http"' }).default('udp'),
    /** What fwknopd opens; absent: the profile's service port over TCP ("tcp/22"). */
    access: spaAccessSchema.optional(),
    allowIp: spaAllowIpSchema.default('source'),
    resolveUrl: spaResolveUrlSchema.optional(),
    /** The user name in the packet; absent: the login name of whoever connects (as fwknop does). */
    user: spaUserSchema.optional(),
    /** FW_TIMEOUT: ask fwknopd to keep the door open this long (s); absent or 0: the server's FW_ACCESS_TIMEOUT. */
    clientTimeoutS: z.number({ message: 'must be a number of seconds' }).int('must be whole seconds').min(0, 'cannot be negative').max(131_070, 'must be at most 131070 s').optional(),
    /** NAT_ACCESS: reach host:port behind the server. */
    nat: z.object({ host: hostSchema, port: portSchema }).strict().optional(),
    /** NAT_LOCAL: reach a service on the server itself through a forwarded port. */
    natLocal: z.boolean({ message: 'must be true or false' }).optional(),
    natPort: portSchema.optional(),
    /** TIME_OFFSET in seconds, for a server whose clock is off. */
    timeOffsetS: z.number({ message: 'must be a number of seconds' }).int('must be whole seconds').min(-65_536 * 86_400).max(65_536 * 86_400).optional(),
    digest: digestSchema.default('sha256'),
    /** HMAC_DIGEST_TYPE; "none" sends without HMAC (only for stanzas without HMAC_KEY; not recommended). */
    hmac: z.enum([...spaDigestNames, 'none'], { message: `must be one of ${spaDigestNames.join(', ')} or "none"` }).default('sha256'),
    mode: z.enum(spaEncryptionModes, { message: `must be one of ${spaEncryptionModes.join(', ')}` }).default('cbc'),
    /** The server's MAX_SPA_PACKET_AGE when it is not fwknopd's 120 s (for the clock-skew warning). */
    maxPacketAgeS: z.number().int().min(1).max(86_400).optional(),
  })
  .strict()
  .refine((s) => s.allowIp !== 'resolve' || s.resolveUrl !== undefined, {
    message: 'is "resolve" but no resolve URL is set: give the URL of your own address lookup, or use "source"',
    path: ['allowIp'],
  })
  .refine((s) => s.natPort === undefined || s.nat !== undefined || s.natLocal === true, {
    message: 'only applies to NAT requests: set NAT access or NAT local, or remove the NAT port',
    path: ['natPort'],
  })
  .refine((s) => !(s.nat !== undefined && s.natLocal === true), {
    message: 'NAT access and NAT local exclude each other: keep one',
    path: ['natLocal'],
  });
export type SpaSettings = z.output<typeof spaSettingsSchema>;
export type SpaSettingsInput = z.input<typeof spaSettingsSchema>;

/** How a profile's port opens: a knock sequence (knockd) or one SPA packet (fwknopd). */
export const doorTypeSchema = z.enum(['knock', 'spa'], { message: 'must be "knock" or "spa"' });
export type DoorType = z.infer<typeof doorTypeSchema>;

/** How an SPA key is given: as typed text (KEY, HMAC_KEY) or as base64 of raw bytes (KEY_BASE64, what fwknop --key-gen prints). */
export const spaKeyEncodingSchema = z.enum(['text', 'base64'], { message: 'must be "text" or "base64"' });
export type SpaKeyEncoding = z.infer<typeof spaKeyEncodingSchema>;
