/**
 * Client versions, where a flag Sesame relies on exists only from some
 * release on. Probed once per program (cached by path, size and mtime) during
 * the pre-knock dry run, never after the door opened.
 */

export interface Version {
  major: number;
  minor: number;
  /** What the program said, for messages ("OpenSSH_for_Windows_8.1p1"). */
  raw: string;
}

/** null: the program was probed and did not say (an odd build); undefined: not probed. */
export type ToolVersions = Partial<Record<VersionedTool, Version | null>>;
export type VersionedTool = 'ssh' | 'putty' | 'plink' | 'winscp';

/** The releases the launcher's flags need; the README's table prints these. */
export const minimumVersions = {
  /**
   * SSH_ASKPASS_REQUIRE=force (OpenSSH-portable readpass.c, added in 8.4,
   * commit aaa8b609a). Windows 10/11 ship Win32-OpenSSH 8.1, which ignores it
   * and asks on the console itself.
   */
  opensshAskpassRequire: { major: 8, minor: 4 },
  /** -pwfile (PuTTY 0.77 release notes: "new command-line option -pwfile"). */
  puttyPwfile: { major: 0, minor: 77 },
  /**
   * /passwordsfromfiles (WinSCP 6.0, winscp.net/eng/docs/commandline#passwordsfromfiles);
   * older releases take the file's path as the password.
   */
  winscpPasswordsFromFiles: { major: 6, minor: 0 },
} as const;

export function atLeast(version: Version | null | undefined, minimum: { major: number; minor: number }): boolean | undefined {
  if (version === undefined || version === null) return undefined;
  return version.major > minimum.major || (version.major === minimum.major && version.minor >= minimum.minor);
}

export const formatVersion = (v: { major: number; minor: number }): string => `${v.major}.${v.minor}`;

/** `ssh -V` writes e.g. "OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.19" or "OpenSSH_for_Windows_8.1p1, LibreSSL 3.0.2" to stderr. */
export function parseOpenSshVersion(text: string): Version | null {
  const m = /OpenSSH_(?:for_Windows_)?(\d+)\.(\d+)[^\s,]*/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), raw: m[0] } : null;
}

/** `plink -V` / `putty --version`: "plink: Release 0.78" (development snapshots say "Development snapshot…": unknown). */
export function parsePuttyVersion(text: string): Version | null {
  const m = /Release (\d+)\.(\d+)/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), raw: m[0] } : null;
}

const versionInfoKey = Buffer.from('VS_VERSION_INFO', 'utf16le');
const fixedInfoSignature = 0xfeef04bd;

/**
 * The FILEVERSION of a Windows executable, from its VS_VERSION_INFO resource
 * (Microsoft "VS_FIXEDFILEINFO structure": dwSignature 0xFEEF04BD, then
 * dwStrucVersion, dwFileVersionMS = major<<16|minor). PuTTY's version.rc2 and
 * WinSCP's resources both carry it. Reading the resource beats running the
 * program: putty.exe -V and WinSCP.exe /info open windows.
 */
export function peFileVersion(exe: Buffer): Version | null {
  let at = exe.indexOf(versionInfoKey);
  while (at !== -1) {
    // The fixed info follows the key's NUL terminator, 32-bit aligned.
    for (let offset = at + versionInfoKey.length; offset < at + versionInfoKey.length + 16 && offset + 16 <= exe.length; offset += 2) {
      if (exe.readUInt32LE(offset) === fixedInfoSignature) {
        const ms = exe.readUInt32LE(offset + 8);
        const major = ms >>> 16;
        const minor = ms & 0xffff;
        return { major, minor, raw: `${major}.${minor}` };
      }
    }
    at = exe.indexOf(versionInfoKey, at + 1);
  }
  return null;
}
