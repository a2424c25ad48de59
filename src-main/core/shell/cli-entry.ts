import { posix, win32 } from 'node:path';

/**
 * When the app binary itself is asked to be the `sesame` command line. The
 * .deb and macOS ship a launcher script for that (resources/bin/sesame), but
 * an AppImage has one entry point, so it decides here:
 * - `--cli ARGS…` (any packaged build): the CLI with ARGS;
 * - an AppImage run under the name `sesame` (a symlink or a renamed file;
 *   the AppImage runtime passes that name in ARGV0, docs.appimage.org
 *   "Environment variables"): the CLI, except for what the desktop hands the
 *   app — a `sesame://` link, a `.sesame` file, or nothing at all without a
 *   terminal (a double-click) — which start the window as usual.
 * Returns the CLI's arguments, or undefined for a normal app start.
 * `args` are the process arguments after the executable (and the script, in a
 * dev run). electron-builder's AppRun adds `--no-sandbox` first where user
 * namespaces are off (app-builder-lib appImageUtil.js generateAppRunScript);
 * that is Chromium's, not the user's, and is dropped.
 */
export function cliInvocation(input: { args: readonly string[]; env: NodeJS.ProcessEnv; stdinIsTTY: boolean }): string[] | undefined {
  const args = input.args[0] === '--no-sandbox' ? input.args.slice(1) : [...input.args];
  if (args[0] === '--cli') return args.slice(1);
  if (!input.env.APPIMAGE || !input.env.ARGV0) return undefined;
  const name = win32.basename(posix.basename(input.env.ARGV0));
  if (name !== 'sesame') return undefined;
  const [first] = args;
  if (first === undefined) return input.stdinIsTTY ? [] : undefined;
  if (/^sesame:/i.test(first) || /\.sesame$/i.test(first)) return undefined;
  return args;
}

/** Where the packaged app keeps the CLI: unpacked from the asar archive (electron-builder.yml asarUnpack). */
export function packagedCliEntry(resourcesPath: string, platform: NodeJS.Platform): string {
  const { join } = platform === 'win32' ? win32 : posix;
  return join(resourcesPath, 'app.asar.unpacked', 'out', 'cli', 'sesame.mjs');
}
