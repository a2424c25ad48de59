import { profileFieldsSchema } from '../../../contract/features/profiles';
import { KnockdConfError, parseKnockdConf } from '../../importers/knockd-conf';
import type { PreparedImport } from '../candidates';
import { ImportError, checkSize } from '../limits';
import { collectCandidates, type CandidateDraft } from '../validate-candidates';

function warningText(w: unknown): string {
  if (typeof w === 'string') return w;
  if (w && typeof w === 'object') {
    const { message, line } = w as { message?: unknown; line?: unknown };
    if (typeof message === 'string') return typeof line === 'number' ? `line ${line}: ${message}` : message;
  }
  return String(w);
}

/**
 * `knockd.conf` (the server's file) → draft profiles through the knock
 * engine's parser. The server file knows the sequence and, from the door's
 * command, often the guarded port, but never the host name clients use:
 * the drafts need a host before they connect.
 */
export function importKnockdConf(text: string): PreparedImport {
  checkSize(Buffer.byteLength(text, 'utf8'));
  let parsed: ReturnType<typeof parseKnockdConf>;
  try {
    parsed = parseKnockdConf(text);
  } catch (error) {
    if (error instanceof KnockdConfError) throw new ImportError(`knockd.conf ${error.message}`);
    throw error;
  }
  const warnings = parsed.warnings.map(warningText);
  const { candidates } = collectCandidates(
    parsed.drafts,
    (draft) => {
      const port = draft.guardedPort;
      const kind = port === 22 ? 'ssh' : port === 21 ? 'ftp' : port === undefined ? 'ssh' : 'custom';
      const notes = [
        `Imported from knockd.conf [${draft.name}].`,
        draft.seqTimeoutSec !== undefined ? `Server seq_timeout: ${draft.seqTimeoutSec} s — all steps must arrive within it.` : '',
        draft.oneTimeSequencesFile !== undefined
          ? `The server uses one-time sequences (${draft.oneTimeSequencesFile}): import that list into this profile.`
          : '',
        ...draft.warnings,
      ]
        .filter(Boolean)
        .join('\n');
      const fields = profileFieldsSchema.safeParse({
        name: draft.name,
        group: 'knockd',
        notes,
        knock: { steps: draft.steps, delayMs: 100 },
        ...(draft.closeSteps && draft.closeSteps.length > 0 ? { closeSequence: { steps: draft.closeSteps, delayMs: 100 } } : {}),
        service: { kind, port: port ?? 22 },
      });
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { fields: fields.data, omits: ['host', 'oneTimeSequences', 'auth'] } satisfies CandidateDraft;
    },
    warnings,
  );
  if (candidates.length > 0) warnings.push('knockd.conf has no client-side host: the imported profiles are drafts until you add one.');
  return { format: 'knockd', candidates, warnings, encryptedSecrets: false };
}
