import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sesame, sesameBin } from '../../support/cli';

// Each test starts whole processes; on a loaded 2-core machine one can take seconds.
vi.setConfig({ testTimeout: 60_000 });

// Shell completion as a user gets it: the script `sesame completion bash`
// prints, sourced into a real bash, with `sesame` on PATH (this checkout's bin).
const work = mkdtempSync(join(tmpdir(), 'sesame-completion-'));
const home = join(work, 'home');
const binDir = join(work, 'bin');
const env = { ...process.env, PATH: `${binDir}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`, SESAME_HOME: home, LANG: 'C' };

beforeAll(async () => {
  mkdirSync(binDir);
  symlinkSync(sesameBin, join(binDir, 'sesame'));
  for (const name of ['web one', 'db-1']) {
    const added = await sesame(['profiles', 'add', '--name', name, '--host', 'door.example', '--knock', '7000'], { home });
    expect(added.code, added.stderr).toBe(0);
  }
  writeFileSync(join(work, 'team.sesame'), '{}');
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Completes each line (words as typed, the last one being completed) in one bash with the generated script loaded. */
function complete(lines: string[][]): string[][] {
  const script = [
    'source <(sesame completion bash) || exit 3',
    'complete -p sesame || exit 4',
    't() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _sesame; printf "%s\\t" "${COMPREPLY[@]}"; printf "\\n"; }',
    ...lines.map((words) => `t ${words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')}`),
  ].join('\n');
  const run = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { cwd: work, env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const [registration, ...replies] = run.stdout.trimEnd().split('\n');
  expect(registration).toBe('complete -F _sesame sesame');
  return replies.map((line) => line.split('\t').filter(Boolean));
}

describe('sesame completion bash, in bash', () => {
  it('completes commands, options, option values, actions, profile names and files', () => {
    const [top, co, connect, connectW, expectValues, knockOptions, actions, show, kind, shells, helpFor, importFile, afterValue] = complete([
      ['sesame', ''],
      ['sesame', 'co'],
      ['sesame', 'connect', ''],
      ['sesame', 'connect', 'w'],
      ['sesame', 'knock', '--expect', ''],
      ['sesame', 'knock', '--'],
      ['sesame', 'profiles', ''],
      ['sesame', 'profiles', 'show', ''],
      ['sesame', 'secret', 'set', '--kind', 'pa'],
      ['sesame', 'completion', ''],
      ['sesame', 'help', 'pro'],
      ['sesame', 'profiles', 'import', 'team'],
      ['sesame', 'connect', '--exec', 'uptime', ''],
    ]);
    expect(top).toEqual(['connect', 'knock', 'probe', 'profiles', 'server-config', 'ssh-config', 'proxy', 'secret', 'spa', 'completion', 'help', '--help', '--version']);
    expect(co).toEqual(['connect', 'completion']);
    expect(connect).toEqual(['db-1', 'web\\ one']); // quoted as the shell needs it
    expect(connectW).toEqual(['web\\ one']);
    expect(expectValues).toEqual(['ssh', 'ftp', 'none']);
    expect(knockOptions).toEqual(['--udp', '--delay', '--ipv4', '--ipv6', '--verbose', '--wait', '--timeout', '--expect', '--json', '--help']);
    expect(actions).toEqual(['list', 'show', 'add', 'edit', 'rm', 'restore', 'export', 'import']);
    expect(show).toEqual(['db-1', 'web\\ one']);
    expect(kind).toEqual(['password', 'passphrase']);
    expect(shells).toEqual(['bash', 'zsh', 'fish', 'powershell']);
    expect(helpFor).toEqual(['probe', 'profiles', 'proxy']);
    expect(importFile).toEqual(['team.sesame']);
    // The word after a value-taking option is its value, not the PROFILE: the next one is.
    expect(afterValue).toEqual(['db-1', 'web\\ one']);
  });

  it('completes a profile name by TAB in an interactive bash (tmux)', () => {
    const socket = join(work, 'tmux.sock');
    const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], { env, encoding: 'utf8' });
    writeFileSync(join(work, 'rc'), 'PS1="$ "\nsource <(sesame completion bash)\n');
    try {
      expect(tmux('new-session', '-d', '-x', '120', '-y', '10', `bash --rcfile ${join(work, 'rc')} -i`).status).toBe(0);
      tmux('send-keys', 'sesame connect we', 'Tab');
      let screen = '';
      for (let i = 0; i < 100 && !screen.includes('sesame connect web\\ one'); i++) {
        spawnSync('sleep', ['0.1']);
        screen = tmux('capture-pane', '-p').stdout;
      }
      expect(screen).toContain('$ sesame connect web\\ one');
    } finally {
      tmux('kill-server');
    }
  });
});

describe('sesame completion --profiles', () => {
  const snapshot = (dir: string) =>
    readdirSync(dir)
      .sort()
      .map((f) => ({ f, bytes: readFileSync(join(dir, f), 'utf8'), mtime: statSync(join(dir, f)).mtimeMs }));

  it.each([
    ['a good file', null],
    ['a damaged file', '{"format":"sesame-profiles","version":1,"revision":3,"profiles":[\n{"name":"half'],
    ['a file from a newer version', '{"format":"sesame-profiles","version":99,"revision":1,"profiles":[{"name":"future"}],"newField":1}'],
  ])('reads %s and never writes anything', async (_what, content) => {
    const dir = mkdtempSync(join(work, 'ro-'));
    if (content === null) writeFileSync(join(dir, 'profiles.json'), readFileSync(join(home, 'profiles.json')));
    else writeFileSync(join(dir, 'profiles.json'), content);
    const before = snapshot(dir);
    const run = await sesame(['completion', '--profiles'], { home: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(content === null ? 'db-1\nweb one\n' : content.includes('future') ? 'future\n' : '');
    expect(snapshot(dir)).toEqual(before);
  });

  it('prints nothing, and creates nothing, where there is no profiles file yet', async () => {
    const dir = join(work, 'absent');
    const run = await sesame(['completion', '--profiles'], { home: dir });
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(() => statSync(dir)).toThrow();
  });
});

describe('the other shells', () => {
  it.each([
    ['zsh', ['#compdef sesame', 'bashcompinit', 'complete -F _sesame sesame', 'KSH_ARRAYS']],
    ['fish', ['complete -c sesame -n "not __fish_seen_subcommand_from', "-a '(sesame completion --profiles)'", "-l expect -x -a 'ssh ftp none'"]],
    ['powershell', ['Register-ArgumentCompleter -Native -CommandName sesame, sesame.cmd', "'--expect' = @('ssh', 'ftp', 'none')", 'sesame completion --profiles']],
  ])('%s gets a script from the same specs', async (shell, parts) => {
    const run = await sesame(['completion', shell], { home });
    expect(run.code, run.stderr).toBe(0);
    for (const part of parts) expect(run.stdout).toContain(part);
  });

  it('rejects an unknown shell with a usage error', async () => {
    expect(await sesame(['completion', 'tcsh'], { home })).toMatchObject({ code: 2, stderr: expect.stringContaining('name one shell: bash, zsh, fish, powershell') });
  });
});
