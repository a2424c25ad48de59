import type { ProbeResult } from '../../contract/features/knock';
import type { Language } from '../../contract/locales';
import { diagnosticsText } from './explain';

const serviceNames = { ssh: 'SSH', ftp: 'FTP' } as const;

/**
 * What an open probe result means, in the user's language, for a terminal. An
 * "open" that read no greeting says so and why that is not proof (libwrap's
 * denial only shows ~5 s in), rather than passing for a verdict on the service.
 * `expectGiven`: the user asked for the greeting (--expect); otherwise the
 * check came from the port's well-known service and the text says so.
 */
export function formatProbeOpen(result: Extract<ProbeResult, { status: 'open' }>, language: Language, expectGiven: boolean): string {
  const where = `${result.target.family === 'ipv6' ? `[${result.target.address}]` : result.target.address}:${result.port}`;
  const ms = Math.round(result.elapsedMs);
  const text = (key: string, values: Record<string, string | number> = {}): string => diagnosticsText(`probe.${key}`, language, values);
  const expect = result.expect ?? 'none';
  if (expect !== 'none') {
    const lines = [text('open', { where, ms }), ...(result.banner ? [result.banner] : [])];
    if (!expectGiven) lines.push(text('checked', { port: result.port, service: serviceNames[expect] }));
    return `${lines.join('\n')}\n`;
  }
  if (result.banner) return `${text('open', { where, ms })}\n${text('heard', { banner: result.banner })}\n`;
  return `${text('openSilent', { where, ms, listened: Math.round(result.listenedMs ?? 0) })}\n`;
}
