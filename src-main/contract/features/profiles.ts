import { z } from 'zod';
import {
  addressFamilySchema,
  controlChars,
  idSchema,
  knockSequenceSchema,
  knockStepSchema,
  hostSchema,
  portSchema,
  serviceKindSchema,
  timeoutMsSchema,
  userSchema,
} from '../schemas/common';

/**
 * Profiles, their secrets and sharing. The renderer sends ids and edits; main
 * owns the file, the keychain and every path. A secret only ever travels
 * renderer → main (set), never back: responses carry "has password: yes/no".
 */

const labelSchema = (what: string, max: number) =>
  z
    .string({ message: `must be text (the ${what})` })
    .max(max, `is longer than ${max} characters: shorten the ${what}`)
    .refine((v) => !controlChars.test(v), `must not contain control characters (line breaks, tabs): retype the ${what}`);

export const profileNameSchema = labelSchema('name', 100)
  .refine((v) => v.trim().length > 0, 'is empty: give the profile a name')
  .refine((v) => v === v.trim(), 'must not start or end with spaces');

export const groupSchema = labelSchema('group name', 100);
export const tagSchema = labelSchema('tag', 40).refine((v) => v.trim().length > 0 && !/\s/.test(v), {
  message: 'must be one word without spaces, e.g. "prod"',
});
export const notesSchema = z.string({ message: 'must be text' }).max(10_000, 'is longer than 10000 characters');

export const ftpModeSchema = z.enum(['auto', 'passive', 'active'], { message: 'must be "auto", "passive" or "active"' });
export type FtpMode = z.infer<typeof ftpModeSchema>;

export const preferredClientSchema = z.enum(['auto', 'openssh', 'putty', 'lftp', 'winscp', 'filezilla'], {
  message: 'must be "auto", "openssh", "putty", "lftp", "winscp" or "filezilla"',
});
export type PreferredClient = z.infer<typeof preferredClientSchema>;

export const secretKindSchema = z.enum(['password', 'passphrase'], { message: 'must be "password" or "passphrase"' });
export type SecretKind = z.infer<typeof secretKindSchema>;

/** A local path (key file); it reaches ssh's argv, hence the same "-" and control-character rules as hosts. */
export const localPathSchema = z
  .string({ message: 'must be a file path' })
  .min(1, 'is empty: choose the key file')
  .max(4096, 'is longer than 4096 characters')
  .refine((v) => !v.startsWith('-'), 'must not start with "-" (it would be read as a command-line option)')
  .refine((v) => !controlChars.test(v), 'must not contain control characters');

export const authSchema = z.discriminatedUnion(
  'method',
  [
    z.object({ method: z.literal('password') }).strict(),
    z.object({ method: z.literal('key'), keyFile: localPathSchema }).strict(),
    z.object({ method: z.literal('agent') }).strict(),
  ],
  { message: 'must be {"method":"password"}, {"method":"key","keyFile":…} or {"method":"agent"}' },
);
export type Auth = z.infer<typeof authSchema>;

export const serviceSchema = z
  .object({
    kind: serviceKindSchema,
    port: portSchema,
    user: userSchema.optional(),
  })
  .strict();
export type Service = z.infer<typeof serviceSchema>;

/** One entry of a one-time list: used once, in order; `usedAt` is set only after a successful knock. */
export const oneTimeSequenceSchema = z
  .object({
    steps: z.array(knockStepSchema).min(1, 'is empty: add at least one knock step').max(64, 'has more than 64 steps'),
    usedAt: z.number().int().nonnegative().optional(),
  })
  .strict();
export type OneTimeSequence = z.infer<typeof oneTimeSequenceSchema>;

export const knockSchema = knockSequenceSchema.strict();

/**
 * Everything a user edits. `host` and `knock` may be missing only on drafts
 * (imports from ssh config or knockd.conf carry one half each); see
 * {@link missingForConnect}.
 */
export const profileFieldsShape = {
  name: profileNameSchema,
  group: groupSchema.default(''),
  tags: z.array(tagSchema).max(32, 'has more than 32 tags').default([]),
  notes: notesSchema.default(''),
  host: hostSchema.optional(),
  addressFamily: addressFamilySchema.default('auto'),
  knock: knockSchema.optional(),
  // How long to wait for the guarded port after the last knock (10 s by default).
  openTimeoutMs: timeoutMsSchema.default(10_000),
  closeSequence: knockSchema.optional(),
  oneTimeSequences: z.array(oneTimeSequenceSchema).max(10_000, 'has more than 10000 sequences').default([]),
  service: serviceSchema.default({ kind: 'ssh', port: 22 }),
  auth: authSchema.default({ method: 'agent' }),
  ftpMode: ftpModeSchema.default('auto'),
  preferredClient: preferredClientSchema.default('auto'),
};

export const profileFieldsSchema = z.object(profileFieldsShape).strict();
/** What createProfile/updateProfile accept (defaults filled in by zod). */
export type ProfileFieldsInput = z.input<typeof profileFieldsSchema>;
export type ProfileFields = z.output<typeof profileFieldsSchema>;

const timestampSchema = z.number().int().nonnegative();

export const profileSchema = z
  .object({
    id: idSchema,
    ...profileFieldsShape,
    // Only whether a secret exists: the secret itself lives in the OS keychain.
    hasPassword: z.boolean().default(false),
    hasPassphrase: z.boolean().default(false),
    // What Sesame's FTP check found for `ftpMode: auto` (passive data ports reachable or not).
    ftpModeLearned: z.enum(['passive', 'active']).optional(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .strict();
export type Profile = z.output<typeof profileSchema>;

/** Fields that are not the user's edits: identity, bookkeeping and keychain flags. */
export const bookkeepingFields = ['id', 'createdAt', 'updatedAt', 'hasPassword', 'hasPassphrase', 'ftpModeLearned'] as const;

/** Why a profile cannot be used to connect yet (empty when it can). */
export function missingForConnect(profile: Pick<Profile, 'host' | 'knock'>): string[] {
  const missing: string[] = [];
  if (profile.host === undefined) missing.push('host: is empty: enter a host name or IP address');
  if (profile.knock === undefined) missing.push('knock.steps: is empty: add at least one knock step');
  return missing;
}

export const profileSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  group: z.string(),
  tags: z.array(z.string()),
  host: z.string().optional(),
  service: serviceSchema,
  hasPassword: z.boolean(),
  hasPassphrase: z.boolean(),
  draft: z.boolean(),
  oneTimeLeft: z.number().int().nonnegative(),
  updatedAt: timestampSchema,
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

const tokenSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, 'is not a valid token');
/** Passphrases cross renderer → main only; capped so a paste accident cannot stall scrypt. */
const passphraseSchema = z.string().min(8, 'is shorter than 8 characters: choose a longer passphrase').max(1024);

export const importStatusSchema = z.enum(['new', 'identical', 'changed', 'conflict']);
export type ImportStatus = z.infer<typeof importStatusSchema>;
export const importActionSchema = z.enum(['import', 'skip', 'replace', 'keepBoth']);
export type ImportAction = z.infer<typeof importActionSchema>;

export const fieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const importPreviewItemSchema = z.object({
  key: z.string(),
  name: z.string(),
  status: importStatusSchema,
  existingId: idSchema.optional(),
  existingName: z.string().optional(),
  changes: z.array(fieldChangeSchema),
  /** Which secrets the file offers for the keychain (never their values). */
  offersSecrets: z.array(secretKindSchema),
  draft: z.boolean(),
  allowed: z.array(importActionSchema),
  defaultAction: importActionSchema,
});
export type ImportPreviewItem = z.infer<typeof importPreviewItemSchema>;

export const importPreviewSchema = z.object({
  token: tokenSchema,
  format: z.enum(['sesame', 'knockd', 'ssh-config', 'filezilla', 'fwknoprc']),
  items: z.array(importPreviewItemSchema),
  warnings: z.array(z.string()),
  encryptedSecrets: z.boolean(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importResultSchema = z.object({
  created: z.array(idSchema),
  replaced: z.array(idSchema),
  skipped: z.number().int().nonnegative(),
  secretsStored: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
});
export type ImportResult = z.infer<typeof importResultSchema>;

const profileResponse = z.object({ profile: profileSchema });

export const profilesMethods = {
  listProfiles: {
    request: z.object({ query: z.string().max(200).optional(), group: z.string().max(100).optional() }).strict(),
    response: z.object({ profiles: z.array(profileSummarySchema), revision: z.number().int() }),
  },
  getProfile: {
    request: z.object({ id: idSchema }).strict(),
    response: profileResponse,
  },
  createProfile: {
    request: z.object({ fields: profileFieldsSchema }).strict(),
    response: profileResponse,
  },
  updateProfile: {
    // Replaces the editable fields; `expectedUpdatedAt` turns a stale edit into CONFLICT instead of a silent overwrite.
    request: z
      .object({ id: idSchema, fields: profileFieldsSchema, expectedUpdatedAt: timestampSchema.optional() })
      .strict(),
    response: profileResponse,
  },
  deleteProfile: {
    request: z.object({ id: idSchema }).strict(),
    response: z.object({ undoToken: tokenSchema }),
  },
  undoDelete: {
    request: z.object({ undoToken: tokenSchema }).strict(),
    response: z.object({ profile: profileSchema, secretsRestored: z.boolean() }),
  },
  setSecret: {
    request: z
      .object({ id: idSchema, kind: secretKindSchema, secret: z.string().min(1, 'is empty').max(4096) })
      .strict(),
    response: profileResponse,
  },
  deleteSecret: {
    request: z.object({ id: idSchema, kind: secretKindSchema }).strict(),
    response: profileResponse,
  },
  previewImport: {
    // The token names a file main opened (from its own file dialog); the renderer never sends a path.
    request: z.object({ token: tokenSchema, passphrase: passphraseSchema.optional() }).strict(),
    response: importPreviewSchema,
  },
  applyImport: {
    request: z
      .object({
        token: tokenSchema,
        decisions: z.record(z.string().max(200), importActionSchema).default({}),
        importSecrets: z.boolean().default(false),
      })
      .strict(),
    response: importResultSchema,
  },
  exportProfiles: {
    request: z
      .object({
        token: tokenSchema,
        ids: z.array(idSchema).max(10_000).optional(),
        group: z.string().max(100).optional(),
        includeCredentials: z.boolean().default(false),
        passphrase: passphraseSchema.optional(),
        includeOneTimeSequences: z.boolean().default(false),
      })
      .strict()
      .refine((r) => !r.includeCredentials || r.passphrase !== undefined, {
        message: 'is required to include credentials: they are encrypted with it',
        path: ['passphrase'],
      }),
    response: z.object({ exported: z.number().int().nonnegative(), warnings: z.array(z.string()) }),
  },
} as const;

export const profilesEvents = {
  profilesChanged: z.object({
    revision: z.number().int(),
    reason: z.enum(['created', 'updated', 'deleted', 'restored', 'imported', 'secret', 'external']),
    ids: z.array(idSchema),
  }),
  /** The profiles file could not be read as-is; `backupPath` keeps the original untouched. */
  profilesRecovered: z.object({ message: z.string(), backupPath: z.string().optional() }),
} as const;
