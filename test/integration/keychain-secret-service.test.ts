import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/core/secrets/keyring-secret-store';

// A service name of its own, so the user's real "Sesame" entries are never touched.
const service = `SesameTest-${randomBytes(4).toString('hex')}`;

describe('keychain (Secret Service via gnome-keyring in the lab)', () => {
  it('stores, reads back, replaces and deletes a secret', async () => {
    const store = createKeyringSecretStore({ service });
    const account = 'p_test:password';
    try {
      await store.set(account, 'first secret');
      expect(await store.get(account)).toBe('first secret');
      await store.set(account, 'second – ünïcode');
      expect(await store.get(account)).toBe('second – ünïcode');
      expect(await store.delete(account)).toBe(true);
      expect(await store.get(account)).toBeNull();
      expect(await store.delete(account)).toBe(false);
    } finally {
      await store.delete(account).catch(() => {});
    }
  });

  it('with no Secret Service on the bus, fails with a clear error instead of falling back', () => {
    // A child process, so this bus address cannot leak into the rest of the run.
    const code = `
      import { createKeyringSecretStore } from './src-main/core/secrets/keyring-secret-store.ts';
      const store = createKeyringSecretStore({ service: ${JSON.stringify(service)} });
      try { await store.set('p_x:password', 'never stored'); console.log('STORED'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/sesame-no-bus' },
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { code: string; message: string };
    expect(result.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(result.message).toMatch(/No Secret Service is available.*gnome-keyring/);
  });
});
