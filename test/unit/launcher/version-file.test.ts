import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Detected } from '../../../src-main/core/launcher/detect';
import { pathLookup, versionCache, type VersionProbe } from '../../../src-main/core/launcher/system';
import { programStamp, readVersionFile, saveVersion } from '../../../src-main/core/launcher/version-file';
import type { Version } from '../../../src-main/core/launcher/versions';

let dir: string;
let ssh: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sesame-versions-'));
  ssh = join(dir, 'bin', 'ssh');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(ssh, '#!/bin/sh\necho OpenSSH_9.2p1 >&2\n', { mode: 0o755 });
  file = join(dir, 'data', 'run', 'tool-versions.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const detected = (): Detected => ({ platform: 'linux', tools: { ssh }, terminals: [], clients: ['openssh', 'custom'] });
const v92: Version = { major: 9, minor: 2, raw: 'OpenSSH_9.2p1' };

/** A probe that counts its runs and answers `answer` (what `ssh -V` would say). */
function countingProbe(answer: () => Version | null = () => v92): VersionProbe & { runs: number } {
  const probe = Object.assign(
    async () => {
      probe.runs += 1;
      return answer();
    },
    { runs: 0 },
  );
  return probe;
}

describe('client versions kept between processes (run/tool-versions.json)', () => {
  it('a second process finds the version in the file: no second probe', async () => {
    const first = countingProbe();
    expect(await versionCache('linux', {}, { file, probe: first })(detected(), ['ssh'])).toEqual({ ssh: v92 });
    expect(first.runs).toBe(1);
    // A new cache is what the next `sesame connect` starts with.
    const second = countingProbe(() => ({ major: 1, minor: 0, raw: 'wrong' }));
    expect(await versionCache('linux', {}, { file, probe: second })(detected(), ['ssh'])).toEqual({ ssh: v92 });
    expect(second.runs).toBe(0);
  });

  it('the file is private (0600) and names the program', async () => {
    await versionCache('linux', {}, { file, probe: countingProbe() })(detected(), ['ssh']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = [...(await readVersionFile(file)).values()];
    expect(saved).toEqual([{ tool: 'ssh', path: ssh, version: v92 }]);
  });

  it('a changed program (upgrade: new content, new mtime) is probed again, and its old entry dropped', async () => {
    await versionCache('linux', {}, { file, probe: countingProbe() })(detected(), ['ssh']);
    writeFileSync(ssh, '#!/bin/sh\necho OpenSSH_9.6p1 is longer >&2\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(ssh, later, later);
    const v96: Version = { major: 9, minor: 6, raw: 'OpenSSH_9.6p1' };
    const probe = countingProbe(() => v96);
    expect(await versionCache('linux', {}, { file, probe })(detected(), ['ssh'])).toEqual({ ssh: v96 });
    expect(probe.runs).toBe(1);
    expect([...(await readVersionFile(file)).values()].map((e) => e.version)).toEqual([v96]);
  });

  it('same size and mtime but a rewritten file (new ctime/inode) still counts as changed', async () => {
    // Whole seconds, so the mtime is restored to the nanosecond.
    utimesSync(ssh, 1_700_000_000, 1_700_000_000);
    const before = await programStamp(ssh);
    const content = readFileSync(ssh);
    rmSync(ssh);
    writeFileSync(ssh, content, { mode: 0o755 });
    utimesSync(ssh, 1_700_000_000, 1_700_000_000);
    expect(statSync(ssh, { bigint: true }).mtimeNs).toBe(1_700_000_000_000_000_000n);
    expect(await programStamp(ssh)).not.toBe(before);
  });

  it.each([
    ['garbage', 'not json {'],
    ['another format', JSON.stringify({ format: 99, programs: {} })],
    ['a wrong entry', JSON.stringify({ format: 1, programs: { [`${'/x'}|1|2|3|4`]: { tool: 'ssh', path: '/x', version: { major: 'nine' } } } })],
    ['an empty file', ''],
  ])('a corrupt file (%s) is a miss, never an error, and is replaced', async (_label, text) => {
    mkdirSync(join(dir, 'data', 'run'), { recursive: true });
    writeFileSync(file, text);
    const probe = countingProbe();
    expect(await versionCache('linux', {}, { file, probe })(detected(), ['ssh'])).toEqual({ ssh: v92 });
    expect(probe.runs).toBe(1);
    expect([...(await readVersionFile(file)).values()]).toHaveLength(1);
  });

  it('an entry filed under another program\'s stamp is ignored', async () => {
    const stamp = (await programStamp(ssh))!;
    mkdirSync(join(dir, 'data', 'run'), { recursive: true });
    writeFileSync(file, JSON.stringify({ format: 1, programs: { [stamp]: { tool: 'ssh', path: '/elsewhere/ssh', version: v92 } } }));
    expect((await readVersionFile(file)).size).toBe(0);
  });

  it('a probe that gives no version is not written down (a busy machine\'s timeout is not "no version")', async () => {
    const probe = countingProbe(() => null);
    expect(await versionCache('linux', {}, { file, probe })(detected(), ['ssh'])).toEqual({ ssh: null });
    expect((await readVersionFile(file)).size).toBe(0);
  });

  it('an unwritable folder costs a probe next time, not a failed connect', async () => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'run'), 'a file where the folder should be');
    expect(await versionCache('linux', {}, { file, probe: countingProbe() })(detected(), ['ssh'])).toEqual({ ssh: v92 });
  });

  it('concurrent writers (processes starting at once) always leave a whole, valid file', async () => {
    const programs = Array.from({ length: 12 }, (_, i) => join(dir, 'bin', `tool${i}`));
    for (const p of programs) writeFileSync(p, p, { mode: 0o755 });
    await Promise.all(
      programs.map(async (path, i) => saveVersion(file, (await programStamp(path))!, { tool: 'ssh', path, version: { major: i, minor: 0, raw: `v${i}` } })),
    );
    const text = readFileSync(file, 'utf8');
    expect(() => JSON.parse(text)).not.toThrow();
    const saved = await readVersionFile(file);
    // Last rename wins: at least one writer's entry is there, and every entry is one a writer wrote.
    expect(saved.size).toBeGreaterThanOrEqual(1);
    for (const entry of saved.values()) expect(entry.version.raw).toBe(`v${programs.indexOf(entry.path)}`);
  });

  it('in one process the same program is probed once, even when asked twice at once', async () => {
    const probe = countingProbe();
    const versions = versionCache('linux', {}, { probe });
    await Promise.all([versions(detected(), ['ssh']), versions(detected(), ['ssh'])]);
    expect(probe.runs).toBe(1);
  });
});

describe('pathLookup', () => {
  it('asks every PATH entry at once but returns the first in PATH order', async () => {
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'tool'), '', { mode: 0o644 }); // not executable: skipped
    writeFileSync(join(b, 'tool'), '', { mode: 0o755 });
    writeFileSync(join(dir, 'bin', 'tool'), '', { mode: 0o755 });
    chmodSync(join(a, 'tool'), 0o644);
    const which = pathLookup({ PATH: [a, b, join(dir, 'bin')].join(':') }, 'linux');
    expect(await which('tool')).toBe(join(b, 'tool'));
    expect(await which('nothing-here')).toBeNull();
  });
});
