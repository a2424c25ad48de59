import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../src-main/cli/commands/index';
import { diagnosisExitCodes } from '../../../src-main/cli/diagnosis';
import { commandHelp } from '../../../src-main/cli/help-text';
import { builtCli, builtCliDir, sesame } from '../../support/cli';
import { englishSentences } from '../../support/english';

// `--help` of the CLI as shipped (out/cli), in Korean and in English: every
// command, the command list and one action, run as processes with LANG set.
vi.setConfig({ testTimeout: 60_000 });

const home = mkdtempSync(join(tmpdir(), 'sesame-ko-help-'));
const korean = { LANG: 'ko_KR.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const english = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '' };

beforeAll(async () => {
  // bin/sesame.mjs rebuilds out/cli first when the sources are newer.
  const built = await sesame(['--version'], { home });
  expect(built.code, built.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const helpRuns: string[][] = [['--help'], ...commands.map((c) => [c.name, '--help']), ['help', 'profiles', 'export'], ['secret', 'set', '--help']];

/**
 * What stays as it is in the Korean help: names of products and protocols,
 * argument placeholders (FILE, N, PROFILE) and lists of values (auto|ipv4|ipv6).
 */
const kept = [/VS Code Remote-SSH/g, /Single Packet Authorization/g, /\S*\|\S*/g, /\b[A-Z][A-Z0-9_]*\b/g];
const sentences = (text: string) => englishSentences(kept.reduce((t, n) => t.replace(n, ' '), text));

// Concurrent: each case is two processes, mostly waiting on the other core.
describe.concurrent('sesame --help speaks the terminal\'s language (built CLI)', () => {
  it.each(helpRuns.map((argv) => [argv.join(' '), argv]))('LANG=ko_KR.UTF-8 sesame %s: Korean, no English sentence; LANG=C: English', async (_name, argv) => {
    const [ko, en] = await Promise.all([sesame(argv, { home, program: builtCli, env: korean }), sesame(argv, { home, program: builtCli, env: english })]);
    expect(ko.code, ko.stderr).toBe(0);
    expect(en.code, en.stderr).toBe(0);
    expect(ko.stdout).toMatch(/^사용법:/);
    expect(ko.stdout).toMatch(/[가-힣]/);
    expect(sentences(ko.stdout), ko.stdout).toEqual([]);
    expect(en.stdout).toMatch(/^Usage:/);
    expect(en.stdout).not.toMatch(/[가-힣]/);
    // The exit codes are the same numbers in both languages (one source: io.ts and diagnosis.ts).
    const codes = (text: string) => [...text.matchAll(/^ {2}(\d+) +\S/gm)].map((m) => m[1]);
    expect(codes(ko.stdout)).toEqual(codes(en.stdout));
  });

  it('LC_ALL, then LC_MESSAGES, then LANG decides, as gettext has it', async () => {
    const [viaAll, viaMessages, overridden] = await Promise.all([
      sesame(['--help'], { home, program: builtCli, env: { LANG: 'C', LC_ALL: 'ko_KR.UTF-8' } }),
      sesame(['knock', '--help'], { home, program: builtCli, env: { LANG: 'C', LC_ALL: '', LC_MESSAGES: 'ko_KR.UTF-8' } }),
      sesame(['--help'], { home, program: builtCli, env: { LANG: 'ko_KR.UTF-8', LC_ALL: 'C' } }),
    ]);
    expect(viaAll.stdout).toMatch(/^사용법:/);
    expect(viaMessages.stdout).toMatch(/^사용법: sesame knock/);
    expect(overridden.stdout).toMatch(/^Usage:/);
  });

  it('the Korean help is its own chunk, loaded by Korean --help only', async () => {
    const recorder = join(import.meta.dirname, '../../support/record-imports.mjs');
    const meta = JSON.parse(readFileSync(join(builtCliDir, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const chunk = Object.entries(meta.outputs).find(([, o]) => Object.keys(o.inputs).includes('src-main/contract/locales/cli-help.ko.json'));
    expect(chunk, 'cli-help.ko.json is in the build').toBeDefined();
    expect(Object.keys(chunk![1].inputs)).toEqual(['src-main/contract/locales/cli-help.ko.json']);
    const loaded = async (env: Record<string, string>, argv: string[]) => {
      const log = join(home, `imports-${env.LANG}-${argv[0]}.log`);
      const run = await sesame(argv, { home, program: builtCli, nodeArgs: ['--import', recorder], env: { ...env, SESAME_IMPORT_LOG: log } });
      expect(run.code).toBe(0);
      return readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:')).map((u) => `out/cli/${new URL(u).pathname.slice(builtCliDir.length)}`);
    };
    expect(await loaded(korean, ['--help'])).toContain(chunk![0]);
    expect(await loaded(english, ['--help'])).not.toContain(chunk![0]);
    expect(await loaded(english, ['knock', '--help'])).not.toContain(chunk![0]);
  });
});

describe('the Korean help is not stale next to the English one', () => {
  const exampleLines = (text: string) => text.split('\n').filter((l) => /^\s*sesame /.test(l)).map((l) => l.replace(/\s+#.*$/, '').trim());

  it.each(commands.map((c) => [c.name]))('sesame %s: every option, choice, usage line and exit code of the spec is in it', async (name) => {
    const { spec } = await commands.find((c) => c.name === name)!.load();
    const ko = await commandHelp(spec, undefined, korean);
    expect(ko).not.toBe(spec.help);
    expect(ko).not.toMatch(/\{\{\w+\}\}/);
    for (const [option, { short, choices }] of Object.entries(spec.options)) {
      expect(ko, `--${option}`).toMatch(new RegExp(`(^|[\\s(|\\[])--${option}(?![\\w-])`, 'm'));
      if (short) expect(ko, `-${short}`).toMatch(new RegExp(`(^|\\s)-${short}[,\\s]`, 'm'));
      for (const choice of choices ?? []) expect(ko, `--${option} ${choice}`).toContain(choice);
    }
    expect(exampleLines(ko)).toEqual(exampleLines(spec.help));
    for (const [cls, code] of Object.entries(diagnosisExitCodes)) {
      if (spec.help.includes(`${cls}:`)) expect(ko).toMatch(new RegExp(`\\n {2}${code} +${cls}: [^\\n]*[가-힣]`));
    }
  });
});
