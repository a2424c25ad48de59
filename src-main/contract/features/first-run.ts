import { z } from 'zod';
import { pickedFileSchema } from './files';

/**
 * First run: files the user already has that Sesame can import (ssh config,
 * knockd.conf, .fwknoprc, FileZilla's sitemanager.xml), found by main at their
 * usual places on this OS. The renderer names a source by its id and gets an
 * import token back, exactly as from the file dialog; it never sends a path.
 */

export const importSourceFormatSchema = z.enum(['ssh-config', 'knockd', 'fwknoprc', 'filezilla']);
export type ImportSourceFormat = z.infer<typeof importSourceFormatSchema>;

/** "<format>-<n>": the n-th usual place for that format (stable while the OS and home folder are). */
export const importSourceIdSchema = z.string().min(1).max(40).regex(/^[a-z-]+-\d{1,2}$/, 'is not an import source id');

export const importSourceSchema = z.object({
  id: importSourceIdSchema,
  format: importSourceFormatSchema,
  /** Where it was found, for display; the home folder is written "~". */
  displayPath: z.string().max(4096),
  /** How many profiles the file offers; absent when it could not be read as that format (the preview says why). */
  count: z.number().int().nonnegative().optional(),
});
export type ImportSource = z.infer<typeof importSourceSchema>;

export const firstRunMethods = {
  /** Looks at the usual places; lists only files that exist (and offer at least one profile, when readable). */
  listImportSources: {
    request: z.object({}).strict(),
    response: z.object({ sources: z.array(importSourceSchema) }),
  },
  /** Registers a found file for import, like the open dialog does; NOT_FOUND if it is gone. */
  openImportSource: {
    request: z.object({ id: importSourceIdSchema }).strict(),
    response: pickedFileSchema,
  },
} as const;

export const firstRunEvents = {} as const;
