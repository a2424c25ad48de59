import { z } from 'zod';

/** Something main tells the user outside a call's answer; `id` lets the window dismiss it (and not show it twice). */
const noticeSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
});

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
  /** Notices main has not seen dismissed yet (sent before the window listened, or before a reload). */
  listNotices: {
    request: z.object({}).strict(),
    response: z.object({ notices: z.array(noticeSchema.required()) }),
  },
  dismissNotice: {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    response: z.object({ dismissed: z.boolean() }),
  },
} as const;

export const appEvents = {
  appNotice: noticeSchema,
  /**
   * A `.sesame` file was opened from the file manager (or a second launch):
   * main registered it; the window should show the import preview for `token`.
   */
  importRequested: z.object({ token: z.string().min(1).max(128), fileName: z.string().max(500) }),
  /** Main started a connect itself (tray, `sesame://` link): the window may show its timeline. */
  connectStarted: z.object({ runId: z.string().min(1).max(64), profileId: z.string().min(1).max(64), source: z.enum(['tray', 'link']) }),
} as const;
