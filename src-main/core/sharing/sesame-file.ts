import { z } from 'zod';
import { hasSecret, profileFieldsShape, type Profile, type SecretKind } from '../../contract/features/profiles';
import { secretKinds } from '../secrets/secret-store';
import { idSchema } from '../../contract/schemas/common';
import type { ImportCandidate, OmittableField, PreparedImport } from './candidates';
import { decryptJson, encryptJson, type EncryptedBlob } from './crypto';
import { ImportError, capWarnings, importLimits } from './limits';
import { parseUntrustedJson } from './safe-json';
import { collectCandidates } from './validate-candidates';

export const exportFormat = 'sesame-export';
/**
 * 1: plain files, and credentials whose tag covers the profiles only.
 * 2: credentials whose tag covers the whole document (written only with
 * credentials, so plain exports stay readable by Sesame 0.1).
 */
export const exportVersion = 1;
export const authenticatedVersion = 2;

/** What the credentials' tag covers: in version 2 every top-level field but the credentials block itself. */
function authenticatedData(file: Record<string, unknown>, version: number): string {
  if (version < authenticatedVersion) return JSON.stringify(file.profiles);
  return JSON.stringify(Object.fromEntries(Object.entries(file).filter(([key]) => key !== 'credentials')));
}

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
    // A custom command never travels: what runs on a computer is chosen on that computer (see readSesameFile).
    const { hasPassword: _hp, hasPassphrase: _hpp, hasSpaKey: _hk, hasSpaHmacKey: _hh, ftpModeLearned: _fm, createdAt: _c, updatedAt: _u, oneTimeSequences, customTemplate: _ct, ...kept } = p;
    const rest = kept.preferredClient === 'custom' ? { ...kept, preferredClient: 'auto' as const } : kept;
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
    version: options.passphrase !== undefined ? authenticatedVersion : exportVersion,
    exportedAt: new Date(options.now()).toISOString(),
    profiles: entries,
  };
  if (options.passphrase !== undefined) {
    if (!options.readSecrets) throw new Error('readSecrets is required to include credentials');
    const secrets: Record<string, Partial<Record<SecretKind, string>>> = {};
    for (const p of profiles) {
      if (!secretKinds.some((kind) => hasSecret(p, kind))) continue;
      const found = await options.readSecrets(p);
      if (Object.keys(found).length > 0) secrets[p.id] = found;
    }
    // Whole-document tag: a host changed in the file after export breaks it, even with no secret for that profile.
    file.credentials = await encryptJson(secrets, options.passphrase, authenticatedData(file, authenticatedVersion));
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
const secretsSchema = z.record(
  idSchema,
  z
    .object({ password: z.string().max(4096), passphrase: z.string().max(4096), 'spa-key': z.string().max(4096), 'spa-hmac-key': z.string().max(4096) })
    .partial()
    .strict(),
);

/** Reads a .sesame file into validated candidates; with a passphrase, also decrypts its credentials. */
export async function readSesameFile(text: string, passphrase?: string): Promise<PreparedImport> {
  const raw = parseUntrustedJson(text);
  const header = headerSchema.safeParse(raw);
  if (!header.success) {
    const issue = header.error.issues[0];
    throw new ImportError(`This is not a Sesame export file (${issue?.path.join('.') || 'file'}: ${issue?.message}).`);
  }
  const version = header.data.version;
  if (version !== exportVersion && version !== authenticatedVersion) {
    throw new ImportError(
      `This .sesame file has format version ${version}; this Sesame reads versions ${exportVersion} and ${authenticatedVersion}. Update Sesame to import it.`,
    );
  }
  const warnings: string[] = [];
  const { candidates } = collectCandidates(
    header.data.profiles,
    (item, index): Omit<ImportCandidate, 'key' | 'secrets'> | string => {
      const entry = sesameEntrySchema.safeParse(item);
      if (!entry.success) return entry.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      const { id, customTemplate, ...parsed } = entry.data;
      const hasOneTime = (item as { oneTimeSequences?: unknown }).oneTimeSequences !== undefined;
      // A file must not choose what program runs here: a custom command (and the choice of one) is never
      // imported, and "replace" keeps the local ones. Anyone with the file could otherwise run anything on Connect.
      const omits: OmittableField[] = [...(hasOneTime ? [] : ['oneTimeSequences' as const]), 'customTemplate', ...(parsed.preferredClient === 'custom' ? ['preferredClient' as const] : [])];
      const fields = parsed.preferredClient === 'custom' ? { ...parsed, preferredClient: 'auto' as const } : parsed;
      if (customTemplate !== undefined || parsed.preferredClient === 'custom') {
        warnings.push(`"${fields.name}": its custom command was not imported; a file cannot choose what runs on this computer. Enter it in the editor if you trust it.`);
      }
      void index;
      return { sourceId: id, fields, omits };
    },
    warnings,
  );
  let secrets: z.infer<typeof secretsSchema> = {};
  const encrypted = header.data.credentials !== undefined;
  let authenticity: PreparedImport['authenticity'] = 'none';
  if (encrypted && passphrase !== undefined) {
    const plain = await decryptJson(header.data.credentials, passphrase, authenticatedData(raw as Record<string, unknown>, version));
    const parsed = secretsSchema.safeParse(plain);
    if (!parsed.success) throw new ImportError('The encrypted credentials are damaged (unexpected content).');
    secrets = parsed.data;
    // Version 1's tag covers the profiles (hosts included), which is what matters here.
    authenticity = 'verified';
  } else if (encrypted) {
    authenticity = 'unverified';
    warnings.push(
      'The file includes encrypted credentials, and without its passphrase Sesame cannot check that nobody changed its hosts since it was made. ' +
        'Enter the passphrase; importing without it is refused unless you explicitly accept an unverified import (no passwords are imported then).',
    );
  }
  for (const c of candidates) {
    const s = c.sourceId !== undefined ? secrets[c.sourceId] : undefined;
    if (s) c.secrets = { ...s };
  }
  return { format: 'sesame', candidates, warnings: capWarnings(warnings), encryptedSecrets: encrypted, authenticity };
}

export type { EncryptedBlob };
