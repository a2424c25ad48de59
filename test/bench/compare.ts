/** What the door benchmarks share: the classic client's plain connect, and the side-by-side table. */
import net from 'node:net';
import { fmtMs as fmt, percentile, printTable, summarise, type Timed } from './stats';

export interface DoorSample extends Timed {
  attempts?: number;
  /** Sesame only: first packet → service greeting verified. */
  bannerMs?: number;
}

/** One plain connect, as `ssh` would make right after the classic client: the kernel retransmits, we just wait. */
export function connectOnce(host: string, port: number, giveUpMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, family: 4 });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), giveUpMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Prints (a) the classic way against (b) Sesame, with medians, p95, failures and the median speed-up. */
export function printComparison(labels: [string, string, string], unit: string, classic: DoorSample[], sesame: DoorSample[]) {
  const a = summarise(classic);
  const b = summarise(sesame);
  const banner = summarise(sesame.map((s) => ({ ms: s.bannerMs ?? Number.NaN, ok: s.ok })));
  const attempts = sesame.flatMap((s) => (s.attempts === undefined ? [] : [s.attempts])).sort((x, y) => x - y);
  process.stdout.write('\n');
  printTable([
    labels,
    [unit, String(classic.length), String(sesame.length)],
    ['median', fmt(a.median), fmt(b.median)],
    ['p95', fmt(a.p95), fmt(b.p95)],
    ['max', fmt(a.max), fmt(b.max)],
    ['failed', String(a.failed), String(b.failed)],
    ['+ SSH banner', '(not checked)', `median ${fmt(banner.median).trim()}, p95 ${fmt(banner.p95).trim()}`],
    ['attempts/wait', '1 (kernel retransmits)', `median ${percentile(attempts, 50)}, max ${attempts.at(-1) ?? '-'}`],
  ]);
  const speedup = a.median / b.median;
  process.stdout.write(`\nspeed-up (median): ${speedup.toFixed(1)}x\n`);
  return { a, b, speedup };
}
