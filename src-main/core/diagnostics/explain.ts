import type { DiagnosisClass, DiagnosisExplanation } from '../../contract/features/knock';
import type { Language } from '../../contract/locales';
import { translate } from '../i18n';
import type { DoorKind } from './door-kind';
import { passiveHelperCommands, passiveRangeCommand, readPassiveOffer } from './ftp-passive';

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** What is known about one failure beyond its class; every field is optional. */
export interface DiagnosisContext {
  /** The failure's detail as reported with it ("banner: 421 Service not available.", "PASV: 227 …"). */
  detail?: string;
  /** The guarded port (for FTP: the control port the helper must watch). */
  port?: number;
  /** How the door opens the port, when its command is known (see door-kind.ts); both kinds are explained otherwise. */
  door?: DoorKind;
}

type T = ReturnType<typeof translate>;

/** What the server said before turning the client away, read back from a port-wait detail ("banner: …"). */
function refusalNote(t: T, detail: string | undefined): string | undefined {
  const banner = /^banner: (.+)$/.exec(detail ?? '')?.[1];
  if (banner === undefined) return undefined;
  // vsftpd's exact TCP-wrappers text (prelogin.c); its limits say "too many"; OOPS is a session that died at start.
  const kind = /^421 Service not available\.?$/.test(banner)
    ? 'tcpWrappers'
    : /^421 .*too many|^Exceeded MaxStartups|^Not allowed at this time/i.test(banner)
      ? 'limit'
      : /^500 OOPS:/.test(banner)
        ? 'broken'
        : 'other';
  return t(`context.refusal.${kind}`, { banner });
}

function passiveAdvice(t: T, context: DiagnosisContext): { notes: string[]; commands: string[] } {
  const offer = readPassiveOffer(context.detail);
  const port = context.port ?? 21;
  const firewalls: DoorKind['firewall'][] = context.door ? [context.door.firewall] : ['nftables', 'iptables'];
  const commands = firewalls.flatMap((firewall) => [`# ${t(`context.passive.${firewall}`, { port })}`, ...passiveHelperCommands(port, firewall)]);
  commands.push(`# ${t('context.passive.range', { dataPort: offer?.dataPort ?? '?' })}`, ...firewalls.map(passiveRangeCommand));
  return { notes: offer ? [t('context.passive.offered', offer)] : [], commands };
}

/**
 * The plain-language explanation of a diagnosis class, in `language` (English
 * when missing). With a context, the explanation also says what this failure's
 * detail shows (`notes`) and gives server-side commands with its own values
 * (`commands`); a known door kind keeps only the advice that applies to it.
 */
export function explain(cls: DiagnosisClass, language: Language, context: DiagnosisContext = {}): DiagnosisExplanation {
  const t = translate(language, 'diagnostics');
  const key = `classes.${cls}`;
  let causes = list(t(`${key}.causes`, { returnObjects: true }));
  let fixes = list(t(`${key}.fixes`, { returnObjects: true }));
  const notes: string[] = [];
  let commands: string[] = [];
  if (cls === 'filtered' && context.door) {
    // The generic lists carry both door kinds (nested from doors.*): drop the kind this door is not.
    const other = context.door.style === 'rule' ? 'set' : 'rule';
    const drop = new Set([t(`doors.${other}.cause`), t(`doors.${other}.fix`)]);
    causes = causes.filter((text) => !drop.has(text));
    fixes = fixes.filter((text) => !drop.has(text));
    if (context.door.style === 'rule' && context.door.appends) notes.push(t('context.door.appends'));
  }
  if (cls === 'reset-before-banner') {
    const note = refusalNote(t, context.detail);
    if (note) notes.push(note);
  }
  if (cls === 'passive-ports-blocked') {
    const advice = passiveAdvice(t, context);
    notes.push(...advice.notes);
    commands = advice.commands;
  }
  return {
    class: cls,
    title: t(`${key}.title`),
    summary: t(`${key}.summary`),
    causes,
    fixes,
    ...(notes.length > 0 ? { notes } : {}),
    ...(commands.length > 0 ? { commands } : {}),
  };
}

/** A label or hint from the diagnostics namespace ("labels.causes", "hints.ftpPassive.text"). */
export function diagnosticsText(key: string, language: Language, values?: Record<string, string | number>): string {
  return translate(language, 'diagnostics')(key, values ?? {});
}

/** Renders an explanation as plain text for a terminal. */
export function formatExplanation(explanation: DiagnosisExplanation, language: Language): string {
  const bullet = (items: string[]): string[] => items.map((item) => `  - ${item}`);
  return [
    `${explanation.title}`,
    explanation.summary,
    ...(explanation.notes ?? []),
    '',
    `${diagnosticsText('labels.causes', language)}:`,
    ...bullet(explanation.causes),
    '',
    `${diagnosticsText('labels.fixes', language)}:`,
    ...bullet(explanation.fixes),
    '',
    ...(explanation.commands
      ? [`${diagnosticsText('labels.commands', language)}:`, ...explanation.commands.map((line) => `  ${line}`), '']
      : []),
  ].join('\n');
}
