import { terminalIdSchema, type DetectedTools, type TerminalIdName } from '../../contract/features/settings';
import { defaultTerminal, type Detected } from '../launcher/detect';

/**
 * What the launcher's detection found, as the settings screen shows it: the
 * choices a user can pick and the defaults "auto" stands for.
 */
export function toDetectedTools(detected: Detected | undefined): DetectedTools {
  if (!detected) return { platform: 'other', terminals: [], clients: ['custom'] };
  // Only terminals a user can pick as a window; launcher-internal modes ("inline") stay out of the contract.
  const pickable = (id: string | undefined): id is TerminalIdName => terminalIdSchema.safeParse(id).success;
  const terminal = defaultTerminal(detected);
  return {
    platform: detected.platform,
    terminals: detected.terminals.filter(pickable),
    clients: detected.clients,
    ...(pickable(terminal) ? { defaultTerminal: terminal } : {}),
  };
}
