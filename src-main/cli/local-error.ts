import type { FieldIssue } from '../contract/error-codes';
import { cliText, terminalLanguage } from './messages';

/**
 * An error's message in the terminal's language: a contract error's field
 * issues one by one, other messages through main's messages table (the one
 * the window uses: launcher refusals, "No profile named …", schema messages).
 * Text the tables do not know stays as it is. The tables load only here, on the error path.
 */
export async function localMessage(
  env: NodeJS.ProcessEnv,
  error: { code?: string; message: string; details?: unknown },
  labels: FieldLabels = {},
): Promise<string> {
  const language = terminalLanguage(env);
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues;
  const invalid = error.code === 'INVALID_INPUT' && Array.isArray(issues) && issues.length > 0;
  if (language === 'en' && !(invalid && Object.keys(labels).length > 0)) return error.message;
  // main's messages table holds the schema messages too (through the validation table) and the launcher's refusals.
  const { translateMessage } = language === 'en' ? { translateMessage: undefined } : await import('../contract/locales/messages');
  const translate = (m: string, lang: typeof language) => (translateMessage ? translateMessage(m, lang).text : m);
  if (invalid) {
    return `${cliText(env)('errors.invalid')} ${issues.map((i) => `${fieldLabel(i.path, labels)}: ${translate(i.message, language)}`).join('; ')}`;
  }
  return translate(error.message, language);
}

/** Contract field paths ("service.port") to the words the user typed ("--port"); each command passes its own table. */
export type FieldLabels = Readonly<Record<string, string>>;

/** The label of the longest known prefix of `path` ("knock.steps.1.port" → "--knock"); unknown paths stay as they are. */
export function fieldLabel(path: string, labels: FieldLabels): string {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const label = labels[parts.join('.')];
    if (label !== undefined) return label;
  }
  return path;
}
