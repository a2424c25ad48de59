import { z } from 'zod';

/**
 * File dialogs shown by main. The renderer asks for a dialog and gets back an
 * opaque token for `previewImport`/`exportProfiles` plus a display name; the
 * full path stays in main, and the renderer never sends one.
 */

const tokenSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/);

export const pickedFileSchema = z.discriminatedUnion('picked', [
  z.object({ picked: z.literal(false) }),
  z.object({ picked: z.literal(true), token: tokenSchema, fileName: z.string().max(255) }),
]);
export type PickedFile = z.infer<typeof pickedFileSchema>;

/** A suggested name only: no separators, so it cannot steer the dialog to another folder. */
const suggestedNameSchema = z
  .string()
  .min(1)
  .max(120)
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/, 'must be a file name without folders or special characters');

/** What Sesame imports; `sesame-profiles` is Sesame's own profiles.json, read as a restore source. */
export const importFormatSchema = z.enum(['sesame', 'sesame-profiles', 'knockd', 'ssh-config', 'filezilla', 'fwknoprc']);
export type ImportFormat = z.infer<typeof importFormatSchema>;

export const filesMethods = {
  /** Opens main's "open file" dialog; the chosen file is registered for import. */
  pickImportFile: {
    request: z.object({ format: importFormatSchema.optional() }).strict(),
    response: pickedFileSchema,
  },
  /** Opens main's "save file" dialog; the chosen path is registered for export. */
  pickExportFile: {
    request: z.object({ suggestedName: suggestedNameSchema.optional() }).strict(),
    response: pickedFileSchema,
  },
} as const;

export const filesEvents = {} as const;
