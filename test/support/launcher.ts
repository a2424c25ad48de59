import { tmpdir } from 'node:os';
import type { ClientChoice, ConnectorDeps } from '../../src-main/core/connect/connector';
import { tmuxSshTemplate } from '../../src-main/core/launcher/custom-template';
import { nodeAskpassRuntime, systemLauncher } from '../../src-main/core/launcher/system';

/** The real launcher of this machine (detection, spawn, askpass) with the test's client choice. */
export function testLauncher(choose: () => ClientChoice): ConnectorDeps['launcher'] {
  return {
    ...systemLauncher({ platform: process.platform, env: process.env, tmpDir: tmpdir(), askpassRuntime: nodeAskpassRuntime() }),
    choose,
  };
}

/** A client choice that runs ssh in a detached tmux server named `socket`: the terminal stand-in for tests. */
export function tmuxChoice(socket: string): ClientChoice {
  return { client: 'custom', customTemplate: tmuxSshTemplate.map((word) => (word === 'sesame' ? socket : word)), customDetaches: true };
}
