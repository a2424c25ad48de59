import { z } from 'zod';

export const appMethods = {
  getAppInfo: {
    request: z.object({}).strict(),
    response: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.enum(['linux', 'darwin', 'win32', 'other']),
      locale: z.string(),
    }),
  },
  ping: {
    request: z.object({ nonce: z.string().max(200) }).strict(),
    response: z.object({ nonce: z.string(), at: z.number() }),
  },
} as const;

export const appEvents = {
  appNotice: z.object({
    level: z.enum(['info', 'warning', 'error']),
    message: z.string(),
  }),
  /**
   * A `.sesame` file was opened from the file manager (or a second launch):
   * main registered it; the window should show the import preview for `token`.
   */
  importRequested: z.object({ token: z.string().min(1).max(128), fileName: z.string().max(500) }),
  /** Main started a connect itself (tray, `sesame://` link): the window may show its timeline. */
  connectStarted: z.object({ runId: z.string().min(1).max(64), profileId: z.string().min(1).max(64), source: z.enum(['tray', 'link']) }),
} as const;
