#!/usr/bin/env node
// The whole test command (`npm test`; `.ci/run` runs it with CI=true):
// tools → typecheck → lint → build → unit → lab (real servers in a private
// network namespace) → renderer in real Chromium → Electron smoke.
// Every step runs even after a failure, so one run shows everything; the
// last line is the combined count of tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
rmSync(join(results, 'json'), { recursive: true, force: true });
mkdirSync(join(results, 'json'), { recursive: true });
const json = (name) => join(results, 'json', `${name}.json`);
const inLab = ['node', 'test/lab/run-in-lab.mjs', '--keyring', '--'];

/** The first non-empty line of an error message, without colour codes, cut to fit one log line. */
function firstLine(message) {
  // eslint-disable-next-line no-control-regex -- strips ANSI colour codes from reporter output
  const plain = String(message ?? 'no message').replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => l.trim() !== '') ?? 'no message';
  return line.trim().slice(0, 300);
}

/** Reads pass/fail/skip counts from a vitest or Playwright JSON report. */
function countsFrom(file, kind) {
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (kind === 'vitest') {
    // The summary names each failure, so the tail of a CI log (often all one sees) says what broke.
    const failures = [];
    for (const file of report.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') failures.push(`${file.name.replace(`${root}/`, '')} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
      }
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
        failures.push(`${file.name.replace(`${root}/`, '')}: ${firstLine(file.message)}`);
      }
    }
    return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests, skips: [], failures };
  }
  const skips = [];
  const failures = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'skipped') {
          const why = t.annotations?.find((a) => a.type === 'skip')?.description ?? 'no reason given';
          skips.push(`${spec.title}: ${why}`);
        } else if (t.status === 'unexpected') {
          const error = t.results?.at(-1)?.error?.message;
          failures.push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(error)}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  const { expected = 0, unexpected = 0, skipped = 0, flaky = 0 } = report.stats ?? {};
  return { passed: expected + flaky, failed: unexpected, skipped, skips, failures };
}

const vitest = (project, name, prefix = []) => ({
  name,
  cmd: [...prefix, 'npx', 'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${json(project)}`],
  report: [json(project), 'vitest'],
});
const playwright = (config, name, file, prefix = []) => ({
  name,
  cmd: [...prefix, 'npx', 'playwright', 'test', '-c', config, '--reporter=list,json'],
  env: { PLAYWRIGHT_JSON_OUTPUT_FILE: json(file), PLAYWRIGHT_JSON_OUTPUT_NAME: json(file) },
  report: [json(file), 'playwright'],
});

const steps = [
  { name: 'tools', cmd: ['node', 'test/lab/ensure-tools.mjs'] },
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', cmd: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  { name: 'packaging config (electron-builder)', cmd: ['node', 'scripts/check-builder-config.mjs'] },
  { name: 'build', cmd: ['npx', 'electron-vite', 'build'] },
  { name: 'Electron security checklist (electronegativity)', cmd: ['node', 'scripts/electronegativity.mjs'] },
  vitest('unit', 'unit tests'),
  vitest('lab', 'lab tests (knockd, nftables, sshd, vsftpd, gnome-keyring)', inLab),
  playwright('test/e2e/playwright.config.ts', 'renderer in Chromium', 'e2e', inLab),
  playwright('test/electron/playwright.config.ts', 'Electron smoke', 'electron'),
];

const summary = [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const step of steps) {
  process.stdout.write(`\n━━ ${step.name} ━━ ${step.cmd.join(' ')}\n`);
  const started = Date.now();
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...step.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  const counts = step.report ? countsFrom(...step.report) : undefined;
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  // A failing step with no failing test (a crash, a type error, a lint finding) still counts as a failure.
  if (!ok && (!counts || counts.failed === 0)) total.failed += 1;
  summary.push({ name: step.name, ok, seconds, counts });
}

process.stdout.write('\n━━ summary ━━\n');
for (const s of summary) {
  const c = s.counts ? `  ${s.counts.passed} passed, ${s.counts.failed} failed, ${s.counts.skipped} skipped` : '';
  process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name.padEnd(58)} ${s.seconds.padStart(6)} s${c}\n`);
  for (const why of s.counts?.skips ?? []) process.stdout.write(`      skipped: ${why}\n`);
  for (const what of s.counts?.failures ?? []) process.stdout.write(`      failed: ${what}\n`);
}
process.stdout.write(`\nTests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(summary.every((s) => s.ok) ? 0 : 1);
