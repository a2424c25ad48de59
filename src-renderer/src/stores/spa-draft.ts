import type { SpaSettings, SpaSettingsInput } from '../../../src-main/contract/schemas/spa';

/**
 * The SPA door's part of the editor's draft: what the form shows as text,
 * plus the settings it has no field for (NAT, time offset…), kept as they
 * were so an edit in the window never drops what the CLI or an import set.
 */
export interface SpaDraft {
  access: string;
  serverPort: number;
  serverProto: SpaSettings['serverProto'];
  allowIp: string;
  resolveUrl: string;
  user: string;
  clientTimeoutS: number;
  hmac: SpaSettings['hmac'];
  rest: Partial<SpaSettings>;
}

export function spaDraftFrom(spa: SpaSettings | undefined): SpaDraft {
  const { access, serverPort, serverProto, allowIp, resolveUrl, user, clientTimeoutS, hmac, ...rest } = spa ?? ({} as Partial<SpaSettings>);
  return {
    access: access ?? '',
    serverPort: serverPort ?? 62201,
    serverProto: serverProto ?? 'udp',
    allowIp: allowIp ?? 'source',
    resolveUrl: resolveUrl ?? '',
    user: user ?? '',
    clientTimeoutS: clientTimeoutS ?? 0,
    hmac: hmac ?? 'sha256',
    rest,
  };
}

export function spaFieldsFrom(d: SpaDraft): SpaSettingsInput {
  return {
    ...d.rest,
    serverPort: d.serverPort,
    serverProto: d.serverProto,
    allowIp: d.allowIp,
    hmac: d.hmac,
    ...(d.access !== '' ? { access: d.access } : {}),
    ...(d.resolveUrl !== '' ? { resolveUrl: d.resolveUrl } : {}),
    ...(d.user !== '' ? { user: d.user } : {}),
    ...(d.clientTimeoutS ? { clientTimeoutS: d.clientTimeoutS } : {}),
  };
}
