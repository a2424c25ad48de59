import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { contractError } from '../../contract/errors';
import { hasSecret, type ImportAction, type ImportPreview, type ImportResult, type Profile, type SecretKind } from '../../contract/features/profiles';
import type { ProfilesService } from '../profiles/profiles-service';
import { newProfileId } from '../profiles/profiles-service';
import { compareProfiles } from '../profiles/search';
import { secretKinds, type SecretStore } from '../secrets/secret-store';
import type { ImportFormat, PreparedImport } from './candidates';
import { createIncludeReader, createSequenceFileReader, prepareImport, readCapped } from './import-files';
import { ImportError } from './limits';
import { applyImport, previewImport } from './preview';
import type { Language } from '../../contract/locales/language';
import { writePrivateFile } from './private-file';
import { buildExport } from './sesame-file';

export interface SharingServiceDeps {
  profiles: ProfilesService;
  secrets: SecretStore;
  now: () => number;
  homedir: string;
  newId?: () => string;
}

export interface ExportSelection {
  ids?: string[];
  group?: string;
  includeCredentials?: boolean;
  passphrase?: string;
  includeOneTimeSequences?: boolean;
}

interface ImportSession {
  path: string;
  format?: ImportFormat;
  prepared?: PreparedImport;
}

/** Turns importer failures into the contract's INVALID_INPUT with the importer's message. */
export function asContractError(error: unknown): unknown {
  if (error instanceof ImportError) return contractError('INVALID_INPUT', error.message);
  return error;
}

/**
 * Import and export by token: main's file dialog (or the CLI) registers a
 * path and gets a token; the renderer only ever holds the token. Prepared
 * imports (with any decrypted secrets) live in main's memory until applied.
 */
export function createSharingService(deps: SharingServiceDeps) {
  const imports = new Map<string, ImportSession>();
  const exports = new Map<string, string>();
  const newId = deps.newId ?? newProfileId;
  const token = () => `t_${randomBytes(12).toString('base64url')}`;

  function remember<T>(map: Map<string, T>, value: T): string {
    const t = token();
    map.set(t, value);
    // Bounded: an abandoned dialog must not keep files' secrets in memory forever.
    while (map.size > 10) map.delete(map.keys().next().value as string);
    return t;
  }

  function selectForExport(all: readonly Profile[], selection: ExportSelection): Profile[] {
    const ids = selection.ids ? new Set(selection.ids) : undefined;
    const chosen = all.filter(
      (p) => (ids === undefined || ids.has(p.id)) && (selection.group === undefined || p.group === selection.group),
    );
    if (ids) {
      const missing = [...ids].filter((id) => !chosen.some((p) => p.id === id));
      if (missing.length > 0) throw contractError('NOT_FOUND', `No profile with id ${missing.map((m) => `"${m}"`).join(', ')}.`);
    }
    return [...chosen].sort(compareProfiles);
  }

  async function readSecrets(profile: Profile): Promise<Partial<Record<SecretKind, string>>> {
    const found: Partial<Record<SecretKind, string>> = {};
    for (const kind of secretKinds) {
      if (!hasSecret(profile, kind)) continue;
      const secret = await deps.profiles.readSecretForExport(profile, kind);
      if (secret !== null) found[kind] = secret;
    }
    return found;
  }

  return {
    /** Called by main's open dialog (later UI issue) or the CLI; the renderer gets only the token. */
    registerImportFile(path: string, format?: ImportFormat): string {
      return remember(imports, format ? { path, format } : { path });
    },
    registerExportFile(path: string): string {
      return remember(exports, path);
    },

    /** Parses the file, compares it with the store; changes nothing. A passphrase re-reads to decrypt credentials. */
    async preview(importToken: string, passphrase?: string, language?: Language): Promise<ImportPreview> {
      const session = imports.get(importToken);
      if (!session) throw contractError('NOT_FOUND', 'This import was closed; choose the file again.');
      try {
        const text = await readCapped(session.path);
        session.prepared = await prepareImport(basename(session.path), text, {
          homedir: deps.homedir,
          readInclude: createIncludeReader(deps.homedir),
          readSequenceFile: createSequenceFileReader(session.path),
          ...(session.format ? { format: session.format } : {}),
          ...(passphrase !== undefined ? { passphrase } : {}),
          ...(language !== undefined ? { language } : {}),
        });
      } catch (error) {
        throw asContractError(error);
      }
      return this.previewPrepared(importToken, session.prepared);
    },

    async previewPrepared(importToken: string, prepared: PreparedImport): Promise<ImportPreview> {
      const doc = await deps.profiles.store.read();
      return {
        token: importToken,
        format: prepared.format,
        items: previewImport(doc, prepared),
        warnings: prepared.warnings,
        encryptedSecrets: prepared.encryptedSecrets,
        authenticity: prepared.authenticity ?? 'none',
      };
    },

    async apply(
      importToken: string,
      decisions: Record<string, ImportAction>,
      importSecrets: boolean,
      acceptUnverified = false,
    ): Promise<ImportResult> {
      const prepared = imports.get(importToken)?.prepared;
      if (!prepared) throw contractError('NOT_FOUND', 'Preview the import before applying it.');
      const result = await applyImport(
        { store: deps.profiles.store, secrets: deps.secrets, now: deps.now, newId },
        prepared,
        decisions,
        importSecrets,
        acceptUnverified,
      );
      imports.delete(importToken);
      return result;
    },

    /** Builds the export text; callers decide where it goes (dialog token, CLI path or stdout). */
    async exportText(selection: ExportSelection): Promise<{ text: string; exported: number; warnings: string[] }> {
      const { profiles } = await deps.profiles.list();
      const chosen = selectForExport(profiles, selection);
      if (chosen.length === 0) throw contractError('NOT_FOUND', 'No profiles match: nothing to export.');
      if (selection.includeCredentials && selection.passphrase === undefined) {
        throw contractError('INVALID_INPUT', 'Invalid export: passphrase: is required to include credentials');
      }
      return buildExport(chosen, {
        now: deps.now,
        includeOneTimeSequences: selection.includeOneTimeSequences ?? false,
        ...(selection.includeCredentials && selection.passphrase !== undefined ? { passphrase: selection.passphrase, readSecrets } : {}),
      });
    },

    async exportTo(exportToken: string, selection: ExportSelection): Promise<{ exported: number; warnings: string[] }> {
      const path = exports.get(exportToken);
      if (!path) throw contractError('NOT_FOUND', 'This export was closed; choose the file again.');
      const { text, exported, warnings } = await this.exportText(selection);
      // 0600: even without credentials the file maps out hosts and knock sequences.
      await writePrivateFile(path, text);
      exports.delete(exportToken);
      return { exported, warnings };
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
