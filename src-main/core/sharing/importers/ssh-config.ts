import SSHConfig from 'ssh-config';
import { hostSchema, portSchema, userSchema } from '../../../contract/schemas/common';
import { localPathSchema, profileFieldsSchema } from '../../../contract/features/profiles';
import type { ImportCandidate, PreparedImport } from '../candidates';
import { ImportError, checkSize, importLimits } from '../limits';
import { collectCandidates } from '../validate-candidates';

/** Reads the files an `Include` names (after glob expansion, main side); tests pass a map. */
export type IncludeReader = (pattern: string) => Promise<{ path: string; text: string }[]>;

export interface SshConfigImportOptions {
  text: string;
  homedir: string;
  readInclude?: IncludeReader;
}

/**
 * OpenSSH `~/.ssh/config` → draft profiles (host, port, user, identity file;
 * no knock sequence — ssh config has none). Parsing and the Host/Match
 * precedence come from the `ssh-config` package; we only expand `Include`
 * (which it leaves as a directive) by inlining, as OpenSSH does.
 */
export async function importSshConfig(options: SshConfigImportOptions): Promise<PreparedImport> {
  const warnings: string[] = [];
  const text = await inlineIncludes(options.text, options.readInclude, 0, warnings, { bytes: 0 });
  let config: SSHConfig;
  try {
    config = SSHConfig.parse(text);
  } catch (error) {
    throw new ImportError(`The ssh config could not be parsed: ${(error as Error).message}`);
  }
  const aliases: string[] = [];
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || line.param.toLowerCase() !== 'host') continue;
    const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : line.value.split(/\s+/);
    for (const alias of values) {
      // Patterns ("*", "*.corp", "!bastion") are defaults for other hosts, not hosts you can connect to.
      if (/[*?!]/.test(alias) || alias.length === 0) continue;
      if (!aliases.includes(alias)) aliases.push(alias);
    }
  }
  const { candidates } = collectCandidates(
    aliases,
    (alias) => {
      // matchExec: false — `Match exec` would run a shell command from a file we are only importing.
      const computed = config.compute(alias, { ignoreCase: true, matchExec: false });
      const get = (key: string) => {
        const v = computed[key];
        return Array.isArray(v) ? v[0] : v;
      };
      // OpenSSH expands %h in HostName to the alias; other tokens are not knowable here.
      const host = (get('hostname') ?? alias).replace(/%h/g, alias).replace(/%%/g, '%');
      if (!hostSchema.safeParse(host).success) return `HostName "${host}" is not a host Sesame can use (tokens like %h are not expanded)`;
      const port = Number(get('port') ?? 22);
      if (!portSchema.safeParse(port).success) return `Port "${get('port')}" is not a port number`;
      const user = get('user');
      const identity = get('identityfile');
      const keyFile = identity?.replace(/^~(?=\/|$)/, options.homedir);
      const fields = profileFieldsSchema.safeParse({
        name: alias,
        group: 'ssh config',
        host,
        service: { kind: 'ssh', port, ...(user !== undefined && userSchema.safeParse(user).success ? { user } : {}) },
        auth: keyFile !== undefined && localPathSchema.safeParse(keyFile).success ? { method: 'key', keyFile } : { method: 'agent' },
      });
      if (!fields.success) return fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { fields: fields.data, omits: ['knock', 'oneTimeSequences', 'closeSequence'] } satisfies Omit<ImportCandidate, 'key' | 'secrets'>;
    },
    warnings,
    (alias) => alias,
  );
  if (candidates.length > 0) warnings.push('ssh config has no knock sequences: the imported profiles are drafts until you add one.');
  return { format: 'ssh-config', candidates, warnings, encryptedSecrets: false };
}

async function inlineIncludes(
  text: string,
  read: IncludeReader | undefined,
  depth: number,
  warnings: string[],
  total: { bytes: number },
): Promise<string> {
  total.bytes += Buffer.byteLength(text, 'utf8');
  checkSize(total.bytes, 'The ssh config with its includes');
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*include\s*[=\s]\s*(.+?)\s*$/i.exec(line);
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
      for (const file of files) out.push(await inlineIncludes(file.text, read, depth + 1, warnings, total));
    }
  }
  return out.join('\n');
}
