import { describe, expect, it } from 'vitest';
import { diagnosisClasses } from '../../../src-main/contract/features/knock';
import en from '../../../src-main/contract/locales/diagnostics.en.json';
import ko from '../../../src-main/contract/locales/diagnostics.ko.json';
import { classifyErrorCode } from '../../../src-main/core/diagnostics/classify';
import { explain, formatExplanation } from '../../../src-main/core/diagnostics/explain';
import { defaultExpectFor, listenWindowMs, probe } from '../../../src-main/core/diagnostics/probe';
import { formatProbeOpen } from '../../../src-main/core/diagnostics/probe-report';
import { FakeClock, FakeNet, fakeLookup } from './fakes';

/** Every leaf path of a JSON value, with array lengths ("a.b[3]"). */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return [`${path}[${value.length}]`];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => shape(v, path ? `${path}.${k}` : k));
  return [path];
}

describe('diagnostics locales', () => {
  it('English and Korean have exactly the same keys and list lengths', () => {
    expect(shape(ko).sort()).toEqual(shape(en).sort());
  });

  it.each(diagnosisClasses)('explains %s in both languages', (cls) => {
    const english = explain(cls, 'en');
    const korean = explain(cls, 'ko');
    for (const text of [english, korean]) {
      expect(text.title).not.toMatch(/classes\./);
      expect(text.summary.length).toBeGreaterThan(20);
      expect(text.causes.length).toBeGreaterThan(1);
      expect(text.fixes.length).toBeGreaterThan(1);
    }
    expect(korean.summary).toMatch(/[가-힣]/);
    expect(korean.summary).not.toBe(english.summary);
    expect(formatExplanation(korean, 'ko')).toContain('해결 방법');
  });

  it('names the known server-side fixes', () => {
    const all = (cls: (typeof diagnosisClasses)[number]): string => JSON.stringify(explain(cls, 'en'));
    expect(all('filtered')).toMatch(/iptables -I/);
    expect(all('filtered')).toMatch(/IPv4/);
    expect(all('filtered')).toMatch(/seq_timeout/);
    expect(all('reset-before-banner')).toMatch(/hosts\.allow is read first/);
    expect(all('reset-before-banner')).toMatch(/kex_exchange_identification/);
    expect(all('refused')).toMatch(/not running/);
  });
});

describe('classification', () => {
  it.each([
    ['ECONNREFUSED', false, 'refused'],
    ['ECONNRESET', true, 'reset-before-banner'],
    ['ETIMEDOUT', false, 'filtered'],
    ['ENOTFOUND', false, 'dns-failed'],
    ['EAI_AGAIN', false, 'dns-failed'],
    ['EHOSTUNREACH', false, 'unreachable'],
    ['ENETUNREACH', false, 'unreachable'],
    ['EADDRNOTAVAIL', false, 'unreachable'],
  ] as const)('%s (connected: %s) is %s', (code, connected, cls) => {
    expect(classifyErrorCode(code, connected)).toBe(cls);
  });
});

describe('probe', () => {
  function setup() {
    const clock = new FakeClock();
    const net = new FakeNet(clock);
    const lookup = fakeLookup({ 'door.example': [{ address: '192.0.2.7', family: 4 }] });
    return { clock, net, deps: { sockets: net, clock, lookup } };
  }

  it('classifies with a single attempt', async () => {
    const { clock, net, deps } = setup();
    net.onTcp = (socket) => queueMicrotask(() => socket.refuse());
    const refused = probe({ host: 'door.example', family: 'auto', port: 22 }, deps);
    await clock.advance(1);
    expect(await refused).toMatchObject({ status: 'failed', class: 'refused', target: { address: '192.0.2.7' } });

    net.onTcp = () => {};
    const filtered = probe({ host: 'door.example', family: 'auto', port: 22, timeoutMs: 2000 }, deps);
    await clock.advance(2000);
    expect(await filtered).toMatchObject({ status: 'failed', class: 'filtered' });
    expect(net.tcp).toHaveLength(2);

    net.onTcp = (socket) => queueMicrotask(() => socket.refuse('EHOSTUNREACH'));
    const unreachable = probe({ host: 'door.example', family: 'auto', port: 22 }, deps);
    await clock.advance(1);
    expect(await unreachable).toMatchObject({ status: 'failed', class: 'unreachable' });

    net.onTcp = (socket) =>
      queueMicrotask(() => {
        socket.accept();
        socket.say('SSH-2.0-test\r\n');
      });
    const open = probe({ host: 'door.example', family: 'auto', port: 22, expect: 'ssh' }, deps);
    await clock.advance(1);
    expect(await open).toMatchObject({ status: 'open', banner: 'SSH-2.0-test' });
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('reports DNS failure without opening a socket', async () => {
    const { net, deps } = setup();
    expect(await probe({ host: 'missing.example', family: 'auto', port: 22 }, deps)).toMatchObject({ status: 'failed', class: 'dns-failed' });
    expect(net.tcp).toHaveLength(0);
  });

  it('reads the greeting on 22 and 21 without being asked, and listens briefly elsewhere', async () => {
    expect([defaultExpectFor(22), defaultExpectFor(21), defaultExpectFor(2222)]).toEqual(['ssh', 'ftp', 'none']);
    expect([listenWindowMs(1), listenWindowMs(400), listenWindowMs(5000)]).toEqual([502, 1300, 3000]);
    const { clock, net, deps } = setup();
    // TCP wrappers in front of sshd: accepted, then closed 5 s later without a byte.
    net.onTcp = (socket) => {
      queueMicrotask(() => socket.accept());
      if (socket.options.port === 22) clock.setTimeout(() => socket.hangUp(), 5000);
    };
    const ssh = probe({ host: 'door.example', family: 'auto', port: 22 }, deps);
    await clock.advance(5000);
    expect(await ssh).toMatchObject({ status: 'failed', class: 'reset-before-banner' });

    const other = probe({ host: 'door.example', family: 'auto', port: 2222 }, deps);
    await clock.advance(600);
    const result = await other;
    expect(result).toMatchObject({ status: 'open', expect: 'none', listenedMs: 500 });
    if (result.status !== 'open') throw new Error('expected open');
    expect(formatProbeOpen(result, 'en', false)).toMatch(/^open \(no banner read\): 192\.0\.2\.7:2222 .* said nothing for 500 ms\. A TCP-wrappers denial \(libwrap\) only shows about 5 s .*--expect ssh/);
    expect(formatProbeOpen(result, 'ko', false)).toMatch(/배너는 읽지 않음/);
    expect(clock.pending()).toBe(0);
    expect(net.live()).toBe(0);
  });

  it('says when the greeting check came from the port number', () => {
    const open = { status: 'open', target: { host: 'h', address: '::1', family: 'ipv6' }, port: 22, elapsedMs: 3.2, expect: 'ssh', banner: 'SSH-2.0-x' } as const;
    expect(formatProbeOpen(open, 'en', false)).toBe(
      'open: [::1]:22 answered in 3 ms\nSSH-2.0-x\n(port 22 is the SSH port, so its greeting was checked; --expect none only tests the connection)\n',
    );
    expect(formatProbeOpen(open, 'en', true)).toBe('open: [::1]:22 answered in 3 ms\nSSH-2.0-x\n');
  });
});
