import { z } from 'zod';
import { addressFamilySchema, idSchema } from '../schemas/common';
import { clientIdSchema } from './connect';
import { terminalIdSchema } from './settings';

/**
 * What a connect would start, shown before anything is sent: which client
 * (and terminal) a profile gets, and the argv a custom command template
 * builds. Main answers with the launcher's own code, so the preview cannot
 * drift from what runs; the renderer never assembles a command line itself.
 */

/** One argv element of a template preview. */
export const argvPartSchema = z.object({
  text: z.string(),
  /** The placeholder this element came from ("{host}"), absent for literal text. */
  placeholder: z.string().optional(),
  /**
   * `atConnect`: only known once the host is resolved ({address}, and {family}
   * when the profile says "auto"); `missing`: the draft has no value for it yet.
   */
  state: z.enum(['literal', 'filled', 'atConnect', 'missing']),
});
export type ArgvPart = z.infer<typeof argvPartSchema>;

export const templatePreviewSchema = z.object({
  /** The placeholders the launcher accepts, in its order. */
  placeholders: z.array(z.string()),
  argv: z.array(argvPartSchema).optional(),
  /** Why the launcher would refuse the template (its own message); `field` is e.g. "customTemplate.2". */
  problem: z.object({ field: z.string(), message: z.string() }).optional(),
});
export type TemplatePreview = z.infer<typeof templatePreviewSchema>;

const draftText = (max: number) => z.string().max(max);

export const clientPreviewMethods = {
  /**
   * Fills a draft template with the draft's own values (user edits to check,
   * not a command for main to run: nothing is spawned or resolved).
   */
  previewClientTemplate: {
    request: z
      .object({
        template: z.array(draftText(4096)).max(256),
        host: draftText(253).optional(),
        port: z.number().int().min(1).max(65535).optional(),
        user: draftText(256).optional(),
        addressFamily: addressFamilySchema.default('auto'),
      })
      .strict(),
    response: templatePreviewSchema,
  },
  /** The client (and terminal) a connect of this saved profile would start, by the same precedence connect uses. */
  describeClient: {
    request: z.object({ profileId: idSchema }).strict(),
    response: z.object({
      client: clientIdSchema.optional(),
      terminal: terminalIdSchema.optional(),
      /** Where the choice came from: the profile itself, the app's settings, or what was found installed. */
      source: z.enum(['profile', 'settings', 'detected', 'none']),
    }),
  },
} as const;

export const clientPreviewEvents = {} as const;
