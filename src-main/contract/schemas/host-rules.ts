// Hosts, users and paths end up in argv of ssh/lftp/putty: a leading "-" would
// be read as an option, whitespace/control characters could split or spoof
// arguments, and non-ASCII look-alikes ("раypal.com") hide the real target.
// Plain predicates (no zod) so the `sesame knock` path can check a host without
// loading the schema library; `hostSchema` (./common) is built from the same rules.

/** C0 and C1 control characters (line breaks, tabs, escapes): refused in every user-typed field. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const controlChars = /[\u0000-\u001f\u007f-\u009f]/;

const ipv4Pattern = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// Zone ids name an interface ("eth0", "en0", a Windows index "12"): RFC 6874's unreserved characters.
const zonePattern = /^[A-Za-z0-9._~-]{1,64}$/;

/** An IPv4 literal in canonical dotted-quad form (no leading zeros: `010.0.0.1` would be octal to inet_aton). */
export function isIpv4(value: string): boolean {
  return ipv4Pattern.test(value);
}

/** A bare IPv6 literal, optionally with a zone id (`fe80::1%eth0`); no brackets. */
export function isIpv6(value: string): boolean {
  const percent = value.indexOf('%');
  const address = percent < 0 ? value : value.slice(0, percent);
  if (percent >= 0 && !zonePattern.test(value.slice(percent + 1))) return false;
  if (address.length < 2 || address.length > 45) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | undefined => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (const [i, group] of all.entries()) {
    // An embedded IPv4 (::ffff:192.0.2.1) may only be the last group and counts as two.
    if (i === all.length - 1 && group.includes('.')) {
      if (!isIpv4(group)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(group)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

// A name whose labels are all numbers (or 0x… hex) is an address to inet_aton:
// "1.2.3" is 1.2.0.3 and "0x7f.1" is 127.0.0.1. Such hosts must be a real dotted quad.
const numericLabels = /^(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+))*\.?$/i;
const hostLabel = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

function isHostName(value: string): boolean {
  if (numericLabels.test(value)) return false;
  const labels = (value.endsWith('.') ? value.slice(0, -1) : value).split('.');
  return labels.every((label) => hostLabel.test(label));
}

export const hostEmptyMessage = 'is empty: enter a host name or IP address';
export const hostMaxLength = 253;
export const hostTooLongMessage = `is longer than ${hostMaxLength} characters`;

/** Each rule a host must pass, with the message shown when it does not (after the length checks). */
export const hostRules: readonly (readonly [test: (value: string) => boolean, message: string])[] = [
  [(v) => !v.startsWith('-'), 'must not start with "-" (it would be read as a command-line option)'],
  [(v) => !/\s/.test(v) && !controlChars.test(v), 'must not contain spaces or control characters'],
  [(v) => /^[\x21-\x7e]+$/.test(v), 'must be plain ASCII: write international names in their xn-- (punycode) form'],
  // Stored bare: brackets belong to URLs and "host:port" notation, and each client adds its
  // own (OpenSSH's HostKeyAlias, FileZilla's URL); a stored "[::1]" became "[[::1]]:2222".
  [(v) => !v.includes('[') && !v.includes(']'), 'must not contain "[" or "]": write an IPv6 address bare, e.g. 2001:db8::1'],
  [
    (v) => /[[\]]/.test(v) || (v.includes(':') ? isIpv6(v) : isIpv4(v) || isHostName(v)),
    'is not a valid host name or IP address (a name like server.example.com, 192.0.2.10 or 2001:db8::1)',
  ],
];

/** Strips one pair of brackets around an IPv6 literal, as users type it from URLs ("[2001:db8::1]"). */
export function normaliseHostInput(value: string): string {
  const m = /^\[([^[\]]*)\]$/.exec(value);
  return m?.[1] !== undefined && m[1].includes(':') ? m[1] : value;
}

/** The first thing wrong with `host` (same rules and words as `hostSchema`), or undefined when it is fine. */
export function hostProblem(host: string): string | undefined {
  if (host.length === 0) return hostEmptyMessage;
  if (host.length > hostMaxLength) return hostTooLongMessage;
  return hostRules.find(([test]) => !test(host))?.[1];
}

/** The host as it goes into a URL: IPv6 in brackets, its zone's "%" encoded as "%25" (RFC 6874). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host.replace('%', '%25')}]` : host;
}
