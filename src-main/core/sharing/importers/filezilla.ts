import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { profileFieldsSchema, type FtpMode } from '../../../contract/features/profiles';
import type { ServiceKind } from '../../../contract/schemas/common';
import type { ImportCandidate, PreparedImport } from '../candidates';
import { ImportError, checkSize, importLimits } from '../limits';
import { collectCandidates, type CandidateDraft } from '../validate-candidates';

// FileZilla's ServerProtocol enum (src/engine/server.h): FTP, SFTP, HTTP, FTPS (implicit),
// FTPES (explicit), HTTPS, INSECURE_FTP, … — only the FTP family and SFTP map to Sesame services.
const protocols: Record<string, ServiceKind | undefined> = { '0': 'ftp', '1': 'sftp', '3': 'ftp', '4': 'ftp', '6': 'ftp' };
const pasvModes: Record<string, FtpMode> = { MODE_DEFAULT: 'auto', MODE_PASSIVE: 'passive', MODE_ACTIVE: 'active' };

interface RawServer {
  group: string;
  node: Record<string, unknown>;
}

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
  if (v && typeof v === 'object' && '#text' in v) return text((v as Record<string, unknown>)['#text']);
  return undefined;
};

/**
 * FileZilla `sitemanager.xml` → draft profiles. Folders become groups
 * ("Work/Servers"). Base64 passwords are offered for the keychain (applied
 * only if the user asks) and kept nowhere else; master-password-encrypted
 * ones cannot be read without FileZilla and are reported.
 */
export function importFileZilla(xml: string): PreparedImport {
  checkSize(Buffer.byteLength(xml, 'utf8'));
  // Entity tricks (billion laughs, external entities): sitemanager.xml never has a DTD, so any is refused.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ImportError('The XML file declares a DTD or entities; Sesame refuses those.');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ImportError(`The XML file is malformed (line ${valid.err.line}: ${valid.err.msg}).`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Only XML's predefined entities (&amp; …) can appear, since any DTD was refused above; the caps are belt and braces.
    processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 100_000, maxExpandedLength: 5_000_000 },
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => name === 'Folder' || name === 'Server',
  });
  const root = parser.parse(xml) as Record<string, unknown>;
  const fz = root.FileZilla3 as Record<string, unknown> | undefined;
  if (!fz || typeof fz !== 'object') throw new ImportError('This is not a FileZilla sitemanager.xml (no <FileZilla3> element).');
  const servers: RawServer[] = [];
  walk(fz.Servers, [], servers, 0);
  const warnings: string[] = [];
  let offered = 0;
  const { candidates } = collectCandidates(
    servers,
    ({ group, node }, index) => {
      const name = text(node.Name) ?? text(node.Host) ?? `Site ${index + 1}`;
      const kind = protocols[text(node.Protocol) ?? '0'];
      if (!kind) return `protocol ${text(node.Protocol)} is not FTP or SFTP`;
      const port = Number(text(node.Port) ?? (kind === 'sftp' ? 22 : 21));
      const user = text(node.User);
      const logon = text(node.Logontype);
      const keyFile = text(node.Keyfile);
      const auth = logon === '5' && keyFile ? { method: 'key' as const, keyFile } : { method: 'password' as const };
      const fields = profileFieldsSchema.safeParse({
        name: name.slice(0, 100),
        group,
        notes: text(node.Comments) ?? '',
        host: text(node.Host),
        service: { kind, port, ...(user ? { user } : {}) },
        auth,
        ftpMode: pasvModes[text(node.PasvMode) ?? 'MODE_DEFAULT'] ?? 'auto',
        preferredClient: 'filezilla',
      });
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      const pass = node.Pass as Record<string, unknown> | string | undefined;
      const encoding = typeof pass === 'object' && pass ? text(pass['@_encoding']) : undefined;
      const value = text(pass);
      let secrets: ImportCandidate['secrets'] | undefined;
      if (value && encoding === 'base64') {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (decoded.length > 0 && decoded.length <= 4096) {
          secrets = { password: decoded };
          offered++;
        }
      } else if (value && encoding === 'crypt') {
        warnings.push(`"${name}": the password is protected by FileZilla's master password and was not imported.`);
      } else if (value) {
        warnings.push(`"${name}": a plain-text password was found but not imported; set it with "sesame secret set".`);
      }
      const draft: CandidateDraft = { fields: fields.data, omits: ['knock', 'oneTimeSequences', 'closeSequence'] };
      if (secrets) draft.secrets = secrets;
      return draft;
    },
    warnings,
    (s) => text(s.node.Name),
  );
  if (offered > 0) {
    warnings.push(`${offered} saved password(s) can be moved into the keychain: choose "import passwords" to do so.`);
  }
  if (candidates.length > 0) warnings.push('FileZilla sites have no knock sequences: the imported profiles are drafts until you add one.');
  return { format: 'filezilla', candidates, warnings, encryptedSecrets: false };
}

function walk(node: unknown, path: string[], out: RawServer[], depth: number): void {
  if (!node || typeof node !== 'object') return;
  if (depth > importLimits.maxDepth) throw new ImportError(`Folders are nested more than ${importLimits.maxDepth} levels deep.`);
  const record = node as Record<string, unknown>;
  for (const server of (record.Server as unknown[] | undefined) ?? []) {
    if (out.length >= importLimits.maxProfiles) throw new ImportError(`The file has more than ${importLimits.maxProfiles} sites.`);
    if (server && typeof server === 'object') out.push({ group: path.join('/').slice(0, 100), node: server as Record<string, unknown> });
  }
  for (const folder of (record.Folder as unknown[] | undefined) ?? []) {
    const name = text(folder) ?? 'Folder';
    walk(folder, [...path, name], out, depth + 1);
  }
}

