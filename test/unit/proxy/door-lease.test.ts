import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDoorLeases, doorKey } from '../../../src-main/core/proxy/door-lease';
import { eventually } from '../../support/eventually';
import { bundleChild } from '../profiles/child-bundle';

// The lease is shared between processes, so it is tested with processes: each
// child is a stand-in for one `sesame proxy` (lease-child.ts), with real pids,
// real lock files and real crashes.
let work: string;
let script: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sesame-lease-'));
  script = await bundleChild(join(import.meta.dirname, 'lease-child.ts'), join(work, 'lease-child.mjs'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Child {
  process: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  release(): void;
}

function start(dir: string, log: string, mode = 'hold'): Child {
  const child = spawn(process.execPath, [script, dir, log, mode], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { process: child, pid: child.pid ?? -1, exited, release: () => child.stdin?.end() };
}

const lines = (log: string): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);
const count = (log: string, word: string) => lines(log).filter((l) => l.split(' ')[0] === word).length;
const joined = (log: string) => lines(log).filter((l) => l.startsWith('joined')).length;

function fresh(): { dir: string; log: string } {
  const dir = mkdtempSync(join(work, 'door-'));
  return { dir, log: join(dir, 'events.log') };
}

describe('door lease across processes', () => {
  it('six processes at once: one knocks, the others join; the close comes once, after the last one left', async () => {
    const { dir, log } = fresh();
    const children = Array.from({ length: 6 }, () => start(dir, log));
    expect(await eventually(() => joined(log) === 6, 20_000), lines(log).join('\n')).toBe(true);
    expect(count(log, 'knock')).toBe(1);
    expect(lines(log).filter((l) => l.startsWith('joined knocked=true'))).toHaveLength(1);
    // Release all but one, in reverse order: nobody closes while one still holds the door.
    for (const child of children.slice(1).reverse()) {
      child.release();
      expect(await child.exited).toBe(0);
    }
    expect(count(log, 'close')).toBe(0);
    expect(lines(log).filter((l) => l.startsWith('left last=true'))).toHaveLength(0);
    const last = children[0] as Child;
    last.release();
    expect(await last.exited).toBe(0);
    const events = lines(log);
    expect(count(log, 'close')).toBe(1);
    // The close is the last process's, and the very last thing before it says it left.
    expect(events.at(-2)).toBe(`close ${last.pid}`);
    expect(events.at(-1)).toBe(`left last=true ${last.pid}`);
    // The lease file is gone with the last holder; the lock too.
    expect(existsSync(join(dir, 'door.json'))).toBe(false);
    expect(existsSync(join(dir, 'door.lock'))).toBe(false);
  });

  it('a process that dies holding the lock (mid-knock) is taken over by pid: the next one knocks and gets in', async () => {
    const { dir, log } = fresh();
    const crashed = start(dir, log, 'crash-in-knock');
    expect(await crashed.exited).toBe(9);
    expect(readFileSync(join(dir, 'door.lock'), 'utf8').trim()).toBe(String(crashed.pid));
    const next = start(dir, log);
    expect(await eventually(() => joined(log) === 1, 20_000), lines(log).join('\n')).toBe(true);
    // The dead process's knock may not have gone out whole: the next one knocks again.
    expect(lines(log).filter((l) => l.startsWith('knock'))).toEqual([`knock ${crashed.pid}`, `knock ${next.pid}`]);
    next.release();
    expect(await next.exited).toBe(0);
    expect(lines(log).slice(-2)).toEqual([`close ${next.pid}`, `left last=true ${next.pid}`]);
  });

  it('a holder that dies without leaving does not keep the door: the last live one still closes it', async () => {
    const { dir, log } = fresh();
    const first = start(dir, log);
    expect(await eventually(() => joined(log) === 1, 20_000)).toBe(true);
    const crashing = start(dir, log, 'crash-holding');
    expect(await crashing.exited).toBe(9);
    expect(lines(log).filter((l) => l.startsWith('joined knocked=false'))).toEqual([`joined knocked=false ${crashing.pid}`]);
    first.release();
    expect(await first.exited).toBe(0);
    expect(lines(log).slice(-2)).toEqual([`close ${first.pid}`, `left last=true ${first.pid}`]);
  });

  it('after the only holder died, a newcomer knocks again instead of trusting the dead lease', async () => {
    const { dir, log } = fresh();
    const crashing = start(dir, log, 'crash-holding');
    expect(await crashing.exited).toBe(9);
    expect(JSON.parse(readFileSync(join(dir, 'door.json'), 'utf8')).holders).toEqual([crashing.pid]);
    const next = start(dir, log);
    expect(await eventually(() => joined(log) === 2, 20_000)).toBe(true);
    expect(lines(log).filter((l) => l.startsWith('joined'))).toEqual([`joined knocked=true ${crashing.pid}`, `joined knocked=true ${next.pid}`]);
    next.release();
    expect(await next.exited).toBe(0);
  });
});

describe('door lease rules (one process)', () => {
  const leases = (dir: string, pid: number, alive: (p: number) => boolean = () => true) =>
    createDoorLeases({ dir, pid, alive, now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });

  it('a door that closes by itself is trusted only while stillOpen says so', async () => {
    const { dir } = fresh();
    const knocks: number[] = [];
    const a = await leases(dir, 101).join('d', { knock: async () => void knocks.push(101), stillOpen: () => true, waitMs: 1000 });
    const b = await leases(dir, 102).join('d', { knock: async () => void knocks.push(102), stillOpen: () => false, waitMs: 1000 });
    expect(knocks).toEqual([101, 102]);
    expect([a.knocked, b.knocked]).toEqual([true, true]);
    const closes: number[] = [];
    expect(await a.leave(async () => void closes.push(101))).toEqual({ last: false });
    expect(await b.leave(async () => void closes.push(102))).toEqual({ last: true });
    expect(closes).toEqual([102]);
  });

  it('a failed knock leaves no lease behind, and a failed close still removes the lease', async () => {
    const { dir } = fresh();
    await expect(leases(dir, 201).join('d', { knock: () => Promise.reject(new Error('no route')), stillOpen: () => true, waitMs: 1000 })).rejects.toThrow('no route');
    expect(existsSync(join(dir, 'd.json'))).toBe(false);
    expect(existsSync(join(dir, 'd.lock'))).toBe(false);
    const lease = await leases(dir, 202).join('d', { knock: async () => {}, stillOpen: () => true, waitMs: 1000 });
    await expect(lease.leave(() => Promise.reject(new Error('EHOSTUNREACH')))).rejects.toThrow('EHOSTUNREACH');
    expect(existsSync(join(dir, 'd.json'))).toBe(false);
    expect(existsSync(join(dir, 'd.lock'))).toBe(false);
  });

  it('a torn lease file counts as nobody holding the door; a live lock that never frees times out', async () => {
    const { dir } = fresh();
    writeFileSync(join(dir, 'd.json'), '{"holders":[30');
    let knocked = 0;
    await leases(dir, 301).join('d', { knock: async () => void knocked++, stillOpen: () => true, waitMs: 1000 });
    expect(knocked).toBe(1);
    writeFileSync(join(dir, 'x.lock'), `${process.pid}\n`);
    await expect(leases(dir, 302).join('x', { knock: async () => {}, stillOpen: () => true, waitMs: 150 })).rejects.toThrow(/held/);
  });

  it('door keys differ by profile, address and port', () => {
    const keys = new Set([doorKey('p1', '127.0.0.1', 22), doorKey('p2', '127.0.0.1', 22), doorKey('p1', '::1', 22), doorKey('p1', '127.0.0.1', 2222)]);
    expect(keys.size).toBe(4);
    expect([...keys].every((k) => /^[0-9a-f]{24}$/.test(k))).toBe(true);
  });
});
