import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientChoice, ConnectorDeps } from '../../src-main/core/connect/connector';
import { tmuxSshTemplate } from '../../src-main/core/launcher/custom-template';
import { nodeAskpassRuntime, systemLauncher } from '../../src-main/core/launcher/system';
import type { ClipboardPort } from '../../src-main/core/launcher/types';

/** The real launcher of this machine (detection, spawn, askpass) with the test's client choice. */
export function testLauncher(choose: () => ClientChoice): ConnectorDeps['launcher'] {
  return {
    ...systemLauncher({ platform: process.platform, env: process.env, tmpDir: tmpdir(), askpassRuntime: nodeAskpassRuntime() }),
    choose,
  };
}

/**
 * The real launcher on a test desktop (test/lab/desktop.ts): clients get the
 * desktop's environment (display, session bus, private home), the X11 clipboard
 * stands in for Electron's, and its grace period is short enough to watch.
 */
export function desktopLauncher(
  desktop: { env: Record<string, string>; home: string; clipboard: ClipboardPort },
  choose: () => ClientChoice,
  clipboardClearMs = 4000,
): ConnectorDeps['launcher'] {
  return {
    ...systemLauncher({
      platform: process.platform,
      env: desktop.env,
      tmpDir: tmpdir(),
      runDir: join(desktop.home, '.config', 'Sesame', 'run'),
      askpassRuntime: nodeAskpassRuntime(),
    }),
    clipboard: desktop.clipboard,
    clipboardClearMs,
    choose,
  };
}

/** A client choice that runs ssh in a detached tmux server named `socket`: the terminal stand-in for tests. */
export function tmuxChoice(socket: string): ClientChoice {
  return { client: 'custom', customTemplate: tmuxSshTemplate.map((word) => (word === 'sesame' ? socket : word)), customDetaches: true };
}
