import type { z } from 'zod';
import { appEvents } from './features/app';
import { clientPreviewEvents } from './features/client-preview';
import { connectEvents } from './features/connect';
import { doorsEvents } from './features/doors';
import { filesEvents } from './features/files';
import { firstRunEvents } from './features/first-run';
import { knockEvents } from './features/knock';
import { profilesEvents } from './features/profiles';
import { settingsEvents } from './features/settings';

/**
 * Every main → renderer push, declared per feature under `features/`. Payloads
 * are validated by main before sending, so the renderer can trust their shape.
 */
export const events = {
  ...appEvents,
  ...knockEvents,
  ...profilesEvents,
  ...connectEvents,
  ...doorsEvents,
  ...settingsEvents,
  ...filesEvents,
  ...firstRunEvents,
  ...clientPreviewEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const eventNames = Object.keys(events) as EventName[];
