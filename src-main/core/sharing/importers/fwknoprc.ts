import { profileFieldsSchema } from '../../../contract/features/profiles';
import type { PreparedImport } from '../candidates';
import { checkSize } from '../limits';
import { collectCandidates, type CandidateDraft } from '../validate-candidates';

interface Stanza {
  name: string;
  vars: Map<string, string>;
}

// Variables that hold keys: never imported, never echoed back in a warning.
const keyVars = /^(KEY|KEY_BASE64|HMAC_KEY|HMAC_KEY_BASE64|GPG_SIGNING_PW|GPG_DECRYPT_PW)$/;

/**
 * fwknop client `~/.fwknoprc` → draft profiles. fwknop authorizes with one
 * encrypted SPA packet built per use, which Sesame cannot send; what maps is
 * the server (`SPA_SERVER`) and the service it opens (`ACCESS tcp/22`). The
 * drafts need a knock sequence before they connect. Hand-written parser: the
 * format is a tiny INI dialect with no maintained npm parser.
 */
export function importFwknoprc(text: string): PreparedImport {
  checkSize(Buffer.byteLength(text, 'utf8'));
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[([^\]]{1,100})\]$/.exec(line);
    if (section?.[1] !== undefined) {
      current = { name: section[1].trim(), vars: new Map() };
      stanzas.push(current);
      continue;
    }
    const kv = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/.exec(line);
    if (current && kv?.[1] && kv[2] !== undefined) current.vars.set(kv[1].toUpperCase(), kv[2].trim());
  }
  const defaults = stanzas.find((s) => s.name.toLowerCase() === 'default')?.vars ?? new Map<string, string>();
  const named = stanzas.filter((s) => s.name.toLowerCase() !== 'default');
  const warnings: string[] = [];
  let hadKeys = false;
  const { candidates } = collectCandidates(
    named,
    (stanza) => {
      const get = (k: string) => stanza.vars.get(k) ?? defaults.get(k);
      if ([...stanza.vars.keys()].some((k) => keyVars.test(k))) hadKeys = true;
      const access = /^(tcp|udp)\/(\d{1,5})/i.exec(get('ACCESS') ?? 'tcp/22');
      const port = Number(access?.[2] ?? 22);
      const kind = port === 22 ? 'ssh' : port === 21 ? 'ftp' : 'custom';
      const user = get('SPOOF_USER');
      const fields = profileFieldsSchema.safeParse({
        name: stanza.name,
        group: 'fwknop',
        host: get('SPA_SERVER'),
        notes: `Imported from .fwknoprc stanza [${stanza.name}]: fwknop sends an encrypted SPA packet to ${get('SPA_SERVER_PROTO') ?? 'udp'}/${get('SPA_SERVER_PORT') ?? '62201'}; add the knock sequence this server expects.`,
        service: { kind, port, ...(user ? { user } : {}) },
      });
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { fields: fields.data, omits: ['knock', 'oneTimeSequences', 'closeSequence', 'auth'] } satisfies CandidateDraft;
    },
    warnings,
  );
  if (hadKeys) warnings.push('fwknop encryption/HMAC keys were found and deliberately not imported.');
  if (candidates.length > 0) warnings.push('fwknop SPA cannot be sent by Sesame: the imported profiles are drafts until you add a knock sequence.');
  return { format: 'fwknoprc', candidates, warnings, encryptedSecrets: false };
}
