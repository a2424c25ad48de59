import type { ContractError, FieldIssue } from '../../../src-main/contract/errors';

/** INVALID_INPUT's details.issues as "path" → first message, with a request prefix ("patch.") stripped. */
export function fieldErrors(error: ContractError, prefix = ''): Record<string, string> {
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues;
  if (error.code !== 'INVALID_INPUT' || !Array.isArray(issues)) return {};
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    out[path] ??= issue.message;
  }
  return out;
}
