import { profileFieldsSchema, profileFieldsShape, type Profile } from '../../../contract/features/profiles';
import { DocumentError, parseDocument } from '../../profiles/document';
import type { PreparedImport } from '../candidates';
import { ImportError, capWarnings, checkSize } from '../limits';
import { parseUntrustedJson } from '../safe-json';
import { collectCandidates, type CandidateDraft } from '../validate-candidates';

const editable = Object.keys(profileFieldsShape) as (keyof typeof profileFieldsShape)[];

/**
 * Sesame's own profiles.json (a backup, another computer's, another
 * SESAME_HOME) as a restore source. Its profiles keep their ids, so the
 * preview matches them against this store: one that is here already is
 * "identical" or "changed" and skipped unless the user picks "replace"; a
 * restore never overwrites anything silently. One-time sequences keep their
 * "used" marks: a spent sequence must not be sent again. Read with the
 * store's own parser (the same checks, nothing written); entries that need
 * attention there are reported, not imported.
 */
export function importProfilesDocument(text: string): PreparedImport {
  checkSize(Buffer.byteLength(text, 'utf8'));
  // Depth and prototype keys first, as for every file from outside.
  parseUntrustedJson(text);
  let doc: ReturnType<typeof parseDocument>['doc'];
  try {
    doc = parseDocument(text).doc;
  } catch (error) {
    if (error instanceof DocumentError) throw new ImportError(`This profiles.json ${error.message}.`);
    throw error;
  }
  const warnings = doc.attention.map(
    (a) =>
      `Profile #${a.index + 1}${a.name !== undefined ? ` "${a.name.slice(0, 100)}"` : ''} (line ${a.line}) was skipped: ${a.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
  );
  const { candidates } = collectCandidates(
    doc.profiles,
    (profile: Profile) => {
      const fields = profileFieldsSchema.safeParse(Object.fromEntries(editable.filter((k) => profile[k] !== undefined).map((k) => [k, profile[k]])));
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { sourceId: profile.id, fields: fields.data, omits: [] } satisfies CandidateDraft;
    },
    warnings,
  );
  const withSecrets = doc.profiles.filter((p) => p.hasPassword || p.hasPassphrase || p.hasSpaKey || p.hasSpaHmacKey).map((p) => `"${p.name}"`);
  if (withSecrets.length > 0) {
    warnings.push(
      `${withSecrets.length} profile(s) had a saved password or passphrase (${withSecrets.slice(0, 5).join(', ')}${withSecrets.length > 5 ? ', …' : ''}): ` +
        'those live in the keychain, not in profiles.json, so they are not restored. Save them again after the import.',
    );
  }
  return { format: 'sesame-profiles', candidates, warnings: capWarnings(warnings), encryptedSecrets: false };
}
