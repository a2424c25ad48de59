import type { BannerExpect } from '../../contract/schemas/common';

/**
 * What a server's first words say about the connection:
 * - `greeting`: the expected service greets (SSH "SSH-", FTP "220"), or, with
 *   no expectation, something greeted that is not a refusal;
 * - `refusal`: the service itself turned us away before login. These are the
 *   texts the daemons send on a TCP-wrappers denial or a connection limit, so
 *   they belong with "accepted, then closed" (hosts.allow/hosts.deny), not
 *   with "a different service answers";
 * - `other`: something else speaks on the port;
 * - `pending`: not enough bytes yet to tell.
 */
export type GreetingVerdict = 'greeting' | 'refusal' | 'other' | 'pending';

/**
 * First lines servers send instead of a greeting when they turn a client away:
 * - FTP 421 before login (RFC 959: "Service not available, closing control
 *   connection"). vsftpd's prelogin.c check_limits() sends
 *   "421 Service not available." on a TCP-wrappers denial (tcp_wrappers=YES;
 *   its log says "Connection refused: tcp_wrappers denial."), and
 *   "421 There are too many connected users, please try later." /
 *   "421 There are too many connections from your internet address." for
 *   max_clients / max_per_ip (all three FTP_IP_DENY/FTP_TOO_MANY_USERS/
 *   FTP_IP_LIMIT = 421 in ftpcodes.h).
 * - vsftpd's "500 OOPS: …": the session died before it could greet (a
 *   configuration error the service reports on every connection).
 * - OpenSSH's drop_connection() (sshd.c): "Exceeded MaxStartups" up to 9.7,
 *   "Not allowed at this time" from 9.8 (MaxStartups, PerSourcePenalties).
 *   Unlike libwrap's denial (silence, then a close after ~5 s) these come at once.
 */
const refusals: Record<Exclude<BannerExpect, 'none'>, RegExp> = {
  ftp: /^(?:421(?:[ -]|$)|500 OOPS:)/,
  ssh: /^(?:Exceeded MaxStartups|Not allowed at this time)/,
};

const greetingPrefix: Record<Exclude<BannerExpect, 'none'>, string> = { ssh: 'SSH-', ftp: '220' };

/** The longest text a refusal check needs; past it (or at a line end) the first line is complete enough. */
const enough = 32;

/**
 * Judges the first line a server sent. `final` says the connection closed (or
 * the byte limit was hit), so no more is coming. A matching greeting prefix is
 * decided as soon as it arrives; anything else waits for the end of the line,
 * because a refusal and a foreign banner can start alike.
 */
export function judgeGreeting(expect: BannerExpect, text: string, final: boolean): GreetingVerdict {
  const newline = text.indexOf('\n');
  const line = (newline >= 0 ? text.slice(0, newline) : text).replace(/\r$/, '');
  const complete = final || newline >= 0 || line.length >= enough;
  if (expect === 'none') {
    if (!complete) return 'pending';
    if (line.length === 0 && newline < 0) return 'other';
    return refusals.ftp.test(line) || refusals.ssh.test(line) ? 'refusal' : 'greeting';
  }
  const prefix = greetingPrefix[expect];
  if (line.startsWith(prefix)) return 'greeting';
  if (refusals[expect].test(line)) return complete ? 'refusal' : 'pending';
  if (!complete) return 'pending';
  return 'other';
}
