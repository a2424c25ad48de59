import { app, dialog, Menu } from 'electron';
import { spawn, execFile } from 'node:child_process';
import { lstat, readlink, realpath, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Language } from '../contract/locales';
import { translate } from '../core/i18n';
import { appleScriptString } from '../core/launcher/quote';
import { cliInvocation, packagedCliEntry } from '../core/shell/cli-entry';
import { elevatedLinkScript, installCliLink, macCliLinkPath } from '../core/shell/cli-link';

/**
 * The `sesame` command line inside the app binary (AppImage as `sesame`, or
 * `--cli` anywhere): runs the bundled CLI with this same binary as Node and
 * exits with its code. Returns false when this is a normal app start.
 * Checked before the single-instance lock, so a terminal command never hands
 * itself to a running window.
 */
export function runCliIfAsked(devOutDir: string): boolean {
  const args = cliInvocation({
    args: process.argv.slice(app.isPackaged ? 1 : 2),
    env: process.env,
    stdinIsTTY: Boolean(process.stdin.isTTY),
  });
  if (!args) return false;
  const entry = app.isPackaged ? packagedCliEntry(process.resourcesPath, process.platform) : join(devOutDir, 'cli', 'sesame.mjs');
  // Ctrl-C reaches the whole foreground process group: the CLI cancels, this process waits for it.
  process.on('SIGINT', () => undefined);
  const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  child.on('error', (error) => {
    process.stderr.write(`sesame: could not start the command line: ${error.message}\n`);
    app.exit(1);
  });
  child.on('exit', (code, signal) => app.exit(code ?? (signal ? 128 + 2 : 1)));
  return true;
}

async function installFromMenu(language: Language): Promise<void> {
  const t = translate(language, 'shell');
  const target = join(process.resourcesPath, 'bin', 'sesame');
  try {
    const result = await installCliLink({
      target,
      fs: { lstat, readlink, realpath, symlink, unlink },
      elevate: async (from, link) => {
        const { response } = await dialog.showMessageBox({ type: 'info', message: t('cli.elevate', { link }), buttons: [t('cli.continue'), t('confirm.cancel')], cancelId: 1 });
        if (response === 1) throw new Error('cancelled');
        // osascript gets the script as one argv word: no shell between us and it.
        await promisify(execFile)('osascript', ['-e', elevatedLinkScript(from, link, appleScriptString)]);
      },
    });
    await dialog.showMessageBox({ type: 'info', message: t(result === 'unchanged' ? 'cli.unchanged' : 'cli.installed', { link: macCliLinkPath }) });
  } catch (error) {
    if ((error as Error).message === 'cancelled') return;
    await dialog.showMessageBox({ type: 'error', message: t('cli.failed', { error: (error as Error).message }) });
  }
}

/**
 * macOS: the standard application menu plus "Install 'sesame' Command in
 * PATH" (VS Code's "Shell Command: Install 'code' command in PATH"). Packaged
 * builds only: a dev run has no resources/bin launcher to link to.
 */
export function setMacAppMenu(language: Language): void {
  if (process.platform !== 'darwin') return;
  const t = translate(language, 'shell');
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        role: 'appMenu',
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { label: t('cli.menu'), enabled: app.isPackaged, click: () => void installFromMenu(language) },
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      { role: 'editMenu' },
      { role: 'windowMenu' },
    ]),
  );
}
