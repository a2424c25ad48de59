import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { requestSecret } from '../../../src-main/core/launcher/askpass-helper.mjs';
import { promptMatches, startAskpassServer } from '../../../src-main/core/launcher/askpass-server';
import { askpassWrapperScript, createAskpassProvider } from '../../../src-main/core/launcher/askpass-session';

const helperPath = join(dirname(fileURLToPath(import.meta.url)), '../../../src-main/core/launcher/askpass-helper.mjs');
const work = mkdtempSync(join(tmpdir(), 'sesame-askpass-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const secret = 'pa$$ w0rd "quoted" \'single\' ✓';
const passwordPrompt = "alice@192.0.2.10's password: ";

function start(overrides: Partial<Parameters<typeof startAskpassServer>[0]> = {}) {
  return startAskpassServer({ secret, kind: 'password', platform: 'linux', tmpDir: work, ...overrides });
}

function runHelper(program: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('askpass server', () => {
  it('lives in a 0700 directory and hands the secret out exactly once', async () => {
    const server = await start();
    expect(statSync(server.dir as string).mode & 0o777).toBe(0o700);
    expect(server.socketPath).toBe(join(server.dir as string, 'socket'));
    const first = await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: passwordPrompt });
    expect(first).toEqual({ ok: true, secret });
    const second = await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: passwordPrompt });
    expect(second.ok).toBe(false);
    expect(await server.outcome).toBe('delivered');
    expect(existsSync(server.dir as string)).toBe(false);
  });

  it('refuses a wrong token without consuming the right one, and gives up after repeated guesses', async () => {
    const server = await start({ maxFailures: 2 });
    expect(await requestSecret({ socketPath: server.socketPath, token: 'x'.repeat(43), prompt: passwordPrompt })).toEqual({
      ok: false,
      error: 'wrong token',
    });
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: passwordPrompt })).toEqual({ ok: true, secret });

    const guarded = await start({ maxFailures: 2 });
    await requestSecret({ socketPath: guarded.socketPath, token: 'a', prompt: passwordPrompt });
    await requestSecret({ socketPath: guarded.socketPath, token: 'b', prompt: passwordPrompt });
    expect(await guarded.outcome).toBe('refused');
    expect((await requestSecret({ socketPath: guarded.socketPath, token: guarded.token, prompt: passwordPrompt })).ok).toBe(false);
  });

  it('does not answer host-key questions or the other kind of secret, and keeps the token for the real prompt', async () => {
    const server = await start();
    const hostKey = 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';
    // `mismatch` tells the helper to ask on the terminal instead (askOnTerminal).
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: hostKey })).toMatchObject({ ok: false, mismatch: true });
    const passphrase = "Enter passphrase for key '/home/alice/.ssh/id_ed25519': ";
    expect((await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: passphrase })).ok).toBe(false);
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: '(alice@box) Password: ' })).toEqual({ ok: true, secret });
  });

  it('prompt matching', () => {
    expect(promptMatches('password', "u@h's password: ")).toBe(true);
    expect(promptMatches('password', 'Enter passphrase for key: ')).toBe(false);
    expect(promptMatches('passphrase', "Enter passphrase for key '/k': ")).toBe(true);
    expect(promptMatches('passphrase', "u@h's password: ")).toBe(false);
    expect(promptMatches('any', 'FTP password')).toBe(true);
    expect(promptMatches('any', 'Are you sure you want to continue connecting (yes/no)? ')).toBe(false);
  });

  it('expires: after the timeout the token is dead and the directory gone', async () => {
    const server = await start({ timeoutMs: 50 });
    expect(await server.outcome).toBe('expired');
    expect(existsSync(server.dir as string)).toBe(false);
    expect((await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: passwordPrompt })).ok).toBe(false);
  });

  it('close() ends it early', async () => {
    const server = await start();
    await server.close();
    expect(await server.outcome).toBe('closed');
    await server.close();
  });

  it('uses a random named pipe on Windows (name only; listening needs Windows)', () => {
    // The pipe name format is part of the contract with the helper; checked without listening.
    expect(`\\\\.\\pipe\\sesame-askpass-${'ab'.repeat(16)}`).toMatch(/^\\\\\.\\pipe\\sesame-askpass-[0-9a-f]{32}$/);
  });
});

describe('askpass helper program (real node, real server)', () => {
  it('prints the secret once, then fails the second time', async () => {
    const server = await start();
    const env = { SESAME_ASKPASS_SOCKET: server.socketPath, SESAME_ASKPASS_TOKEN: server.token };
    const first = await runHelper(process.execPath, [helperPath, passwordPrompt], env);
    expect(first).toEqual({ code: 0, stdout: `${secret}\n`, stderr: '' });
    const second = await runHelper(process.execPath, [helperPath, passwordPrompt], env);
    expect(second.code).not.toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/sesame-askpass: cannot reach Sesame/);
  });

  it('exits 2 without its variables and 1 on a wrong token', async () => {
    expect((await runHelper(process.execPath, [helperPath, 'p'], {})).code).toBe(2);
    const server = await start();
    const wrong = await runHelper(process.execPath, [helperPath, passwordPrompt], { SESAME_ASKPASS_SOCKET: server.socketPath, SESAME_ASKPASS_TOKEN: 'nope' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('wrong token');
    await server.close();
  });

  it('through the generated 0700 wrapper (what SSH_ASKPASS points at): secret once, no secret on disk', async () => {
    const provider = createAskpassProvider({ platform: 'linux', tmpDir: work, runtime: { execPath: process.execPath, helperPath } });
    const session = await provider(secret, 'password');
    expect(session.env.SSH_ASKPASS).toBe(session.programPath);
    expect(session.env.SSH_ASKPASS_REQUIRE).toBe('force');
    expect(statSync(session.programPath).mode & 0o777).toBe(0o700);
    expect(readFileSync(session.programPath, 'utf8')).not.toContain(secret);
    expect(JSON.stringify(session.env)).not.toContain(secret);
    const first = await runHelper(session.programPath, [passwordPrompt], session.env);
    expect(first).toMatchObject({ code: 0, stdout: `${secret}\n` });
    const second = await runHelper(session.programPath, [passwordPrompt], session.env);
    expect(second.code).not.toBe(0);
    await session.close();
  });

  it('wrapper script: runtime variables and paths are quoted', () => {
    expect(askpassWrapperScript({ execPath: "/Apps/Se same's/Sesame", runtimeEnv: { ELECTRON_RUN_AS_NODE: '1' }, helperPath: '/x/h.mjs' })).toBe(
      [
        '#!/bin/sh',
        '# Sesame askpass wrapper (one launch): asks Sesame for the secret once; holds none.',
        `ELECTRON_RUN_AS_NODE='1' exec '/Apps/Se same'\\''s/Sesame' '/x/h.mjs' "$@"`,
        '',
      ].join('\n'),
    );
    expect(() => askpassWrapperScript({ execPath: '/n', runtimeEnv: { 'A;B': '1' }, helperPath: '/h' })).toThrow();
  });

  it.runIf(process.platform === 'linux')('the running helper has the token but not the secret in its argv and environment', async () => {
    // A stand-in server that holds the request open while /proc is inspected.
    const dir = mkdtempSync(join(work, 'hold-'));
    const socketPath = join(dir, 's');
    let release!: () => void;
    const connected = new Promise<void>((resolve) => {
      const server = createServer((socket) => {
        socket.once('data', () => {
          resolve();
          release = () => {
            socket.end(`${JSON.stringify({ ok: true, secret })}\n`);
            server.close();
          };
        });
      });
      server.listen(socketPath);
    });
    const child = spawn(process.execPath, [helperPath, passwordPrompt], {
      env: { SESAME_ASKPASS_SOCKET: socketPath, SESAME_ASKPASS_TOKEN: 'tok' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await connected;
    const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
    expect(environ).toContain('SESAME_ASKPASS_TOKEN=tok');
    expect(environ).not.toContain(secret);
    expect(cmdline).not.toContain(secret);
    // /proc/PID/environ is readable by the owner only.
    expect(statSync(`/proc/${child.pid}/environ`).mode & 0o077).toBe(0);
    release();
    await new Promise((resolve) => child.once('exit', resolve));
    expect(stdout).toBe(`${secret}\n`);
  });
});
