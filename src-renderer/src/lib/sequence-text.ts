import type { KnockStep } from '../../../src-main/contract/schemas/common';

/** A step as the builder edits it: payloads are kept if a profile had one, but not typed here. */
export type DraftStep = { port: number; protocol: 'tcp' | 'udp'; payload?: KnockStep['payload'] };

export interface ParsedSequence {
  steps: DraftStep[];
  /** From a pasted `knock` command line: its host, `-d` delay and `-4`/`-6` flag. */
  host?: string;
  delayMs?: number;
  family?: 'ipv4' | 'ipv6';
}

export type ParseResult = { ok: true; value: ParsedSequence } | { ok: false; error: { key: string; token: string } };

const portPattern = /^(\d{1,5})(?::(tcp|udp))?$/i;

/**
 * Reads what users paste: "7000,8000:udp,9000" (knockd.conf's sequence
 * syntax) or a whole `knock [-u] [-d ms] [-4|-6] host port[:proto]…` command
 * line, the form knockd's docs and most server READMEs hand out.
 */
export function parseSequenceText(text: string): ParseResult {
  const tokens = text.trim().split(/[\s,]+/).filter(Boolean);
  const out: ParsedSequence = { steps: [] };
  let defaultProtocol: 'tcp' | 'udp' = 'tcp';
  let i = 0;
  const isCommand = tokens[0] !== undefined && /(^|[\\/])knock(\.exe)?$/i.test(tokens[0]);
  if (isCommand) {
    i = 1;
    for (; i < tokens.length; i += 1) {
      const t = tokens[i] as string;
      if (t === '-u' || t === '--udp') defaultProtocol = 'udp';
      else if (t === '-4' || t === '--ipv4') out.family = 'ipv4';
      else if (t === '-6' || t === '--ipv6') out.family = 'ipv6';
      else if (t === '-v' || t === '--verbose') continue;
      else if (t === '-d' || t === '--delay') {
        const value = Number(tokens[i + 1]);
        if (!Number.isInteger(value) || value < 0) return { ok: false, error: { key: 'badDelay', token: tokens[i + 1] ?? '' } };
        out.delayMs = value;
        i += 1;
      } else if (/^--delay=\d+$/.test(t)) out.delayMs = Number(t.slice(8));
      else if (t.startsWith('-')) return { ok: false, error: { key: 'unknownOption', token: t } };
      else break;
    }
    const host = tokens[i];
    if (host === undefined) return { ok: false, error: { key: 'noHost', token: '' } };
    out.host = host;
    i += 1;
  }
  for (; i < tokens.length; i += 1) {
    const t = tokens[i] as string;
    const match = portPattern.exec(t);
    const port = match ? Number(match[1]) : NaN;
    if (!match || port < 1 || port > 65535) return { ok: false, error: { key: 'badPort', token: t } };
    out.steps.push({ port, protocol: ((match[2]?.toLowerCase() as 'tcp' | 'udp' | undefined) ?? defaultProtocol) });
  }
  if (out.steps.length === 0) return { ok: false, error: { key: 'noSteps', token: '' } };
  return { ok: true, value: out };
}

/** The compact form shown in lists and used to copy a sequence: "7000,8000:udp,9000". */
export function formatSequence(steps: readonly { port: number; protocol?: string }[]): string {
  return steps.map((s) => (s.protocol === 'udp' ? `${s.port}:udp` : String(s.port))).join(',');
}
