import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFtpModeChecker, passivePort } from '../../../src-main/core/connect/ftp-mode-check';

// A scripted FTP control server on 127.0.0.1 (an ephemeral port this test opens itself).
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  sockets.splice(0).forEach((s) => s.destroy());
  servers.splice(0).forEach((s) => s.close());
});

function ftpServer(onLine: (line: string, reply: (text: string) => void) => void, greeting = '220 hi\r\n'): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.write(greeting);
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\r\n').filter(Boolean)) onLine(line, (text) => socket.write(text));
      });
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

const target = { host: 'localhost', address: '127.0.0.1', family: 4 as const };

describe('FTP mode check', () => {
  it('reads passive ports from PASV and EPSV replies', () => {
    expect(passivePort({ code: 227, text: '227 Entering Passive Mode (127,0,0,1,117,48).' })).toBe(30000);
    expect(passivePort({ code: 229, text: '229 Entering Extended Passive Mode (|||30001|)' })).toBe(30001);
    expect(passivePort({ code: 500, text: '500 no' })).toBeUndefined();
  });

  it('gives up at its deadline when the server stalls after the password, keeping passive mode', async () => {
    const port = await ftpServer((line, reply) => {
      if (line.startsWith('USER')) reply('331 password please\r\n');
      // PASS: never answered, as with a hung PAM/LDAP lookup.
    });
    const verdict = await createFtpModeChecker()({ target, port, user: 'u', password: 'p', timeoutMs: 300 });
    expect(verdict).toMatchObject({ mode: 'passive' });
    expect(verdict.reason).toMatch(/could not be tested/);
  });

  it('is cancelled by the run signal', async () => {
    const port = await ftpServer(() => undefined);
    const controller = new AbortController();
    const pending = createFtpModeChecker()({ target, port, user: 'u', password: 'p', timeoutMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await pending).mode).toBe('passive');
  });

  it('falls back to passive when the server drops the control connection', async () => {
    const port = await ftpServer((_line, _reply) => sockets.at(-1)?.destroy());
    expect((await createFtpModeChecker()({ target, port, user: 'u', password: 'p' })).mode).toBe('passive');
  });
});
