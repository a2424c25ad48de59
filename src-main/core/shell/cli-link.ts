import type { Stats } from 'node:fs';

/** The file operations the link needs; tests pass node:fs/promises on a temp folder. */
export interface CliLinkFs {
  lstat(path: string): Promise<Stats>;
  realpath(path: string): Promise<string>;
  readlink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export type CliLinkResult = 'installed' | 'unchanged' | 'installed-as-admin';

/** The path exists and is not a link Sesame made: it is someone else's and stays. */
export class CliLinkConflict extends Error {
  override readonly name = 'CliLinkConflict';
  constructor(readonly link: string) {
    super(`${link} already exists and is not Sesame's command; remove or rename it, then try again`);
  }
}

/** Links an earlier Sesame made point at some Sesame.app's launcher (the app may have moved). */
const ourLauncher = /\/Contents\/Resources\/bin\/sesame$/;

/** `sesame` in /usr/local/bin, as VS Code's "Install 'code' command in PATH" does for `code`. */
export const macCliLinkPath = '/usr/local/bin/sesame';

/**
 * Points `link` at `target` (the app's resources/bin/sesame). Nothing happens
 * when it already does; a link an earlier Sesame made is replaced; anything
 * else at that path is left alone ({@link CliLinkConflict}). Where the user
 * may not write there, `elevate` does it after an administrator prompt. Modelled on VS Code's installShellCommand
 * (src/vs/platform/native/electron-main/nativeHostMainService.ts): try as the
 * user first (Homebrew makes /usr/local/bin writable on Intel Macs), then with
 * `osascript … with administrator privileges`.
 */
export async function installCliLink(options: {
  target: string;
  link?: string;
  fs: CliLinkFs;
  elevate: (target: string, link: string) => Promise<void>;
}): Promise<CliLinkResult> {
  const { target, fs } = options;
  const link = options.link ?? macCliLinkPath;
  let exists = false;
  try {
    const stat = await fs.lstat(link);
    exists = true;
    if (!stat.isSymbolicLink() || !ourLauncher.test(await fs.readlink(link))) throw new CliLinkConflict(link);
    if ((await fs.realpath(link).catch(() => undefined)) === (await fs.realpath(target))) return 'unchanged';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    if (exists) await fs.unlink(link);
    await fs.symlink(target, link);
    return 'installed';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOENT') throw error;
  }
  await options.elevate(target, link);
  return 'installed-as-admin';
}

/** The AppleScript for the administrator prompt: `ln -sf` with both paths quoted by AppleScript itself. */
export function elevatedLinkScript(target: string, link: string, appleScriptString: (value: string) => string): string {
  const dir = link.slice(0, link.lastIndexOf('/')) || '/';
  return `do shell script "mkdir -p " & quoted form of ${appleScriptString(dir)} & " && ln -sf " & quoted form of ${appleScriptString(target)} & " " & quoted form of ${appleScriptString(link)} with administrator privileges`;
}
