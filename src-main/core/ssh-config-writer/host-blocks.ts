import type { Profile } from '../../contract/features/profiles';
export interface HostEntry {
  profileName: string;
  /** ssh Host patterns: the alias, then the real host name unless an earlier profile has it. */
  patterns: string[];
  hostName: string;
  port: number;
  user?: string;
  hostKeyAlias: string;
  identityFile?: string;
  /**
   * Set when another entry has the same HostName and Port: ssh hands
   * ProxyCommand only `%h %p`, which cannot tell them apart, so the block
   * names its profile (`sesame proxy --profile ALIAS %h %p`).
   */
  proxyProfile?: string;
}

export type SkipReason = { kind: 'draft' } | { kind: 'notSsh' } | { kind: 'hostTaken'; other: string };

export interface HostPlan {
  entries: HostEntry[];
  /** Profiles left out (draft, FTP) or only partly written (host claimed by an earlier profile). */
  notes: { profileName: string; reason: SkipReason }[];
}

/** A Host alias from a profile name: ssh patterns cannot hold spaces, "*", "?", "!", "," or quotes. */
export function hostAlias(name: string): string {
  if (/^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith('-')) return name;
  const slug = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return slug || 'sesame-host';
}

/**
 * The key ssh checks in known_hosts. Through a ProxyCommand ssh has no
 * address to check, and it would file the key under whatever the user typed
 * (the alias or the host). Pinning it to the name `ssh -p PORT HOST` uses —
 * `host`, or `[host]:port` off port 22 (sshconnect.c put_host_port) — makes
 * `ssh web`, `ssh server.example.org`, `sesame connect web` and earlier
 * direct logins share one known_hosts entry.
 */
export function hostKeyAliasFor(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Which profiles become Host blocks, under which names. Order: as given. */
export function planHosts(profiles: readonly Profile[]): HostPlan {
  const entries: HostEntry[] = [];
  const notes: HostPlan['notes'] = [];
  const claimed = new Map<string, string>();
  const aliases = new Set<string>();
  for (const profile of profiles) {
    if (profile.host === undefined || profile.knock === undefined) {
      notes.push({ profileName: profile.name, reason: { kind: 'draft' } });
      continue;
    }
    if (profile.service.kind !== 'ssh' && profile.service.kind !== 'sftp') {
      notes.push({ profileName: profile.name, reason: { kind: 'notSsh' } });
      continue;
    }
    let alias = hostAlias(profile.name);
    for (let n = 2; aliases.has(alias.toLowerCase()); n += 1) alias = `${hostAlias(profile.name)}-${n}`;
    aliases.add(alias.toLowerCase());
    const patterns = [alias];
    const hostKey = profile.host.toLowerCase();
    const owner = claimed.get(hostKey);
    if (owner !== undefined) notes.push({ profileName: profile.name, reason: { kind: 'hostTaken', other: owner } });
    else if (hostKey !== alias.toLowerCase()) {
      claimed.set(hostKey, profile.name);
      patterns.push(profile.host);
    } else claimed.set(hostKey, profile.name);
    entries.push({
      profileName: profile.name,
      patterns,
      hostName: profile.host,
      port: profile.service.port,
      ...(profile.service.user ? { user: profile.service.user } : {}),
      hostKeyAlias: hostKeyAliasFor(profile.host, profile.service.port),
      ...(profile.auth.method === 'key' ? { identityFile: profile.auth.keyFile } : {}),
    });
  }
  const destination = (entry: HostEntry) => `${entry.hostName.toLowerCase()}:${entry.port}`;
  const count = new Map<string, number>();
  for (const entry of entries) count.set(destination(entry), (count.get(destination(entry)) ?? 0) + 1);
  for (const entry of entries) if ((count.get(destination(entry)) ?? 0) > 1) entry.proxyProfile = entry.patterns[0] ?? entry.profileName;
  return { entries, notes };
}

/** ssh_config argument quoting (readconf.c argv_split): double quotes around a value with spaces. */
function configValue(value: string): string {
  if (/["\r\n]/.test(value)) throw new Error(`cannot write ${JSON.stringify(value)} into ssh_config`);
  return /[\s#'\\]/.test(value) ? `"${value}"` : value;
}

/**
 * The Host blocks, one per entry. `proxyCommand` is the whole ProxyCommand
 * value (see proxyCommandLine). `profileComment` labels a block with its
 * profile, in the user's language.
 */
export function renderHostBlocks(entries: readonly HostEntry[], proxyCommand: string, profileComment: (name: string) => string): string {
  return entries
    .map((entry) => {
      const lines = [
        `# ${profileComment(entry.profileName).replace(/[\r\n]/g, ' ')}`,
        `Host ${entry.patterns.join(' ')}`,
        `\tHostName ${entry.hostName}`,
        `\tPort ${entry.port}`,
        ...(entry.user ? [`\tUser ${configValue(entry.user)}`] : []),
        `\tHostKeyAlias ${entry.hostKeyAlias}`,
        // The alias is [A-Za-z0-9._-] (hostAlias): safe in any shell without quotes.
        `\tProxyCommand ${entry.proxyProfile ? proxyCommand.replace(/ proxy %h %p$/, ` proxy --profile ${entry.proxyProfile} %h %p`) : proxyCommand}`,
        // ssh expands % tokens (and ~) in IdentityFile: a literal % is written %%.
        ...(entry.identityFile ? [`\tIdentityFile ${configValue(entry.identityFile.replace(/%/g, '%%'))}`] : []),
      ];
      return lines.join('\n');
    })
    .join('\n\n');
}
