import { DEFAULT_SPA_PORT, SPA_PROTOCOL_VERSION, messageTypes, type DigestName, type EncryptionMode, type MessageType } from './constants';
import { accessMessage, isIpv4, natMessage, parseAccess, SpaFieldError, type SpaFields } from './fields';
import { randomValue } from './packet';
import { packetTimestamp } from './time-offset';

/**
 * What a user asks of fwknopd, in the words of the fwknop client and
 * ~/.fwknoprc (ACCESS, ALLOW_IP, NAT_ACCESS, NAT_LOCAL, NAT_PORT, FW_TIMEOUT,
 * SPOOF_USER, TIME_OFFSET…). Profiles, the CLI and the .fwknoprc importer all
 * produce one of these; `spaFields` turns it into packet fields exactly as
 * client/fwknop.c does.
 */
export interface SpaRequest {
  /** "tcp/22", or several: "tcp/22,udp/53". */
  access: string;
  /** "source" (fwknopd uses the packet's source address, fwknop -s) or an IPv4 address (-a). */
  allowIp: string;
  user: string;
  /** Seconds the server keeps the door open (fwknop -f, FW_TIMEOUT); 0 or absent: the server's FW_ACCESS_TIMEOUT. */
  clientTimeoutS?: number;
  /** NAT_ACCESS "host,port": reach an inner host through the server. */
  nat?: { host: string; port: number };
  /** NAT_LOCAL: reach a service on the server itself through a forwarded port. */
  natLocal?: boolean;
  /** NAT_PORT: the port to ask for instead of the ACCESS port (NAT modes). */
  natPort?: number;
  timeOffsetS?: number;
}

/** How the packet is built and sent (the rest of a .fwknoprc stanza). */
export interface SpaWireOptions {
  serverPort: number;
  serverProto: 'udp' | 'tcp' | 'http';
  digest: DigestName;
  /** null: send without HMAC. */
  hmac: DigestName | null;
  mode: EncryptionMode;
}

export const defaultWireOptions: SpaWireOptions = { serverPort: DEFAULT_SPA_PORT, serverProto: 'udp', digest: 'sha256', hmac: 'sha256', mode: 'cbc' };

function messageType(request: SpaRequest): MessageType {
  const timeout = (request.clientTimeoutS ?? 0) > 0;
  if (request.natLocal) return timeout ? messageTypes.clientTimeoutLocalNatAccess : messageTypes.localNatAccess;
  if (request.nat) return timeout ? messageTypes.clientTimeoutNatAccess : messageTypes.natAccess;
  return timeout ? messageTypes.clientTimeoutAccess : messageTypes.access;
}

/** The allow IP as it goes in the packet: "source" is 0.0.0.0. */
export function packetAllowIp(allowIp: string): string {
  if (allowIp.toLowerCase() === 'source') return '0.0.0.0';
  if (!isIpv4(allowIp)) {
    throw new SpaFieldError('allowIp', `"${allowIp}" must be "source" or an IPv4 address (fwknop 2.6 carries IPv4 only)`);
  }
  return allowIp;
}

/**
 * Packet fields for one send. `server` is the SPA server as the user wrote it
 * (fwknop puts that string into a local-NAT request); `wallClockMs` is the real
 * time of day, because the timestamp must match the server's clock.
 */
export function spaFields(request: SpaRequest, context: { server: string; wallClockMs: number; random?: string }): SpaFields {
  let access = parseAccess(request.access);
  const natModes = request.natLocal || request.nat !== undefined;
  if (request.natPort !== undefined) {
    if (!natModes) throw new SpaFieldError('natPort', 'only applies to NAT requests (NAT_ACCESS or NAT_LOCAL)');
    if (access.length !== 1) throw new SpaFieldError('access', 'NAT for several ports at once is not supported by fwknop: give one proto/port');
    // client/fwknop.c set_access_buf: the NAT port replaces the ACCESS port in the message.
    access = [{ proto: access[0]!.proto, port: request.natPort }];
  }
  const type = messageType(request);
  let nat: string | undefined;
  if (request.nat) nat = natMessage(request.nat.host, request.nat.port);
  else if (request.natLocal) nat = natMessage(context.server, parseAccess(request.access)[0]!.port);
  const timeout = request.clientTimeoutS ?? 0;
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > 131_070) throw new SpaFieldError('clientTimeout', 'must be whole seconds from 0 to 131070');
  return {
    random: context.random ?? randomValue(),
    user: request.user,
    timestamp: packetTimestamp(context.wallClockMs, request.timeOffsetS ?? 0),
    version: SPA_PROTOCOL_VERSION,
    type,
    message: accessMessage(packetAllowIp(request.allowIp), access),
    ...(nat !== undefined ? { nat } : {}),
    ...(timeout > 0 ? { clientTimeout: timeout } : {}),
  };
}

/** The user name fwknop sends when none is set (lib/fko_user.c): SPOOF_USER, LOGNAME, USER, else NO_USER. */
export function defaultSpaUser(env: Record<string, string | undefined>): string {
  const name = env.SPOOF_USER || env.LOGNAME || env.USER || env.USERNAME || 'NO_USER';
  return name.slice(0, 63);
}
