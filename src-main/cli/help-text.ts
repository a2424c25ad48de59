import type { DiagnosisClass } from '../contract/features/knock';
import type { Language } from '../contract/locales/language';
import type { CommandSpec } from './command';
import { commands } from './commands/index';
import { cancelledExitCode, diagnosisExitCodeRows } from './diagnosis';
import { exitCodes } from './io';
import { terminalLanguage } from './messages';

/**
 * The help of every command in one language other than English: each
 * command's whole `--help` text by name, the command list, and the meaning of
 * each diagnosis for the exit-code tables. Exit-code numbers are placeholders
 * ({{ok}}, {{failure}}, {{usage}}, {{cancelled}}, and {{exitCodes}} for the
 * diagnosis rows) filled from io.ts and diagnosis.ts, so no table repeats them.
 */
interface HelpTable {
  _top: { usage: string; commands: string; footer: string; summaries: Record<string, string> };
  _diagnosis: Record<DiagnosisClass, string>;
  [command: string]: unknown;
}

/**
 * English lives beside each command (its spec's `help`); other languages load
 * only when the terminal speaks them, as a chunk of their own in the built CLI,
 * so English `--help` and every command run never parse them.
 */
async function helpTable(language: Language): Promise<HelpTable | undefined> {
  if (language === 'ko') return (await import('../contract/locales/cli-help.ko.json', { with: { type: 'json' } })).default as HelpTable;
  return undefined;
}

function fill(template: string, table: HelpTable): string {
  const values: Record<string, string> = {
    ok: String(exitCodes.ok),
    failure: String(exitCodes.failure),
    usage: String(exitCodes.usage),
    cancelled: String(cancelledExitCode),
    exitCodes: diagnosisExitCodeRows(table._diagnosis).join('\n'),
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * `sesame profiles export --help` (and `sesame help profiles export`): that
 * action's usage lines, then the command's description, options and exit codes.
 * Anything that is not one of the spec's actions gets the whole help.
 */
export function actionHelp(spec: CommandSpec, action: string | undefined): string {
  if (action === undefined || !spec.positionals?.actions?.[action]) return spec.help;
  const lines = spec.help.split('\n');
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '');
  const mine: string[] = [];
  let inMine = false;
  for (const line of lines.slice(1, end)) {
    // A usage line starts "  sesame CMD ACTION"; deeper-indented lines continue the one above.
    if (/^\s*sesame /.test(line)) inMine = line.trimStart().startsWith(`sesame ${spec.name} ${action} `) || line.trim() === `sesame ${spec.name} ${action}`;
    if (inMine) mine.push(line);
  }
  // The heading is the first line's first word: "Usage:", or its translation.
  return [lines[0]!.split(/\s/)[0]!, ...mine, ...lines.slice(end)].join('\n');
}

/** `sesame CMD --help` (or one action's part of it) in the terminal's language; English for a command the table lacks. */
export async function commandHelp(spec: CommandSpec, action: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const table = await helpTable(terminalLanguage(env));
  const local = table?.[spec.name];
  const help = table && typeof local === 'string' ? fill(local, table) : spec.help;
  return actionHelp({ ...spec, help }, action);
}

/** `sesame --help`: the command list, from the table alone (no command module is loaded). */
export async function topHelp(env: NodeJS.ProcessEnv): Promise<string> {
  const top = (await helpTable(terminalLanguage(env)))?._top;
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    top?.usage ?? 'Usage: sesame <command> [options]',
    '',
    top?.commands ?? 'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${top?.summaries[c.name] ?? c.summary}`),
    '',
    top?.footer ?? 'Run "sesame help <command>" or "sesame <command> --help" for its options and exit codes.',
    '',
  ].join('\n');
}
