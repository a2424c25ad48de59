import { describe, expect, it } from 'vitest';
import { defaultServerConfigForm, serverConfigCommand, serverConfigRequest } from '../../../src-renderer/src/lib/server-config-form';

const form = (patch: Partial<typeof defaultServerConfigForm>) => ({ ...defaultServerConfigForm, ...patch });

describe('server config panel: fields to request', () => {
  it('sends only what the user set, trimmed; addresses split on spaces and commas imply TCP wrappers', () => {
    expect(serverConfigRequest(defaultServerConfigForm)).toEqual({ request: { firewall: 'nftables' } });
    expect(serverConfigRequest(form({ firewall: 'iptables', interface: ' ens3 ', timeout: '45', allowFrom: '203.0.113.7, 198.51.100.0/24', passiveRange: '50000 - 50010' }))).toEqual({
      request: { firewall: 'iptables', interface: 'ens3', timeoutSeconds: 45, tcpWrappers: true, allowFrom: ['203.0.113.7', '198.51.100.0/24'], passiveRange: { min: 50_000, max: 50_010 } },
    });
    expect(serverConfigRequest(form({ tcpWrappers: true }))).toEqual({ request: { firewall: 'nftables', tcpWrappers: true } });
  });

  it('names the field the contract would refuse', () => {
    for (const timeout of ['soon', '0', '86401', '1.5', '-3']) expect(serverConfigRequest(form({ timeout })), timeout).toEqual({ error: { field: 'timeout', key: 'timeout' } });
    for (const passiveRange of ['50000', '50000-', 'a-b']) expect(serverConfigRequest(form({ passiveRange })), passiveRange).toEqual({ error: { field: 'passiveRange', key: 'passiveRange' } });
    expect(serverConfigRequest(form({ allowFrom: Array.from({ length: 33 }, (_, i) => `10.0.0.${i}`).join(' ') }))).toEqual({ error: { field: 'allowFrom', key: 'allowFrom' } });
  });
});

describe('server config panel: the equivalent sesame server-config line', () => {
  const profile = { id: 'p-1', name: 'db primary' };
  it('uses the CLI flags, quoted for the shell', () => {
    expect(serverConfigCommand(profile, { firewall: 'nftables' }, 'linux')).toBe("sesame server-config 'db primary'");
    expect(
      serverConfigCommand(profile, { firewall: 'iptables', interface: 'ens3', timeoutSeconds: 45, tcpWrappers: true, allowFrom: ['203.0.113.*'], passiveRange: { min: 50_000, max: 50_010 } }, 'linux'),
    ).toBe("sesame server-config 'db primary' --firewall iptables --interface ens3 --timeout 45 --allow-from '203.0.113.*' --pasv-range 50000-50010");
    expect(serverConfigCommand(profile, { firewall: 'nftables', tcpWrappers: true }, 'win32')).toBe('sesame server-config "db primary" --tcp-wrappers');
  });
});
