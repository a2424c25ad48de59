import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attemptInterval, waitForPort, type WaitOptions } from '../../../src-main/core/port-waiter/wait-for-port';
import { FakeClock, FakeNet, type FakeTcpSocket } from './fakes';

const target = { host: 'door.example', address: '192.0.2.7', family: 4 as const };

function setup(options: Partial<WaitOptions> = {}) {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  const start = (): ReturnType<typeof waitForPort> =>
    waitForPort({ target, port: 22, timeoutMs: 10_000, expect: 'none', ...options }, { sockets: net, clock });
  return { clock, net, start };
}

describe('attempt schedule', () => {
  it('starts at 10 ms and never exceeds 20 attempts a second after the first half-second', () => {
    expect(attemptInterval(0)).toBe(10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 0, max: 600_000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(attemptInterval(lo)).toBeLessThanOrEqual(attemptInterval(hi));
        expect(attemptInterval(lo)).toBeGreaterThanOrEqual(10);
        if (lo >= 500) expect(attemptInterval(lo)).toBeGreaterThanOrEqual(50);
      }),
    );
  });

  it('counts attempts on a door that stays shut, then times out as filtered with nothing left behind', async () => {
    const { clock, net, start } = setup();
    const result = start();
    await clock.advance(10_000);
    expect(await result).toMatchObject({ status: 'failed', class: 'filtered', elapsedMs: 10_000 });
    const times = net.tcp.map((s) => s.createdAt);
    expect(times.slice(0, 5)).toEqual([0, 10, 20, 30, 40]);
    for (let second = 0.5; second < 10; second += 0.5) {
      const inWindow = times.filter((t) => t >= second * 1000 && t < second * 1000 + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(20);
    }
    expect(net.tcp.length).toBeLessThan(100);
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('keeps earlier attempts alive (a slow link completes an old one) but bounds how many', async () => {
    const { clock, net, start } = setup({ maxLive: 8 });
    const result = start();
    await clock.advance(200);
    const alive = net.tcp.filter((s) => !s.destroyed);
    expect(alive).toHaveLength(8);
    alive[0]?.accept();
    await clock.advance(0);
    expect(await result).toMatchObject({ status: 'open', elapsedMs: 200 });
    expect(net.live()).toBe(0);
  });
});

describe('port waiter', () => {
  it('first completed connection wins; every other attempt and timer is released', async () => {
    const { clock, net, start } = setup();
    const result = start();
    await clock.advance(35);
    expect(net.tcp.length).toBe(4);
    net.tcp[1]?.accept();
    await clock.advance(0);
    expect(await result).toMatchObject({ status: 'open', attempts: 4, elapsedMs: 35 });
    expect(net.tcp.every((s) => s.destroyed)).toBe(true);
    expect(clock.pending()).toBe(0);
    await clock.advance(1000);
    expect(net.tcp.length).toBe(4);
  });

  it('waits through REJECTs until the door opens, and reports refused if it never does', async () => {
    const { clock, net, start } = setup({ timeoutMs: 1000 });
    let open = false;
    net.onTcp = (socket) => queueMicrotask(() => (open ? socket.accept() : socket.refuse()));
    const opened = start();
    await clock.advance(100);
    open = true;
    await clock.advance(50);
    expect(await opened).toMatchObject({ status: 'open' });

    open = false;
    const refused = start();
    await clock.advance(1000);
    expect(await refused).toMatchObject({ status: 'failed', class: 'refused' });
    expect(net.live()).toBe(0);
  });

  it.each([
    ['SSH banner', 'ssh', (s: FakeTcpSocket) => s.say('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'), { status: 'open', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2' }],
    ['banner in pieces', 'ssh', (s: FakeTcpSocket) => (s.say('SS'), s.say('H-2.0-x\r\n')), { status: 'open' }],
    ['FTP banner', 'ftp', (s: FakeTcpSocket) => s.say('220 (vsFTPd 3.0.3)\r\n'), { status: 'open', banner: '220 (vsFTPd 3.0.3)' }],
    ['HTTP where SSH was expected', 'ssh', (s: FakeTcpSocket) => s.say('HTTP/1.1 400 Bad Request\r\n'), { status: 'failed', class: 'wrong-service' }],
    // A refusal before login is the service turning us away (TCP wrappers, limits), not another service.
    ['vsftpd TCP-wrappers denial', 'ftp', (s: FakeTcpSocket) => (s.say('421 Service not available.\r\n'), s.hangUp()), { status: 'failed', class: 'reset-before-banner', detail: 'banner: 421 Service not available.' }],
    ['FTP limit, line in pieces', 'ftp', (s: FakeTcpSocket) => (s.say('42'), s.say('1 There are too many connected users, please try later.\r\n')), { status: 'failed', class: 'reset-before-banner' }],
    ['vsftpd session error', 'ftp', (s: FakeTcpSocket) => s.say('500 OOPS: vsftpd: cannot locate user specified in ftp_username\r\n'), { status: 'failed', class: 'reset-before-banner' }],
    ['SMTP where FTP was expected', 'ftp', (s: FakeTcpSocket) => s.say('554 mail.example no service\r\n'), { status: 'failed', class: 'wrong-service' }],
    ['sshd over MaxStartups (OpenSSH 9.2)', 'ssh', (s: FakeTcpSocket) => (s.say('Exceeded MaxStartups\r\n'), s.hangUp()), { status: 'failed', class: 'reset-before-banner' }],
    ['sshd penalty (OpenSSH 9.8+)', 'ssh', (s: FakeTcpSocket) => (s.say('Not allowed at this time\r\n'), s.hangUp()), { status: 'failed', class: 'reset-before-banner' }],
    ['close before any byte (TCP wrappers)', 'ssh', (s: FakeTcpSocket) => s.hangUp(), { status: 'failed', class: 'reset-before-banner' }],
    ['reset before any byte', 'ftp', (s: FakeTcpSocket) => s.reset(), { status: 'failed', class: 'reset-before-banner' }],
    ['short banner then close', 'ssh', (s: FakeTcpSocket) => (s.say('SS'), s.hangUp()), { status: 'failed', class: 'wrong-service' }],
  ] as const)('service check: %s', async (_name, expectKind, serve, expected) => {
    const { clock, net, start } = setup({ expect: expectKind });
    net.onTcp = (socket) =>
      queueMicrotask(() => {
        socket.accept();
        queueMicrotask(() => serve(socket));
      });
    const result = start();
    await clock.advance(5);
    expect(await result).toMatchObject(expected);
    // One connection is enough to judge the service: no hammering of sshd.
    expect(net.tcp).toHaveLength(1);
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('a service that accepts and stays silent through the banner grace is the wrong service', async () => {
    const { clock, net, start } = setup({ expect: 'ssh', timeoutMs: 500, bannerTimeoutMs: 2000 });
    net.onTcp = (socket) => queueMicrotask(() => socket.accept());
    const result = start();
    await clock.advance(1999);
    expect(net.tcp).toHaveLength(1);
    await clock.advance(1);
    expect(await result).toMatchObject({ status: 'failed', class: 'wrong-service', detail: 'no banner', elapsedMs: 2000 });
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('waits past the overall timeout for a slow close after accept (libwrap sleeps 5 s)', async () => {
    const { clock, net, start } = setup({ expect: 'ssh', timeoutMs: 3000 });
    net.onTcp = (socket) => queueMicrotask(() => socket.accept());
    const result = start();
    await clock.advance(5000);
    net.tcp[0]?.hangUp();
    await clock.advance(0);
    expect(await result).toMatchObject({ status: 'failed', class: 'reset-before-banner' });
  });

  it('stops launching attempts once one is accepted and awaiting its banner', async () => {
    const { clock, net, start } = setup({ expect: 'ssh' });
    const result = start();
    await clock.advance(30);
    net.tcp[1]?.accept();
    await clock.advance(500);
    expect(net.tcp).toHaveLength(4);
    expect(net.live()).toBe(1);
    net.tcp[1]?.say('SSH-2.0-x\r\n');
    expect(await result).toMatchObject({ status: 'open', elapsedMs: 530, connectedAt: 30, openedAt: 530 });
  });

  it('is cancelled mid-wait without leaking sockets, timers or listeners', async () => {
    const { clock, net, start } = setup();
    const controller = new AbortController();
    const result = waitForPort({ target, port: 22, timeoutMs: 10_000, expect: 'none', signal: controller.signal }, { sockets: net, clock });
    const settled = result.then(
      () => 'resolved',
      (error: Error) => error.name,
    );
    await clock.advance(300);
    expect(net.live()).toBeGreaterThan(5);
    controller.abort();
    expect(await settled).toBe('AbortError');
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
    await clock.advance(20_000);
    expect(net.live()).toBe(0);
    void start;
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { net, clock } = setup();
    const signal = AbortSignal.abort();
    await expect(waitForPort({ target, port: 22, timeoutMs: 1000, expect: 'none', signal }, { sockets: net, clock })).rejects.toThrow();
    expect(net.tcp).toHaveLength(0);
  });

  it('gives up at once when the network is unreachable from here', async () => {
    const { clock, net, start } = setup();
    net.onTcp = (socket) => queueMicrotask(() => socket.refuse('ENETUNREACH'));
    const result = start();
    await clock.advance(1);
    expect(await result).toMatchObject({ status: 'failed', class: 'unreachable' });
  });
});

describe('listening with no greeting required (probe)', () => {
  const listen = (handshakeMs: number): number => 500 + 2 * handshakeMs;

  it.each([
    ['silence: open, and says how long it listened', () => {}, { status: 'open', listenedMs: 520 }, 530],
    ['a greeting: open with the banner', (s: FakeTcpSocket) => s.say('SSH-2.0-OpenSSH_9.2p1\r\n'), { status: 'open', banner: 'SSH-2.0-OpenSSH_9.2p1' }, 10],
    ['a close before any byte: turned away', (s: FakeTcpSocket) => s.hangUp(), { status: 'failed', class: 'reset-before-banner' }, 10],
    ['vsftpd\'s 421: turned away', (s: FakeTcpSocket) => (s.say('421 Service not available.\r\n'), s.hangUp()), { status: 'failed', class: 'reset-before-banner', detail: 'banner: 421 Service not available.' }, 10],
    ['half a line, then silence: open with what was said', (s: FakeTcpSocket) => s.say('HELLO'), { status: 'open', banner: 'HELLO' }, 530],
  ] as const)('%s', async (_name, serve, expected, waitMs) => {
    const { clock, net, start } = setup({ expect: 'none', listenMs: listen });
    net.onTcp = (socket) =>
      clock.setTimeout(() => {
        socket.accept();
        queueMicrotask(() => serve(socket));
      }, 10);
    const result = start();
    await clock.advance(waitMs);
    expect(await result).toMatchObject(expected);
    expect(net.tcp).toHaveLength(1);
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('listens longer on a slower handshake, and not at all without listenMs', async () => {
    const slow = setup({ expect: 'none', listenMs: listen });
    slow.net.onTcp = (socket) => slow.clock.setTimeout(() => socket.accept(), 300);
    const result = slow.start();
    await slow.clock.advance(300 + 1099);
    expect(slow.net.live()).toBe(1);
    await slow.clock.advance(1);
    expect(await result).toMatchObject({ status: 'open', listenedMs: 1100 });

    const plain = setup({ expect: 'none' });
    plain.net.onTcp = (socket) => queueMicrotask(() => socket.accept());
    const opened = plain.start();
    await plain.clock.advance(0);
    const value = await opened;
    expect(value).toMatchObject({ status: 'open' });
    expect(value).not.toHaveProperty('listenedMs');
  });
});
