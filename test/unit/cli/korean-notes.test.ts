import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectCommand, type ConnectProcess } from '../../../src-main/cli/commands/connect';
import { createKnockCommand } from '../../../src-main/cli/commands/knock';
import { createProbeCommand } from '../../../src-main/cli/commands/probe';
import { diagnosisExitCodes } from '../../../src-main/cli/diagnosis';
import type { NetCliDeps } from '../../../src-main/cli/net-args';
import type { ConnectProgress } from '../../../src-main/contract/features/connect';
import type { KnockRunResult } from '../../../src-main/contract/features/knock';
import { createConnector } from '../../../src-main/core/connect/connector';
import { createHistoryStore } from '../../../src-main/core/connect/history';
import type { KnockEngine } from '../../../src-main/core/knock/engine';
import type { Detected } from '../../../src-main/core/launcher/detect';
import type { SpawnFn } from '../../../src-main/core/launcher/launch';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { keychainError } from '../../../src-main/core/secrets/keyring-secret-store';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import { memoryIo } from '../../support/cli-io';
import { englishSentences } from '../../support/english';
import { createTestCore } from '../../support/test-core';
import { FakeClock, FakeNet } from '../knock/fakes';
import { tempHome } from '../profiles/helpers';

// What the CLI says while it works, in Korean: a name that does not resolve
// (ENOTFOUND, EAI_AGAIN), the keychain that cannot give a saved password,
// a client that could not run. English is checked beside it, so the Korean
// text is known to come from this path.
const ko = { LANG: 'ko_KR.UTF-8' };
const en = { LANG: 'C' };

function noKorean(text: string): void {
  expect(text).not.toMatch(/[가-힣]/);
}
function allKorean(text: string): void {
  expect(text).toMatch(/[가-힣]/);
  expect(englishSentences(text), text).toEqual([]);
}

describe.each(['ENOTFOUND', 'EAI_AGAIN'])('a host name that does not resolve (%s)', (code) => {
  const deps = (): NetCliDeps => {
    const clock = new FakeClock();
    const lookup = async (host: string) => {
      throw Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code });
    };
    return { sockets: new FakeNet(clock), clock, lookup, onInterrupt: () => () => {} };
  };

  it.each([
    ['knock', ['nowhere.example', '7000']],
    ['probe', ['nowhere.example', '22']],
  ])('sesame %s: the failure, its explanation and the resolver detail in Korean', async (name, argv) => {
    const texts: Record<string, string> = {};
    for (const [lang, env] of [['ko', ko], ['en', en]] as const) {
      const m = memoryIo({ env });
      const command = name === 'knock' ? createKnockCommand(deps()) : createProbeCommand(deps());
      expect(await command.run(argv, m.io)).toBe(diagnosisExitCodes['dns-failed']);
      texts[lang] = m.out() + m.err();
    }
    allKorean(texts.ko!);
    expect(texts.ko).toContain(`getaddrinfo ${code} nowhere.example`);
    noKorean(texts.en!);
    expect(texts.en).toContain(`Could not resolve nowhere.example: getaddrinfo ${code} nowhere.example`);
  });
});

describe('sesame connect: notes while the client runs', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  const target = { host: 'box.example.org', address: '192.0.2.10', family: 4 as const };
  const open: KnockRunResult = { status: 'open', target: { ...target, family: 'ipv4' }, port: 22, msFromFirstKnock: 30, msFromLastKnock: 10, attempts: 2 };
  const detected: Detected = { platform: 'linux', tools: { ssh: '/usr/bin/ssh' }, terminals: [], clients: ['openssh'] };

  /** A connect whose keychain is down (a password was saved) and whose client may fail to start. */
  async function connectSetup(clientFails: boolean) {
    const core = createTestCore();
    cleanups.push(core.dispose);
    const engine: KnockEngine = {
      resolve: async () => target,
      run: async () => open,
      knock: async () => ({ firstKnockAt: 0, lastKnockAt: 0 }),
    };
    const spawn: SpawnFn = () => {
      const child = Object.assign(new EventEmitter(), { pid: 4242, unref() {} });
      setTimeout(() => (clientFails ? child.emit('error', Object.assign(new Error('spawn ssh EACCES'), { code: 'EACCES' })) : child.emit('exit', 0, null)), 5);
      return child as never;
    };
    const profile = await core.profiles.create({
      name: 'box',
      host: 'box.example.org',
      knock: { steps: [{ port: 7000, protocol: 'tcp' }], delayMs: 0 },
      service: { kind: 'ssh', port: 22, user: 'alice' },
      auth: { method: 'password' },
    });
    await core.profiles.setSecret(profile.id, 'password', 'pw');
    core.profiles.readSecret = async () => {
      throw keychainError(new Error('Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files'), 'linux');
    };
    const proc: ConnectProcess = { onInterrupt: () => () => undefined, yieldSignals: () => () => undefined, checkFd: () => undefined, writeFd: () => undefined };
    return createConnectCommand({
      process: proc,
      // Progress reaches the terminal as in cliConnectCore: the connector's connectProgress events.
      core: (_io, onProgress) => ({
        profiles: core.profiles,
        connector: createConnector({
          engine,
          profiles: core.profiles,
          history: createHistoryStore(join(core.home, 'history.jsonl')),
          emit: (event, payload) => {
            if (event === 'connectProgress') onProgress((payload as { event: ConnectProgress }).event);
          },
          now: () => 1,
          launcher: { detect: async () => detected, spawn, env: {} },
        }),
      }),
    });
  }

  it.each([
    ['the keychain cannot give the saved password', false, /키체인/],
    ['the client could not run', true, /클라이언트가 멈췄습니다: ssh을\(를\) 실행하지 못했습니다\(EACCES\)/],
  ])('%s: said in Korean', async (_name, clientFails, says) => {
    const texts: Record<string, string> = {};
    for (const [lang, env] of [['ko', ko], ['en', en]] as const) {
      const m = memoryIo({ env });
      const code = await (await connectSetup(clientFails)).run(['box'], m.io);
      expect(code).toBe(clientFails ? 1 : 0);
      texts[lang] = m.out() + m.err();
    }
    allKorean(texts.ko!);
    expect(texts.ko).toMatch(says);
    expect(texts.ko).toMatch(/sesame profiles edit "box" --auth agent/);
    noKorean(texts.en!);
    expect(texts.en).toMatch(clientFails ? /The client stopped: spawn ssh EACCES/ : /No keychain is running in this session/);
  });
});

describe('sesame profiles show (and add, edit) in Korean', () => {
  it('labels and words in Korean, aligned; values as typed; English unchanged under LANG=C', async () => {
    const dir = tempHome();
    const secrets = new MemorySecretStore();
    const profiles = createProfilesService({ store: createProfileStore({ filePath: join(dir, 'profiles.json'), now: Date.now }), secrets, now: Date.now });
    const run = async (argv: string[], options: { env: NodeJS.ProcessEnv }) => {
      const m = memoryIo(options);
      const code = await runProfiles(argv, m.io, () => ({ profiles, secrets, homedir: dir, now: Date.now }));
      return { code, out: m.out(), err: m.err() };
    };
    const add = ['add', '--name', 'web', '--host', 'h.example', '--knock', '7000,8000:udp', '--tag', 'a', '--notes', 'first\nsecond', '--auth', 'password'];
    expect((await run(add, { env: ko })).code).toBe(0);
    expect((await run(['add', '--name', 'door', '--host', 'h.example', '--door', 'spa', '--spa-access', 'tcp/22', '--spa-nat-local', 'yes'], { env: ko })).code).toBe(0);
    for (const name of ['web', 'door']) {
      const koShow = await run(['show', name], { env: ko });
      const enShow = await run(['show', name], { env: en });
      allKorean(koShow.out);
      noKorean(enShow.out);
      expect(koShow.out.split('\n').length).toBe(enShow.out.split('\n').length);
      // Every value starts in the same column, counting a Hangul syllable as two.
      const starts = koShow.out
        .split('\n')
        .slice(1)
        .filter((l) => /^ {2}\S/.test(l))
        .map((l) => l.match(/^ {2}\S+(?: \S+)?: +/)![0].replace(/[가-힣]/g, 'xx').length);
      expect(new Set(starts).size, koShow.out).toBe(1);
    }
    const enWeb = await run(['show', 'web'], { env: en });
    expect(enWeb.out).toContain('  knock:     7000:tcp,8000:udp  delay 100 ms, open timeout 10 s\n');
    expect(enWeb.out).toContain('  notes:     first\n             second');
  });
});
