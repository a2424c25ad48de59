import type { AddressFamily } from '../../contract/schemas/common';
import { raceAbort } from '../net/abort';
import type { LookupFn, PinnedTarget } from '../net/types';

/** Resolution failed; `code` is the resolver's (ENOTFOUND, EAI_AGAIN…) or FAMILY_MISMATCH. */
export class ResolveError extends Error {
  override readonly name = 'ResolveError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const familyNumber = { auto: 0, ipv4: 4, ipv6: 6 } as const;

/** "[::1]" is how people write IPv6 next to a port; the resolver wants it bare. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Resolves `host` exactly once under the family policy. The result is pinned:
 * knocks, the port wait and the client launch all use this address, because a
 * second lookup may pick the other family (knocks over IPv4, then SSH over
 * IPv6 is the classic way a correct knock "fails").
 */
export async function resolveTarget(
  host: string,
  policy: AddressFamily,
  lookup: LookupFn,
  signal?: AbortSignal,
): Promise<PinnedTarget> {
  const wanted = familyNumber[policy];
  let result;
  try {
    result = await raceAbort(lookup(bareHost(host), wanted), signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    const code = (error as { code?: unknown }).code;
    throw new ResolveError(`Could not resolve ${host}: ${(error as Error).message}`, typeof code === 'string' ? code : undefined);
  }
  // An IP literal comes back as itself whatever family was asked for.
  if (wanted !== 0 && result.family !== wanted) {
    throw new ResolveError(`${host} is an IPv${result.family} address but IPv${wanted} was required`, 'FAMILY_MISMATCH');
  }
  return { host, address: result.address, family: result.family };
}
