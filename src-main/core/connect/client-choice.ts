import type { Profile } from '../../contract/features/profiles';
import { defaultClient, defaultTerminal, needsTerminal, type Detected } from '../launcher/detect';
import type { ClientId, TerminalId } from '../launcher/types';

import type { ClientChoice } from './launch-phase';

export type { ClientChoice };

export interface ResolvedClient {
  client: ClientId | undefined;
  /** The merged choice (terminal, template) the launch request is built from. */
  choice: ClientChoice;
  source: 'request' | 'profile' | 'settings' | 'detected' | 'none';
}

/**
 * The one precedence every entrance uses (connect runs it, the detail pane
 * shows it): the caller's override (the CLI's own terminal) → the profile's
 * own client → the user's settings → what detection found. A profile's own
 * custom template beats one from settings.
 */
export function resolveClient(profile: Profile, detected: Detected, configured: ClientChoice, override: ClientChoice = {}): ResolvedClient {
  const preferred = profile.preferredClient === 'auto' ? undefined : profile.preferredClient;
  const template = override.customTemplate ?? profile.customTemplate ?? configured.customTemplate;
  const choice: ClientChoice = { ...configured, ...override, ...(template ? { customTemplate: template } : {}) };
  if (override.client) return { client: override.client, choice, source: 'request' };
  if (preferred) return { client: preferred, choice, source: 'profile' };
  if (configured.client) return { client: configured.client, choice, source: 'settings' };
  const detectedClient = defaultClient(detected, profile.service.kind, choice.terminal);
  return { client: detectedClient, choice, source: detectedClient ? 'detected' : 'none' };
}

/** The terminal window a client opens in, when it needs one. */
export function terminalFor(client: ClientId | undefined, choice: ClientChoice, detected: Detected): TerminalId | undefined {
  if (!client || !needsTerminal(client)) return undefined;
  return choice.terminal ?? defaultTerminal(detected);
}
