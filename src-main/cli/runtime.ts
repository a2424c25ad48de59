import type { AskpassRuntime } from '../core/launcher/askpass-session';
import { nodeAskpassRuntime } from '../core/launcher/system';

/**
 * True when this CLI runs inside the installed app's own Electron binary as
 * Node (`ELECTRON_RUN_AS_NODE=1`, set by the `sesame` launcher the app ships).
 */
export function runsOnElectron(versions: NodeJS.ProcessVersions = process.versions): boolean {
  return typeof versions.electron === 'string';
}

/**
 * How OpenSSH runs the askpass helper for this CLI. The built CLI keeps its
 * chunks and askpass-helper.mjs in one folder (out/cli), so the helper path
 * that core/launcher/system computes from its own module URL lands on the
 * shipped copy. Under Electron the same binary needs ELECTRON_RUN_AS_NODE to
 * act as Node again (the CLI removes it from its own environment at start, so
 * clients and the Electron apps they start do not inherit it), and on
 * Windows the app's .exe is the askpass program (see askpass-session.ts).
 */
export function cliAskpassRuntime(): AskpassRuntime {
  const base = nodeAskpassRuntime();
  if (!runsOnElectron()) return base;
  return { ...base, runtimeEnv: { ELECTRON_RUN_AS_NODE: '1' }, windowsExecutable: process.execPath };
}
