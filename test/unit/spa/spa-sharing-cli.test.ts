import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import { createSecretCommand } from '../../../src-main/cli/commands/secret';
import type { CliIo } from '../../../src-main/cli/io';
import { decodeBound } from '../../../src-main/core/secrets/bound-secret';
import { secretAccount } from '../../../src-main/core/secrets/secret-store';
import { importFwknoprc } from '../../../src-main/core/sharing/importers/fwknoprc';
import { previewImport } from '../../../src-main/core/sharing/preview';
import { buildExport, readSesameFile } from '../../../src-main/core/sharing/sesame-file';
import { fields, makeService } from '../profiles/helpers';

function io(input?: string) {
  const stdin = new PassThrough();
  if (input !== undefined) stdin.end(input);
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), stdin, stdinIsTTY: false, env: {} };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

// What `fwknop --key-gen --save-rc-stanza` writes, plus a [default] and a hand-written stanza.
const KEY = 'wzNP62oPPgEc+kXDPQLHPOayQBuNbYUTPP+QrErNDmg=';
const HMAC = 'Yh+xizBnl6FotC5ec7FanVGClRMlsOAPagcF/+xOLkA=';
const rc = `[default]
SPA_SERVER_PORT           40001
DIGEST_TYPE               sha512
VERBOSE                   Y

[web]
SPA_SERVER                web.example.com
ACCESS                    tcp/2222
ALLOW_IP                  203.0.113.7
FW_TIMEOUT                45
SPOOF_USER                deploy
KEY_BASE64                ${KEY}
HMAC_KEY_BASE64           ${HMAC}
USE_HMAC                  Y

[ftp]
SPA_SERVER                192.0.2.10
ACCESS                    tcp/21
ALLOW_IP                  resolve
KEY                       typed-encryption-key
USE_GPG                   Y
SPA_SERVER_PORT           bad
`;

describe('.fwknoprc import → working SPA profiles', () => {
  it('one SPA profile per stanza, [default] under it, every fwknop setting in the profile', () => {
    const prepared = importFwknoprc(rc);
    expect(prepared.candidates.map((c) => c.fields.name)).toEqual(['web', 'ftp']);
    const [web, ftp] = prepared.candidates;
    expect(web!.fields).toMatchObject({
      host: 'web.example.com', door: 'spa', addressFamily: 'ipv4', service: { kind: 'custom', port: 2222 },
      spa: { serverPort: 40001, access: 'tcp/2222', allowIp: '203.0.113.7', clientTimeoutS: 45, user: 'deploy', digest: 'sha512', hmac: 'sha256' },
    });
    expect(ftp!.fields).toMatchObject({ host: '192.0.2.10', door: 'spa', service: { kind: 'ftp', port: 21 }, spa: { allowIp: 'source' } });
  });

  it('keys go to the keychain offer (as base64 of their bytes), never into fields, notes or warnings', () => {
    const prepared = importFwknoprc(rc);
    const [web, ftp] = prepared.candidates;
    expect(web!.secrets).toEqual({ 'spa-key': KEY, 'spa-hmac-key': HMAC });
    expect(ftp!.secrets).toEqual({ 'spa-key': Buffer.from('typed-encryption-key').toString('base64') });
    const visible = JSON.stringify({ fields: prepared.candidates.map((c) => c.fields), warnings: prepared.warnings });
    expect(visible).not.toContain(KEY.slice(0, 20));
    expect(visible).not.toContain('typed-encryption-key');
    expect(visible).not.toContain(HMAC.slice(0, 20));
  });

  it('nothing is lost silently: each unused or refused line is a warning with stanza and line, and in the notes', () => {
    const prepared = importFwknoprc(rc);
    const text = prepared.warnings.join('\n');
    expect(text).toMatch(/\[web\] line 4: VERBOSE Y: not used by Sesame/);
    expect(text).toMatch(/\[ftp\] line 21: USE_GPG: GnuPG-encrypted SPA is not supported/);
    expect(text).toMatch(/\[ftp\] line 22: SPA_SERVER_PORT: must be a whole number/);
    expect(text).toMatch(/\[ftp\]: ALLOW_IP resolve without RESOLVE_URL: imported as "source"/);
    expect(text).toMatch(/SPA keys will be stored in the keychain/);
    expect(prepared.candidates[1]!.fields.notes).toMatch(/USE_GPG/);
  });

  it('the preview offers the keys; applying stores them bound to the destination, and the profile says so', async () => {
    const { service, secrets, store, dir } = makeService();
    const file = join(dir, 'fwknoprc');
    writeFileSync(file, rc);
    const preview = io();
    const context = () => ({ profiles: service, secrets, homedir: dir, now: Date.now });
    expect(await runProfiles(['import', file], preview.io, context)).toBe(0);
    expect(preview.out()).toMatch(/^new\s+web\s+\[keys will be stored in the keychain\] → import$/m);
    expect(preview.out()).toMatch(/^new\s+ftp\s+\[key will be stored in the keychain\] → import$/m);
    expect(previewImport(await store.read(), importFwknoprc(rc))[0]!.offersSecrets).toEqual(['spa-key', 'spa-hmac-key']);
    const applied = io();
    expect(await runProfiles(['import', file, '--apply'], applied.io, context)).toBe(0);
    expect(applied.out()).toMatch(/Imported 2, replaced 0, skipped 0; 3 secret\(s\) stored in the keychain/);
    const web = await service.resolve('web');
    expect(web).toMatchObject({ hasSpaKey: true, hasSpaHmacKey: true });
    expect(decodeBound(secrets.entries.get(secretAccount(web.id, 'spa-key'))!)).toEqual({ secret: KEY, boundTo: { host: 'web.example.com', port: 2222 } });
    const shown = io();
    expect(await runProfiles(['show', 'web'], shown.io, context)).toBe(0);
    expect(shown.out()).toMatch(/door:\s+SPA \(fwknop\) udp\/40001, access tcp\/2222, allow IP 203\.0\.113\.7, user deploy, timeout 45 s/);
    expect(shown.out()).toMatch(/SPA keys:\s+encryption: yes\s+HMAC: yes/);
    expect(shown.out()).not.toContain(KEY);
  });
});

describe('.sesame export of SPA profiles', () => {
  it('carries SPA keys only inside the passphrase-encrypted block; a plain export never', async () => {
    const { service } = makeService();
    const p = await service.create(fields({ door: 'spa', knock: undefined, spa: { access: 'tcp/22' } as never }));
    await service.setSecret(p.id, 'spa-key', KEY, 'base64');
    await service.setSecret(p.id, 'spa-hmac-key', HMAC, 'base64');
    const profile = await service.get(p.id);
    const readSecrets = async () => ({ 'spa-key': (await service.readSecretForExport(profile, 'spa-key'))!, 'spa-hmac-key': (await service.readSecretForExport(profile, 'spa-hmac-key'))! });
    const plain = await buildExport([profile], { now: Date.now });
    expect(plain.text).not.toContain(KEY);
    expect(plain.text).not.toMatch(/hasSpaKey|credentials/);
    expect(plain.text).toMatch(/"door": "spa"/);
    const locked = await buildExport([profile], { now: Date.now, passphrase: 'correct horse battery', readSecrets });
    expect(locked.text).not.toContain(KEY);
    expect(locked.text).not.toContain(HMAC);
    const back = await readSesameFile(locked.text, 'correct horse battery');
    expect(back.candidates[0]!.secrets).toEqual({ 'spa-key': KEY, 'spa-hmac-key': HMAC });
    expect(back.candidates[0]!.fields).toMatchObject({ door: 'spa', spa: { access: 'tcp/22' } });
    expect((await readSesameFile(plain.text)).candidates[0]!.secrets).toEqual({});
  });
});

describe('CLI: SPA profiles and keys', () => {
  it('profiles add/edit take the SPA flags; bad values name the flag or field', async () => {
    const { service, secrets, dir } = makeService();
    const context = () => ({ profiles: service, secrets, homedir: dir, now: Date.now });
    const add = io();
    expect(await runProfiles(['add', '--name', 'gw', '--host', 'gw.example.org', '--door', 'spa', '--spa-access', 'tcp/22', '--spa-port', '40002', '--spa-proto', 'tcp', '--spa-timeout', '60', '--spa-hmac', 'sha512', '--json'], add.io, context)).toBe(0);
    expect(JSON.parse(add.out())).toMatchObject({ door: 'spa', spa: { access: 'tcp/22', serverPort: 40002, serverProto: 'tcp', clientTimeoutS: 60, hmac: 'sha512' } });
    const edit = io();
    expect(await runProfiles(['edit', 'gw', '--spa-timeout', '', '--spa-allow-ip', '198.51.100.4', '--spa-time-offset=-5m', '--json'], edit.io, context), edit.err()).toBe(0);
    const edited = JSON.parse(edit.out());
    expect(edited.spa).toMatchObject({ allowIp: '198.51.100.4', timeOffsetS: -300, serverPort: 40002 });
    expect(edited.spa.clientTimeoutS).toBeUndefined();
    const bad = io();
    expect(await runProfiles(['edit', 'gw', '--spa-access', 'ssh'], bad.io, context)).toBe(2);
    expect(bad.err()).toMatch(/spa\.access: must be proto\/port/);
  });

  it('secret set --kind spa-key reads stdin (never argv); --base64 takes raw bytes; errors name the fix', async () => {
    const { service, secrets, dir } = makeService();
    const p = await service.create(fields({ door: 'spa', knock: undefined }));
    const command = createSecretCommand(() => ({ profiles: service, secrets, homedir: dir, now: Date.now }));
    const raw = Buffer.from([0, 255, 7, 9]).toString('base64');
    expect(await command.run(['set', 'Prod DB', '--kind', 'spa-key', '--base64'], io(`${raw}\n`).io)).toBe(0);
    expect(decodeBound(secrets.entries.get(secretAccount(p.id, 'spa-key'))!).secret).toBe(raw);
    expect(await command.run(['set', 'Prod DB', '--kind', 'spa-hmac-key'], io('my hmac key\n').io)).toBe(0);
    expect(decodeBound(secrets.entries.get(secretAccount(p.id, 'spa-hmac-key'))!).secret).toBe(Buffer.from('my hmac key').toString('base64'));
    const argv = io();
    expect(await command.run(['set', 'Prod DB', 'secretvalue', '--kind', 'spa-key'], argv.io)).toBe(2);
    const notB64 = io('*** not base64 ***\n');
    expect(await command.run(['set', 'Prod DB', '--kind', 'spa-key', '--base64'], notB64.io)).not.toBe(0);
    expect(notB64.err()).toMatch(/not base64.*fwknop --key-gen/);
    expect(await command.run(['set', 'Prod DB', '--base64'], io('pw\n').io)).toBe(2);
  });
});
