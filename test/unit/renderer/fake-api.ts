import { createApi, type EventName, type MethodName, type RawTransport, type SesameApi } from '../../../src-main/contract';
import { contractError } from '../../../src-main/contract/errors';

type Handler = (request: never) => unknown;

/**
 * A fake of the contract for renderer stores: the real `createApi` over a
 * transport whose methods are the given functions (others answer
 * NOT_IMPLEMENTED) and whose events the test emits by hand.
 */
export function fakeApi(handlers: Partial<Record<MethodName, Handler>>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { method: MethodName; request: unknown }[] = [];
  const transport: RawTransport = {
    async invoke(method, payload) {
      calls.push({ method, request: payload });
      const handler = handlers[method] as ((request: unknown) => unknown) | undefined;
      if (!handler) return { ok: false, error: contractError('NOT_IMPLEMENTED', `${method} is not faked`) };
      try {
        return { ok: true, value: await handler(payload) };
      } catch (error) {
        return { ok: false, error: error as never };
      }
    },
    subscribe(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
  const api: SesameApi = createApi(transport);
  return {
    api,
    calls,
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

export const summary = (id: string, name: string, group = '', host = `${name}.example.com`) => ({
  id,
  name,
  group,
  tags: [] as string[],
  host,
  service: { kind: 'ssh' as const, port: 22 },
  hasPassword: false,
  hasPassphrase: false,
  draft: false,
  oneTimeLeft: 0,
  updatedAt: 1,
});
