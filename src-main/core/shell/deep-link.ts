import { controlChars } from '../../contract/schemas/common';

/**
 * What the app was asked to do from outside: a `sesame://connect/<profile>`
 * link (browser, another app, a desktop shortcut) or a `.sesame` file opened
 * from the file manager. Parsed here, as a pure function, so the shell only
 * forwards argv/URLs and every odd input is tested.
 */
export type ExternalRequest = { kind: 'connect'; profile: string } | { kind: 'import'; path: string };

const maxRef = 200;
/** `sesame://connect/<id-or-name>` (also `sesame:connect/…`); anything else is ignored (undefined). */
export function parseDeepLink(raw: string): ExternalRequest | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'sesame:') return undefined;
  // "sesame://connect/web-1" puts "connect" in the host; "sesame:connect/web-1" in the path.
  const parts = `${url.host}${url.pathname}`.split('/').filter(Boolean);
  const [action, ...rest] = parts;
  if (action !== 'connect' || rest.length !== 1) return undefined;
  let profile: string;
  try {
    profile = decodeURIComponent(rest[0] as string);
  } catch {
    return undefined;
  }
  // Checked before trimming: an encoded newline must reject the link, not vanish.
  if (controlChars.test(profile)) return undefined;
  profile = profile.trim();
  if (!profile || profile.length > maxRef) return undefined;
  return { kind: 'connect', profile };
}

/**
 * Requests in a launch's (or a second instance's) argv: deep links and
 * `.sesame` files. Options, the app path and everything else are skipped.
 */
export function requestsFromArgv(argv: readonly string[]): ExternalRequest[] {
  const found: ExternalRequest[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    if (/^sesame:/i.test(arg)) {
      const link = parseDeepLink(arg);
      if (link) found.push(link);
    } else if (/\.sesame$/i.test(arg) && !controlChars.test(arg)) {
      found.push({ kind: 'import', path: arg });
    }
  }
  return found;
}
