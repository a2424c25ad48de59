import type { Envelope } from './api';
import { contractError, invalidInput, isContractError } from './errors';
import { events, type EventName, type EventPayload } from './events';
import { methods, type MethodName, type MethodParsedRequest, type MethodResponse } from './methods';

/** The main-side implementation of every method. Core provides it; transports call it. */
export type Handlers = {
  [M in MethodName]: (request: MethodParsedRequest<M>) => Promise<MethodResponse<M>>;
};

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type Dispatch = (method: string, payload: unknown) => Promise<Envelope<unknown>>;

function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/**
 * Validates a request against the contract, runs the handler, validates the
 * response, and turns every failure into a {@link ContractError}. Shared by the
 * Electron bridge and the test transport so both reject bad input identically.
 *
 * `onUnexpected` receives errors that are not ContractErrors (bugs) so the host
 * can log them; the caller only sees a generic INTERNAL error, never a stack.
 */
export function createDispatcher(handlers: Handlers, onUnexpected: (error: unknown) => void = () => {}): Dispatch {
  return async (method, payload) => {
    if (!isMethodName(method)) {
      return { ok: false, error: contractError('UNKNOWN_METHOD', `Unknown method "${method}".`) };
    }
    const spec = methods[method];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      return { ok: false, error: invalidInput(parsed.error, `request for ${method}`) };
    }
    try {
      const handler = handlers[method] as (req: unknown) => Promise<unknown>;
      const value: unknown = await handler(parsed.data);
      const checked = spec.response.safeParse(value);
      if (!checked.success) {
        onUnexpected(checked.error);
        return { ok: false, error: contractError('INVALID_OUTPUT', `Main produced an invalid response for ${method}.`) };
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (isContractError(error)) return { ok: false, error };
      onUnexpected(error);
      return { ok: false, error: contractError('INTERNAL', `Unexpected error in ${method}.`) };
    }
  };
}

/** Validates an event payload before it is pushed; a bad payload is a bug in main. */
export function checkEvent<E extends EventName>(event: E, payload: EventPayload<E>): EventPayload<E> {
  return events[event].parse(payload) as EventPayload<E>;
}


/** The slice of {@link Handlers} that one feature implements, given its method table. */
export type FeatureHandlers<T> = Pick<Handlers, Extract<keyof T, MethodName>>;
