import { connect } from 'node:net';
import { requireLab, run, onStop, isV6, type LabFamily } from './lab-core';

// ---------------------------------------------------------------- firewall

export interface FirewallOptions {
  table?: string;
  dropTcp: number[];
  dropUdp?: number[];
}

export interface Firewall {
  table: string;
  /** Shell command for a knockd door (`%IP%` is filled in by knockd) that opens `port` to the knocker. */
  insertAcceptCommand(port: number, family?: LabFamily, proto?: 'tcp' | 'udp'): string;
  /** Shell command that deletes every accept rule for `port` again (e.g. a door's stop_command). */
  closeCommand(port: number): string;
  listRules(): Promise<string>;
  stop(): Promise<void>;
}

export async function startFirewall({ table = 'sesame_lab', dropTcp, dropUdp = [] }: FirewallOptions): Promise<Firewall> {
  requireLab();
  const drops = [
    ...dropTcp.map((port) => `    tcp dport ${port} drop`),
    ...dropUdp.map((port) => `    udp dport ${port} drop`),
  ];
  // "table {}; delete table" first makes the load idempotent: a table left by
  // an earlier test file in the same lab is replaced atomically.
  const ruleset = [
    `table inet ${table} {}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    ...drops,
    '  }',
    '}',
    '',
  ].join('\n');
  await run('nft', ['-f', '-'], ruleset);

  const stop = async (): Promise<void> => {
    await run('nft', ['delete', 'table', 'inet', table]).catch(() => undefined);
  };
  onStop(stop);
  return {
    table,
    // insert, not add: an appended accept lands after the drop and never matches
    // (the nft twin of `iptables -A` vs `-I`, a failure class Sesame diagnoses).
    insertAcceptCommand: (port, family = 4, proto = 'tcp') =>
      `nft insert rule inet ${table} input ${isV6(family) ? 'ip6' : 'ip'} saddr %IP% ${proto} dport ${port} accept`,
    // knockd runs door commands through /bin/sh, so a pipeline is fine here.
    closeCommand: (port) =>
      // awk, not sed: a knockd.conf value must not contain "]" (see knockdConf), and the handle is the last field.
      `nft -a list chain inet ${table} input | awk '/ dport ${port} accept / {print $NF}' | ` +
      `xargs -r -n1 nft delete rule inet ${table} input handle`,
    listRules: () => run('nft', ['-a', 'list', 'table', 'inet', table]),
    stop,
  };
}

/** No answer within 1.5 s = the firewall still drops the port (a reset or a connect means it does not). */
export function isFiltered(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => (socket.destroy(), resolve(true)), 1500);
    socket.once('connect', () => (clearTimeout(timer), socket.destroy(), resolve(false)));
    socket.once('error', () => (clearTimeout(timer), resolve(false)));
  });
}
