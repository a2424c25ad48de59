import { profileFieldsSchema, type OneTimeSequence } from '../../../contract/features/profiles';
import type { ServiceKind } from '../../../contract/schemas/common';
import { KnockdConfError, doorRole, parseKnockdConf, parseKnockdSequence, type KnockdDraft } from '../../importers/knockd-conf';
import type { OmittableField, PreparedImport } from '../candidates';
import { ImportError, capWarnings, checkSize } from '../limits';
import { collectCandidates, type CandidateDraft } from '../validate-candidates';

function warningText(w: unknown): string {
  if (typeof w === 'string') return w;
  if (w && typeof w === 'object') {
    const { message, line } = w as { message?: unknown; line?: unknown };
    if (typeof message === 'string') return typeof line === 'number' ? `line ${line}: ${message}` : message;
  }
  return String(w);
}

/** Reads a door's one_time_sequences file when this computer has it; undefined (with why) when not. */
export type SequenceFileReader = (path: string) => Promise<{ path: string; text: string } | { error: string }>;

// What a door's name says it guards ("openFTP", "ssh-close", "web_https"): its service and default port.
const servicesByName = new Map<string, { kind: ServiceKind; port: number }>([
  ['ssh', { kind: 'ssh', port: 22 }],
  ['sftp', { kind: 'sftp', port: 22 }],
  ['ftp', { kind: 'ftp', port: 21 }],
  // Implicit TLS from the first byte: no "220" banner to check, and profiles have no FTPS client mode yet.
  ['ftps', { kind: 'custom', port: 990 }],
  ['http', { kind: 'custom', port: 80 }],
  ['https', { kind: 'custom', port: 443 }],
  ['rdp', { kind: 'custom', port: 3389 }],
  ['vnc', { kind: 'custom', port: 5900 }],
  ['mysql', { kind: 'custom', port: 3306 }],
  ['postgres', { kind: 'custom', port: 5432 }],
  ['postgresql', { kind: 'custom', port: 5432 }],
]);

function serviceFromName(name: string): { kind: ServiceKind; port: number; word: string } | undefined {
  const stem = doorRole(name)?.stem ?? name;
  // Words of the stem, camelCase split too: "openWebFTP" → web, ftp.
  const words = stem.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  for (const word of [stem.toLowerCase(), ...words]) {
    const found = servicesByName.get(word);
    if (found) return { ...found, word };
  }
  return undefined;
}

/** The door's service: the port its command opens (else the one its name implies), the kind from the port or the name. */
function serviceOf(draft: KnockdDraft): { kind: ServiceKind; port: number; notes: string[] } {
  const named = serviceFromName(draft.doors?.[0] ?? draft.name) ?? serviceFromName(draft.name);
  const port = draft.guardedPort ?? named?.port;
  if (port === undefined) {
    return { kind: 'ssh', port: 22, notes: ["The door's command names no port and its name no service: assumed SSH on port 22; check the service and port."] };
  }
  const byPort: ServiceKind | undefined = port === 22 ? (named?.kind === 'sftp' ? 'sftp' : 'ssh') : port === 21 ? 'ftp' : undefined;
  const kind = byPort ?? named?.kind ?? 'custom';
  const notes: string[] = [];
  if (draft.guardedPort === undefined && named) notes.push(`The port (${port}) comes from the door's name ("${named.word}"), not from its command: check it.`);
  if (kind === 'custom' && (port === 990 || named?.word === 'ftps')) {
    notes.push(
      `Port ${port} is FTP over implicit TLS (FTPS): Sesame's profiles have no FTPS client mode yet, so this is a custom service — Sesame knocks and waits for the port; open it with your FTPS client.`,
    );
  }
  return { kind, port, notes };
}

/**
 * A one_time_sequences file as knockd 0.8 reads it (src/knockd.c,
 * get_next_one_time_sequence): one sequence per line, blank lines and lines
 * starting with "#" skipped — knockd overwrites the first character of each
 * sequence it accepted with "#", so what is left is the unused list, in order.
 * Anything else in the file refuses the whole file: it may not be a sequence
 * list at all, and no line of it is echoed back.
 */
function readSequenceList(text: string): OneTimeSequence[] | string {
  const sequences: OneTimeSequence[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      sequences.push({ steps: parseKnockdSequence(line, index + 1) });
    } catch {
      return `line ${index + 1} is not a knock sequence`;
    }
    if (sequences.length > 10_000) return 'it has more than 10000 sequences';
  }
  return sequences.length === 0 ? 'every sequence in it has been used' : sequences;
}

export interface KnockdImportOptions {
  /** Where the door's one-time sequences file can be read on this computer (main side only). */
  readSequenceFile?: SequenceFileReader;
}

/**
 * `knockd.conf` (the server's file) → draft profiles through the knock
 * engine's parser. The server file knows the sequence and, from the door's
 * command or its name, the guarded port and service, but never the host name
 * clients use: the drafts need a host before they connect.
 *
 * A door of one-time sequences gets its list from the file knockd names
 * (or a copy beside the imported knockd.conf), as a sysadmin who copied
 * both from the server expects; when that file is not here, the profile is
 * a draft whose preview row asks for the first sequence and names the file.
 */
export async function importKnockdConf(text: string, options: KnockdImportOptions = {}): Promise<PreparedImport> {
  checkSize(Buffer.byteLength(text, 'utf8'));
  let parsed: ReturnType<typeof parseKnockdConf>;
  try {
    parsed = parseKnockdConf(text);
  } catch (error) {
    if (error instanceof KnockdConfError) throw new ImportError(`knockd.conf ${error.message}`);
    throw error;
  }
  const warnings = parsed.warnings.map(warningText);
  const lists = new Map<string, { from: string; sequences: OneTimeSequence[] } | string>();
  for (const draft of parsed.drafts) {
    const file = draft.oneTimeSequencesFile;
    if (file === undefined || lists.has(file)) continue;
    if (!options.readSequenceFile) {
      lists.set(file, 'files are not read here');
      continue;
    }
    const read = await options.readSequenceFile(file);
    const list = 'error' in read ? read.error : readSequenceList(read.text);
    lists.set(file, typeof list === 'string' ? list : { from: (read as { path: string }).path, sequences: list });
  }
  const { candidates } = collectCandidates(
    parsed.drafts,
    (draft) => {
      const service = serviceOf(draft);
      const itemNotes = [...service.notes];
      const omits: OmittableField[] = ['host', 'auth'];
      const file = draft.oneTimeSequencesFile;
      const list = file !== undefined ? lists.get(file) : undefined;
      let oneTime: OneTimeSequence[] = [];
      let steps = draft.steps;
      if (file !== undefined && list !== undefined && typeof list !== 'string') {
        oneTime = list.sequences;
        // The list is what knockd expects; `knock` is the first of it, so the profile is complete.
        steps = list.sequences[0]?.steps ?? steps;
        itemNotes.push(
          `${list.sequences.length} unused one-time sequence(s) read from ${list.from}${list.from !== file ? ` (the door names ${file})` : ''}. ` +
            'knockd marks each one used on the server and Sesame marks its own copy when it sends it: use this list from one place only.',
        );
      } else if (file !== undefined) {
        steps = [];
        omits.push('knock', 'oneTimeSequences');
        itemNotes.push(
          `This door uses one-time sequences from ${file} on the server, which could not be read here (${list ?? 'not found'}): ` +
            'enter the first unused sequence from that file before connecting (the profile is a draft until then), or put a copy of the file beside this knockd.conf and import again.',
        );
      } else {
        omits.push('oneTimeSequences');
      }
      const notes = [
        `Imported from knockd.conf [${(draft.doors ?? [draft.name]).join('] + [')}].`,
        draft.seqTimeoutSec !== undefined ? `Server seq_timeout: ${draft.seqTimeoutSec} s — all steps must arrive within it.` : '',
        file !== undefined ? `One-time sequences on the server: ${file}.` : '',
        ...draft.warnings,
      ]
        .filter(Boolean)
        .join('\n');
      const fields = profileFieldsSchema.safeParse({
        name: draft.name,
        group: 'knockd',
        notes,
        ...(steps.length > 0 ? { knock: { steps, delayMs: 100 } } : {}),
        ...(draft.closeSteps && draft.closeSteps.length > 0 ? { closeSequence: { steps: draft.closeSteps, delayMs: 100 } } : {}),
        oneTimeSequences: oneTime,
        service: { kind: service.kind, port: service.port },
        // The door shuts by itself after cmd_timeout: its countdown (and keep-open) start from it.
        // Outside the profile's range (2 s – 24 h) it is left out rather than refusing the door.
        ...(draft.cmdTimeoutSec !== undefined && draft.cmdTimeoutSec >= 2 && draft.cmdTimeoutSec <= 86_400 ? { doorTimeoutS: draft.cmdTimeoutSec } : {}),
      });
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { fields: fields.data, omits, notes: itemNotes } satisfies CandidateDraft;
    },
    warnings,
  );
  if (candidates.length > 0) warnings.push('knockd.conf has no client-side host: the imported profiles are drafts until you add one.');
  return { format: 'knockd', candidates, warnings: capWarnings(warnings), encryptedSecrets: false };
}
