import { EventEmitter } from 'node:events';
import { spawn as realSpawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { launch, redactedEnv, untrackedGraceMs, type SpawnFn } from '../../../src-main/core/launcher/launch';
import { buildLaunchPlan } from '../../../src-main/core/launcher/plan';
import type { ClipboardPort, LaunchPlan } from '../../../src-main/core/launcher/types';
import { detectedFor, memoryDirs, request } from './fixtures';

function fakeChild() {
  const child = new EventEmitter() as EventEmitter & { pid: number; unref: () => void };
  child.pid = 4242;
  child.unref = vi.fn();
  return child;
}

function planWith(overrides: Partial<LaunchPlan>): LaunchPlan & { cleanup: ReturnType<typeof vi.fn> } {
  return { argv: ['/bin/true', 'a'], env: { A: '1' }, cleanup: vi.fn(async () => undefined), notes: [], tracksExit: true, detached: false, ...overrides } as never;
}

describe('launch', () => {
  it('spawns argv with shell:false, the plan env, and cleans up when a tracked client exits', async () => {
    const child = fakeChild();
    const spawn = vi.fn<SpawnFn>(() => child as never);
    const plan = planWith({ detached: true });
    const launched = launch(plan, spawn);
    expect(spawn).toHaveBeenCalledWith('/bin/true', ['a'], { shell: false, detached: true, stdio: 'ignore', env: { A: '1' }, windowsHide: false });
    expect(child.unref).toHaveBeenCalled();
    child.emit('exit', 0, null);
    expect(await launched.exited).toEqual({ code: 0, signal: null });
    expect(plan.cleanup).toHaveBeenCalledTimes(1);
  });

  it('an untracked launcher (wt.exe, osascript) exiting does not clean up at once: credentials expire on their own', async () => {
    const child = fakeChild();
    const plan = planWith({ tracksExit: false });
    const launched = launch(plan, () => child as never);
    child.emit('exit', 0, null);
    await launched.exited;
    expect(plan.cleanup).not.toHaveBeenCalled();
  });

  it('an untracked launch still releases what it holds after the grace period', async () => {
    vi.useFakeTimers();
    try {
      const plan = planWith({ tracksExit: false });
      launch(plan, () => fakeChild() as never);
      vi.advanceTimersByTime(untrackedGraceMs - 1);
      expect(plan.cleanup).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(plan.cleanup).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a synchronous spawn failure cleans up before throwing', () => {
    const plan = planWith({});
    expect(() =>
      launch(plan, () => {
        throw new TypeError('bad env');
      }),
    ).toThrow('bad env');
    expect(plan.cleanup).toHaveBeenCalledTimes(1);
  });

  it('a spawn error rejects started and exited and cleans up', async () => {
    const plan = planWith({ argv: ['/nonexistent/sesame-client'] });
    const launched = launch(plan, realSpawn as SpawnFn);
    await expect(launched.started).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(launched.exited).rejects.toMatchObject({ code: 'ENOENT' });
    expect(plan.cleanup).toHaveBeenCalled();
  });

  it('a real process: started, then exit code and signal come back', async () => {
    const launched = launch(planWith({ argv: ['/bin/sh', '-c', 'exit 3'], env: {} }), realSpawn as SpawnFn);
    await expect(launched.started).resolves.toBeUndefined();
    expect(await launched.exited).toEqual({ code: 3, signal: null });
  });

  it("a hand-off program's stderr is captured (osascript's -1743), other clients' is not tied to Sesame", async () => {
    const script = ['/bin/sh', '-c', 'echo "execution error: Not authorized to send Apple events to Terminal. (-1743)" >&2; exit 1'];
    const launched = launch(planWith({ argv: script, env: {}, tracksExit: false, captureStderr: true }), realSpawn as SpawnFn);
    expect(await launched.exited).toEqual({ code: 1, signal: null, stderr: 'execution error: Not authorized to send Apple events to Terminal. (-1743)\n' });
    const spawn = vi.fn<SpawnFn>(() => fakeChild() as never);
    launch(planWith({ captureStderr: true }), spawn);
    expect(spawn.mock.calls[0]?.[2].stdio).toEqual(['ignore', 'ignore', 'pipe']);
  });

  it('PuTTY password file is deleted after the grace period, even while PuTTY keeps running', async () => {
    vi.useFakeTimers();
    try {
      const dirs = memoryDirs();
      const plan = await buildLaunchPlan(request({ client: 'putty', auth: 'password' }), {
        detected: detectedFor.win32,
        env: {},
        secrets: { password: 'pw' },
        privateDir: dirs.factory,
        secretFileGraceMs: 3000,
        versions: { putty: { major: 0, minor: 78, raw: '0.78' } },
      });
      launch(plan, () => fakeChild() as never);
      expect(dirs.files.size).toBe(1);
      await vi.advanceTimersByTimeAsync(3000);
      expect(dirs.files.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('redactedEnv masks the token and lftp password for logs', () => {
    expect(redactedEnv({ SESAME_ASKPASS_TOKEN: 't', LFTP_PASSWORD: 'p', PATH: '/bin' })).toEqual({
      SESAME_ASKPASS_TOKEN: '***',
      LFTP_PASSWORD: '***',
      PATH: '/bin',
    });
  });
});

describe('clipboard hand-off (FileZilla)', () => {
  async function handoff() {
    const plan = await buildLaunchPlan(request({ client: 'filezilla', service: 'sftp', auth: 'password' }), {
      detected: detectedFor.linux,
      env: {},
      secrets: { password: 'clip-secret' },
    });
    let text = '';
    const clipboard: ClipboardPort = { writeText: (t) => void (text = t), readText: () => text };
    return { plan, clipboard, read: () => text, write: (t: string) => (text = t) };
  }

  it('copies, then clears after 30 s if the clipboard still holds the secret', async () => {
    vi.useFakeTimers();
    try {
      const { plan, clipboard, read } = await handoff();
      plan.clipboard?.copy(clipboard);
      expect(read()).toBe('clip-secret');
      await vi.advanceTimersByTimeAsync(29_999);
      expect(read()).toBe('clip-secret');
      await vi.advanceTimersByTimeAsync(1);
      expect(read()).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves something the user copied meanwhile alone', async () => {
    vi.useFakeTimers();
    try {
      const { plan, clipboard, read, write } = await handoff();
      plan.clipboard?.copy(clipboard);
      write('user text');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(read()).toBe('user text');
    } finally {
      vi.useRealTimers();
    }
  });
});
