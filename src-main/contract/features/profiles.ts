import { z } from 'zod';
import {
  addressFamilySchema,
  controlChars,
  formatChars,
  idSchema,
  knockSequenceSchema,
  knockStepSchema,
  hostInputSchema,
  hostSchema,
  portSchema,
  serviceKindSchema,
  timeoutMsSchema,
  userSchema,
} from '../schemas/common';
import { localPathEmptyMessage, localPathMaxLength, localPathRules, localPathTooLongMessage, localPathTypeMessage } from '../schemas/field-rules';
import { doorTypeSchema, spaKeyEncodingSchema, spaSettingsSchema } from '../schemas/spa';
import { importFormatSchema } from './files';
import { supportedLanguages } from '../locales/language';

export { doorOf, doorTimeoutOf, hasSecret, missingForConnect, secretFlags, secretLabels, type SecretFlag } from './profile-facts';

/**
 * Profiles, their secrets and sharing. The renderer sends ids and edits; main
 * owns the file, the keychain and every path. A secret only ever travels
 * renderer → main (set), never back: responses carry "has password: yes/no".
 */

const labelSchema = (what: string, max: number) =>
  z
    .string({ message: `must be text (the ${what})` })
    .max(max, `is longer than ${max} characters: shorten the ${what}`)
    .refine((v) => !controlChars.test(v), `must not contain control characters (line breaks, tabs): retype the ${what}`)
    .refine(
      (v) => !formatChars.test(v),
      `must not contain invisible or direction-changing characters (e.g. U+202E, U+2028, zero-width spaces): retype the ${what}`,
    );

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

export const preferredClientSchema = z.enum(['auto', 'openssh', 'putty', 'lftp', 'winscp', 'filezilla', 'custom'], {
  message: 'must be "auto", "openssh", "putty", "lftp", "winscp", "filezilla" or "custom"',
});
export type PreferredClient = z.infer<typeof preferredClientSchema>;

/**
 * A custom client's command as an argv array (never a shell string). Only its
 * shape is checked here; where placeholders may go is the launcher's rule
 * (core/launcher/custom-template.ts), applied by main's preview and at connect.
 */
export const customTemplateSchema = z
  .array(
    z
      .string({ message: 'must be text (one argument)' })
      .min(1, 'has an empty argument: remove the empty line')
      .max(4096, 'has an argument longer than 4096 characters')
      .refine((v) => !controlChars.test(v), 'must not contain control characters (line breaks, tabs): put each argument on its own line'),
    { message: 'must be a list of arguments' },
  )
  .min(1, 'is empty: give at least the program to run')
  .max(256, 'has more than 256 arguments');

export const secretKindSchema = z.enum(['password', 'passphrase', 'spa-key', 'spa-hmac-key'], {
  message: 'must be "password", "passphrase", "spa-key" or "spa-hmac-key"',
});
export type SecretKind = z.infer<typeof secretKindSchema>;

/**
 * A local path (key file). The launcher's rules, so that a profile that cannot
 * launch cannot be saved or imported: it reaches ssh's, PuTTY's and WinSCP's
 * argv, hence the "-" and control-character rules of hosts; absolute (POSIX
 * "/…", Windows "C:\…" or "\\server\share\…"), because nothing may depend on
 * the working directory of a client started by the app; and without "%" or
 * "${", which ssh expands in -i (%d, %u, ${HOME}) and Windows in command lines,
 * so the file read would not be the one the user chose. Plain spaces are fine
 * ("C:\Users\Jane Doe\.ssh\id_ed25519"): argv arrays carry them intact. Which
 * of the two forms fits this computer is the launcher's check.
 */
export const localPathSchema = localPathRules.reduce(
  (schema, [test, message]) => schema.refine(test, message),
  z.string({ message: localPathTypeMessage }).min(1, localPathEmptyMessage).max(localPathMaxLength, localPathTooLongMessage),
);

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
  // What users type and files import: "[2001:db8::1]" is accepted here and stored bare.
  host: hostInputSchema.optional(),
  addressFamily: addressFamilySchema.default('auto'),
  /** How the port opens; absent: a knock sequence (every profile saved before SPA doors). */
  door: doorTypeSchema.optional(),
  knock: knockSchema.optional(),
  /** The SPA door's settings (door "spa"); absent: fwknop's defaults (UDP 62201, ALLOW_IP source, ACCESS tcp/<service port>). */
  spa: spaSettingsSchema.optional(),
  // How long to wait for the guarded port after the last knock (10 s by default).
  openTimeoutMs: timeoutMsSchema.default(10_000),
  closeSequence: knockSchema.optional(),
  /**
   * How long the server keeps the door open after a knock, when it closes it
   * by itself (knockd cmd_timeout + stop_command; fwknopd FW_ACCESS_TIMEOUT):
   * the countdown the window and tray show. Absent: the door stays open until
   * the close sequence (or an SPA profile's FW_TIMEOUT, when it has one).
   */
  doorTimeoutS: z
    .number({ message: 'must be a number of seconds' })
    .int('must be whole seconds')
    .min(2, 'must be at least 2 s (a shorter door cannot be kept open)')
    .max(86_400, 'must be at most 86400 s (24 h)')
    .optional(),
  /** Knock again before the door times out, while the session runs (see core/door/keep-open.ts). */
  keepOpen: z.boolean({ message: 'must be true or false' }).optional(),
  oneTimeSequences: z.array(oneTimeSequenceSchema).max(10_000, 'has more than 10000 sequences').default([]),
  service: serviceSchema.default({ kind: 'ssh', port: 22 }),
  auth: authSchema.default({ method: 'agent' }),
  ftpMode: ftpModeSchema.default('auto'),
  preferredClient: preferredClientSchema.default('auto'),
  /** Used when the client is "custom" (or the service is "custom"); kept when another client is chosen, so nothing typed is lost. */
  customTemplate: customTemplateSchema.optional(),
  /** ssh -t for remote commands: interactive programs (top, sudo) need a remote terminal (RequestTTY auto gives none). */
  requestTty: z.boolean({ message: 'must be true or false' }).optional(),
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
    // Stored form: never brackets (see hostSchema).
    host: hostSchema.optional(),
    // Only whether a secret exists: the secret itself lives in the OS keychain.
    hasPassword: z.boolean().default(false),
    hasPassphrase: z.boolean().default(false),
    // Optional (absent = false): profiles without SPA keys stay as they were written.
    hasSpaKey: z.boolean().optional(),
    hasSpaHmacKey: z.boolean().optional(),
    // What Sesame's FTP check found for `ftpMode: auto` (passive data ports reachable or not).
    ftpModeLearned: z.enum(['passive', 'active']).optional(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .strict();
export type Profile = z.output<typeof profileSchema>;

/** Fields that are not the user's edits: identity, bookkeeping and keychain flags. */
export const bookkeepingFields = [
  'id',
  'createdAt',
  'updatedAt',
  'hasPassword',
  'hasPassphrase',
  'hasSpaKey',
  'hasSpaHmacKey',
  'ftpModeLearned',
] as const;


export const profileSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  group: z.string(),
  tags: z.array(z.string()),
  host: z.string().optional(),
  service: serviceSchema,
  hasPassword: z.boolean(),
  hasPassphrase: z.boolean(),
  hasSpaKey: z.boolean().optional(),
  hasSpaHmacKey: z.boolean().optional(),
  door: doorTypeSchema.optional(),
  draft: z.boolean(),
  oneTimeLeft: z.number().int().nonnegative(),
  updatedAt: timestampSchema,
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

/** Where saved secrets may be sent: the profile's host, port and login. */
export const destinationSchema = z
  .object({ host: z.string().min(1).max(253), port: portSchema, user: z.string().max(256).optional() })
  .strict();
export type DestinationInfo = z.infer<typeof destinationSchema>;

/** Whether a profile's saved secrets are bound to where it points now (see DESTINATION_UNCONFIRMED). */
export const secretDestinationStatusSchema = z.object({
  profileId: idSchema,
  confirmed: z.boolean(),
  /** The secrets that would be held back. */
  unconfirmed: z.array(secretKindSchema),
  current: destinationSchema.nullable(),
  /** Where they were saved for; null when that is not known (saved by an older Sesame or by hand). */
  savedFor: destinationSchema.nullable(),
});
export type SecretDestinationStatus = z.infer<typeof secretDestinationStatusSchema>;

/** A profile in the file that this Sesame cannot use as it is; kept unchanged, shown with the field and the fix. */
export const attentionItemSchema = z.object({
  index: z.number().int().nonnegative(),
  line: z.number().int().nonnegative(),
  id: z.string().optional(),
  name: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type AttentionItem = z.infer<typeof attentionItemSchema>;

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
  /** Replacing would point a profile with a saved password or passphrase at another host, port or user. */
  secretDestinationChanges: z.boolean(),
  draft: z.boolean(),
  allowed: z.array(importActionSchema),
  defaultAction: importActionSchema,
  /** What the profile would send, in knockd's syntax ("7000:tcp,8000:udp"), so the user can check it before importing. */
  knock: z.string().optional(),
  closeSequence: z.string().optional(),
  /** Unused one-time sequences the profile would get. */
  oneTimeSequences: z.number().int().nonnegative().optional(),
  /** The service the profile would open, as in "ftp 2121". */
  service: z.object({ kind: serviceKindSchema, port: portSchema }).optional(),
  /** What the user must know or do about this one item (a one-time list to give, an option Sesame cannot keep). */
  notes: z.array(z.string()).optional(),
});
export type ImportPreviewItem = z.infer<typeof importPreviewItemSchema>;

export const importPreviewSchema = z.object({
  token: tokenSchema,
  format: importFormatSchema,
  items: z.array(importPreviewItemSchema),
  warnings: z.array(z.string()),
  encryptedSecrets: z.boolean(),
  /**
   * "verified": the passphrase checked the whole file (nothing was changed since
   * it was made); "unverified": the file carries credentials but was read without
   * its passphrase, so a changed host would go unnoticed; "none": a plain export.
   */
  authenticity: z.enum(['none', 'verified', 'unverified']),
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
    response: z.object({
      profiles: z.array(profileSummarySchema),
      revision: z.number().int(),
      /** Profiles kept in the file that need the user's attention before they can be used. */
      attention: z.array(attentionItemSchema),
      /** Set when the profiles file cannot be read at all (nothing is shown, nothing is changed). */
      damaged: z.string().optional(),
    }),
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
      .object({
        id: idSchema,
        kind: secretKindSchema,
        secret: z.string().min(1, 'is empty').max(4096),
        /** SPA keys only: the secret is typed text (KEY) or base64 of raw bytes (KEY_BASE64); text unless told. */
        encoding: spaKeyEncodingSchema.optional(),
      })
      .strict(),
    response: profileResponse,
  },
  deleteSecret: {
    request: z.object({ id: idSchema, kind: secretKindSchema }).strict(),
    response: profileResponse,
  },
  getSecretDestination: {
    request: z.object({ id: idSchema }).strict(),
    response: secretDestinationStatusSchema,
  },
  /** The user saw `destination` and agreed to send the saved secrets there; refused if the profile changed meanwhile. */
  confirmSecretDestination: {
    request: z.object({ id: idSchema, destination: destinationSchema }).strict(),
    response: secretDestinationStatusSchema,
  },
  previewImport: {
    // The token names a file main opened (from its own file dialog); the renderer never sends a path.
    request: z
      .object({
        token: tokenSchema,
        passphrase: passphraseSchema.optional(),
        /** The window's language: the notes Sesame writes into imported profiles are written in it. */
        language: z.enum(supportedLanguages).optional(),
      })
      .strict(),
    response: importPreviewSchema,
  },
  applyImport: {
    request: z
      .object({
        token: tokenSchema,
        decisions: z.record(z.string().max(200), importActionSchema).default({}),
        importSecrets: z.boolean().default(false),
        /** Import a file that carries credentials without checking it with its passphrase. */
        acceptUnverified: z.boolean().default(false),
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
