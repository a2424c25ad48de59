import { describe, expect, it } from 'vitest';
import { contractError, createDispatcher, type Handlers } from '../../../src-main/contract';
import type { KnockProgress } from '../../../src-main/contract/features/knock';
import { createAddressLocks } from '../../../src-main/core/knock/address-locks';
import { createKnockEngine } from '../../../src-main/core/knock/engine';
import { createKnockHandlers, type KnockTarget } from '../../../src-main/core/knock/handlers';
import { FakeClock, FakeNet, fakeLookup, refuseLater } from './fakes';

function setup() {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  net.onTcp = refuseLater;
  const lookup = fakeLookup({});
  const emitted: Array<{ runId: string; profileId: string; event: KnockProgress }> = [];
  const targets: Record<string, KnockTarget> = {
    web: { host: '192.0.2.7', family: 'auto', steps: [{ port: 7000, protocol: 'tcp' }], delayMs: 0, guardedPort: 22, timeoutMs: 1000 },
  };
  const handlers = createKnockHandlers({
    engine: createKnockEngine({ sockets: net, lookup, clock, locks: createAddressLocks() }),
    probeDeps: { sockets: net, lookup, clock },
    getTarget: async (id) => {
      const target = targets[id];
      if (!target) throw contractError('NOT_FOUND', `No profile "${id}".`);
      return target;
    },
    emit: (event, payload) => {
      if (event === 'knockProgress') emitted.push(payload as (typeof emitted)[number]);
    },
  });
  // Only the knock slice is under test; the other features' handlers are not needed here.
  const dispatch = createDispatcher(handlers as unknown as Handlers);
  return { clock, net, handlers, dispatch, emitted };
}

describe('knock handlers', () => {
  it('explains a diagnosis in the requested language', async () => {
    const { dispatch } = setup();
    const reply = await dispatch('explainDiagnosis', { class: 'reset-before-banner', language: 'ko' });
    expect(reply).toMatchObject({ ok: true, value: { class: 'reset-before-banner' } });
    expect(JSON.stringify(reply)).toContain('hosts.allow');
  });

  it('runs a test knock by profile id and streams progress under the run id', async () => {
    const { dispatch, clock, emitted } = setup();
    const reply = dispatch('testKnock', { profileId: 'web', runId: 'run-1' });
    await clock.advance(1000);
    expect(await reply).toMatchObject({ ok: true, value: { status: 'failed', class: 'refused', stage: 'wait' } });
    expect(emitted.map((e) => e.event.kind)).toEqual(['resolved', 'step', 'done', 'waiting', 'failed']);
    expect(emitted.every((e) => e.runId === 'run-1' && e.profileId === 'web')).toBe(true);
  });

  it('cancels a run and answers CANCELLED', async () => {
    const { dispatch, clock, net } = setup();
    net.onTcp = () => {};
    const reply = dispatch('testKnock', { profileId: 'web', runId: 'run-2' });
    await clock.advance(100);
    expect(await dispatch('cancelKnock', { runId: 'run-2' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await reply).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await dispatch('cancelKnock', { runId: 'run-2' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('probes by profile id and refuses hosts or ports in the request', async () => {
    const { dispatch, clock } = setup();
    const reply = dispatch('probeProfile', { profileId: 'web' });
    await clock.advance(1);
    expect(await reply).toMatchObject({ ok: true, value: { status: 'failed', class: 'refused', port: 22 } });
    expect(await dispatch('probeProfile', { profileId: 'web', host: 'evil.example' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch('probeProfile', { profileId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
