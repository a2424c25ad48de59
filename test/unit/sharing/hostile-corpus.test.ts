import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../profiles/child-bundle';
import { fields, makeService } from '../profiles/helpers';
import type { HostileStep } from './hostile-worker';

/**
 * Every file of test/fixtures/hostile (and the big ones generated.json
 * describes) goes through every importer, each step in a worker thread with a
 * time budget and a heap cap: a step that overruns is stopped and fails the
 * test, naming the file and the importer. The budget is generous on purpose
 * (a loaded 2-core machine must not break it): the point is catching blowups
 * of minutes or hours, not measuring. Afterwards the profiles file must be
 * byte-identical: a preview never writes.
 */
const stepBudgetMs = 20_000;
const heapMb = 512;
const corpus = join(import.meta.dirname, '../../fixtures/hostile');
const execMarker = '/tmp/sesame-hostile-exec-ran';

let work: string;
let script: string;
let home: string;
let template: string;
const inputs: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sesame-hostile-'));
  script = await bundleChild(join(import.meta.dirname, 'hostile-worker.ts'), join(work, 'hostile-worker.mjs'));
  // The home the ssh-config importer resolves "~" and Include against.
  home = join(work, 'home');
  mkdirSync(join(home, '.ssh', 'glob'), { recursive: true });
  expect(spawnSync('mkfifo', [join(home, '.ssh', 'fifo')]).status).toBe(0);
  for (let i = 0; i < 50; i++) writeFileSync(join(home, '.ssh', 'glob', `${'a'.repeat(60)}${i}`), 'Host x\n');
  // A store with real profiles to compare against.
  const seeded = makeService(join(work, 'template'));
  mkdirSync(join(work, 'template'), { recursive: true });
  await seeded.service.create(fields({ name: 'Prod DB' }));
  await seeded.service.create(fields({ name: 'h1', host: 'h1.example.com' }));
  template = readFileSync(seeded.store.filePath, 'utf8');
  for (const name of readdirSync(corpus).filter((n) => n !== 'generated.json')) inputs.push(join(corpus, name));
  const generated = JSON.parse(readFileSync(join(corpus, 'generated.json'), 'utf8')) as {
    files: { name: string; head: string; unit: string; times: number; tail: string }[];
  };
  mkdirSync(join(work, 'generated'));
  for (const g of generated.files) {
    const body = g.unit.includes('{n}') ? Array.from({ length: g.times }, (_, n) => g.unit.replaceAll('{n}', String(n))).join('') : g.unit.repeat(g.times);
    const path = join(work, 'generated', g.name);
    writeFileSync(path, g.head + body + g.tail);
    inputs.push(path);
  }
  // Not files at all: the importer must refuse them without reading.
  inputs.push(join(home, '.ssh', 'fifo'), '/dev/zero', join(home, '.ssh'));
  rmSync(execMarker, { force: true });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function runOne(file: string, storeDir: string): Promise<HostileStep[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { file, home, storeDir }, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    const steps: HostileStep[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current = 'loading';
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`${file}: the ${current} step ran over its ${stepBudgetMs} ms budget and was stopped`));
      }, stepBudgetMs);
    };
    arm();
    worker.on('message', (m: { started?: string; done?: HostileStep; finished?: boolean }) => {
      if (m.started) {
        current = m.started;
        arm();
      }
      if (m.done) steps.push(m.done);
      if (m.finished) {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve(steps));
      }
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${file}: the ${current} step died: ${error.message}`));
    });
  });
}

describe('hostile import corpus', () => {
  it('every importer refuses or reads every file within its budget, never crashes, never writes the store', async () => {
    expect(inputs.length).toBeGreaterThan(30);
    const report: string[] = [];
    for (const file of inputs) {
      const storeDir = join(work, 'store');
      rmSync(storeDir, { recursive: true, force: true });
      mkdirSync(storeDir);
      cpSync(join(work, 'template', 'profiles.json'), join(storeDir, 'profiles.json'));
      const steps = await runOne(file, storeDir);
      expect(steps.map((s) => s.step)).toEqual(['detected', 'sesame', 'sesame+passphrase', 'sesame-profiles', 'knockd', 'ssh-config', 'filezilla', 'fwknoprc']);
      for (const s of steps) {
        // "Unexpected error" (a crash that is not a clear invalid-input message) is a failure in itself.
        expect(s.outcome, `${file} via ${s.step}: ${s.message}`).not.toBe('unexpected');
        report.push(`${Math.round(s.ms).toString().padStart(6)} ms  ${s.outcome.padEnd(7)}  ${s.step.padEnd(17)}  ${file.split('/').at(-1)}`);
      }
      expect(readFileSync(join(storeDir, 'profiles.json'), 'utf8'), file).toBe(template);
      expect(readdirSync(storeDir), file).toEqual(['profiles.json']);
    }
    expect(existsSync(execMarker)).toBe(false);
    console.log(`hostile corpus, slowest steps:\n${report.sort().reverse().slice(0, 8).join('\n')}`);
  }, 600_000);
});
