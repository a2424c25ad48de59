import type { ImportFormat } from '../../contract/features/files';
import type { ProfileFields, SecretKind } from '../../contract/features/profiles';

/** Editable fields a source may not carry; comparisons skip them and "replace" keeps the local value. */
export type OmittableField = 'host' | 'knock' | 'oneTimeSequences' | 'closeSequence' | 'service' | 'auth' | 'customTemplate' | 'preferredClient';

/** One profile read from a file, validated, before anything touches the store. */
export interface ImportCandidate {
  /** Stable within one import session; the renderer's decisions are keyed by it. */
  key: string;
  /** The profile id in a .sesame file (other formats have none). */
  sourceId?: string;
  fields: ProfileFields;
  omits: OmittableField[];
  /** Held in main's memory only until the import is applied or dropped. */
  secrets: Partial<Record<SecretKind, string>>;
  /** Warnings about this item alone, shown on its preview row. */
  notes?: string[];
}

export type { ImportFormat } from '../../contract/features/files';

export interface PreparedImport {
  format: ImportFormat;
  candidates: ImportCandidate[];
  warnings: string[];
  /** The file has encrypted credentials (they need a passphrase to be offered). */
  encryptedSecrets: boolean;
  /** .sesame only: whether the passphrase checked the whole file (see the contract's importPreview). */
  authenticity?: 'none' | 'verified' | 'unverified';
}
