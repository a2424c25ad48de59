import { z } from 'zod';
import { idSchema } from '../schemas/common';

/**
 * Doors open right now that close by themselves (knockd cmd_timeout,
 * fwknopd's access timeout), and whether Sesame keeps them open. Times are
 * absolute (epoch ms, main's wall clock): the window and tray count down with
 * their own clock, so no per-second event crosses IPC.
 */
const epochMsSchema = z.number().int().nonnegative();

export const openDoorSchema = z.object({
  profileId: idSchema,
  /** When the server closes the door unless it is knocked again. */
  closesAt: epochMsSchema,
  /** Sesame re-knocks while the session runs. */
  keptOpen: z.boolean(),
  /** The next re-knock; absent when not kept open. */
  nextKnockAt: epochMsSchema.optional(),
  /** Keeping open stops at this time at the latest (the cap for sessions Sesame cannot follow). */
  until: epochMsSchema.optional(),
  /** Sesame follows the session (a client process it started): keeping open ends with it. */
  followsSession: z.boolean(),
  reknocks: z.number().int().nonnegative(),
  /** The last re-knock failed: the door may have closed. */
  lastError: z.string().optional(),
});
export type OpenDoor = z.infer<typeof openDoorSchema>;

const doorsResponse = z.object({ doors: z.array(openDoorSchema) });

export const doorsMethods = {
  listOpenDoors: {
    request: z.object({}).strict(),
    response: doorsResponse,
  },
  /** "Close now" / "Stop keeping open": ends keeping the profile's door open and sends its close sequence if it has one. */
  closeDoorNow: {
    request: z.object({ profileId: idSchema }).strict(),
    response: z.object({ stopped: z.boolean() }),
  },
} as const;

export const doorsEvents = {
  /** The whole list, on every change (a door opened, re-knocked, closed). */
  openDoorsChanged: doorsResponse,
} as const;
