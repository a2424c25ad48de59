import type { ContractError } from './errors';
import { eventNames, type EventName, type EventPayload } from './events';
import { methodNames, type MethodName, type MethodRequest, type MethodResponse } from './methods';

/** What a call returns on the wire: never a thrown Error (those lose fields crossing IPC). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError };

type MethodFns = {
  [M in MethodName]: (request: MethodRequest<M>) => Promise<MethodResponse<M>>;
};

/**
 * The object the renderer sees as `window.sesame`. Methods reject with a plain
 * {@link ContractError} object (not an `Error`): `contextBridge` and structured
 * clone keep a plain object's `code` and `details`, but strip them from Errors.
 */
export type SesameApi = MethodFns & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The two primitives any transport (Electron IPC, Playwright binding, a fake) must provide. */
export interface RawTransport {
  invoke(method: MethodName, payload: unknown): Promise<Envelope<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the renderer-facing API from a transport. Used by the preload, by the
 * Chromium test transport and by renderer unit-test fakes, so all three expose
 * exactly the same surface.
 */
export function createApi(transport: RawTransport): SesameApi {
  const api: Record<string, unknown> = {};
  for (const method of methodNames) {
    api[method] = async (request: unknown) => {
      const envelope = await transport.invoke(method, request);
      if (envelope.ok) return envelope.value;
      // A plain object on purpose: see SesameApi (plain objects survive contextBridge).
      throw envelope.error;
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new TypeError(`Unknown event: ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return api as SesameApi;
}
