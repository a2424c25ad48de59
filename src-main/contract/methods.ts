import type { z } from 'zod';
import { appMethods } from './features/app';
import { clientPreviewMethods } from './features/client-preview';
import { connectMethods } from './features/connect';
import { doorsMethods } from './features/doors';
import { filesMethods } from './features/files';
import { firstRunMethods } from './features/first-run';
import { knockMethods } from './features/knock';
import { profilesMethods } from './features/profiles';
import { serverKitMethods } from './features/server-kit';
import { settingsMethods } from './features/settings';

/**
 * Every renderer → main call. One entry per method: the request schema and the
 * response schema, declared per feature under `features/`. The channel list, the
 * preload object, `window.sesame`'s type, the main-side bridge and the test
 * transport are all derived from this table, so a method is declared once.
 *
 * Requests carry ids and user edits only: never a host, port or command for
 * main to act on blindly (see DESIGN.md, "One contract, many transports").
 */
export const methods = {
  ...appMethods,
  ...knockMethods,
  ...profilesMethods,
  ...connectMethods,
  ...doorsMethods,
  ...settingsMethods,
  ...filesMethods,
  ...firstRunMethods,
  ...clientPreviewMethods,
  ...serverKitMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodRequest<M extends MethodName> = z.input<Methods[M]['request']>;
/** The request as a handler sees it: validated, with defaults applied. */
export type MethodParsedRequest<M extends MethodName> = z.output<Methods[M]['request']>;
export type MethodResponse<M extends MethodName> = z.output<Methods[M]['response']>;

export const methodNames = Object.keys(methods) as MethodName[];
