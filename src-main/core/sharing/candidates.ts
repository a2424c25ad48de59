import type { ProfileFields, SecretKind } from '../../contract/features/profiles';

/** Editable fields a source may not carry; comparisons skip them and "replace" keeps the local value. */
export type OmittableField = 'host' | 'knock' | 'oneTimeSequences' | 'closeSequence' | 'service' | 'auth';

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
}

export type ImportFormat = 'sesame' | 'knockd' | 'ssh-config' | 'filezilla' | 'fwknoprc';

export interface PreparedImport {
  format: ImportFormat;
  candidates: ImportCandidate[];
  warnings: string[];
  /** The file has encrypted credentials (they need a passphrase to be offered). */
  encryptedSecrets: boolean;
}
