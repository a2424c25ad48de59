import type { Profile } from '../../contract/features/profiles';

/** Where a secret may be sent: the server and the login it was saved (or last confirmed) for. */
export interface Destination {
  host: string;
  port: number;
  user?: string;
}

/** The profile's destination now; undefined for a draft without a host. */
export function destinationOf(profile: Pick<Profile, 'host' | 'service'>): Destination | undefined {
  if (profile.host === undefined) return undefined;
  return { host: profile.host, port: profile.service.port, ...(profile.service.user !== undefined ? { user: profile.service.user } : {}) };
}

/** Host names compare case-insensitively (DNS does); ports and users exactly. */
export function sameDestination(a: Destination | undefined, b: Destination | undefined): boolean {
  if (!a || !b) return false;
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && (a.user ?? '') === (b.user ?? '');
}

export function describeDestination(d: Destination): string {
  const host = d.host.includes(':') ? `[${d.host}]` : d.host;
  return `${d.user !== undefined ? `${d.user}@` : ''}${host}:${d.port}`;
}

// The keychain item holds the secret together with the destination it is bound
// to, so both change in one write and neither can be edited through the
// profiles file (which sync tools, imports and other processes rewrite).
const marker = 'sesame-bound-secret:1:';

export function encodeBound(secret: string, destination: Destination): string {
  return `${marker}${JSON.stringify({ to: destination, secret })}`;
}

/**
 * Reads a keychain value. Values stored before secrets were bound (or by hand,
 * e.g. with secret-tool) have no destination: they count as unconfirmed.
 */
export function decodeBound(stored: string): { secret: string; boundTo?: Destination } {
  if (!stored.startsWith(marker)) return { secret: stored };
  try {
    const value = JSON.parse(stored.slice(marker.length)) as { to?: Partial<Destination>; secret?: unknown };
    const to = value.to;
    if (typeof value.secret !== 'string') return { secret: stored };
    if (!to || typeof to.host !== 'string' || typeof to.port !== 'number') return { secret: value.secret };
    return { secret: value.secret, boundTo: { host: to.host, port: to.port, ...(typeof to.user === 'string' ? { user: to.user } : {}) } };
  } catch {
    return { secret: stored };
  }
}
