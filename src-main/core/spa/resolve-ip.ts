import { isIpv4 } from './fields';

/**
 * ALLOW_IP "resolve": ask a URL the *user* chose which address the outside
 * world sees (fwknop -R --resolve-url). There is deliberately no default URL:
 * a built-in third-party lookup would tell that party every time the user
 * opens a door. The reply must hold an IPv4 address (fwknop reads the first one).
 */
export type FetchText = (url: string, signal: AbortSignal) => Promise<string>;

const MAX_REPLY = 4096;

export const nodeFetchText: FetchText = async (url, signal) => {
  const response = await fetch(url, { signal, redirect: 'error', headers: { accept: 'text/plain' } });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const text = await response.text();
  return text.slice(0, MAX_REPLY);
};

export class ResolveIpError extends Error {
  override readonly name = 'ResolveIpError';
}

export async function resolvePublicIp(url: string, fetchText: FetchText = nodeFetchText, timeoutMs = 5_000, signal?: AbortSignal): Promise<string> {
  if (!/^https?:\/\/[^\s/]+/i.test(url)) throw new ResolveIpError(`RESOLVE_URL must be an http:// or https:// URL, got "${url}"`);
  const timeout = AbortSignal.timeout(timeoutMs);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let body: string;
  try {
    body = await fetchText(url, both);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ResolveIpError(`Could not learn this computer's public address from ${url}: ${(error as Error).message}`);
  }
  const candidates = body.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? [];
  const address = candidates.find(isIpv4);
  if (!address) throw new ResolveIpError(`${url} did not answer with an IPv4 address (fwknop 2.6 carries IPv4 only)`);
  return address;
}
