import { describe, expect, it } from 'vitest';
import { handoffFailure } from '../../../src-main/core/connect/launch-phase';
import type { LaunchPlan } from '../../../src-main/core/launcher/types';
import { atLeast, minimumVersions, parseOpenSshVersion, parsePuttyVersion, peFileVersion } from '../../../src-main/core/launcher/versions';

/** A stand-in executable: some bytes, then a VS_VERSION_INFO resource with its fixed file info. */
function fakeExe(major: number, minor: number): Buffer {
  const key = Buffer.from('VS_VERSION_INFO\0', 'utf16le');
  const fixed = Buffer.alloc(52);
  fixed.writeUInt32LE(0xfeef04bd, 0);
  fixed.writeUInt32LE(0x00010000, 4);
  fixed.writeUInt32LE(((major << 16) | minor) >>> 0, 8);
  return Buffer.concat([Buffer.from('MZ\x90\0 not a real PE header, just bytes before the resource'), Buffer.alloc(6), key, Buffer.alloc(2), fixed]);
}

describe('client versions', () => {
  it('ssh -V, as Debian and Windows print it', () => {
    expect(parseOpenSshVersion('OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.19 27 Jan 2026')).toEqual({ major: 9, minor: 2, raw: 'OpenSSH_9.2p1' });
    expect(parseOpenSshVersion('OpenSSH_for_Windows_8.1p1, LibreSSL 3.0.2')).toEqual({ major: 8, minor: 1, raw: 'OpenSSH_for_Windows_8.1p1' });
    expect(parseOpenSshVersion('ssh: command not found')).toBeNull();
    expect(atLeast(parseOpenSshVersion('OpenSSH_for_Windows_8.1p1'), minimumVersions.opensshAskpassRequire)).toBe(false);
    expect(atLeast(parseOpenSshVersion('OpenSSH_8.4p1'), minimumVersions.opensshAskpassRequire)).toBe(true);
    expect(atLeast(null, minimumVersions.opensshAskpassRequire)).toBeUndefined();
  });

  it('PuTTY: plink -V text, and the FILEVERSION of putty.exe / WinSCP.exe read from the version resource', () => {
    expect(parsePuttyVersion('plink: Release 0.78\nBuild platform: 64-bit Unix')).toMatchObject({ major: 0, minor: 78 });
    expect(parsePuttyVersion('plink: Development snapshot 2024-01-01.abcdef')).toBeNull();
    expect(peFileVersion(fakeExe(0, 76))).toMatchObject({ major: 0, minor: 76 });
    expect(peFileVersion(fakeExe(6, 3))).toMatchObject({ major: 6, minor: 3 });
    expect(peFileVersion(Buffer.from('no resource here'))).toBeNull();
    expect(atLeast(peFileVersion(fakeExe(5, 21)), minimumVersions.winscpPasswordsFromFiles)).toBe(false);
  });
});

describe('hand-off failures in plain words', () => {
  const plan = (terminal: LaunchPlan['terminal']) => ({ terminal }) as LaunchPlan;
  it('names the System Settings path for a refused Apple event, and says what else went wrong', () => {
    expect(handoffFailure(plan('iterm2'), { code: 1, signal: null, stderr: '0:43: execution error: Not authorized to send Apple events to iTerm. (-1743)\n' })).toBe(
      'macOS did not let Sesame control iTerm (error -1743). Allow it in System Settings › Privacy & Security › Automation › Sesame › iTerm, then connect again.',
    );
    expect(handoffFailure(plan('windows-terminal'), { code: 2, signal: null, stderr: 'boom\nmore' })).toBe('Windows Terminal could not open the session (exit 2): boom.');
    expect(handoffFailure(plan('terminal-app'), { code: 0, signal: null, stderr: '' })).toBeUndefined();
  });
});
