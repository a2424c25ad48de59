/**
 * The SPA door in the product, end to end: a .fwknoprc made by Debian's
 * `fwknop --key-gen --save-rc-stanza` is imported by `sesame profiles import`
 * (keys into the lab's real gnome-keyring), and `sesame connect --exec` sends
 * the packet to Debian's fwknopd 2.6.10 in real mode, waits for the guarded
 * sshd, logs in and runs the command; fwknopd (not Sesame) closes the door
 * when the client timeout ends. A wrong key is diagnosed as spa-filtered.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyGen } from '../../src-main/core/spa/keys';
import { sesame } from '../support/cli';
import { eventually } from '../support/eventually';
import { fwknopClient, startFwknopd, type Fwknopd } from '../lab/fwknopd';
import { LAB_USER, requireLab, startSshd, stopAll, type Sshd, isFiltered } from '../lab/lab';

const SSH_PORT = 2461;
const SPA_PORT = 62241;
const CLIENT_TIMEOUT_S = 3;
let home: string;
let sshd: Sshd;
let fwknopd: Fwknopd;
let rcPath: string;


beforeAll(async () => {
  requireLab();
  home = await mkdtemp(join(tmpdir(), 'sesame-spa-connect-'));
  sshd = await startSshd({ port: SSH_PORT });
  rcPath = join(home, 'fwknoprc');
  await writeFile(rcPath, '', { mode: 0o600 });
  // What a user does on their desktop: fwknop makes the keys and saves the stanza.
  await fwknopClient(
    ['--rc-file', rcPath, '--key-gen', '--save-rc-stanza', '-n', 'labspa', '-D', '127.0.0.1', '-A', `tcp/${SSH_PORT}`, '-a', '127.0.0.1', '-p', String(SPA_PORT), '-f', String(CLIENT_TIMEOUT_S)],
    home,
  );
  const keys = parseKeyGen((await readFile(rcPath, 'utf8')).replace(/^(KEY_BASE64|HMAC_KEY_BASE64)\s+/gm, '$1: '));
  expect(keys.keyBase64 && keys.hmacKeyBase64, 'fwknop saved both keys').toBeTruthy();
  fwknopd = await startFwknopd({
    stanzas: [{ keyBase64: keys.keyBase64!, hmacKeyBase64: keys.hmacKeyBase64!, accessTimeoutS: 30 }],
    guardTcp: [SSH_PORT],
    port: SPA_PORT,
  });
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('127.0.0.1')}\n`);
});

afterAll(async () => {
  await stopAll();
  await rm(home, { recursive: true, force: true });
});

describe('sesame connect with an SPA profile imported from .fwknoprc (real fwknopd, sshd, gnome-keyring)', () => {
  it('imports the stanza as a working SPA profile with its keys in the keychain', async () => {
    const preview = await sesame(['profiles', 'import', rcPath, '--format', 'fwknoprc'], { home });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^new\s+labspa\s+\[keys will be stored in the keychain\] → import$/m);
    const applied = await sesame(['profiles', 'import', rcPath, '--format', 'fwknoprc', '--apply'], { home });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/Imported 1, .* 2 secret\(s\) stored in the keychain/);
    // The login is the user's own choice (the stanza only knows the SPA side).
    const edited = await sesame(['profiles', 'edit', 'labspa', '--service', 'ssh', '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath], { home });
    expect(edited.code, edited.stderr).toBe(0);
    const shown = await sesame(['profiles', 'show', 'labspa'], { home });
    expect(shown.stdout).toMatch(new RegExp(`door:\\s+SPA \\(fwknop\\) udp/${SPA_PORT}, access tcp/${SSH_PORT}, allow IP 127\\.0\\.0\\.1, timeout ${CLIENT_TIMEOUT_S} s`));
    expect(shown.stdout).toMatch(/SPA keys:\s+encryption: yes\s+HMAC: yes/);
  });

  it('the keys stay back after the login changed, until the destination is confirmed; nothing is sent meanwhile', async () => {
    const mark = fwknopd.mark();
    const refused = await sesame(['connect', 'labspa', '--exec', 'true'], { home });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/SPA encryption key and SPA HMAC key .* was saved for 127\.0\.0\.1:2461.*Nothing was sent/s);
    expect(fwknopd.log().slice(mark)).not.toMatch(/SPA Packet from IP/);
  });

  it('sends the packet, fwknopd opens, ssh logs in and runs the command; fwknopd closes after the client timeout', async () => {
    expect(await isFiltered(SSH_PORT)).toBe(true);
    const mark = fwknopd.mark();
    const run = await sesame(['connect', 'labspa', '--confirm-destination', '--exec', 'echo spa-hello-from-$(whoami)'], { home });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`spa-hello-from-${LAB_USER}`);
    expect(run.stderr).toMatch(/open after \d+ ms/);
    // No close sequence for an SPA door: fwknopd closes it.
    expect(run.stderr).not.toMatch(/door closed/);
    const log = await fwknopd.waitForLog(/Added access rule/, mark);
    expect(log).toMatch(/SPA Packet from IP: 127\.0\.0\.1/);
    // Type 3 (access + client timeout) from the imported FW_TIMEOUT.
    expect(log).toMatch(new RegExp(`Client Timeout:\\s+${CLIENT_TIMEOUT_S}\\b`));
    expect(log).toMatch(new RegExp(`Added access rule .* tcp/${SSH_PORT}`));
    await fwknopd.waitForLog(/Removed rule/, mark, 15_000);
    expect(await eventually(() => isFiltered(SSH_PORT), 5000)).toBe(true);
  });

  it('a second connect sends a fresh packet (fwknopd accepts it: no replay)', async () => {
    const mark = fwknopd.mark();
    const run = await sesame(['connect', 'labspa', '--exec', 'echo again'], { home });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('again');
    expect(fwknopd.log().slice(mark)).not.toMatch(/Replay detected/);
  });

  it('a wrong HMAC key: fwknopd refuses it, the port stays shut, and the run is diagnosed as spa-filtered', async () => {
    // The previous connect's door first closes by itself (client timeout).
    expect(await eventually(() => isFiltered(SSH_PORT), 15_000)).toBe(true);
    const wrong = Buffer.alloc(64, 7).toString('base64');
    const set = await sesame(['secret', 'set', 'labspa', '--kind', 'spa-hmac-key', '--base64'], { home, input: `${wrong}\n` });
    expect(set.code, set.stderr).toBe(0);
    await sesame(['profiles', 'edit', 'labspa', '--timeout', '1.5'], { home });
    const mark = fwknopd.mark();
    const run = await sesame(['connect', 'labspa', '--exec', 'true'], { home });
    expect(run.code).toBe(10);
    expect(run.stderr).toMatch(/spa-filtered|SPA/);
    await fwknopd.waitForLog(/HMAC_COMPAREFAIL|Non-corresponding HMAC|HMAC/i, mark);
    expect(await isFiltered(SSH_PORT)).toBe(true);
  });
});
