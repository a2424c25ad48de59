import type { DoorKind } from './door-kind';

/** An FTP reply as the control connection delivered it (multi-line replies joined with "\n"). */
export interface FtpReply {
  code: number;
  text: string;
}

/** Port from a 227 (PASV) or 229 (EPSV) reply. */
export function passivePort(reply: FtpReply): number | undefined {
  const epsv = /\(\|\|\|(\d+)\|\)/.exec(reply.text);
  if (reply.code === 229 && epsv) return Number(epsv[1]);
  const pasv = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(reply.text);
  if (reply.code === 227 && pasv) return Number(pasv[5]) * 256 + Number(pasv[6]);
  return undefined;
}

/**
 * The diagnosis detail of a blocked passive port: the command and the server's
 * own reply ("PASV: 227 Entering Passive Mode (…)"), which needs no translation
 * and from which the explanation reads the port the server really offered.
 */
export function passiveOfferDetail(command: 'PASV' | 'EPSV', reply: FtpReply): string {
  const line = reply.text.split('\n').at(-1) ?? '';
  // eslint-disable-next-line no-control-regex -- the server's text goes to a terminal: no control characters
  return `${command}: ${line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 120)}`;
}

/** The offered port and reply back from a passiveOfferDetail() string. */
export function readPassiveOffer(detail: string | undefined): { dataPort: number; reply: string } | undefined {
  const match = /^(?:PASV|EPSV): ((\d{3}) .*)$/.exec(detail ?? '');
  if (!match) return undefined;
  const dataPort = passivePort({ code: Number(match[2]), text: match[1] as string });
  return dataPort === undefined ? undefined : { dataPort, reply: match[1] as string };
}

/**
 * Server-side commands that let passive FTP through, for the control port
 * `port`. Since Linux 4.7 conntrack no longer attaches the FTP helper by
 * itself (nf_conntrack_helper defaults to 0; newer kernels have no such switch
 * at all — the lab's 6.18 kernel has none), so "load nf_conntrack_ftp and
 * accept related" silently stops working: a rule must assign the helper to the
 * control connection. It goes in a prerouting chain (as the nftables wiki's
 * "Conntrack helpers" page says), not in input: a knockd door inserts its
 * accept rule at the top of input, and a packet accepted there would never
 * reach a helper rule below it. Checked in the lab (vsftpd + nftables, a client
 * in another namespace): exactly these lines make a dropped passive range work.
 * Table `inet filter` / chain `input` are Debian's /etc/nftables.conf names.
 */
export function passiveHelperCommands(port: number, firewall: DoorKind['firewall']): string[] {
  if (firewall === 'iptables') {
    return [
      `iptables -t raw -A PREROUTING -p tcp --dport ${port} -j CT --helper ftp`,
      'iptables -I INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ];
  }
  return [
    `nft add ct helper inet filter ftp-standard '{ type "ftp" protocol tcp; }'`,
    `nft add chain inet filter prerouting '{ type filter hook prerouting priority filter; }'`,
    `nft add rule inet filter prerouting 'tcp dport ${port} ct helper set "ftp-standard"'`,
    'nft insert rule inet filter input ct state established,related accept',
  ];
}

/** Opening the whole passive range instead; its bounds are the server's own settings, which Sesame cannot see. */
export function passiveRangeCommand(firewall: DoorKind['firewall']): string {
  return passiveRangeCommandFor(firewall, { min: 'PASV_MIN', max: 'PASV_MAX' });
}

/** The same for a known range (the server kit configures vsftpd's range itself). */
export function passiveRangeCommandFor(firewall: DoorKind['firewall'], { min, max }: { min: number | string; max: number | string }): string {
  return firewall === 'iptables'
    ? `iptables -I INPUT -p tcp --dport ${min}:${max} -j ACCEPT`
    : `nft insert rule inet filter input tcp dport ${min}-${max} accept`;
}
