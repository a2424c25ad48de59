import type { FeatureHandlers } from '../../contract/dispatch';
import { isContractError } from '../../contract/errors';
import type { clientPreviewMethods } from '../../contract/features/client-preview';
import { previewTemplate } from '../launcher/template-preview';
import type { ProfilesService } from '../profiles/profiles-service';
import { resolveClient, terminalFor } from './client-choice';
import type { ConnectorDeps } from './connector';

/** "Which client will open" and the custom-template preview: the launcher's own rules, nothing spawned. */
export function createClientPreviewHandlers(deps: {
  profiles: Pick<ProfilesService, 'get'>;
  launcher: Pick<ConnectorDeps['launcher'], 'detect' | 'choose'>;
}): FeatureHandlers<typeof clientPreviewMethods> {
  return {
    previewClientTemplate: async (draft) => previewTemplate(draft),
    describeClient: async ({ profileId }) => {
      const profile = await deps.profiles.get(profileId);
      let detected;
      try {
        detected = await deps.launcher.detect();
      } catch (error) {
        // A host that cannot launch clients (no launcher) has nothing to show.
        if (isContractError(error) && error.code === 'NOT_IMPLEMENTED') return { source: 'none' as const };
        throw error;
      }
      const configured = (await deps.launcher.choose?.(profile)) ?? {};
      const { client, choice, source } = resolveClient(profile, detected, configured);
      const terminal = terminalFor(client, choice, detected);
      // "inline" is the CLI's own terminal, never a window the app opens.
      return {
        ...(client ? { client } : {}),
        ...(terminal && terminal !== 'inline' ? { terminal } : {}),
        source: source === 'request' ? 'settings' : source,
      };
    },
  };
}
