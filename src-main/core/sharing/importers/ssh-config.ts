import { hostSchema, portSchema, userSchema } from '../../../contract/schemas/common';
import { localPathSchema, profileFieldsSchema } from '../../../contract/features/profiles';
import type { ImportCandidate, PreparedImport } from '../candidates';
import { ImportError, capWarnings, checkSize, importLimits } from '../limits';
import { collectCandidates } from '../validate-candidates';
import { createSshResolver, parseSshConfig } from './ssh-resolve';

/** Reads the files an `Include` names (after glob expansion, main side); tests pass a map. */
export type IncludeReader = (pattern: string) => Promise<{ path: string; text: string }[]>;

export interface SshConfigImportOptions {
  text: string;
  homedir: string;
  readInclude?: IncludeReader;
}

/**
 * OpenSSH `~/.ssh/config` → draft profiles (host, port, user, identity file;
 * no knock sequence — ssh config has none). `Include` is expanded by inlining,
 * as OpenSSH does; parsing and Host/Match precedence are in ssh-resolve.ts.
 */
export async function importSshConfig(options: SshConfigImportOptions): Promise<PreparedImport> {
  const warnings: string[] = [];
  const text = await inlineIncludes(options.text, options.readInclude, 0, warnings, { bytes: 0, files: 0 });
  const entries = parseSshConfig(text);
  const aliases: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.kind !== 'host') continue;
    for (const { negated, pattern, written } of entry.patterns) {
      // Patterns ("*", "*.corp", "!bastion") are defaults for other hosts, not hosts you can connect to.
      if (negated || /[*?]/.test(pattern) || pattern.length === 0 || seen.has(written)) continue;
      seen.add(written);
      aliases.push(written);
      if (aliases.length > importLimits.maxProfiles) {
        throw new ImportError(`The ssh config has more than ${importLimits.maxProfiles} hosts; split it and import the parts.`);
      }
    }
  }
  // Never the ssh-config package's compute(): see parseSshConfig (no regex backtracking, no nslookup, no Match exec).
  const resolve = createSshResolver(entries, (w) => warnings.push(w));
  const { candidates } = collectCandidates(
    aliases,
    (alias) => {
      const computed = resolve(alias);
      const get = (key: string) => computed.get(key);
      // OpenSSH expands %h in HostName to the alias; other tokens are not knowable here.
      const host = (get('hostname') ?? alias).replace(/%h/g, alias).replace(/%%/g, '%');
      if (!hostSchema.safeParse(host).success) return `HostName "${host}" is not a host Sesame can use (tokens like %h are not expanded)`;
      const port = Number(get('port') ?? 22);
      if (!portSchema.safeParse(port).success) return `Port "${get('port')}" is not a port number`;
      const user = get('user');
      const identity = get('identityfile');
      const keyFile = identity?.replace(/^~(?=\/|$)/, options.homedir);
      // What the launcher could not use is left out, and the preview says so for this item.
      const userCheck = user === undefined ? undefined : userSchema.safeParse(user);
      const keyCheck = keyFile === undefined ? undefined : localPathSchema.safeParse(keyFile);
      if (userCheck?.success === false) {
        warnings.push(`"${alias}": User "${user?.slice(0, 100)}" was left out (${userCheck.error.issues[0]?.message}); set the login name in the profile.`);
      }
      if (keyCheck?.success === false) {
        warnings.push(`"${alias}": IdentityFile "${identity?.slice(0, 200)}" was left out (${keyCheck.error.issues[0]?.message}); the profile uses the SSH agent until you choose the key file.`);
      }
      // OpenSSH tries PreferredAuthentications in order: a list that starts with password
      // (or keyboard-interactive, how most servers ask for one) means this host logs in with a password.
      const firstMethod = get('preferredauthentications')?.split(',')[0]?.trim().toLowerCase();
      const auth =
        firstMethod === 'password' || firstMethod === 'keyboard-interactive'
          ? { method: 'password' }
          : keyCheck?.success
            ? { method: 'key', keyFile }
            : { method: 'agent' };
      const fields = profileFieldsSchema.safeParse({
        name: alias,
        group: 'ssh config',
        host,
        service: { kind: 'ssh', port, ...(userCheck?.success ? { user } : {}) },
        auth,
      });
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      const draft: Omit<ImportCandidate, 'key' | 'secrets'> = { fields: fields.data, omits: ['knock', 'oneTimeSequences', 'closeSequence'] };
      const notes = proxyNotes(get('proxy'), host);
      if (notes.length > 0) draft.notes = notes;
      return draft;
    },
    warnings,
    (alias) => alias,
  );
  if (candidates.length > 0) warnings.push('ssh config has no knock sequences: the imported profiles are drafts until you add one.');
  return { format: 'ssh-config', candidates, warnings: capWarnings(warnings), encryptedSecrets: false };
}

/**
 * Profiles have no jump host: Sesame knocks and connects to the host itself.
 * Said on the item, since a host behind a bastion may not be reachable (nor
 * its knock ports) from this computer. `proxy` is "proxyjump …" or
 * "proxycommand …", whichever came first; "none" is OpenSSH's "no proxy".
 */
function proxyNotes(proxy: string | undefined, host: string): string[] {
  const [keyword, ...rest] = (proxy ?? '').split(' ');
  const value = rest.join(' ').trim();
  if (value === '' || value.toLowerCase() === 'none') return [];
  if (keyword === 'proxyjump') {
    return [
      `ProxyJump ${value.slice(0, 200)} is not kept: Sesame's profiles have no jump host, so Sesame knocks and connects to ${host} directly. ` +
        'If that host is reachable only through the jump host, its knocks will not arrive from here either.',
    ];
  }
  // `sesame ssh-config` writes "ProxyCommand <sesame> proxy %h %p": that is Sesame itself, nothing lost.
  if (/(^|[/\\\s])sesame[^/\\\s]*\s+(--cli\s+)?proxy\s/i.test(value)) return [];
  return [`ProxyCommand ${value.slice(0, 200)} is not kept: Sesame knocks and connects to ${host} directly.`];
}

async function inlineIncludes(
  text: string,
  read: IncludeReader | undefined,
  depth: number,
  warnings: string[],
  total: { bytes: number; files: number },
): Promise<string> {
  total.bytes += Buffer.byteLength(text, 'utf8');
  checkSize(total.bytes, 'The ssh config with its includes');
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    // Trimmed first: a lazy "(.+?)\s*$" on a long line of spaces backtracks quadratically.
    const m = /^include(?:\s*=\s*|\s+)(\S.*)$/i.exec(line.trim());
    if (!m?.[1]) {
      out.push(line);
      continue;
    }
    if (!read) {
      warnings.push(`"Include ${m[1]}" was not followed (no file access here).`);
      continue;
    }
    if (depth + 1 > importLimits.maxIncludeDepth) {
      throw new ImportError(`Include is nested more than ${importLimits.maxIncludeDepth} levels deep (an include loop?).`);
    }
    for (const pattern of m[1].split(/\s+/).map((p) => p.replace(/^"|"$/g, ''))) {
      const files = await read(pattern).catch((error: Error) => {
        warnings.push(`"Include ${pattern}" could not be read: ${error.message}`);
        return [];
      });
      // Every file, and every pattern (even one that fails), counts: 100,000 "Include /dev/zero" lines stop at the cap.
      total.files += Math.max(files.length, 1);
      if (total.files > importLimits.maxIncludedFiles) {
        throw new ImportError(`The ssh config includes more than ${importLimits.maxIncludedFiles} files; Sesame stops there.`);
      }
      for (const file of files) out.push(await inlineIncludes(file.text, read, depth + 1, warnings, total));
    }
  }
  return out.join('\n');
}
