import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { fastCandidates, findProfile, matchProfile, type Candidate } from '../../../src-main/core/proxy/find-profile';
import { relay } from '../../../src-main/core/proxy/relay';

const dir = mkdtempSync(join(tmpdir(), 'sesame-proxy-find-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (over: Record<string, unknown>) => ({
  id: `p_${String(over.name)}`,
  name: 'x',
  group: '',
  host: 'server.example.org',
  addressFamily: 'auto',
  knock: { steps: [{ port: 7000, protocol: 'tcp' }, { port: 8000, protocol: 'udp' }], delayMs: 50 },
  openTimeoutMs: 10_000,
  oneTimeSequences: [],
  service: { kind: 'ssh', port: 22 },
  ...over,
});
const doc = (profiles: unknown[]) => JSON.stringify({ format: 'sesame-profiles', version: 1, revision: 1, profiles });

describe('which profile a ProxyCommand means', () => {
  const candidates = fastCandidates(
    doc([
      entry({ name: 'web', service: { kind: 'ssh', port: 2222 }, closeSequence: { steps: [{ port: 9000, protocol: 'tcp' }], delayMs: 0 } }),
      entry({ name: 'web root', service: { kind: 'ssh', port: 2222, user: 'root' }, closeSequence: { steps: [{ port: 9000, protocol: 'tcp' }], delayMs: 0 } }),
      entry({ name: 'db', host: 'DB.example.org' }),
      entry({ name: 'db old', host: 'db.example.org', knock: { steps: [{ port: 1, protocol: 'tcp' }], delayMs: 0 } }),
      entry({ name: 'broken', host: 'broken.example.org', knock: { steps: [{ port: 70000 }] } }),
    ]),
  ) as Candidate[];

  it('reads the door fields with the contract limits, and leaves an invalid door to the full store', () => {
    expect(candidates.map((c) => [c.name, c.door !== undefined])).toEqual([['web', true], ['web root', true], ['db', true], ['db old', true], ['broken', false]]);
    const web = candidates[0]?.door;
    expect(web).toMatchObject({ host: 'server.example.org', steps: [{ port: 7000, protocol: 'tcp' }, { port: 8000, protocol: 'udp' }], delayMs: 50, closeSteps: [{ port: 9000, protocol: 'tcp' }], closeDelayMs: 0, service: { port: 2222 } });
    expect(fastCandidates(JSON.stringify({ format: 'sesame-profiles', version: 2, profiles: [] }))).toBeUndefined();
    expect(fastCandidates('{"format":')).toBeUndefined();
  });

  it('host and port first (same door on one host is fine), then name or ssh alias; different doors must be named', () => {
    const hit = matchProfile(candidates, { host: 'server.example.org', port: 2222 });
    expect('candidate' in hit && hit.candidate.name).toBe('web');
    expect(matchProfile(candidates, { host: 'db.example.org', port: 22 })).toEqual({ status: 'ambiguous', names: ['db', 'db old'] });
    const byAlias = matchProfile(candidates, { host: 'web-root', port: 22 });
    expect('candidate' in byAlias && [byAlias.candidate.name, byAlias.port]).toEqual(['web root', 2222]);
    const named = matchProfile(candidates, { profile: 'db old', host: 'db.example.org', port: 22 });
    expect('candidate' in named && named.candidate.name).toBe('db old');
    expect(matchProfile(candidates, { host: 'server.example.org', port: 22 })).toEqual({ status: 'not-found', query: { host: 'server.example.org', port: 22 }, otherPorts: [2222] });
  });

  it('goes to the full store only when the quick read cannot answer', async () => {
    const file = join(dir, 'profiles.json');
    writeFileSync(file, doc([entry({ name: 'web' }), entry({ name: 'broken', host: 'broken.example.org', knock: { steps: [] } })]));
    let full = 0;
    const fullStore = async () => {
      full += 1;
      return { candidates: [{ id: 'p_broken', name: 'broken', group: '', host: 'broken.example.org', port: 22 }], unusable: new Map([['p_broken', 'knock.steps: is empty: add at least one knock step']]) };
    };
    expect(await findProfile({ host: 'server.example.org', port: 22 }, { profilesFile: file, fullStore })).toMatchObject({ status: 'found', match: { port: 22 } });
    expect(full).toBe(0);
    expect(await findProfile({ profile: 'broken' }, { profilesFile: file, fullStore })).toEqual({ status: 'unusable', name: 'broken', reason: 'knock.steps: is empty: add at least one knock step' });
    expect(full).toBe(1);
    expect(await findProfile({ host: 'a', port: 22 }, { profilesFile: join(dir, 'none.json'), fullStore })).toMatchObject({ status: 'not-found' });
  });
});

describe('relay', () => {
  it('half-closes: stdin EOF becomes a FIN, the server still answers after it, and stdout gets every byte', async () => {
    // An echo-then-summary server: it reads until the client's FIN, then sends how much it got and closes.
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      let got = 0;
      socket.on('data', (d) => {
        got += d.length;
        socket.write(d);
      });
      socket.on('end', () => socket.end(`\ngot ${got}\n`));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    await new Promise((r) => socket.once('connect', r));
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    const running = relay({ input, output, socket });
    const big = 'x'.repeat(500_000);
    input.end(big);
    const result = await running.done;
    server.close();
    expect(result).toMatchObject({ endedBy: 'server', toServer: 500_000 });
    expect(out).toBe(`${big}\ngot 500000\n`);
    expect(result.fromServer).toBe(out.length);
  });
});
