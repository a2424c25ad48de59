import type { Emit, FeatureHandlers, Handlers } from '../contract';
import type { appMethods } from '../contract/features/app';

export interface AppServiceDeps {
  name: string;
  version: string;
  platform: NodeJS.Platform;
  locale: string;
  now: () => number;
  emit: Emit;
}

const knownPlatforms = new Set(['linux', 'darwin', 'win32']);

function createAppHandlers(deps: AppServiceDeps): FeatureHandlers<typeof appMethods> {
  return {
    getAppInfo: async () => ({
      name: deps.name,
      version: deps.version,
      platform: knownPlatforms.has(deps.platform) ? (deps.platform as 'linux' | 'darwin' | 'win32') : 'other',
      locale: deps.locale,
    }),
    ping: async ({ nonce }) => ({ nonce, at: deps.now() }),
  };
}

/**
 * The main-side implementation of the whole contract, composed from one handler
 * factory per feature. Transports (Electron IPC, the Chromium test transport)
 * only validate and forward; everything the app does starts here. Dependencies
 * are passed in so it runs under plain Node.
 */
export function createAppService(deps: AppServiceDeps): Handlers {
  return { ...createAppHandlers(deps) };
}
