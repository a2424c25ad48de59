import { profileFieldsSchema, type SecretKind } from '../../../contract/features/profiles';
import type { SpaSettingsInput } from '../../../contract/schemas/spa';
import { parseAccess } from '../../spa/fields';
import { DEFAULT_STANZA, parseFwknoprc } from '../../spa/fwknoprc';
import { rcSettings, type RcSettings } from '../../spa/rc-settings';
import { storedSpaKey } from '../../spa/stored-keys';
import { isContractError } from '../../../contract/errors';
import type { OmittableField, PreparedImport } from '../candidates';
import { capWarnings, checkSize } from '../limits';
import { collectCandidates, type CandidateDraft } from '../validate-candidates';

/** The service a stanza's ACCESS opens: its first port (tcp/22 → ssh, tcp/21 → ftp). */
function serviceOf(access: string | undefined): { kind: 'ssh' | 'ftp' | 'custom'; port: number } {
  const first = access ? parseAccess(access)[0] : undefined;
  const port = first && first.port > 0 ? first.port : 22;
  return { kind: port === 22 ? 'ssh' : port === 21 ? 'ftp' : 'custom', port };
}

function spaSettings(s: RcSettings, warn: (line: number, message: string) => void): SpaSettingsInput {
  const { request: r, wire: w } = s;
  let allowIp = r.allowIp;
  if (s.allowIpResolve) {
    // Sesame never asks a built-in service; without the user's RESOLVE_URL the packet's source is the honest default.
    if (s.resolveUrl) allowIp = 'resolve';
    else warn(0, 'ALLOW_IP resolve without RESOLVE_URL: imported as "source" (fwknopd then lets in the address the packet comes from); set a resolve URL of your own to look it up instead');
  }
  return {
    ...(w.serverPort !== undefined ? { serverPort: w.serverPort } : {}),
    ...(w.serverProto !== undefined ? { serverProto: w.serverProto } : {}),
    ...(r.access !== undefined ? { access: r.access } : {}),
    ...(allowIp !== undefined ? { allowIp } : {}),
    ...(allowIp === 'resolve' && s.resolveUrl ? { resolveUrl: s.resolveUrl } : {}),
    ...(r.user !== undefined ? { user: r.user } : {}),
    ...(r.clientTimeoutS !== undefined ? { clientTimeoutS: r.clientTimeoutS } : {}),
    ...(r.nat !== undefined ? { nat: r.nat } : {}),
    ...(r.natLocal ? { natLocal: true } : {}),
    ...(r.natPort !== undefined ? { natPort: r.natPort } : {}),
    ...(r.timeOffsetS ? { timeOffsetS: r.timeOffsetS } : {}),
    ...(w.digest !== undefined ? { digest: w.digest } : {}),
    ...(w.hmac !== undefined ? { hmac: w.hmac === null ? 'none' : w.hmac } : {}),
    ...(w.mode !== undefined ? { mode: w.mode } : {}),
  };
}

/**
 * The fwknop client's `~/.fwknoprc` → working SPA profiles, read with the
 * same parser as `sesame spa -n` (core/spa/fwknoprc.ts, fwknop 2.6.10's
 * rules): one profile per named stanza with `[default]` under it, its keys
 * (KEY / KEY_BASE64 / HMAC_KEY / HMAC_KEY_BASE64) offered for the keychain,
 * never written to the profile. Nothing is lost silently: each line fwknop
 * would refuse or Sesame cannot use is a warning naming the stanza and the
 * line (never a key's value), and is noted in the profile.
 */
export function importFwknoprc(text: string): PreparedImport {
  checkSize(Buffer.byteLength(text, 'utf8'));
  const file = parseFwknoprc(text);
  const warnings: string[] = file.warnings.map((w) => `.fwknoprc line ${w.line}: ${w.message}`);
  const named = file.stanzas.filter((s) => s.name.toLowerCase() !== DEFAULT_STANZA);
  const { candidates } = collectCandidates(
    named,
    (stanza) => {
      const settings = rcSettings(file, stanza.name);
      const notes: string[] = [`Imported from .fwknoprc stanza [${stanza.name}].`];
      const warn = (line: number, message: string): void => {
        const at = line > 0 ? ` line ${line}` : '';
        warnings.push(`[${stanza.name}]${at}: ${message}`);
        notes.push(`${line > 0 ? `Line ${line}: ` : ''}${message}`);
      };
      for (const p of settings.problems) warn(p.line, `${p.variable}: ${p.message}`);
      for (const i of settings.ignored) warn(i.line, `${i.variable} ${i.value}: not used by Sesame (${i.reason})`);
      const secrets: Partial<Record<SecretKind, string>> = {};
      for (const [kind, input, variable] of [
        ['spa-key', settings.keys.key, 'KEY / KEY_BASE64'],
        ['spa-hmac-key', settings.keys.hmacKey, 'HMAC_KEY / HMAC_KEY_BASE64'],
      ] as const) {
        if (!input) continue;
        try {
          secrets[kind] = 'text' in input ? storedSpaKey(kind, input.text, 'text') : storedSpaKey(kind, input.base64, 'base64');
        } catch (error) {
          if (!isContractError(error)) throw error;
          warn(0, `${variable} was not imported: ${error.message.replace(/^Invalid [a-z-]+: /, '')}`);
        }
      }
      if (!secrets['spa-key']) warn(0, 'no usable encryption key (KEY or KEY_BASE64): set one before connecting');
      if (settings.server === undefined) warn(0, 'no SPA_SERVER: the profile is a draft until you add the host');
      let service;
      try {
        service = serviceOf(settings.request.access);
      } catch {
        service = { kind: 'ssh' as const, port: 22 };
      }
      const fields = profileFieldsSchema.safeParse({
        name: stanza.name,
        group: 'fwknop',
        ...(settings.server !== undefined ? { host: settings.server } : {}),
        // fwknop 2.6 sends SPA over IPv4 only (SERVER_RESOLVE_IPV4 is its default too).
        addressFamily: 'ipv4',
        door: 'spa',
        spa: spaSettings(settings, warn),
        notes: notes.join('\n'),
        service,
      });
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      const omits: OmittableField[] = ['knock', 'oneTimeSequences', 'closeSequence', 'auth'];
      if (settings.server === undefined) omits.push('host');
      return { fields: fields.data, omits, secrets } satisfies CandidateDraft;
    },
    warnings,
  );
  if (candidates.some((c) => Object.keys(c.secrets).length > 0)) warnings.push('The SPA keys will be stored in the keychain (never in the profiles file).');
  return { format: 'fwknoprc', candidates, warnings: capWarnings(warnings), encryptedSecrets: false };
}
