// A login of its own for one test file, with a random password. The machine's
// accounts are shared by every lab run on it (several engineers, CI): changing
// the common lab user's password would break another run's login half-way.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onStop, run } from './lab-core';

export interface LabLogin {
  name: string;
  password: string;
  home: string;
  uid: number;
}

let counter = 0;

/** Users left by lab runs that no longer exist (a crashed run never removed its own). */
async function removeStale(): Promise<void> {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const m = /^(sl(\d+)x\d+):/.exec(line);
    if (m && !existsSync(`/proc/${m[2]}`)) await run('userdel', ['-r', '-f', m[1] as string]).catch(() => undefined);
  }
}

export async function createLabLogin(): Promise<LabLogin> {
  await removeStale();
  counter += 1;
  // ≤ 32 characters, a plain POSIX name (what Sesame's user rule accepts).
  const name = `sl${process.pid}x${counter}`;
  const home = `/home/${name}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  await run('useradd', ['-m', '-d', home, '-s', '/bin/bash', name]);
  onStop(async () => {
    await run('userdel', ['-r', '-f', name]).catch(() => undefined);
  });
  await run('chpasswd', [], `${name}:${password}\n`);
  const uid = Number(await run('id', ['-u', name]));
  const gid = Number(await run('id', ['-g', name]));
  // What the FTP tests list and fetch.
  const hello = join(home, 'hello.txt');
  await writeFile(hello, 'hello from the sesame lab\n');
  await chown(hello, uid, gid);
  return { name, password, home, uid };
}
