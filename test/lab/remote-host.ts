import { spawn } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { onStop, requireLab, run } from './lab-core';

/**
 * A "remote" server for the few checks loopback cannot make: a second network
 * namespace, joined to the lab's by one veth pair, that tests start servers
 * and firewall rules in.
 *
 * Why not loopback: on `lo` the client's SYN gets its conntrack entry in the
 * client's OUTPUT hook and it is confirmed at POSTROUTING, before the server
 * side's PREROUTING or INPUT chains see the packet. A server-side rule that
 * must catch a connection's first packet (the FTP conntrack helper, `ct helper
 * set`) therefore never works on loopback (measured: in prerouting and input it
 * did nothing, only an output-hook rule — useless on a real server — did).
 *
 * Containment: the namespace is anonymous (`unshare --net`), lives only as long
 * as its holder process, which dies with the test process (PR_SET_PDEATHSIG);
 * the veth pair dies with either namespace. The link carries 192.0.2.0/30
 * (TEST-NET-1, RFC 5737), with no route beyond it: traffic never leaves the
 * two namespaces the test created.
 */
export interface RemoteHost {
  /** The remote end's address (the server). */
  address: string;
  /** The lab end's address (where the client's packets come from). */
  localAddress: string;
  /** Pid of a process inside the remote namespace (for /proc/PID/net and nsenter). */
  pid: number;
  /** argv prefix that runs a command inside the remote namespace and dies with the test. */
  prefix: string[];
  /** Runs a command inside the remote namespace (argv, no shell). */
  run(command: string, args: string[], input?: string): Promise<string>;
  stop(): Promise<void>;
}

const netnsOf = (pid: number | 'self'): string => readlinkSync(`/proc/${pid}/ns/net`);

export async function startRemoteHost(): Promise<RemoteHost> {
  requireLab();
  const holder = spawn('unshare', ['--net', '--', 'setpriv', '--pdeathsig', 'KILL', '--', 'sleep', '3600'], { stdio: 'ignore' });
  const pid = holder.pid;
  if (pid === undefined) throw new Error('could not start the remote namespace holder (unshare)');
  const stop = async (): Promise<void> => {
    if (holder.exitCode !== null || holder.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    holder.kill('SIGKILL');
    await exited;
  };
  onStop(stop);
  for (let i = 0; netnsOf(pid) === netnsOf('self'); i += 1) {
    if (i > 200) throw new Error('the remote namespace holder never left the lab namespace');
    await delay(10);
  }
  const prefix = ['setpriv', '--pdeathsig', 'KILL', '--', 'nsenter', `--net=/proc/${pid}/ns/net`, '--'];
  const inRemote = (command: string, args: string[], input?: string): Promise<string> => run(prefix[0] as string, [...prefix.slice(1), command, ...args], input);
  const [local, remote] = ['sesame-lab0', 'sesame-lab1'];
  await run('ip', ['link', 'add', local, 'type', 'veth', 'peer', 'name', remote, 'netns', String(pid)]);
  await run('ip', ['addr', 'add', '192.0.2.1/30', 'dev', local]);
  await run('ip', ['link', 'set', local, 'up']);
  await inRemote('ip', ['link', 'set', 'lo', 'up']);
  await inRemote('ip', ['addr', 'add', '192.0.2.2/30', 'dev', remote]);
  await inRemote('ip', ['link', 'set', remote, 'up']);
  return { address: '192.0.2.2', localAddress: '192.0.2.1', pid, prefix, run: inRemote, stop };
}
