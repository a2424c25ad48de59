import { lookup } from 'node:dns/promises';
import { describe, expect, it } from 'vitest';
import { systemLookup } from '../../../src-main/core/net/node-net';

describe('systemLookup', () => {
  it.each([
    ['127.0.0.1', 0],
    ['127.0.0.1', 6],
    ['::1', 4],
    ['2001:db8::1', 6],
  ] as const)('an address literal (%s, family %s) is answered as dns.lookup answers it, without the resolver', async (host, family) => {
    const node = await lookup(host, { family, verbatim: true });
    expect(await systemLookup(host, family)).toEqual({ address: node.address, family: node.family });
  });

  it('a name still goes to the OS resolver', async () => {
    expect((await systemLookup('localhost', 4)).address).toMatch(/^127\./);
  });
});
