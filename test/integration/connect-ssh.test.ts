import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { LAB_KEY_PASSPHRASE, LAB_USER, LAB_USER_PASSWORD, requireLab, run as labRun, startFirewall, startKnockd, startSshd, stopAll, type Knockd, type Sshd, isFiltered } from '../lab/lab';
import { sesame } from '../support/cli';
import { eventually } from '../support/eventually';

// The whole one-click flow through the real `sesame connect`: real knockd and
// nftables guard a real sshd; the password/passphrase come from the lab's real
// gnome-keyring and reach OpenSSH through the one-shot askpass helper.
const SSH_PORT = 2222;
const lab = requireLab();
// A fresh password per run: the fixed lab password also sits in source files and
// compile caches, which would make the leak scan below meaningless.
const password = `pw-${randomBytes(12).toString('hex')}`;
let home: string;
let sshd: Sshd;
let knockd: Knockd;

/** Every live process below `root` (from /proc/PID/stat's ppid field). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the ppid; the command name (field 2) is in parentheses and may contain spaces.
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(below);
}


async function addProfile(name: string, extra: string[]): Promise<void> {
  const args = ['profiles', 'add', '--name', name, '--host', 'lab.sesame.test', '--knock', '7000,8000,9000', '--close', '9000,8000,7000'];
  const added = await sesame([...args, '--service', 'ssh', '--port', String(SSH_PORT), '--user', LAB_USER, ...extra], { home });
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-connect-'));
  const firewall = await startFirewall({ dropTcp: [SSH_PORT] });
  sshd = await startSshd({ port: SSH_PORT });
  knockd = await startKnockd({
    doors: [
      { name: 'openSSH', sequence: '7000,8000,9000', seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 4) },
      { name: 'closeSSH', sequence: '9000,8000,7000', seqTimeout: 5, command: firewall.closeCommand(SSH_PORT) },
    ],
  });
  // known_hosts lives in the lab's private ~/.ssh (run-in-lab bind-mounts it).
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('lab.sesame.test')}\n`);
  await labRun('chpasswd', [], `${LAB_USER}:${password}\n`);
  expect(lab.ns).toMatch(/^sesame-lab-/);
});

afterAll(async () => {
  await labRun('chpasswd', [], `${LAB_USER}:${LAB_USER_PASSWORD}\n`);
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

describe('sesame connect (real knockd, sshd, gnome-keyring)', () => {
  it('logs in with the stored password through askpass, runs a command, then closes the door', async () => {
    await addProfile('lab-password', ['--auth', 'password']);
    const stored = await sesame(['secret', 'set', 'lab-password'], { home, input: `${password}\n` });
    expect(stored.code, stored.stderr).toBe(0);
    expect(await isFiltered(SSH_PORT)).toBe(true);

    const run = await sesame(['connect', 'lab-password', '--exec', 'echo hello-from-$(whoami)'], { home });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/knock 3\/3/);
    expect(run.stderr).toMatch(/open after \d+ ms/);
    expect(run.stdout).toContain(`hello-from-${LAB_USER}`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/door closed \(3 knock/);
    const closedOk = await eventually(async () => (await knockd.openCount('closeSSH')) >= 1);
    expect(closedOk).toBe(true);
    // knockd runs the door's command just after logging it.
    expect(await eventually(() => isFiltered(SSH_PORT), 5000)).toBe(true);
  });

  it('logs in with a key and its stored passphrase', async () => {
    await addProfile('lab-key', ['--auth', 'key', '--key-file', sshd.keyWithPassphrasePath]);
    const stored = await sesame(['secret', 'set', 'lab-key', '--kind', 'passphrase'], { home, input: `${LAB_KEY_PASSPHRASE}\n` });
    expect(stored.code, stored.stderr).toBe(0);
    const run = await sesame(['connect', 'lab-key', '--exec', 'echo key-ok'], { home });
    expect(run.stdout).toContain('key-ok');
    expect(run.code, run.stderr).toBe(0);
    expect(await eventually(() => isFiltered(SSH_PORT), 5000)).toBe(true);
  });

  it('keeps the secret out of every command line and temp file while the client runs', async () => {
    // The remote command leaves a marker when the session is up (same filesystem, lab user), then holds it open.
    const marker = join(tmpdir(), `sesame-session-up-${randomBytes(6).toString('hex')}`);
    const run = sesame(['connect', 'lab-password', '--exec', `touch ${marker}; sleep 3; echo slept`], { home });
    try {
      expect(await eventually(() => existsSync(marker), 20_000), 'the ssh session came up').toBe(true);
    } finally {
      rmSync(marker, { force: true });
    }
    // The client must be alive while we look: the CLI's descendant ssh, connected to the door.
    const clients = descendants(run.pid() ?? -1).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.endsWith('ssh'));
    expect(clients.length, 'an ssh client process under sesame connect').toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(password)) leaks.push(`cmdline of ${pid}`);
        if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(password)) leaks.push(`environ of ${pid}`);
      } catch {
        // the process ended meanwhile
      }
    }
    const scan = (dir: string, depth: number): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        try {
          const stat = statSync(path);
          if (stat.isDirectory() && depth < 4) scan(path, depth + 1);
          else if (stat.isFile() && stat.size < 1_000_000 && readFileSync(path, 'utf8').includes(password)) leaks.push(path);
        } catch {
          // sockets, vanished files
        }
      }
    };
    scan(tmpdir(), 0);
    const result = await run;
    expect(result.stdout, result.stderr).toContain('slept');
    expect(leaks).toEqual([]);
  });

  it('reports the diagnosis and a distinct exit code when the door stays shut', async () => {
    const added = await sesame(
      ['profiles', 'add', '--name', 'wrong-seq', '--host', 'lab.sesame.test', '--knock', '9000,8000,7001', '--timeout', '1.5', '--service', 'ssh', '--port', String(SSH_PORT), '--user', LAB_USER],
      { home },
    );
    expect(added.code).toBe(0);
    const run = await sesame(['connect', 'wrong-seq', '--exec', 'true'], { home });
    expect(run.code).toBe(3); // filtered
    expect(run.stderr).toMatch(/seq|sequence/i);
  });
});
