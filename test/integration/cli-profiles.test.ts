import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../src-main/contract/features/profiles';
import { decodeBound } from '../../src-main/core/secrets/bound-secret';
import { createKeyringSecretStore } from '../../src-main/core/secrets/keyring-secret-store';
import { dataFolderSecretStore } from '../../src-main/core/secrets/store-keychain';
import { builtCli, sesame } from '../support/cli';
import { cliErrorPaths, englishSentences } from '../support/english';
import { eventually } from '../support/eventually';

// The built CLI as a user runs it: whole processes, the lab's real Secret
// Service (gnome-keyring, run-in-lab --keyring), a real terminal (tmux) for the prompt.
const work = mkdtempSync(join(tmpdir(), 'sesame-cli-profiles-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A fresh SESAME_HOME and HOME per test: the first-run offers look in HOME. */
function fresh() {
  const dir = join(work, `t${++n}`);
  mkdirSync(join(dir, 'home'), { recursive: true });
  const home = join(dir, 'home');
  const data = join(dir, 'data');
  const run = (args: string[], env: Record<string, string> = {}, input?: string) =>
    sesame(args, { home: data, program: builtCli, env: { HOME: home, ...env }, ...(input !== undefined ? { input } : {}) });
  return { home, data, run };
}

beforeAll(async () => {
  // bin/sesame.mjs rebuilds out/cli when the sources are newer; every test then runs the built file.
  const built = await sesame(['--version'], { home: work });
  expect(built.code, built.stderr).toBe(0);
}, 120_000);

describe('sesame profiles, built, in the lab', () => {
  it('an empty list offers the ssh config found in HOME; the offered command previews and prints the command that applies', async () => {
    const { home, run } = fresh();
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'config'), 'Host web\n  HostName web.example.com\n  User alice\n');
    const list = await run(['profiles', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^No profiles yet\. To start:\n {2}Import your OpenSSH hosts from .*\/\.ssh\/config:\n {6}sesame profiles import \S+\/\.ssh\/config\n/);
    const offered = /sesame profiles (import \S+\/\.ssh\/config)/.exec(list.stdout)![1]!.split(' ');
    const preview = await run(['profiles', ...offered]);
    expect(preview.stdout).toMatch(/^new\s+web\s/m);
    expect(preview.stdout).toContain(`To import, run: sesame profiles import ${home}/.ssh/config --apply\n`);
    expect((await run(['profiles', 'list'])).stdout).toMatch(/^No profiles yet/);
  });

  it('on a real terminal, import asks "Apply? [y/N]" and imports on y', async () => {
    const { home, data } = fresh();
    const file = join(home, 'hosts.conf');
    writeFileSync(file, 'Host web\n  HostName web.example.com\n');
    const socket = join(work, 'tmux.sock');
    const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    const command = `env SESAME_HOME=${data} HOME=${home} LANG=C ${process.execPath} ${builtCli} profiles import ${file}; echo EXIT=$?`;
    try {
      expect(tmux('new-session', '-d', '-x', '150', '-y', '20', command).status).toBe(0);
      tmux('set-option', '-g', 'remain-on-exit', 'on');
      let screen = '';
      expect(await eventually(() => (screen = tmux('capture-pane', '-p').stdout).includes('Apply? [y/N]'), 20_000)).toBe(true);
      expect(screen).toMatch(/new\s+web\s/);
      tmux('send-keys', 'y', 'Enter');
      expect(await eventually(() => (screen = tmux('capture-pane', '-p').stdout).includes('EXIT='), 20_000), screen).toBe(true);
      expect(screen).toContain('Imported 1, replaced 0, skipped 0');
      expect(screen).toContain('EXIT=0');
    } finally {
      tmux('kill-server');
    }
    const doc = readFileSync(join(data, 'profiles.json'), 'utf8');
    expect(doc).toContain('"name":"web"');
  });

  it('rm keeps the password in the keychain (moved to the trash entry), restore puts it back bound as before', async () => {
    const { data, run } = fresh();
    const add = await run(['profiles', 'add', '--name', 'web', '--host', 'web.example.com', '--knock', '7000,8000,9000', '--user', 'alice', '--auth', 'password', '--json']);
    expect(add.code, add.stderr).toBe(0);
    const id = (JSON.parse(add.stdout) as Profile).id;
    expect((await run(['secret', 'set', 'web'], {}, 'hunter2\n')).code).toBe(0);
    // The entries of this data folder (named after its keychain-id), as the CLI stores them.
    const keychain = dataFolderSecretStore(createKeyringSecretStore(), data);
    const before = await keychain.get(`${id}:password`);
    expect(decodeBound(before!)).toEqual({ secret: 'hunter2', boundTo: { host: 'web.example.com', port: 22, user: 'alice' } });

    const rm = await run(['profiles', 'rm', 'web']);
    expect(rm.stdout).toBe('Moved "web" to the trash, with its keychain entries; it is kept 30 days. To undo: sesame profiles restore web\n');
    const trash = JSON.parse((await run(['profiles', 'restore', '--list', '--json'])).stdout) as { id: string; secrets: string[] }[];
    expect(trash).toMatchObject([{ name: 'web', secrets: ['password'] }]);
    expect(await keychain.get(`${id}:password`)).toBeNull();
    expect(await keychain.get(`trash-${trash[0]!.id}:password`)).toBe(before);

    const restore = await run(['profiles', 'restore', 'web']);
    expect(restore).toMatchObject({ code: 0, stdout: 'Restored "web" with its password.\n' });
    expect(await keychain.get(`${id}:password`)).toBe(before);
    expect(await keychain.get(`trash-${trash[0]!.id}:password`)).toBeNull();
    expect(JSON.parse((await run(['profiles', 'show', 'web', '--json'])).stdout)).toMatchObject({ id, hasPassword: true });
    expect(readFileSync(join(data, 'trash.json'), 'utf8')).not.toContain('hunter2');
    await keychain.delete(`${id}:password`);
  });

  it('with LANG=ko_KR.UTF-8 every error path speaks Korean, with no English sentence', async () => {
    const { run } = fresh();
    for (const argv of cliErrorPaths) {
      const result = await run([...argv], { LANG: 'ko_KR.UTF-8' });
      const text = result.stdout + result.stderr;
      expect(result.code, text).not.toBe(0);
      expect(text, argv.join(' ')).toMatch(/[가-힣]/);
      expect(englishSentences(text), `sesame ${argv.join(' ')}\n${text}`).toEqual([]);
    }
  });
});
