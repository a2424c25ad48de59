import { z } from 'zod';
import { profileFieldsShape, type Profile, type SecretKind } from '../../contract/features/profiles';
import { idSchema } from '../../contract/schemas/common';
import type { ImportCandidate, OmittableField, PreparedImport } from './candidates';
import { decryptJson, encryptJson, type EncryptedBlob } from './crypto';
import { ImportError, importLimits } from './limits';
import { parseUntrustedJson } from './safe-json';
import { collectCandidates } from './validate-candidates';

export const exportFormat = 'sesame-export';
export const exportVersion = 1;

export interface ExportOptions {
  includeOneTimeSequences?: boolean;
  /** When set, credentials are included, encrypted with this passphrase. */
  passphrase?: string;
  /** Reads a profile's secrets (main side only); required with `passphrase`. */
  readSecrets?: (profile: Profile) => Promise<Partial<Record<SecretKind, string>>>;
  now: () => number;
}

export interface ExportResult {
  text: string;
  exported: number;
  warnings: string[];
}

/** Builds a .sesame file: versioned, indented JSON; secrets only inside the encrypted block. */
export async function buildExport(profiles: readonly Profile[], options: ExportOptions): Promise<ExportResult> {
  const warnings: string[] = [];
  const entries = profiles.map((p) => {
    // Bookkeeping stays home: ids travel (so re-imports match), keychain flags and timestamps do not.
    const { hasPassword: _hp, hasPassphrase: _hpp, ftpModeLearned: _fm, createdAt: _c, updatedAt: _u, oneTimeSequences, ...rest } = p;
    return options.includeOneTimeSequences && oneTimeSequences.length > 0
      ? { ...rest, oneTimeSequences: oneTimeSequences.map(({ steps }) => ({ steps })) }
      : rest;
  });
  if (options.includeOneTimeSequences && profiles.some((p) => p.oneTimeSequences.length > 0)) {
    warnings.push(
      'One-time sequences are included: if you and the recipient both use the same list, each of you will burn sequences the other still thinks are unused.',
    );
  }
  const file: Record<string, unknown> = {
    format: exportFormat,
    version: exportVersion,
    exportedAt: new Date(options.now()).toISOString(),
    profiles: entries,
  };
  if (options.passphrase !== undefined) {
    if (!options.readSecrets) throw new Error('readSecrets is required to include credentials');
    const secrets: Record<string, Partial<Record<SecretKind, string>>> = {};
    for (const p of profiles) {
      if (!p.hasPassword && !p.hasPassphrase) continue;
      const found = await options.readSecrets(p);
      if (Object.keys(found).length > 0) secrets[p.id] = found;
    }
    file.credentials = await encryptJson(secrets, options.passphrase, JSON.stringify(entries));
  }
  return { text: `${JSON.stringify(file, null, 2)}\n`, exported: entries.length, warnings };
}

const headerSchema = z.object({
  format: z.literal(exportFormat, { message: 'is not a .sesame export' }),
  version: z.number().int(),
  profiles: z.array(z.unknown()).max(importLimits.maxProfiles, `has more than ${importLimits.maxProfiles} profiles`),
  credentials: z.unknown().optional(),
  exportedAt: z.string().max(64).optional(),
});

const sesameEntrySchema = z.object({ id: idSchema, ...profileFieldsShape }).strict();
const secretsSchema = z.record(idSchema, z.object({ password: z.string().max(4096), passphrase: z.string().max(4096) }).partial().strict());

/** Reads a .sesame file into validated candidates; with a passphrase, also decrypts its credentials. */
export async function readSesameFile(text: string, passphrase?: string): Promise<PreparedImport> {
  const raw = parseUntrustedJson(text);
  const header = headerSchema.safeParse(raw);
  if (!header.success) {
    const issue = header.error.issues[0];
    throw new ImportError(`This is not a Sesame export file (${issue?.path.join('.') || 'file'}: ${issue?.message}).`);
  }
  if (header.data.version !== exportVersion) {
    throw new ImportError(
      `This .sesame file has format version ${header.data.version}; this Sesame reads version ${exportVersion}. Update Sesame to import it.`,
    );
  }
  const warnings: string[] = [];
  const { candidates } = collectCandidates(
    header.data.profiles,
    (item, index): Omit<ImportCandidate, 'key' | 'secrets'> | string => {
      const entry = sesameEntrySchema.safeParse(item);
      if (!entry.success) return entry.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      const { id, ...fields } = entry.data;
      const hasOneTime = (item as { oneTimeSequences?: unknown }).oneTimeSequences !== undefined;
      const omits: OmittableField[] = hasOneTime ? [] : ['oneTimeSequences'];
      void index;
      return { sourceId: id, fields, omits };
    },
    warnings,
  );
  let secrets: z.infer<typeof secretsSchema> = {};
  const encrypted = header.data.credentials !== undefined;
  if (encrypted && passphrase !== undefined) {
    const plain = await decryptJson(header.data.credentials, passphrase, JSON.stringify(header.data.profiles));
    const parsed = secretsSchema.safeParse(plain);
    if (!parsed.success) throw new ImportError('The encrypted credentials are damaged (unexpected content).');
    secrets = parsed.data;
  } else if (encrypted) {
    warnings.push('The file includes encrypted credentials: enter the passphrase to import them too.');
  }
  for (const c of candidates) {
    const s = c.sourceId !== undefined ? secrets[c.sourceId] : undefined;
    if (s) c.secrets = { ...s };
  }
  return { format: 'sesame', candidates, warnings, encryptedSecrets: encrypted };
}

export type { EncryptedBlob };
