/**
 * The firewall half of a door: a base ruleset that drops the guarded port for
 * everyone the door has not let in, and the commands a door daemon runs to let
 * one address in and out again. Written once per firewall and shared by every
 * door type: knockd runs these commands with `%IP%`, fwknopd's
 * EXTERNAL_CMD_OPEN/EXTERNAL_CMD_CLOSE (access.conf) would run them with
 * `$SRC` — hence `address` is a parameter.
 *
 * Both variants keep Sesame's rules in a place of their own (an nftables
 * table, an iptables chain) so the order of the user's other rules cannot
 * break them, and so they can be loaded, reloaded and removed as one piece.
 */

export type FirewallKind = 'nftables' | 'iptables';
export type IpVersion = 4 | 6;

export interface GuardedPort {
  port: number;
  protocol: 'tcp';
}

export interface FirewallDoor {
  kind: FirewallKind;
  /** Lets `address` in through the guarded port. */
  open(version: IpVersion, address: string): string;
  /** Takes `address` out again. */
  close(version: IpVersion, address: string): string;
  /** The base ruleset per IP version (nftables: one file for both; iptables: rules.v4 and rules.v6). */
  base: { version: IpVersion | 'both'; text: string; load: string }[];
}

/** Absolute paths: knockd and fwknopd run commands with a minimal PATH (Debian 12's locations). */
export const firewallBinaries = {
  nft: '/usr/sbin/nft',
  iptables: '/usr/sbin/iptables',
  ip6tables: '/usr/sbin/ip6tables',
} as const;

/** An nftables table or iptables chain name from a profile name: letters, digits and "_"/"-" only. */
export function firewallName(profileName: string, separator: '_' | '-', max: number): string {
  const slug = profileName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
  return `sesame${separator}${slug || 'door'}`.slice(0, max);
}

/**
 * nftables: the door adds the knocker to a set, and the accept rule that
 * reads the set sits above the drop in Sesame's own table. No rule is added
 * at knock time, so the "appended after the drop" trap (`nft add rule` instead
 * of `nft insert rule`, like `iptables -A` instead of `-I`) cannot happen, and
 * closing needs no rule handle: the address leaves the set. A packet has to
 * pass every base chain on the input hook, so this table can only take
 * access away (the drop), never grant what the main ruleset refuses.
 */
export function nftablesDoor(table: string, guarded: GuardedPort): FirewallDoor {
  const set = (v: IpVersion) => (v === 4 ? 'door4' : 'door6');
  const element = (verb: 'add' | 'delete', v: IpVersion, address: string) =>
    `${firewallBinaries.nft} ${verb} element inet ${table} ${set(v)} { ${address} }`;
  const { port, protocol } = guarded;
  const text = [
    // Create-then-delete makes the file loadable again (nft -f is one transaction): a reload replaces the table whole.
    `table inet ${table} {}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    '\tset door4 {',
    '\t\ttype ipv4_addr',
    '\t}',
    '\tset door6 {',
    '\t\ttype ipv6_addr',
    '\t}',
    '\tchain input {',
    '\t\ttype filter hook input priority filter - 10; policy accept;',
    // Sessions opened while the door was open survive its closing (cmd_timeout, close sequence).
    '\t\tct state established,related accept',
    `\t\tip saddr @door4 ${protocol} dport ${port} accept`,
    `\t\tip6 saddr @door6 ${protocol} dport ${port} accept`,
    `\t\t${protocol} dport ${port} drop`,
    '\t}',
    '}',
    '',
  ].join('\n');
  return {
    kind: 'nftables',
    open: (v, address) => element('add', v, address),
    close: (v, address) => element('delete', v, address),
    base: [{ version: 'both', text, load: `${firewallBinaries.nft} -f FILE` }],
  };
}

/**
 * iptables (iptables-nft or legacy): Sesame's own chain, jumped to from the
 * top of INPUT for the guarded port. The door *inserts* (`-I CHAIN 1`) the
 * knocker's accept at the top of that chain, above the drop — appending
 * (`-A`, as knockd's own example does) would land after the DROP and never
 * match. `-C … ||` keeps a second knock from stacking a duplicate rule, so
 * one `-D` takes the address out again.
 */
export function iptablesDoor(chain: string, guarded: GuardedPort): FirewallDoor {
  const tool = (v: IpVersion) => (v === 4 ? firewallBinaries.iptables : firewallBinaries.ip6tables);
  const spec = (address: string) => `-s ${address} -p ${guarded.protocol} --dport ${guarded.port} -j ACCEPT`;
  const bin = (v: IpVersion) => (v === 4 ? 'iptables' : 'ip6tables');
  const jump = `INPUT -p ${guarded.protocol} --dport ${guarded.port} -j ${chain}`;
  const base = (v: IpVersion) => ({
    version: v,
    text: [
      '*filter',
      // With --noflush, declaring the chain empties it first: loading the file again refills it, never doubles it.
      `:${chain} - [0:0]`,
      // Established sessions go back to INPUT's own rules; only new connections meet the drop.
      `-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
      `-A ${chain} -p ${guarded.protocol} --dport ${guarded.port} -j DROP`,
      'COMMIT',
      '',
    ].join('\n'),
    // The jump is not in the file: a second load would insert it twice. -C first makes it idempotent.
    load: `${bin(v)}-restore --noflush < FILE\n${bin(v)} -C ${jump} 2>/dev/null || ${bin(v)} -I ${jump.replace('INPUT', 'INPUT 1')}`,
  });
  return {
    kind: 'iptables',
    open: (v, address) => `${tool(v)} -C ${chain} ${spec(address)} 2>/dev/null || ${tool(v)} -I ${chain} 1 ${spec(address)}`,
    close: (v, address) => `${tool(v)} -D ${chain} ${spec(address)}`,
    base: [base(4), base(6)],
  };
}

export function firewallDoor(kind: FirewallKind, profileName: string, guarded: GuardedPort): FirewallDoor {
  // nft names: up to 255 characters; iptables chain names: at most 28 (XT_EXTENSION_MAXNAMELEN - 1).
  return kind === 'nftables' ? nftablesDoor(firewallName(profileName, '_', 64), guarded) : iptablesDoor(firewallName(profileName, '-', 28), guarded);
}
