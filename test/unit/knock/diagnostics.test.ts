import { describe, expect, it } from 'vitest';
import { diagnosisClasses } from '../../../src-main/contract/features/knock';
import en from '../../../src-main/contract/locales/diagnostics.en.json';
import ko from '../../../src-main/contract/locales/diagnostics.ko.json';
import { classifyErrorCode } from '../../../src-main/core/diagnostics/classify';
import { explain, formatExplanation } from '../../../src-main/core/diagnostics/explain';
import { probe } from '../../../src-main/core/diagnostics/probe';
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
});
