import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { profileFieldsSchema, type FtpMode } from '../../../contract/features/profiles';
import type { ServiceKind } from '../../../contract/schemas/common';
import type { ImportCandidate, PreparedImport } from '../candidates';
import { ImportError, capWarnings, checkSize, importLimits } from '../limits';
import { collectCandidates, type CandidateDraft } from '../validate-candidates';

// FileZilla's ServerProtocol enum (FileZilla3 src/include/server.h; values never change, "or user's
// saved sites will become corrupted"): 0 FTP ("use explicit FTP over TLS if available": AUTH TLS when
// offered), 1 SFTP, 2 HTTP, 3 FTPS (implicit TLS), 4 FTPES (explicit TLS, required), 5 HTTPS,
// 6 INSECURE_FTP (plain only), 7+ cloud storage. Only the FTP family and SFTP map to Sesame services.
const protocols: Record<string, ServiceKind | undefined> = { '0': 'ftp', '1': 'sftp', '3': 'custom', '4': 'ftp', '6': 'ftp' };
const defaultPorts: Record<string, number> = { '1': 22, '3': 990 };
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
/** How the app and the CLI say "store the file's passwords" and "save a password", so a warning names what the user can actually do. */
export interface ImportWording {
  importSecrets: string;
  setSecret: (profile: string) => string;
}

// The checkbox's label is the ui locale's sharing.importSecrets (a test keeps them the same).
export const appWording: ImportWording = {
  importSecrets: 'tick "Store the file\'s credentials in the keychain" to do so',
  setSecret: () => "save it in the profile's editor",
};

/** Profiles have no FTPS setting yet: what each FileZilla TLS mode becomes, said per site. */
function tlsNote(protocol: string | undefined, port: number): string | undefined {
  if (protocol === '3') {
    return (
      `FileZilla connects with FTP over implicit TLS (FTPS) on port ${port}. Sesame's profiles have no FTPS client mode yet, so this is a custom service: ` +
      'Sesame knocks and waits for the port (implicit TLS sends no plain "220" greeting to check); then open the site in your FTPS client.'
    );
  }
  if (protocol === '4') {
    // lftp(1): ftp:ssl-allow defaults to true (AUTH TLS when offered), ftp:ssl-force to false. FileZilla's own
    // ftp:// URLs are protocol 0 (TLS if available). WinSCP's ftp:// is plain FTP: explicit TLS is ftpes://
    // (WinSCP 5.8+), implicit ftps:// (winscp.net/eng/docs/session_url).
    return (
      'FileZilla requires FTP over explicit TLS (FTPES) for this site. Sesame\'s profiles have no FTPS setting yet: it opens ftp://, where lftp and FileZilla ' +
      'use TLS when the server offers it but do not insist, and WinSCP does not use it. Make your client require TLS (lftp: "set ftp:ssl-force true").'
    );
  }
  return undefined;
}

export function importFileZilla(xml: string, wording: ImportWording = appWording): PreparedImport {
  checkSize(Buffer.byteLength(xml, 'utf8'));
  // Entity tricks (billion laughs, external entities): sitemanager.xml never has a DTD, so any is refused.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ImportError('The XML file declares a DTD or entities; Sesame refuses those.');
  // fast-xml-parser refuses some input by throwing (a "__proto__" tag, too deep a nesting,
  // entity limits): those are invalid files too, not Sesame's errors.
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(xml);
  } catch (error) {
    throw new ImportError(`The XML file was refused (${(error as Error).message}).`);
  }
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
  let root: Record<string, unknown>;
  try {
    root = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new ImportError(`The XML file was refused (${(error as Error).message}).`);
  }
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
      const protocol = text(node.Protocol) ?? '0';
      const kind = protocols[protocol];
      if (!kind) return `protocol ${text(node.Protocol)} is not FTP or SFTP`;
      const port = Number(text(node.Port) ?? defaultPorts[protocol] ?? 21);
      const note = tlsNote(protocol, port);
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
        // No preferredClient: the site came from FileZilla, but which client opens it is the user's setting.
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
        warnings.push(`"${name}": a plain-text password was found but not imported; ${wording.setSecret(name)}.`);
      }
      const draft: CandidateDraft = { fields: fields.data, omits: ['knock', 'oneTimeSequences', 'closeSequence'] };
      if (secrets) draft.secrets = secrets;
      if (note) draft.notes = [note];
      return draft;
    },
    warnings,
    (s) => text(s.node.Name),
  );
  if (offered > 0) {
    warnings.push(`${offered} saved password(s) can be moved into the keychain: ${wording.importSecrets}.`);
  }
  if (candidates.length > 0) warnings.push('FileZilla sites have no knock sequences: the imported profiles are drafts until you add one.');
  return { format: 'filezilla', candidates, warnings: capWarnings(warnings), encryptedSecrets: false };
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

