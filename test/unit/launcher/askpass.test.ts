import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lftpQuote, requestSecret, runAskpassHelper } from '../../../src-main/core/launcher/askpass-helper.mjs';
import { isHostKeyQuestion, parseHostKeyQuestion, promptMatches, type PromptExpectation } from '../../../src-main/core/launcher/askpass-prompts';
import { startAskpassServer } from '../../../src-main/core/launcher/askpass-server';
import { askpassWrapperScript, createAskpassProvider, isNoexec } from '../../../src-main/core/launcher/askpass-session';

const helperPath = join(dirname(fileURLToPath(import.meta.url)), '../../../src-main/core/launcher/askpass-helper.mjs');
const work = mkdtempSync(join(tmpdir(), 'sesame-askpass-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const secret = 'pa$$ w0rd "quoted" \'single\' ✓';
const passwordPrompt = "alice@box.example.org's password: ";
const expectAlice: PromptExpectation = { kind: 'password', user: 'alice', hosts: ['box.example.org'] };

function start(overrides: Partial<Parameters<typeof startAskpassServer>[0]> = {}) {
  return startAskpassServer({ secret, expect: expectAlice, platform: 'linux', tmpDir: work, ...overrides });
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
    const refused: string[] = [];
    const server = await start({ hooks: { onRefused: (prompt) => refused.push(prompt) } });
    const hostKey = 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';
    // `mismatch` tells the helper to ask on the terminal instead (askOnTerminal).
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: hostKey })).toMatchObject({ ok: false, mismatch: true });
    const passphrase = "Enter passphrase for key '/home/alice/.ssh/id_ed25519': ";
    expect((await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: passphrase })).ok).toBe(false);
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: '(alice@box.example.org) Password: ' })).toEqual({ ok: true, secret });
    // The passphrase prompt was reported as refused; the host-key question is not a secret prompt.
    expect(refused).toEqual([passphrase]);
  });

  it("refuses a ProxyJump hop's and a foreign prompt, reports them, and still answers the destination's", async () => {
    const refused: string[] = [];
    const server = await start({ hooks: { onRefused: (prompt) => refused.push(prompt) } });
    const ask = (prompt: string) => requestSecret({ socketPath: server.socketPath, token: server.token, prompt });
    expect(await ask("jump@bastion.other.example's password: ")).toMatchObject({ ok: false, mismatch: true });
    expect(await ask('Password for root@evil: ')).toMatchObject({ ok: false, mismatch: true });
    expect(await ask("mallory@box.example.org's password: ")).toMatchObject({ ok: false, mismatch: true });
    expect(await ask(passwordPrompt)).toEqual({ ok: true, secret });
    expect(refused).toEqual(["jump@bastion.other.example's password: ", 'Password for root@evil: ', "mallory@box.example.org's password: "]);
  });

  it('asks the run about a host key (the app dialog, the CLI terminal) and answers ssh with its yes/no', async () => {
    const asked: unknown[] = [];
    const question =
      "The authenticity of host '[box.example.org]:2222 ([192.0.2.10]:2222)' can't be established.\n" +
      'ED25519 key fingerprint is SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s.\n' +
      'This key is not known by any other names.\n' +
      'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';
    let trust = true;
    const server = await start({ hooks: { confirmHostKey: async (q) => (asked.push(q), trust) } });
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: question })).toEqual({ ok: true, answer: 'yes' });
    trust = false;
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: question })).toEqual({ ok: true, answer: 'no' });
    expect(asked[0]).toMatchObject({ host: '[box.example.org]:2222', keyType: 'ED25519', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' });
    // The question did not spend the token: the password still goes to its prompt.
    expect(await requestSecret({ socketPath: server.socketPath, token: server.token, prompt: passwordPrompt })).toEqual({ ok: true, secret });
  });

  it("prompt matching: only OpenSSH's exact forms for the expected user@host (HostKeyAlias, IPv6, port)", () => {
    const v6: PromptExpectation = { kind: 'password', user: 'alice', hosts: ['[2001:db8::7]:2222'] };
    const aliased: PromptExpectation = { kind: 'password', user: 'alice', hosts: ['[box.example.org]:2222'] };
    expect(promptMatches(aliased, "alice@[box.example.org]:2222's password: ")).toBe(true);
    expect(promptMatches(aliased, '(alice@[box.example.org]:2222) Password: ')).toBe(true);
    expect(promptMatches(aliased, "alice@box.example.org's password: ")).toBe(false);
    expect(promptMatches(v6, "alice@[2001:db8::7]:2222's password: ")).toBe(true);
    expect(promptMatches(v6, "alice@2001:db8::7's password: ")).toBe(false);
    // OpenSSH before 8.0 truncated the user to 30 and the host to 128 characters.
    const longUser = 'a'.repeat(40);
    expect(promptMatches({ kind: 'password', user: longUser, hosts: ['h'] }, `${'a'.repeat(30)}@h's password: `)).toBe(true);
    // Keyboard-interactive: the server's own prompt must be a password question, not a code or a change.
    expect(promptMatches(aliased, '(alice@[box.example.org]:2222) Verification code: ')).toBe(false);
    expect(promptMatches(aliased, '(alice@[box.example.org]:2222) New password: ')).toBe(false);
    expect(promptMatches(aliased, 'Password: ')).toBe(false); // OpenSSH 8.4's bare kbd-int prompt: indistinguishable from a hop's
    // No user in the profile: ssh picks it; any login at exactly the expected host.
    const anyUser: PromptExpectation = { kind: 'password', hosts: ['box'] };
    expect(promptMatches(anyUser, "me@box's password: ")).toBe(true);
    expect(promptMatches(anyUser, "me@bastion's password: ")).toBe(false);
    expect(promptMatches(anyUser, "a@b@box's password: ")).toBe(false);
    // Passphrases: the chosen key only.
    expect(promptMatches({ kind: 'passphrase', keyFile: '/k/id' }, "Enter passphrase for key '/k/id': ")).toBe(true);
    expect(promptMatches({ kind: 'passphrase', keyFile: '/k/id' }, "Enter passphrase for key '/k/other': ")).toBe(false);
    expect(promptMatches({ kind: 'passphrase', keyFile: '/k/id' }, "alice@h's password: ")).toBe(false);
    expect(promptMatches({ kind: 'lftp', user: 'alice' }, 'sesame-lftp-login alice')).toBe(true);
    expect(promptMatches({ kind: 'lftp', user: 'alice' }, "alice@h's password: ")).toBe(false);
    expect(isHostKeyQuestion('Are you sure you want to continue connecting (yes/no)? ')).toBe(true);
    expect(promptMatches(expectAlice, 'Are you sure you want to continue connecting (yes/no)? ')).toBe(false);
    expect(parseHostKeyQuestion('x\u001b[31m')).toEqual({ text: 'x[31m' });
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
    const session = await provider.start(secret, expectAlice);
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
    expect(existsSync(session.programPath)).toBe(false);
  });

  it('puts the wrapper where programs may run: a noexec folder is skipped, and refused before knocking when all are', async () => {
    const mounts = [
      '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
      '30 22 0:30 / /tmp rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw',
      '31 22 0:31 / /home/jane\\040doe/.config rw,noexec - tmpfs tmpfs rw',
    ].join('\n');
    expect(isNoexec('/tmp/sesame-askpass-1', mounts)).toBe(true);
    expect(isNoexec('/tmpx', mounts)).toBe(false);
    expect(isNoexec('/home/jane doe/.config/Sesame/run', mounts)).toBe(true);
    expect(isNoexec('/home/jane/.config/Sesame/run', mounts)).toBe(false);
    const runtime = { execPath: process.execPath, helperPath };
    const runDir = '/home/jane/.config/Sesame/run';
    const fine = createAskpassProvider({ platform: 'linux', tmpDir: '/tmp', runtime, wrapperDirs: [runDir, '/tmp'], readMountInfo: async () => mounts });
    expect((await fine.preflight()).programPath.startsWith(`${runDir}/`)).toBe(true);
    const blocked = createAskpassProvider({ platform: 'linux', tmpDir: '/tmp', runtime, wrapperDirs: ['/tmp'], readMountInfo: async () => mounts });
    await expect(blocked.preflight()).rejects.toThrow(/mounted noexec: ssh could not run Sesame's password helper/);
    const windows = createAskpassProvider({ platform: 'win32', tmpDir: 'C:\\t', runtime });
    await expect(windows.preflight()).rejects.toThrow(/no askpass executable/);
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

  it.runIf(process.platform === 'linux')('the running helper (started as ssh starts it) has the token but not the secret in its argv and environment', async () => {
    // The environment the launcher gives ssh comes from the real provider; only the socket is
    // swapped for a stand-in that holds the request open while /proc is inspected.
    const provider = createAskpassProvider({ platform: 'linux', tmpDir: work, runtime: { execPath: process.execPath, helperPath } });
    const session = await provider.start(secret, expectAlice);
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
    const child = spawn(session.programPath, [passwordPrompt], {
      env: { PATH: process.env.PATH ?? '', ...session.env, SESAME_ASKPASS_SOCKET: socketPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    await connected;
    // The wrapper exec()s the helper: same pid.
    const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain(helperPath);
    expect(environ).toContain(`SESAME_ASKPASS_TOKEN=${session.env.SESAME_ASKPASS_TOKEN}`);
    expect(environ).not.toContain(secret);
    expect(cmdline).not.toContain(secret);
    // /proc/PID/environ is readable by the owner only.
    expect(statSync(`/proc/${child.pid}/environ`).mode & 0o077).toBe(0);
    release();
    await new Promise((resolve) => child.once('exit', resolve));
    expect(stdout).toBe(`${secret}\n`);
    await session.close();
  });
});

describe('askpass helper modes', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } };
  };

  it('lftp mode prints the login as an lftp command, quoted for lftp; without the secret, a bare user so lftp asks', async () => {
    const server = await startAskpassServer({ secret: 'p"w\\x y', expect: { kind: 'lftp', user: 'alice' }, platform: 'linux', tmpDir: work });
    const env = { SESAME_ASKPASS_SOCKET: server.socketPath, SESAME_ASKPASS_TOKEN: server.token };
    const first = io();
    expect(await runAskpassHelper({ argv: ['--lftp', 'alice'], env, ...first })).toBe(0);
    expect(first.out.stdout).toBe('user "alice" "p\\"w\\\\x y"\n');
    const second = io();
    expect(await runAskpassHelper({ argv: ['--lftp', 'alice'], env, ...second })).toBe(0);
    expect(second.out.stdout).toBe('user "alice"\n');
    expect(second.out.stderr).toMatch(/lftp will ask for the password/);
    expect(lftpQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it("prints the user's answer to a host-key question Sesame asked", async () => {
    const server = await start({ hooks: { confirmHostKey: async () => true } });
    const run = io();
    const env = { SESAME_ASKPASS_SOCKET: server.socketPath, SESAME_ASKPASS_TOKEN: server.token };
    expect(await runAskpassHelper({ argv: ['Are you sure you want to continue connecting (yes/no/[fingerprint])? '], env, ...run })).toBe(0);
    expect(run.out.stdout).toBe('yes\n');
    await server.close();
  });
});

