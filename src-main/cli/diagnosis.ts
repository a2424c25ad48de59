import type { DiagnosisClass, ProbeResult } from '../contract/features/knock';
import type { Language } from '../contract/locales';
import { exitCodes, type CliIo } from './io';

/** Exit codes of `knock`, `probe` and `connect`: one per diagnosis, so scripts can branch without parsing text. */
export const diagnosisExitCodes: Record<DiagnosisClass, number> = {
  filtered: 3,
  refused: 4,
  'reset-before-banner': 5,
  'wrong-service': 6,
  'dns-failed': 7,
  unreachable: 8,
  'passive-ports-blocked': 9,
  'spa-filtered': 10,
};
export const cancelledExitCode = 130;

/** What each diagnosis name means, for the `--help` of every command that can print one (knock, probe, connect, spa, proxy). */
const diagnosisMeanings: Record<DiagnosisClass, string> = {
  filtered: 'no answer at all: a firewall drops the packets (the door stayed shut)',
  refused: 'the host answered "connection refused": nothing listens there, or a REJECT rule',
  'reset-before-banner': 'accepted, then closed before the greeting (or FTP "421"): TCP wrappers (hosts.allow/hosts.deny)',
  'wrong-service': 'something else answers on the port than the SSH/FTP greeting expected',
  'dns-failed': 'the host name does not resolve',
  unreachable: 'no route to the host (network down, or no address of that family)',
  'passive-ports-blocked': 'FTP login works but the passive data ports are blocked',
  'spa-filtered': 'the SPA packet went out but the port stayed shut: fwknopd refused it (key, clock, access.conf)',
};

/** The diagnosis rows of an exit-code table, numbers from {@link diagnosisExitCodes}, meanings in one language. */
export function diagnosisExitCodeRows(meanings: Readonly<Record<DiagnosisClass, string>>): string[] {
  return Object.entries(diagnosisExitCodes).map(([cls, code]) => `  ${String(code).padEnd(4)} ${cls}: ${meanings[cls as DiagnosisClass]}`);
}

export const diagnosisExitCodeLines = diagnosisExitCodeRows(diagnosisMeanings);

/** The exit-code table of `knock` (and, reworded, `probe`). */
export const exitCodeHelp = [
  'Exit codes:',
  `  ${exitCodes.ok}    done (knocked; with --wait: the port is open)`,
  `  ${exitCodes.failure}    unexpected error`,
  `  ${exitCodes.usage}    bad command line`,
  ...diagnosisExitCodeLines,
  `  ${cancelledExitCode}  cancelled (Ctrl-C)`,
].join('\n');

/**
 * Prints a failure's diagnosis to stderr in the user's language. The
 * explanations (locales and i18next) load only here: a knock that works never pays for them.
 */
export async function printDiagnosis(io: CliIo, cls: DiagnosisClass, detail: string | undefined, port?: number): Promise<void> {
  const [{ explain, formatExplanation }, language] = await Promise.all([import('../core/diagnostics/explain'), cliLanguage(io)]);
  // The detail and the guarded port make the text specific: what the server said, commands with this port.
  const context = { ...(detail !== undefined ? { detail } : {}), ...(port !== undefined ? { port } : {}) };
  io.err(`\n${formatExplanation(explain(cls, language, context), language)}`);
  if (detail) io.err(`(${await localDetail(detail, language)})\n`);
}

/** The engine's detail ("Could not resolve HOST: getaddrinfo ENOTFOUND HOST") in the user's language; system codes in it stay. */
export async function localDetail(detail: string, language: Language): Promise<string> {
  if (language === 'en') return detail;
  const { translateMessage } = await import('../contract/locales/messages');
  return translateMessage(detail, language).text;
}

/** The user's language from LC_ALL, LC_MESSAGES or LANG (English unless Korean). */
export async function cliLanguage(io: CliIo): Promise<Language> {
  const { pickLanguage } = await import('../contract/locales');
  return pickLanguage(io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG);
}

/** Prints an open probe in the user's language, saying what was (not) checked; `expectGiven`: --expect was on the command line. */
export async function printProbeOpen(io: CliIo, result: Extract<ProbeResult, { status: 'open' }>, expectGiven: boolean): Promise<void> {
  const [{ formatProbeOpen }, language] = await Promise.all([import('../core/diagnostics/probe-report'), cliLanguage(io)]);
  io.out(formatProbeOpen(result, language, expectGiven));
}
