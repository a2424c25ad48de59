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
} as const;
