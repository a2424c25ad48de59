import { test as base, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Emit } from '../../src-main/contract';
import { createKeyringSecretStore } from '../../src-main/core/secrets/keyring-secret-store';
import { testLauncher, tmuxChoice } from '../support/launcher';
import { createTestCore } from '../support/test-core';
import { appOrigin, installTransport } from './transport';

type TestCore = ReturnType<typeof createTestCore>;

/** Scripted file dialogs: the next path main's open/save dialog "chooses" (undefined = the user cancelled). */
export interface ScriptedDialogs {
  openPath: string | undefined;
  savePath: string | undefined;
  /** The answer to main's "save this custom command?" question, and the commands it was asked about. */
  confirmCommand: boolean;
  askedCommands: string[][];
}

interface SesameFixtures {
  /** The real core behind the page: profiles in a throwaway folder, the lab's keyring when there is one. */
  core: TestCore;
  /** The OS locale main reports; the UI follows it until the user picks a language. */
  osLocale: string;
  /** Opens the app in Chromium, wired to `core` through the test transport. */
  openApp(): Promise<void>;
  /** What main's file dialogs return; set it before clicking "Choose a file…" / "Export…". */
  dialogs: ScriptedDialogs;
  /**
   * The terminal strategy clients launch into: a detached tmux server of this
   * name running the real ssh (read it with `tmux -L NAME capture-pane`).
   */
  terminal: string;
  /** Pushes an event from main to the page, as the Electron shell does (tray, file association). */
  mainEmit: Emit;
}

export const test = base.extend<SesameFixtures>({
  osLocale: ['en-US', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this destructuring
  dialogs: async ({}, use) => {
    await use({ openPath: undefined, savePath: undefined, confirmCommand: true, askedCommands: [] });
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this destructuring
  terminal: async ({}, use) => {
    const name = `sesame-e2e-${randomBytes(4).toString('hex')}`;
    await use(name);
    await new Promise((resolve) => execFile('tmux', ['-L', name, 'kill-server'], () => resolve(undefined)));
  },
  core: async ({ osLocale, dialogs, terminal, page }, use) => {
    let emit: Emit = () => {};
    // Secrets go to the real gnome-keyring of the lab (run-in-lab --keyring), under a throwaway
    // service name so runs never see each other's entries. No quiet fallback to memory: the
    // keychain is part of what these tests prove.
    if (!process.env.SESAME_LAB_KEYRING) {
      throw new Error('e2e needs the lab keyring: npm run test:e2e (node test/lab/run-in-lab.mjs --keyring -- npx playwright test -c test/e2e/playwright.config.ts)');
    }
    const secrets = createKeyringSecretStore({ service: `Sesame-e2e-${randomBytes(4).toString('hex')}` });
    const core = createTestCore({
      app: { name: 'Sesame', version: '0.1.0', platform: 'linux', locale: osLocale },
      emit: (event, payload) => emit(event, payload),
      dialogs: {
        openFile: async () => dialogs.openPath,
        saveFile: async () => dialogs.savePath,
        confirmCommand: async ({ argv }) => {
          dialogs.askedCommands.push(argv);
          return dialogs.confirmCommand;
        },
      },
      watchProfilesFile: true,
      // Detection would scan this machine's PATH; screenshots and tests want the same answer everywhere.
      detectTools: async () => ({ platform: 'linux', terminals: ['xterm'], clients: ['openssh', 'lftp', 'custom'], defaultTerminal: 'xterm' }),
      // The real launcher (askpass, spawn), with tmux standing in for the desktop's terminal window.
      launcher: testLauncher(() => tmuxChoice(terminal)),
      secrets,
    });
    Object.defineProperty(core, 'setEmit', { value: (fn: Emit) => (emit = fn) });
    Object.defineProperty(core, 'emitToPage', { value: ((event, payload) => emit(event, payload)) satisfies Emit });
    await use(core);
    // Close the page first: a request still in flight must not write into a removed folder.
    await page.close();
    await core.dispose();
  },
  mainEmit: async ({ core }, use) => {
    await use((event, payload) => (core as unknown as { emitToPage: Emit }).emitToPage(event, payload));
  },
  openApp: async ({ page, core }, use) => {
    await use(async () => {
      const transport = await installTransport(page, core.handlers);
      (core as unknown as { setEmit(fn: Emit): void }).setEmit(transport.emit);
      await page.goto(`${appOrigin}/`);
    });
  },
});

export { expect };
