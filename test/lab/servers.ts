import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { instanceName, isListening, LAB_KEY_PASSPHRASE, LAB_USER, LAB_USER_HOME, LAB_USER_PASSWORD, onStop, requireLab, run, startDaemon } from './lab-core';

// ---------------------------------------------------------------- lab user

let userReady = false;

/** Creates LAB_USER once per machine and (re)sets its known password. */
export async function ensureLabUser(): Promise<void> {
  if (userReady) return;
  const exists = await run('id', ['-u', LAB_USER]).then(
    () => true,
    () => false,
  );
  if (!exists) await run('useradd', ['-m', '-d', LAB_USER_HOME, '-s', '/bin/bash', LAB_USER]);
  await run('chpasswd', [], `${LAB_USER}:${LAB_USER_PASSWORD}\n`);
  userReady = true;
}

// ---------------------------------------------------------------- sshd

export interface Sshd {
  port: number;
  user: string;
  password: string;
  keyPath: string;
  keyWithPassphrasePath: string;
  keyPassphrase: string;
  hostKeyPubPath: string;
  /** A known_hosts line for this server under `hostAlias` (bracketed with the port unless 22). */
  knownHostsLine(hostAlias: string): string;
  stderrPath: string;
  stop(): Promise<void>;
}

/**
 * Rewrites the lab user's authorized_keys: keeps foreign lines and keys of
 * labs whose namespace still exists, drops keys left by crashed labs.
 */
async function updateAuthorizedKeys(add: string[], remove?: { ns: string; name: string }): Promise<void> {
  const sshDir = join(LAB_USER_HOME, '.ssh');
  const file = join(sshDir, 'authorized_keys');
  await mkdir(sshDir, { recursive: true, mode: 0o700 });
  const current = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const keep = current.filter((line) => {
    const tag = / sesame-lab:([^:\s]+):(\S+?)(?:-pass)?$/.exec(line);
    if (!tag) return true;
    const mine = remove !== undefined && tag[1] === remove.ns && tag[2] === remove.name;
    return existsSync(`/run/netns/${tag[1]}`) && !mine;
  });
  await writeFile(file, [...keep, ...add].map((line) => `${line}\n`).join(''), { mode: 0o600 });
  // sshd reads authorized_keys as the user, so the user must own it.
  const uid = Number(await run('id', ['-u', LAB_USER]));
  const gid = Number(await run('id', ['-g', LAB_USER]));
  await chown(sshDir, uid, gid);
  await chmod(sshDir, 0o700);
  await chown(file, uid, gid);
  await chmod(file, 0o600);
}

export async function startSshd({ port, listen = ['127.0.0.1'] }: { port: number; listen?: string[] }): Promise<Sshd> {
  const { ns, dir } = requireLab();
  await ensureLabUser();
  const name = instanceName('sshd');
  const hostKey = join(dir, `${name}-host`);
  const keyPath = join(dir, `${name}-client`);
  const keyWithPassphrasePath = join(dir, `${name}-client-pass`);
  const tag = `sesame-lab:${ns}:${name}`;
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `sesame-lab-host-${name}`, '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', tag, '-f', keyPath]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', LAB_KEY_PASSPHRASE, '-C', `${tag}-pass`, '-f', keyWithPassphrasePath]);
  const pubKeys = await Promise.all([keyPath, keyWithPassphrasePath].map((key) => readFile(`${key}.pub`, 'utf8')));
  await updateAuthorizedKeys(pubKeys.map((key) => key.trim()));
  // sshd refuses to start without its privilege-separation directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const options = [
    `HostKey=${hostKey}`,
    `Port=${port}`, // must precede ListenAddress, which takes its port from it
    ...listen.map((address) => `ListenAddress=${address}`),
    `PidFile=${join(dir, `${name}.pid`)}`,
    // UsePAM=no: Debian's sshd then checks the password against /etc/shadow
    // itself, which works (verified) and keeps PAM session modules out of the lab.
    'PasswordAuthentication=yes',
    'KbdInteractiveAuthentication=no',
    'PubkeyAuthentication=yes',
    'UsePAM=no',
    'StrictModes=no',
    'AuthorizedKeysFile=.ssh/authorized_keys',
    'PermitRootLogin=no',
    'LogLevel=VERBOSE',
    // SFTP clients (sftp, FileZilla) need the subsystem; sshd_config would name it, -f /dev/null does not.
    'Subsystem=sftp internal-sftp',
  ];
  // -f /dev/null: ignore the machine's sshd_config entirely; -e: log to stderr.
  const daemon = await startDaemon(
    name,
    '/usr/sbin/sshd',
    ['-D', '-e', '-f', '/dev/null', ...options.flatMap((option) => ['-o', option])],
    () => listen.every((address) => isListening(port, address.includes(':') ? 6 : 4)),
  );
  const stop = async (): Promise<void> => {
    await daemon.stop();
    await updateAuthorizedKeys([], { ns, name }).catch(() => undefined);
  };
  onStop(stop);
  const hostKeyPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return {
    port,
    user: LAB_USER,
    password: LAB_USER_PASSWORD,
    keyPath,
    keyWithPassphrasePath,
    keyPassphrase: LAB_KEY_PASSPHRASE,
    hostKeyPubPath: `${hostKey}.pub`,
    knownHostsLine: (hostAlias) => `${port === 22 ? hostAlias : `[${hostAlias}]:${port}`} ${hostKeyPub}`,
    stderrPath: daemon.stderrPath,
    stop,
  };
}

// ---------------------------------------------------------------- vsftpd

export interface VsftpdOptions {
  port: number;
  listen?: string;
  pasvMin?: number;
  pasvMax?: number;
  /** Run inside another namespace (see remote-host.ts): its argv prefix and a pid inside it. */
  netns?: { prefix: string[]; pid: number };
}

export interface Vsftpd {
  port: number;
  pasvMin: number;
  pasvMax: number;
  user: string;
  password: string;
  logPath: string;
  stop(): Promise<void>;
}

export async function startVsftpd({ port, listen = '127.0.0.1', pasvMin = 30000, pasvMax = 30009, netns }: VsftpdOptions): Promise<Vsftpd> {
  const { dir } = requireLab();
  await ensureLabUser();
  const name = instanceName('vsftpd');
  const emptyDir = join(dir, `${name}-empty`);
  await mkdir(emptyDir, { recursive: true, mode: 0o755 });
  const helloPath = join(LAB_USER_HOME, 'hello.txt');
  await writeFile(helloPath, 'hello from the sesame lab\n');
  await chown(helloPath, Number(await run('id', ['-u', LAB_USER])), Number(await run('id', ['-g', LAB_USER])));
  const v6 = listen.includes(':');
  const logPath = join(dir, `${name}.log`);
  const confPath = join(dir, `${name}.conf`);
  const conf = [
    // vsftpd's standalone mode listens on one family: listen= for IPv4, listen_ipv6= for IPv6.
    `listen=${v6 ? 'NO' : 'YES'}`,
    `listen_ipv6=${v6 ? 'YES' : 'NO'}`,
    `${v6 ? 'listen_address6' : 'listen_address'}=${listen}`,
    `listen_port=${port}`,
    'background=NO',
    'anonymous_enable=NO',
    'local_enable=YES',
    'write_enable=NO',
    'pasv_enable=YES',
    `pasv_min_port=${pasvMin}`,
    `pasv_max_port=${pasvMax}`,
    // The server's own address: the conntrack FTP helper ignores a PASV reply naming another one.
    `pasv_address=${v6 ? '127.0.0.1' : listen}`,
    // vsftpd 3.0.3's seccomp filter predates newer glibc syscalls and can kill
    // sessions with "500 OOPS"; the lab gains nothing from it.
    'seccomp_sandbox=NO',
    `secure_chroot_dir=${emptyDir}`,
    'tcp_wrappers=YES',
    // Debian's /etc/pam.d/vsftpd only denies /etc/ftpusers and requires a shell
    // from /etc/shells; LAB_USER passes both.
    'pam_service_name=vsftpd',
    'xferlog_enable=YES',
    'xferlog_std_format=NO',
    'log_ftp_protocol=YES',
    `vsftpd_log_file=${logPath}`,
    '',
  ].join('\n');
  await writeFile(confPath, conf);
  const argv = [...(netns?.prefix ?? []), '/usr/sbin/vsftpd', confPath];
  const daemon = await startDaemon(name, argv[0] as string, argv.slice(1), () => isListening(port, v6 ? 6 : 4, netns?.pid));
  onStop(daemon.stop);
  return { port, pasvMin, pasvMax, user: LAB_USER, password: LAB_USER_PASSWORD, logPath, stop: daemon.stop };
}

