// A throwaway X desktop for windowed clients: Xvfb (picks its own display), a
// D-Bus session bus (gnome-terminal-server and konsole need one), and a private
// home so the clients' settings, caches and host-key caches never touch the
// machine's. One per test file; stopped with stopAll().
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ClipboardPort } from '../../src-main/core/launcher/types';
import { onStop } from './lab-core';

const artifacts = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export interface Desktop {
  /** The environment for clients on this desktop: DISPLAY, the session bus, the private home. */
  env: Record<string, string>;
  home: string;
  /** Visible top-level windows as id → title. */
  windows(): Promise<Map<string, string>>;
  /** Waits for a visible window whose title matches; returns its id. */
  waitForWindow(title: RegExp, timeoutMs?: number): Promise<string>;
  /** Whether a window with that id still exists. */
  exists(id: string): Promise<boolean>;
  /** Puts the pointer on the window (no window manager here: focus follows the pointer) and types, as a user would. */
  type(id: string, text: string): Promise<void>;
  key(id: string, ...keys: string[]): Promise<void>;
  click(id: string, x: number, y: number): Promise<void>;
  /** A PNG of the whole screen under test-results/screenshots/; returns its path. */
  screenshot(name: string): Promise<string>;
  /** The X11 CLIPBOARD selection (what Electron's clipboard uses on Linux), through xclip. */
  clipboard: ClipboardPort & { read(): Promise<string> };
  stop(): Promise<void>;
}

function x(command: string, args: string[], env: Record<string, string>, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { env, timeout: 15_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export async function startDesktop(options: { name: string }): Promise<Desktop> {
  const home = mkdtempSync(join(tmpdir(), 'sesame-desktop-'));
  for (const sub of ['.config', '.cache', '.local/share', 'run']) mkdirSync(join(home, sub), { recursive: true, mode: 0o700 });
  // -displayfd: Xvfb picks a free display and writes its number to fd 3 (parallel labs never collide).
  const xvfb: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    xvfb.stdio[3]?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8', // gnome-terminal-server refuses a non-UTF-8 locale
    HOME: home,
    USER: process.env.USER ?? 'root',
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    // PuTTY finds its folder through the password database, not $HOME.
    PUTTYDIR: join(home, '.putty'),
    DISPLAY: display,
    NO_AT_BRIDGE: '1',
  };
  // The bus's activated services (gnome-terminal-server) inherit this environment, private home included.
  const bus = await x('dbus-daemon', ['--session', '--fork', '--nopidfile', '--print-address=1', '--print-pid=1'], base);
  const [address, pid] = bus.trim().split('\n');
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address ?? '' };
  const busPid = Number(pid);

  const windows = async (): Promise<Map<string, string>> => {
    const ids = (await x('xdotool', ['search', '--onlyvisible', '--name', '.'], env).catch(() => '')).split('\n').filter(Boolean);
    const out = new Map<string, string>();
    for (const id of ids) out.set(id, (await x('xdotool', ['getwindowname', id], env).catch(() => '')).trim());
    return out;
  };
  /**
   * Pointer on the window and keyboard focus to it (no window manager here), then
   * a moment for a freshly mapped dialog to focus its text field: keys typed in
   * the first instants after mapping are lost, as they would be for a fast user.
   */
  const focus = async (id: string) => {
    await x('xdotool', ['mousemove', '--window', id, '40', '40'], env);
    await x('xdotool', ['windowfocus', '--sync', id], env).catch(() => undefined);
    await delay(400);
  };

  const desktop: Desktop = {
    env,
    home,
    windows,
    async waitForWindow(title, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const [id, name] of await windows()) if (title.test(name)) return id;
        if (Date.now() > deadline) throw new Error(`no window titled ${title} after ${timeoutMs} ms; open: ${JSON.stringify([...(await windows()).values()])}`);
        await delay(100);
      }
    },
    async exists(id) {
      return x('xdotool', ['getwindowname', id], env).then(
        () => true,
        () => false,
      );
    },
    async type(id, text) {
      await focus(id);
      // Line by line, Return as a key: a dialog's text field takes typed "\n" as nothing.
      const lines = text.split('\n');
      for (const [i, line] of lines.entries()) {
        if (line !== '') await x('xdotool', ['type', '--delay', '40', '--', line], env);
        if (i < lines.length - 1) await x('xdotool', ['key', 'Return'], env);
      }
    },
    async key(id, ...keys) {
      await focus(id);
      await x('xdotool', ['key', '--delay', '30', ...keys], env);
    },
    async click(id, px, py) {
      await x('xdotool', ['mousemove', '--window', id, String(px), String(py), 'click', '1'], env);
    },
    async screenshot(name) {
      mkdirSync(artifacts, { recursive: true });
      const path = join(artifacts, `${options.name}-${name}.png`);
      await x('import', ['-window', 'root', path], env);
      return path;
    },
    clipboard: {
      // xclip keeps serving the selection from a background process until another owner takes it.
      writeText: (text) => x('xclip', ['-selection', 'clipboard', '-i'], env, text).then(() => undefined),
      readText: () => x('xclip', ['-selection', 'clipboard', '-o'], env).catch(() => ''),
      read: () => x('xclip', ['-selection', 'clipboard', '-o'], env).catch(() => ''),
    },
    async stop() {
      try {
        process.kill(busPid, 'SIGTERM');
      } catch {
        // already gone
      }
      const exited = new Promise((resolve) => xvfb.once('exit', resolve));
      xvfb.kill('SIGTERM');
      await Promise.race([exited, delay(3000)]);
      rmSync(home, { recursive: true, force: true });
    },
  };
  onStop(() => desktop.stop());
  return desktop;
}

/**
 * Every process's argv and environment that contains `secret` (the terminal, the
 * client, their children, everything): what another process of this user could read.
 */
export async function procLeaks(secret: string): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const leaks: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    for (const file of ['cmdline', 'environ']) {
      const text = await readFile(`/proc/${pid}/${file}`, 'latin1').catch(() => '');
      if (text.includes(secret)) leaks.push(`${file} of ${pid} (${(await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim()})`);
    }
  }
  return leaks;
}

/** The processes (pid and name) whose parent chain leads to `root`. */
export async function descendants(root: number): Promise<Array<{ pid: number; comm: string }>> {
  const { readdir, readFile } = await import('node:fs/promises');
  const parents = new Map<number, { ppid: number; comm: string }>();
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const m = /^\d+ \((.*)\) \S (\d+)/s.exec(stat);
    if (m) parents.set(Number(pid), { ppid: Number(m[2]), comm: m[1] ?? '' });
  }
  const out: Array<{ pid: number; comm: string }> = [];
  for (const [pid, info] of parents) {
    for (let p = info.ppid, hops = 0; p > 1 && hops < 64; p = parents.get(p)?.ppid ?? 0, hops++) {
      if (p === root) {
        out.push({ pid, comm: info.comm });
        break;
      }
    }
  }
  return out;
}
