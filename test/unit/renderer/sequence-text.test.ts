import { describe, expect, it } from 'vitest';
import { formatSequence, parseSequenceText } from '../../../src-renderer/src/lib/sequence-text';

describe('sequence text', () => {
  it("reads knockd's comma syntax", () => {
    expect(parseSequenceText('7000,8000:udp, 9000:TCP')).toEqual({
      ok: true,
      value: { steps: [{ port: 7000, protocol: 'tcp' }, { port: 8000, protocol: 'udp' }, { port: 9000, protocol: 'tcp' }] },
    });
  });

  it('reads a whole knock command line with its options', () => {
    expect(parseSequenceText('/usr/bin/knock -u -d 250 -4 door.example.com 7000 8000:tcp')).toEqual({
      ok: true,
      value: { host: 'door.example.com', delayMs: 250, family: 'ipv4', steps: [{ port: 7000, protocol: 'udp' }, { port: 8000, protocol: 'tcp' }] },
    });
  });

  it('names the offending token', () => {
    expect(parseSequenceText('7000,70000')).toEqual({ ok: false, error: { key: 'badPort', token: '70000' } });
    expect(parseSequenceText('knock -x host 1')).toEqual({ ok: false, error: { key: 'unknownOption', token: '-x' } });
    expect(parseSequenceText('knock host')).toEqual({ ok: false, error: { key: 'noSteps', token: '' } });
  });

  it('formats back to the compact form', () => {
    expect(formatSequence([{ port: 1, protocol: 'tcp' }, { port: 2, protocol: 'udp' }])).toBe('1,2:udp');
  });
});
