import { describe, expect, it } from 'vitest';
import { createAddressLocks } from '../../../src-main/core/knock/address-locks';
import { deferred, flush } from './fakes';

describe('address locks', () => {
  it('runs holders of one address one after another, in arrival order', async () => {
    const locks = createAddressLocks();
    const log: string[] = [];
    const gate = deferred();
    const first = locks.run('192.0.2.1', async () => {
      log.push('first:start');
      await gate.promise;
      log.push('first:end');
    });
    const second = locks.run('192.0.2.1', async () => {
      log.push('second');
    });
    const other = locks.run('192.0.2.2', async () => {
      log.push('other');
    });
    await flush();
    expect(log).toEqual(['first:start', 'other']);
    gate.resolve();
    await Promise.all([first, second, other]);
    expect(log).toEqual(['first:start', 'other', 'first:end', 'second']);
    await flush();
    expect(locks.size()).toBe(0);
  });

  it('lets a waiter give up without breaking the order of those behind it', async () => {
    const locks = createAddressLocks();
    const log: string[] = [];
    const gate = deferred();
    const first = locks.run('h', async () => gate.promise);
    const controller = new AbortController();
    const quitter = locks.run('h', async () => log.push('quitter'), controller.signal).catch((e: Error) => log.push(e.name));
    const third = locks.run('h', async () => log.push('third'));
    controller.abort();
    await flush();
    expect(log).toEqual(['AbortError']);
    gate.resolve();
    await Promise.all([first, quitter, third]);
    expect(log).toEqual(['AbortError', 'third']);
  });

  it('releases the lock when the holder throws', async () => {
    const locks = createAddressLocks();
    await expect(locks.run('h', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks.run('h', async () => 42)).resolves.toBe(42);
  });
});
