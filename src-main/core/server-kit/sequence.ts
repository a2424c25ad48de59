import type { KnockStep } from '../../contract/schemas/common';
import { firstUnprivilegedPort, scannedPorts } from './scanned-ports';

/** Uniform integer in [0, max): `crypto.randomInt` in production, a seeded one in tests. */
export type RandomInt = (max: number) => number;

export interface GenerateSequenceOptions {
  /** Steps; at least 3, so the sequence can change direction (see {@link sequenceProblems}). */
  length: number;
  /** `mixed`: each step TCP or UDP at random (one more bit per step; a TCP-only scan never completes it). */
  protocols: 'tcp' | 'udp' | 'mixed';
  /** Ports that must not appear: the guarded service, the FTP passive range, another door's sequence. */
  exclude?: Iterable<number>;
  randomInt: RandomInt;
}

export type SequenceProblem =
  | { kind: 'wellKnown'; port: number }
  | { kind: 'scanned'; port: number }
  | { kind: 'duplicate'; port: number }
  | { kind: 'run'; direction: 'ascending' | 'descending'; from: number; to: number }
  | { kind: 'tooShort'; length: number };

export const minGeneratedLength = 3;
export const maxGeneratedLength = 16;

/**
 * What is wrong with a sequence, as far as scans are concerned:
 * - a port below 1024 or in the scanned list: any scan touches it;
 * - a port twice: knockd counts the second hit as the next step only if it is
 *   one, and a retransmitted SYN to it derails the sequence (DESIGN.md, step 3);
 * - three or more steps in a row in ascending (or descending) order: a
 *   sequential sweep (`nmap -r`, masscan-style ranges, `nc -z host 1-65535`)
 *   visits ports in that order, and since only sequence ports pass knockd's
 *   filter, the sweep *is* the knock — the classic 7000,8000,9000 opens for
 *   anyone who scans the range within seq_timeout. A sequence that goes up
 *   then down (or down then up) is never completed by one sweep.
 * - fewer than three steps: two ports are always in one order.
 */
export function sequenceProblems(steps: readonly Pick<KnockStep, 'port'>[]): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const scanned = scannedPorts();
  const seen = new Set<number>();
  for (const { port } of steps) {
    if (seen.has(port)) problems.push({ kind: 'duplicate', port });
    seen.add(port);
    if (port < firstUnprivilegedPort) problems.push({ kind: 'wellKnown', port });
    else if (scanned.has(port)) problems.push({ kind: 'scanned', port });
  }
  if (steps.length < minGeneratedLength) problems.push({ kind: 'tooShort', length: steps.length });
  // Directions between neighbours; a maximal stretch of two or more equal ones is a run of three or more ports.
  const ports = steps.map((s) => s.port);
  let runStart = 0;
  for (let i = 1; i < ports.length; i += 1) {
    const direction = Math.sign((ports[i] as number) - (ports[i - 1] as number));
    const next = i + 1 < ports.length ? Math.sign((ports[i + 1] as number) - (ports[i] as number)) : 0;
    if (direction !== 0 && direction === next) continue;
    if (i - runStart >= 2 && direction !== 0) {
      const from = ports[runStart] as number;
      const to = ports[i] as number;
      problems.push({ kind: 'run', direction: to > from ? 'ascending' : 'descending', from, to });
    }
    runStart = i;
  }
  return problems;
}

/**
 * A fresh knock sequence from the OS's CSPRNG: ports 1024–65535 that no
 * routine scan touches, no port twice, and every step changes direction
 * (up, down, up, …), so no sequential sweep completes it (see
 * {@link sequenceProblems}). Each step is drawn uniformly from the ports that
 * satisfy all of that, so the only entropy lost is what the rules cost.
 */
export function generateKnockSequence(options: GenerateSequenceOptions): KnockStep[] {
  const { length, protocols, randomInt } = options;
  if (!Number.isInteger(length) || length < minGeneratedLength || length > maxGeneratedLength) {
    throw new RangeError(`length must be a whole number from ${minGeneratedLength} to ${maxGeneratedLength}, got ${length}`);
  }
  const scanned = scannedPorts();
  const excluded = new Set(options.exclude ?? []);
  const pool: number[] = [];
  for (let port = firstUnprivilegedPort; port <= 65_535; port += 1) if (!scanned.has(port) && !excluded.has(port)) pool.push(port);
  const ports: number[] = [];
  const used = new Set<number>();
  for (let i = 0; i < length; i += 1) {
    const previous = ports[i - 1];
    const before = ports[i - 2];
    const unused = pool.filter((port) => !used.has(port));
    let candidates = unused;
    if (previous !== undefined && before !== undefined) {
      // Opposite direction to the last step.
      candidates = previous > before ? candidates.filter((port) => port < previous) : candidates.filter((port) => port > previous);
    }
    if (previous !== undefined && i < length - 1) {
      // Keep a way on: the step after this one turns back, so some unused port must lie on that side.
      const [lo, lo2, hi, hi2] = [unused[0], unused[1], unused.at(-1), unused.at(-2)] as [number, number, number, number];
      candidates = candidates.filter((port) => (port > previous ? (port === lo ? lo2 : lo) < port : (port === hi ? hi2 : hi) > port));
    }
    // Never empty: the pool has some 62,000 ports and the filter above keeps a way on at every step.
    const port = candidates[randomInt(candidates.length)] as number;
    ports.push(port);
    used.add(port);
  }
  return ports.map((port) => ({ port, protocol: protocols === 'mixed' ? (randomInt(2) === 0 ? 'tcp' : 'udp') : protocols }));
}
