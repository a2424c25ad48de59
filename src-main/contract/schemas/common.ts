import { z } from 'zod';

/**
 * Building blocks shared by every feature's schemas (knock engine, profiles,
 * sharing, launcher). Messages say what to change, because they reach users
 * verbatim with the field's path in front ("steps.2.port: …").
 */

export const portSchema = z
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'must be from 1 to 65535 (0 is not a usable port)')
  .max(65535, 'must be from 1 to 65535');

export const protocolSchema = z.enum(['tcp', 'udp'], { message: 'must be "tcp" or "udp"' });
export type Protocol = z.infer<typeof protocolSchema>;

const hexPattern = /^(?:[0-9a-fA-F]{2})*$/;
/** Some knock servers (fwknop-style or custom) expect bytes in the UDP datagram. */
export const udpPayloadSchema = z.discriminatedUnion('encoding', [
  z.object({ encoding: z.literal('text'), data: z.string().max(1024, 'is longer than 1024 characters') }),
  z.object({
    encoding: z.literal('hex'),
    data: z
      .string()
      .max(2048, 'is longer than 1024 bytes')
      .regex(hexPattern, 'must be hex digits in pairs, e.g. "de ad be ef" without spaces: "deadbeef"'),
  }),
]);
export type UdpPayload = z.infer<typeof udpPayloadSchema>;

export const knockStepSchema = z
  .object({
    port: portSchema,
    protocol: protocolSchema.default('tcp'),
    payload: udpPayloadSchema.optional(),
  })
  .refine((step) => step.payload === undefined || step.protocol === 'udp', {
    message: 'a payload can only be sent with a UDP knock: set protocol to "udp" or remove the payload',
    path: ['payload'],
  });
export type KnockStep = z.infer<typeof knockStepSchema>;

export const addressFamilySchema = z.enum(['auto', 'ipv4', 'ipv6'], { message: 'must be "auto", "ipv4" or "ipv6"' });
export type AddressFamily = z.infer<typeof addressFamilySchema>;

export const delayMsSchema = z
  .number({ message: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .min(0, 'cannot be negative (0 sends the steps back to back)')
  .max(60_000, 'must be at most 60000 ms; knockd would time the sequence out anyway');

export const timeoutMsSchema = z
  .number({ message: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .min(100, 'must be at least 100 ms')
  .max(300_000, 'must be at most 300000 ms (5 minutes)');

export const knockSequenceSchema = z.object({
  steps: z
    .array(knockStepSchema)
    .min(1, 'is empty: add at least one knock step')
    .max(64, 'has more than 64 steps'),
  delayMs: delayMsSchema.default(100),
});
export type KnockSequence = z.infer<typeof knockSequenceSchema>;

// Hosts, users and paths end up in argv of ssh/lftp/putty: a leading "-" would
// be read as an option, whitespace/control characters could split or spoof
// arguments, and non-ASCII look-alikes ("раypal.com") hide the real target.
/** C0 and C1 control characters (line breaks, tabs, escapes): refused in every user-typed field. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const controlChars = /[\u0000-\u001f\u007f-\u009f]/;

export const hostSchema = z
  .string()
  .min(1, 'is empty: enter a host name or IP address')
  .max(253, 'is longer than 253 characters')
  .refine((v) => !v.startsWith('-'), 'must not start with "-" (it would be read as a command-line option)')
  .refine((v) => !/\s/.test(v) && !controlChars.test(v), 'must not contain spaces or control characters')
  .refine((v) => /^[\x21-\x7e]+$/.test(v), 'must be plain ASCII: write international names in their xn-- (punycode) form')
  .refine((v) => /^(?:\[?[0-9A-Fa-f:.]+(?:%[\w.-]+)?\]?|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?)$/.test(v), {
    message: 'is not a valid host name or IP address (letters, digits, "-", "." and "_" only)',
  });

export const userSchema = z
  .string()
  .min(1, 'is empty: enter the login name')
  .max(256, 'is longer than 256 characters')
  .refine((v) => !v.startsWith('-'), 'must not start with "-" (it would be read as a command-line option)')
  .refine((v) => !controlChars.test(v), 'must not contain control characters')
  .refine((v) => !/\s/.test(v), 'must not contain spaces');

export const serviceKindSchema = z.enum(['ssh', 'sftp', 'ftp', 'custom'], {
  message: 'must be "ssh", "sftp", "ftp" or "custom"',
});
export type ServiceKind = z.infer<typeof serviceKindSchema>;

/** What the port waiter reads from the banner to prove the service answers. */
export const bannerExpectSchema = z.enum(['ssh', 'ftp', 'none']);
export type BannerExpect = z.infer<typeof bannerExpectSchema>;

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "_" or "-"');
