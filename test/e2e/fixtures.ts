import { test as base, expect } from '@playwright/test';
import type { Handlers } from '../../src-main/contract';
import { createAppService, type AppServiceDeps } from '../../src-main/core/app-service';
import { appOrigin, installTransport } from './transport';

interface SesameFixtures {
  /** Opens the app shell in Chromium, wired to a real core service. */
  openApp(options?: { locale?: string; service?: Handlers }): Promise<void>;
}

export const test = base.extend<SesameFixtures>({
  openApp: async ({ page }, use) => {
    await use(async ({ locale = 'en-US', service } = {}) => {
      const deps: AppServiceDeps = {
        name: 'Sesame',
        version: '0.1.0',
        platform: 'linux',
        locale,
        now: Date.now,
        emit: (event, payload) => transport.emit(event, payload),
      };
      const transport = await installTransport(page, service ?? createAppService(deps));
      await page.goto(`${appOrigin}/`);
    });
  },
});

export { expect };
