import { z } from 'zod';
import { idSchema, knockSequenceSchema } from '../schemas/common';
import { profileSchema } from './profiles';

/**
 * The editor's "Server config" button: the server side that matches a saved
 * profile (knockd.conf, firewall, hosts.allow, vsftpd), as texts to show and
 * copy. Read-only: nothing is saved, a generated sequence comes back for the
 * user to store through updateProfile. The values are checked again in core
 * (core/server-kit/from-profile), which names the field and the fix.
 */
const kitSectionSchema = z.object({
  id: z.enum(['knockd', 'fwknopd', 'oneTime', 'nftables', 'iptables', 'ip6tables', 'hostsAllow', 'vsftpd', 'ftpFirewall']),
  title: z.string(),
  where: z.string(),
  text: z.string(),
});
export type KitSectionDto = z.infer<typeof kitSectionSchema>;

export const serverKitMethods = {
  getServerConfig: {
    request: z
      .object({
        id: idSchema,
        firewall: z.enum(['nftables', 'iptables']).optional(),
        interface: z.string().max(15).optional(),
        timeoutSeconds: z.number().int().min(1).max(86_400).optional(),
        tcpWrappers: z.boolean().optional(),
        allowFrom: z.array(z.string().max(100)).max(32).optional(),
        passiveRange: z.object({ min: z.number().int(), max: z.number().int() }).strict().optional(),
        newSequence: z.object({ length: z.number().int().min(3).max(16), protocols: z.enum(['tcp', 'udp', 'mixed']) }).strict().optional(),
        /** The UI's language for the comments; the app's locale when absent. */
        language: z.enum(['en', 'ko']).optional(),
      })
      .strict(),
    response: z.object({
      sections: z.array(kitSectionSchema),
      warnings: z.array(z.string()),
      generated: z.object({ knock: knockSequenceSchema, closeSequence: knockSequenceSchema }).optional(),
    }),
  },
  /**
   * The editor's "Generate keys" for an SPA profile: new keys (like fwknop
   * --key-gen) stored in the keychain, replacing the old ones, and the
   * matching access.conf stanza to paste on the server. The stanza carries
   * the new keys this once; saved keys are never read back.
   */
  generateSpaKeys: {
    request: z.object({ id: idSchema, language: z.enum(['en', 'ko']).optional() }).strict(),
    response: z.object({ profile: profileSchema, section: kitSectionSchema }),
  },
} as const;
