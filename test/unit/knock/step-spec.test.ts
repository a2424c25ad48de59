import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStepSpec, parseStepSpec, StepSpecError } from '../../../src-main/core/knock/step-spec';

describe('knock step syntax', () => {
  it('reads PORT and PORT:proto like the classic knock client', () => {
    expect(parseStepSpec('7000')).toEqual({ port: 7000, protocol: 'tcp' });
    expect(parseStepSpec('7000', 'udp')).toEqual({ port: 7000, protocol: 'udp' });
    expect(parseStepSpec('8000:UDP')).toEqual({ port: 8000, protocol: 'udp' });
    expect(parseStepSpec('9000:tcp', 'udp')).toEqual({ port: 9000, protocol: 'tcp' });
  });

  it.each(['0', '65536', '70:sctp', 'ssh', '1:', ':22', '-1', '22 23'])('rejects %j', (spec) => {
    expect(() => parseStepSpec(spec)).toThrow(StepSpecError);
  });

  it('round-trips every valid step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.constantFrom('tcp' as const, 'udp' as const), (port, protocol) => {
        expect(parseStepSpec(formatStepSpec({ port, protocol }))).toEqual({ port, protocol });
      }),
    );
  });
});
