// What the launch-*.test.ts files share: knockd doors in front of sshd/vsftpd,
// profiles that knock on them, and an app core that records connect progress.
import { randomBytes } from 'node:crypto';
import type { ConnectProgress } from '../../src-main/contract/features/connect';
import type { ProfileFieldsInput } from '../../src-main/contract/features/profiles';
import type { ConnectorDeps } from '../../src-main/core/connect/connector';
import { createKeyringSecretStore } from '../../src-main/core/secrets/keyring-secret-store';
import { createTestCore } from '../support/test-core';
import { startFirewall, startKnockd, type Knockd } from './lab';

export const SSH_PORT = 2222;
export const FTP_PORT = 2121;

/** Open and close sequences per service; knockd's doors are openSSH/closeSSH and openFTP/closeFTP. */
export const sequences = {
  ssh: { open: '7000,8000,9000', close: '9000,8000,7000' },
  ftp: { open: '7100,8100,9100', close: '9100,8100,7100' },
} as const;

/** nftables drops the ports; knockd opens one to the knocker and closes it again. */
export async function guardedPorts(services: ReadonlyArray<'ssh' | 'ftp'>): Promise<Knockd> {
  const ports = { ssh: SSH_PORT, ftp: FTP_PORT };
  const firewall = await startFirewall({ dropTcp: services.map((s) => ports[s]) });
  return startKnockd({
    doors: services.flatMap((s) => {
      const name = s.toUpperCase();
      return [
        { name: `open${name}`, sequence: sequences[s].open, seqTimeout: 5, command: firewall.insertAcceptCommand(ports[s], 4) },
        { name: `close${name}`, sequence: sequences[s].close, seqTimeout: 5, command: firewall.closeCommand(ports[s]) },
      ];
    }),
  });
}

const steps = (spec: string) => spec.split(',').map((port) => ({ port: Number(port), protocol: 'tcp' as const }));

/** A password profile for lab.sesame.test behind its service's door. */
export function doorProfile(name: string, kind: 'ssh' | 'sftp' | 'ftp', user: string, extra: Partial<ProfileFieldsInput> = {}): ProfileFieldsInput {
  const door = sequences[kind === 'ftp' ? 'ftp' : 'ssh'];
  return {
    name,
    host: 'lab.sesame.test',
    knock: { steps: steps(door.open), delayMs: 20 },
    closeSequence: { steps: steps(door.close), delayMs: 20 },
    service: { kind, port: kind === 'ftp' ? FTP_PORT : SSH_PORT, user },
    auth: { method: 'password' },
    ...extra,
  };
}

/** The app's core with the real Secret Service (a keyring service of its own) and `events` collecting connect progress. */
export function recordingCore(launcher: ConnectorDeps['launcher'], events: ConnectProgress[], onEvent?: (event: string, payload: unknown) => void) {
  return createTestCore({
    secrets: createKeyringSecretStore({ service: `Sesame-lab-${randomBytes(4).toString('hex')}` }),
    emit: (event, payload) => {
      if (event === 'connectProgress') events.push((payload as { event: ConnectProgress }).event);
      onEvent?.(event, payload);
    },
    launcher,
  });
}
