import type { z } from 'zod';
import { appEvents } from './features/app';
import { connectEvents } from './features/connect';
import { filesEvents } from './features/files';
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
  ...settingsEvents,
  ...filesEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const eventNames = Object.keys(events) as EventName[];
