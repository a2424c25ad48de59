import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtCli, builtCliDir, sesame } from '../../support/cli';

// Each test starts whole processes; on a loaded 2-core machine one can take seconds.
vi.setConfig({ testTimeout: 60_000 });

// The CLI as shipped: out/cli, built by `npm run build` (bin/sesame.mjs rebuilds
// it here if the sources are newer). These tests run the built files, not the sources.
const home = mkdtempSync(join(tmpdir(), 'sesame-built-cli-'));
const recorder = join(import.meta.dirname, '../../support/record-imports.mjs');

interface Meta {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}
let meta: Meta;

beforeAll(async () => {
  const built = await sesame(['--version'], { home });
  expect(built.code, built.stderr).toBe(0);
  meta = JSON.parse(readFileSync(join(builtCliDir, 'meta.json'), 'utf8')) as Meta;
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the built CLI and returns the source files (and packages) behind every module it loaded. */
async function loadedSources(args: string[]): Promise<{ code: number | null; sources: string[]; stdout: string; stderr: string }> {
  const log = join(home, `imports-${args[0]}.log`);
  rmSync(log, { force: true });
  const run = await sesame(args, { home, program: builtCli, nodeArgs: ['--import', recorder], env: { SESAME_IMPORT_LOG: log } });
  const urls = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  const sources = new Set<string>();
  for (const url of urls) {
    const file = new URL(url).pathname;
    if (!file.startsWith(builtCliDir)) {
      sources.add(file);
      continue;
    }
    const output = meta.outputs[`out/cli/${file.slice(builtCliDir.length)}`];
    expect(output, `${file} is not one of the build's outputs`).toBeDefined();
    for (const input of Object.keys(output!.inputs)) sources.add(input);
  }
  return { code: run.code, sources: [...sources], stdout: run.stdout, stderr: run.stderr };
}

const heavy = [/node_modules\/zod\//, /node_modules\/i18next\//, /src-main\/core\/profiles\//, /src-main\/core\/sharing\//, /src-main\/core\/app-core/, /node_modules\/@napi-rs\//];

describe('the built CLI loads only what a command needs', () => {
  it('--help loads the command table and nothing of any command', async () => {
    const { code, sources, stdout } = await loadedSources(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Commands:');
    expect(sources).toContain('src-main/cli/commands/index.ts');
    for (const name of ['knock', 'connect', 'profiles', 'probe', 'secret']) expect(sources).not.toContain(`src-main/cli/commands/${name}.ts`);
    for (const pattern of heavy) expect(sources.filter((s) => pattern.test(s))).toEqual([]);
  });

  it('knock loads the knock engine, not zod, profiles, sharing or i18n', async () => {
    // No packet leaves a unit test: a line without ports stops at the usage check, after the
    // command's whole static import graph has loaded (a real knock is timed by bench:cli in the lab).
    const { code, sources } = await loadedSources(['knock', '-d', '0', '127.0.0.1']);
    expect(code).toBe(2);
    expect(sources).toContain('src-main/cli/commands/knock.ts');
    expect(sources).toContain('src-main/core/knock/engine.ts');
    for (const pattern of heavy) expect(sources.filter((s) => pattern.test(s))).toEqual([]);
  });

  it('proxy (in front of every ssh) loads the door, the waiter and the relay, not zod, the profile store or i18n', async () => {
    // A usage error stops after the command's whole static import graph has loaded; no packet leaves.
    const { code, sources } = await loadedSources(['proxy', '127.0.0.1']);
    expect(code).toBe(2);
    for (const file of ['src-main/cli/commands/proxy.ts', 'src-main/core/proxy/run-proxy.ts', 'src-main/core/proxy/relay.ts', 'src-main/core/port-waiter/wait-for-port.ts']) expect(sources).toContain(file);
    for (const pattern of [...heavy, /src-main\/core\/proxy\/full-store/, /node_modules\/proper-lockfile\//]) expect(sources.filter((s) => pattern.test(s))).toEqual([]);
  });

  it('completion --profiles (run at every TAB) loads the names reader, not the profile store or zod', async () => {
    const { code, sources } = await loadedSources(['completion', '--profiles']);
    expect(code).toBe(0);
    expect(sources).toContain('src-main/cli/completion/profile-names.ts');
    for (const pattern of [...heavy, /src-main\/cli\/completion\/(model|scripts)/]) expect(sources.filter((s) => pattern.test(s))).toEqual([]);
  });

  it('connect loads the profile store and the connector, not sharing, importers, the app\'s IPC handlers or any locale but the CLI\'s', async () => {
    const { code, sources } = await loadedSources(['connect']);
    expect(code).toBe(2);
    expect(sources).toContain('src-main/core/connect/connector.ts');
    for (const pattern of [/src-main\/core\/sharing\//, /src-main\/core\/app-core/, /node_modules\/fast-xml-parser\//, /node_modules\/ssh-config\//, /node_modules\/i18next\//, /src-main\/contract\/locales\/(?!cli\.)[\w-]+\.\w+\.json/]) {
      expect(sources.filter((s) => pattern.test(s))).toEqual([]);
    }
  });

  it('connect builds no zod schema for a profile the last run already checked; an edit is checked again', async () => {
    // A key file that does not exist: the dry run refuses before anything goes on the wire.
    const add = await sesame(['profiles', 'add', '--name', 'memo', '--host', '127.0.0.1', '--knock', '7000', '--service', 'ssh', '--port', '2222', '--user', 'u', '--auth', 'key', '--key-file', '/nonexistent/sesame-key'], { home, program: builtCli });
    expect(add.code, add.stderr).toBe(0);
    const refusal = /keyFile: "\/nonexistent\/sesame-key" does not exist/;
    const first = await loadedSources(['connect', 'memo']);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(refusal);
    const second = await loadedSources(['connect', 'memo']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(refusal);
    expect(second.sources).toContain('src-main/core/profiles/profile-store.ts');
    expect(second.sources.filter((s) => /node_modules\/zod\//.test(s))).toEqual([]);
    // Hand-edited to a host the launcher must never see: parsed again, and refused as needing attention.
    const file = join(home, 'profiles.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"127.0.0.1"', '"-oProxyCommand=x"'));
    const edited = await loadedSources(['connect', 'memo']);
    expect(edited.code).toBe(2);
    expect(edited.stderr).toMatch(/needs attention/);
    expect(edited.sources.some((s) => /node_modules\/zod\//.test(s))).toBe(true);
  });

  it("connect's static import graph holds no zod (the schemas load only on a miss, an edit or a write)", () => {
    const outputs = meta.outputs as Record<string, { inputs: Record<string, unknown>; imports?: { path: string; kind: string }[] }>;
    const entry = Object.keys(outputs).find((k) => Object.keys(outputs[k]!.inputs).includes('src-main/cli/commands/connect.ts'));
    expect(entry).toBeDefined();
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file) || !outputs[file]) return;
      seen.add(file);
      for (const i of outputs[file]!.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
    };
    visit(entry!);
    const inputs = [...seen].flatMap((f) => Object.keys(outputs[f]!.inputs));
    expect(inputs).toContain('src-main/core/profiles/profile-store.ts');
    expect(inputs.filter((i) => /node_modules\/zod\//.test(i))).toEqual([]);
  });

  it('profiles does load the profile store (the check above is not vacuous)', async () => {
    const { code, sources } = await loadedSources(['profiles', 'list']);
    expect(code).toBe(0);
    expect(sources.some((s) => /src-main\/core\/profiles\//.test(s))).toBe(true);
    expect(sources.some((s) => /node_modules\/zod\//.test(s))).toBe(true);
  });

  it('ships as plain .mjs files in one folder with the askpass helper beside the chunks', () => {
    const outputs = Object.keys(meta.outputs);
    expect(outputs).toContain('out/cli/sesame.mjs');
    expect(outputs).toContain('out/cli/askpass-helper.mjs');
    for (const file of outputs) expect(file).toMatch(/^out\/cli\/[^/]+\.mjs$/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
    const run = await sesame(['--version'], { home, program: builtCli });
    expect(run).toEqual({ code: 0, stdout: `sesame ${pkg.version}\n`, stderr: '' });
  });
});
