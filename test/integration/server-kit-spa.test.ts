/**
 * The server kit's SPA side, for real: the access.conf stanza and the
 * nftables table that `sesame server-config` prints for an SPA profile are
 * loaded as printed (only the key placeholders filled in, as its comments
 * tell the admin) into Debian's fwknopd 2.6.10 and the lab's nft. Then
 * `sesame connect` (nothing else) gets through to sshd, and fwknopd's
 * CMD_CYCLE_CLOSE shuts the door again after CMD_CYCLE_TIMER.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFwknopd } from '../lab/fwknopd';
import { LAB_USER, isFiltered, requireLab, run, startSshd, stopAll, type Sshd } from '../lab/lab';
import { sesame } from '../support/cli';
import { eventually } from '../support/eventually';

const SSH_PORT = 2471;
const SPA_PORT = 62271;
const TIMEOUT_S = 3;
requireLab();
let home: string;
let sshd: Sshd;
const keyBase64 = randomBytes(32).toString('base64');
const hmacKeyBase64 = randomBytes(64).toString('base64');

async function cli(args: string[], input?: string) {
  const result = await sesame(args, { home, ...(input !== undefined ? { input } : {}) });
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-kit-spa-'));
  sshd = await startSshd({ port: SSH_PORT });
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('127.0.0.1')}\n`);
  const door = ['--door', 'spa', '--spa-access', `tcp/${SSH_PORT}`, '--spa-port', String(SPA_PORT), '--spa-allow-ip', '127.0.0.1'];
  await cli(['profiles', 'add', '--name', 'kitspa', '--host', '127.0.0.1', ...door, '--service', 'ssh', '--port', String(SSH_PORT), '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath]);
  await cli(['secret', 'set', 'kitspa', '--kind', 'spa-key', '--base64'], `${keyBase64}\n`);
  await cli(['secret', 'set', 'kitspa', '--kind', 'spa-hmac-key', '--base64'], `${hmacKeyBase64}\n`);
});

afterAll(async () => {
  await stopAll();
  await run('nft', ['delete', 'table', 'inet', 'sesame_kitspa']).catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
});

describe('server-config for an SPA profile, loaded into fwknopd and nft', () => {
  it('connect gets in through the printed stanza; CMD_CYCLE_CLOSE shuts the door after the timer', async () => {
    const base = ['server-config', 'kitspa', '--timeout', String(TIMEOUT_S)];
    const stanza = (await cli([...base, '--only', 'fwknopd'])).stdout;
    const ruleset = (await cli([...base, '--only', 'nftables'])).stdout;
    expect(stanza).toMatch(/^CMD_CYCLE_OPEN\s+\S*nft add element/m);
    expect(stanza).toMatch(new RegExp(`^CMD_CYCLE_TIMER\\s+${TIMEOUT_S}$`, 'm'));
    // The keys are never printed unless asked: the admin pastes them where the placeholders say.
    expect(stanza).not.toContain(keyBase64);
    const access = stanza.replace('PASTE_THE_ENCRYPTION_KEY_BASE64', keyBase64).replace('PASTE_THE_HMAC_KEY_BASE64', hmacKeyBase64);
    await run('nft', ['-f', '-'], ruleset);
    const table = /table inet (\S+)/.exec(ruleset)?.[1];
    expect(table).toBe('sesame_kitspa');
    // The kit's table drops the port; fwknopd only runs its commands (no rules of its own to guard with).
    const fwknopd = await startFwknopd({ stanzas: [], accessText: access, guardTcp: [], port: SPA_PORT });
    expect(await isFiltered(SSH_PORT)).toBe(true);

    const mark = fwknopd.mark();
    const connected = await sesame(['connect', 'kitspa', '--exec', 'echo kit-spa-$(whoami)'], { home });
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.stdout).toContain(`kit-spa-${LAB_USER}`);
    const log = await fwknopd.waitForLog(/CMD_CYCLE_OPEN|cmd_cycle_open|Running CMD_CYCLE_OPEN/i, mark);
    expect(log).toMatch(/SPA Packet from IP: 127\.0\.0\.1/);
    // After the timer fwknopd runs CMD_CYCLE_CLOSE: the address leaves the set and the port is dropped again.
    await fwknopd.waitForLog(/CMD_CYCLE_CLOSE|cmd_cycle_close/i, mark, 15_000);
    expect(await eventually(() => isFiltered(SSH_PORT), 5000)).toBe(true);
    expect(await run('nft', ['list', 'table', 'inet', table!])).not.toContain('127.0.0.1');
  });
});
