import { z } from 'zod';
import { userEmptyMessage, userMaxLength, userRules, userTooLongMessage } from './field-rules';
import { hostEmptyMessage, hostMaxLength, hostRules, hostTooLongMessage, normaliseHostInput } from './host-rules';

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

export { controlChars, isIpv4, isIpv6, normaliseHostInput, urlHost } from './host-rules';

/**
 * Format and separator characters that are invisible or reorder what is shown
 * around them: bidi overrides and isolates (U+202A–202E, U+2066–2069), zero-width
 * characters (U+200B–200F), the line/paragraph separators U+2028/U+2029, and
 * every other Unicode "Cf". A name with U+202E displays reversed ("moc.lapyap")
 * in dialogs and menus; refused in every name and label. (This also refuses the
 * zero-width joiner inside emoji sequences like 👩‍💻: a look-alike name is the
 * bigger risk.)
 */
export const formatChars = /[\p{Cf}\u2028\u2029]/u;

/**
 * Wraps user text (a profile name) in Unicode isolates (FSI … PDI) for
 * native text (dialogs, menus, notifications): a right-to-left name then
 * cannot reorder the sentence around it. The renderer uses <bdi> instead.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}


/**
 * The stored host: a DNS name, an IPv4 dotted quad, or a bare IPv6 literal
 * (zone id allowed), never in brackets; input fields normalise `[::1]` to
 * `::1` first ({@link hostInputSchema}). The rules live in a zod-free module
 * so `sesame knock` can check a host without loading zod.
 */
export const hostSchema = hostRules.reduce(
  (schema, [test, message]) => schema.refine(test, message),
  z.string().min(1, hostEmptyMessage).max(hostMaxLength, hostTooLongMessage),
);

/** {@link hostSchema} for what users type and files import: `[v6]` is accepted and stored bare. */
export const hostInputSchema = z.string().transform(normaliseHostInput).pipe(hostSchema);


/** Login names: the launcher's rules (./field-rules), so a profile that cannot launch cannot be saved or imported. */
export const userSchema = userRules.reduce(
  (schema, [test, message]) => schema.refine(test, message),
  z.string().min(1, userEmptyMessage).max(userMaxLength, userTooLongMessage),
);

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
