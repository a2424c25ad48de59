import { eventNames, type EventName } from './events';
import { methodNames, type MethodName } from './methods';

/** Channel names are derived, never typed by hand, so they cannot drift. */
export const invokeChannel = (method: MethodName): string => `sesame:invoke:${method}`;
export const eventChannel = (event: EventName): string => `sesame:event:${event}`;

export const invokeChannels: readonly string[] = methodNames.map(invokeChannel);
export const eventChannels: readonly string[] = eventNames.map(eventChannel);
