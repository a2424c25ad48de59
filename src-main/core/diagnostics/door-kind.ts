/**
 * How a knockd door opens its port, read from the door's command. Sesame
 * cannot see the server's firewall: the command in the server's knockd.conf is
 * the only place that says whether the door inserts a rule (then rule order is
 * the usual trap) or adds the knocker to a set (then the set, its timeout and
 * the rule that references it are). When nothing says, the diagnosis explains
 * both kinds, each named by the command shape it applies to.
 */
export interface DoorKind {
  /** `rule`: the command adds an accept rule; `set`: it adds the address to a set a fixed rule checks. */
  style: 'rule' | 'set';
  firewall: 'nftables' | 'iptables';
  /** The rule is appended (`iptables -A`, `nft add rule`), so it lands after an existing DROP. */
  appends?: boolean;
}

/** The door's kind from its (start_)command, or undefined when the command is no firewall change Sesame knows. */
export function doorKindOf(command: string): DoorKind | undefined {
  // Several commands may be chained with ";" or "&&": the first firewall change decides.
  for (const part of command.split(/;|&&|\|\|/)) {
    const words = part.trim().split(/\s+/);
    const tool = (words[0] ?? '').replace(/^.*\//, '');
    if (tool === 'nft') {
      const [verb, object] = words.slice(1).filter((w) => !w.startsWith('-'));
      if ((verb === 'add' || verb === 'create') && object === 'element') return { style: 'set', firewall: 'nftables' };
      if (verb === 'add' && object === 'rule') return { style: 'rule', firewall: 'nftables', appends: true };
      if (verb === 'insert' && object === 'rule') return { style: 'rule', firewall: 'nftables' };
    } else if (tool === 'ipset') {
      if (words[1] === 'add' || words[1] === '-A') return { style: 'set', firewall: 'iptables' };
    } else if (tool === 'iptables' || tool === 'ip6tables' || tool === 'iptables-nft' || tool === 'iptables-legacy') {
      if (words.includes('-A') || words.includes('--append')) return { style: 'rule', firewall: 'iptables', appends: true };
      if (words.includes('-I') || words.includes('--insert')) return { style: 'rule', firewall: 'iptables' };
    }
  }
  return undefined;
}
