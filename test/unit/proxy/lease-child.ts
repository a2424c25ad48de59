// A `sesame proxy` stand-in for the lease tests: joins a door's lease in its own
// process, logs what it did to a shared file (O_APPEND, one line per write), holds
// the lease until its stdin closes, then leaves. argv: DIR LOG MODE
//   MODE "hold": normal; "crash-in-knock": exits while holding the lock, mid-knock;
//   "crash-holding": exits (no leave) once joined.
import { appendFileSync } from 'node:fs';
import { createDoorLeases, processAlive } from '../../../src-main/core/proxy/door-lease';

const [dir, log, mode] = process.argv.slice(2) as [string, string, string];
const say = (line: string) => appendFileSync(log, `${line} ${process.pid}\n`);
const leases = createDoorLeases({ dir, pid: process.pid, alive: processAlive, now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });

const lease = await leases.join('door', {
  knock: async () => {
    say('knock');
    if (mode === 'crash-in-knock') process.exit(9);
    // A knock takes a while (three steps, 100 ms apart): long enough for every other child to be waiting.
    await new Promise((r) => setTimeout(r, 300));
  },
  stillOpen: () => true,
  waitMs: 20_000,
});
say(`joined knocked=${lease.knocked}`);
if (mode === 'crash-holding') process.exit(9);
process.stdin.resume();
await new Promise((r) => process.stdin.on('end', r));
const { last } = await lease.leave(async () => {
  say('close');
});
say(`left last=${last}`);
process.exit(0);
