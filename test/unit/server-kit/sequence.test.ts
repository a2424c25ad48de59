import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scannedPorts } from '../../../src-main/core/server-kit/scanned-ports';
import { generateKnockSequence, sequenceProblems } from '../../../src-main/core/server-kit/sequence';

const steps = (...ports: number[]) => ports.map((port) => ({ port }));

describe('sequenceProblems', () => {
  it('flags the classic 7000,8000,9000: scanned ports and an ascending run', () => {
    expect(sequenceProblems(steps(7000, 8000, 9000))).toEqual([
      { kind: 'scanned', port: 7000 },
      { kind: 'scanned', port: 8000 },
      { kind: 'scanned', port: 9000 },
      { kind: 'run', direction: 'ascending', from: 7000, to: 9000 },
    ]);
  });
  it('flags well-known ports, duplicates, descending runs and short sequences', () => {
    expect(sequenceProblems(steps(22, 40123))).toEqual([{ kind: 'wellKnown', port: 22 }, { kind: 'tooShort', length: 2 }]);
    expect(sequenceProblems(steps(41234, 39876, 41234))).toEqual([{ kind: 'duplicate', port: 41234 }]);
    expect(sequenceProblems(steps(20011, 41003, 39002, 38001, 45000))).toEqual([{ kind: 'run', direction: 'descending', from: 41003, to: 38001 }]);
  });
  it('accepts a zigzag of unscanned ports', () => {
    expect(sequenceProblems(steps(21036, 19073, 22470, 17257))).toEqual([]);
  });
  it('knows nmap top ports above 1023 (3306, 3389, 5432, 8080) and the extra probed ones (6379, 27017)', () => {
    for (const port of [3306, 3389, 5432, 8080, 6379, 27017]) expect(scannedPorts().has(port), String(port)).toBe(true);
    expect(scannedPorts().has(21036)).toBe(false);
  });
});

describe('generateKnockSequence', () => {
  it('always gives a sequence with no problem, avoiding the excluded ports (property, CSPRNG)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 16 }), fc.constantFrom('tcp' as const, 'udp' as const, 'mixed' as const), (length, protocols) => {
        const exclude = [22, 2222, 40000];
        const seq = generateKnockSequence({ length, protocols, exclude, randomInt: (max) => randomInt(max) });
        expect(seq).toHaveLength(length);
        expect(sequenceProblems(seq)).toEqual([]);
        for (const step of seq) {
          expect(exclude).not.toContain(step.port);
          if (protocols !== 'mixed') expect(step.protocol).toBe(protocols);
        }
      }),
      { numRuns: 30 },
    );
  }, 60_000);
  it('changes direction at every step, even when the random source always picks the extreme', () => {
    for (const pickLast of [true, false]) {
      const seq = generateKnockSequence({ length: 8, protocols: 'tcp', randomInt: (max) => (pickLast ? max - 1 : 0) });
      expect(sequenceProblems(seq)).toEqual([]);
    }
  });
  it('refuses lengths outside 3..16', () => {
    expect(() => generateKnockSequence({ length: 2, protocols: 'tcp', randomInt: () => 0 })).toThrow(/length/);
    expect(() => generateKnockSequence({ length: 17, protocols: 'tcp', randomInt: () => 0 })).toThrow(/length/);
  });
});
