/**
 * A pure reader for the fwknop client's ~/.fwknoprc, read the way fwknop
 * 2.6.10 reads it (client/config_init.c): `[name]` starts a stanza (names
 * compared case-insensitively), `VAR value` lines (VAR upper case, an optional
 * ":" after it; the value is the first word — fwknop stops at a space, tab,
 * ";" or "#"), "#" and ";" lines are comments. `[default]` applies under every
 * named stanza, whose own lines win.
 *
 * Nothing is dropped silently: every line lands in a stanza's entries, and
 * each line fwknop would refuse or Sesame does not use becomes a warning that
 * names the line (never a key's value). Hand-written because no maintained npm
 * parser reads this INI dialect (values end at the first space).
 */

export interface RcEntry {
  /** 1-based line number in the file. */
  line: number;
  name: string;
  value: string;
}

export interface RcStanza {
  name: string;
  line: number;
  entries: RcEntry[];
}

export interface RcWarning {
  line: number;
  message: string;
}

export interface RcFile {
  stanzas: RcStanza[];
  warnings: RcWarning[];
}

export const DEFAULT_STANZA = 'default';

/** Every variable fwknop 2.6.10 knows (fko_var_array), so a typo is told apart from a feature Sesame skips. */
export const fwknopVariables = [
  'DIGEST_TYPE', 'SPA_SERVER_PROTO', 'SPA_SERVER_PORT', 'SPA_SOURCE_PORT', 'FW_TIMEOUT', 'ALLOW_IP', 'TIME_OFFSET',
  'ENCRYPTION_MODE', 'USE_GPG', 'USE_GPG_AGENT', 'GPG_RECIPIENT', 'GPG_SIGNER', 'GPG_HOMEDIR', 'GPG_EXE', 'GPG_SIGNING_PW',
  'GPG_SIGNING_PW_BASE64', 'GPG_NO_SIGNING_PW', 'SPOOF_USER', 'SPOOF_SOURCE_IP', 'ACCESS', 'SPA_SERVER', 'RAND_PORT', 'KEY',
  'KEY_BASE64', 'HMAC_DIGEST_TYPE', 'HMAC_KEY_BASE64', 'HMAC_KEY', 'USE_HMAC', 'USE_WGET_USER_AGENT', 'KEY_FILE',
  'HMAC_KEY_FILE', 'NAT_ACCESS', 'HTTP_USER_AGENT', 'RESOLVE_URL', 'SERVER_RESOLVE_IPV4', 'NAT_LOCAL', 'NAT_RAND_PORT',
  'NAT_PORT', 'VERBOSE', 'RESOLVE_IP_HTTP', 'RESOLVE_IP_HTTPS', 'RESOLVE_HTTP_ONLY', 'WGET_CMD', 'NO_SAVE_ARGS',
] as const;
const known = new Set<string>(fwknopVariables);

/** Variables whose value is a secret: warnings name them, never quote them. */
export const secretVariables = new Set(['KEY', 'KEY_BASE64', 'HMAC_KEY', 'HMAC_KEY_BASE64', 'GPG_SIGNING_PW', 'GPG_SIGNING_PW_BASE64']);

export function parseFwknoprc(text: string): RcFile {
  const stanzas: RcStanza[] = [];
  const warnings: RcWarning[] = [];
  const byName = new Map<string, RcStanza>();
  let current: RcStanza | undefined;
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (trimmed.startsWith('[')) {
      const close = trimmed.indexOf(']');
      if (close < 0) {
        warnings.push({ line, message: `"${trimmed.slice(0, 40)}" opens a stanza without "]": fwknop ignores the line` });
        return;
      }
      const name = trimmed.slice(1, close);
      const key = name.toLowerCase();
      const existing = byName.get(key);
      if (existing) {
        warnings.push({ line, message: `stanza [${name}] appears again (first at line ${existing.line}): fwknop merges both, later lines win` });
        current = existing;
      } else {
        current = { name, line, entries: [] };
        byName.set(key, current);
        stanzas.push(current);
      }
      return;
    }
    // fwknop: sscanf("%s %[^ ;\t\n\r#]") — the variable, then the value's first word.
    const match = /^(\S+?):?\s+([^\s;#]+)/.exec(trimmed);
    if (!match?.[1] || !match[2]) {
      warnings.push({ line, message: `"${trimmed.split(/\s/)[0]?.slice(0, 40)}" has no value: fwknop refuses the file at this line` });
      return;
    }
    const [, name, value] = match;
    if (!current) {
      warnings.push({ line, message: `${name} comes before any [stanza]: fwknop ignores it` });
      return;
    }
    const after = trimmed.slice(match[0].length);
    const rest = after.trim();
    if (/^[#;]/.test(after)) {
      // No space before it: not a comment but part of what the user meant as the value.
      warnings.push({ line, message: `${name}: fwknop ends a value at "${after[0]}", so the rest of this value is ignored` });
    } else if (rest !== '' && !rest.startsWith('#') && !rest.startsWith(';')) {
      const shown = secretVariables.has(name) ? 'the rest of the value' : `"${rest.slice(0, 40)}"`;
      warnings.push({ line, message: `${name}: fwknop reads only the first word of a value; ${shown} after the space is ignored` });
    }
    if (!known.has(name)) {
      const hint = known.has(name.toUpperCase()) ? ` (fwknop reads variable names in upper case only: ${name.toUpperCase()})` : '';
      warnings.push({ line, message: `${name} is not an fwknop variable${hint}: kept, not used` });
    }
    current.entries.push({ line, name, value });
  });
  return { stanzas, warnings };
}

export function findStanza(file: RcFile, name: string): RcStanza | undefined {
  return file.stanzas.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** The named stanzas a user can pick with `-n` (fwknop --stanza-list leaves out [default] too). */
export function stanzaNames(file: RcFile): string[] {
  return file.stanzas.filter((s) => s.name.toLowerCase() !== DEFAULT_STANZA).map((s) => s.name);
}

/** One variable's effective value and where it came from. */
export interface RcValue {
  value: string;
  line: number;
  from: 'default' | 'stanza';
}

/**
 * `[default]` under the named stanza, later lines over earlier (what fwknop's
 * two passes of process_rc_section amount to). Unknown names are kept too.
 */
export function layeredValues(file: RcFile, name: string): Map<string, RcValue> {
  const values = new Map<string, RcValue>();
  const apply = (stanza: RcStanza | undefined, from: RcValue['from']): void => {
    for (const entry of stanza?.entries ?? []) values.set(entry.name, { value: entry.value, line: entry.line, from });
  };
  apply(findStanza(file, DEFAULT_STANZA), 'default');
  if (name.toLowerCase() !== DEFAULT_STANZA) apply(findStanza(file, name), 'stanza');
  return values;
}
