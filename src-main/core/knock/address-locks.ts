import { raceAbort } from '../net/abort';

/**
 * Serialises knock sequences per destination address. knockd tracks one
 * sequence per source IP, so two profiles knocking the same server at once
 * would interleave their packets and kill both sequences; different servers
 * do not interfere and run in parallel.
 */
export interface AddressLocks {
  /** Runs `fn` once every earlier holder of `address` has finished. */
  run<T>(address: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Addresses with a holder or waiters (for tests: must drain to 0). */
  size(): number;
}

export function createAddressLocks(): AddressLocks {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(address, fn, signal) {
      const key = address.toLowerCase();
      const previous = tails.get(key) ?? Promise.resolve();
      let release = (): void => {};
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      // Chained on `previous` even if we give up waiting, so order holds for those behind us.
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      try {
        await raceAbort(previous, signal);
        return await fn();
      } finally {
        release();
        void tail.then(() => {
          if (tails.get(key) === tail) tails.delete(key);
        });
      }
    },
    size: () => tails.size,
  };
}

/** One registry for the whole process: the app, the tray and every run share it. */
export const processAddressLocks: AddressLocks = createAddressLocks();
