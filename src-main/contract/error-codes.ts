/**
 * The error codes and the error shape every transport understands, without
 * zod: `sesame connect` and `sesame proxy` import these on every start, and
 * loading zod costs more than their whole start-up budget. The zod schemas of
 * the same codes (for the IPC contract) are in ./errors, built from the same
 * `errorCodes` array, so there is one list.
 *
 * Kept small on purpose: the renderer branches on `code`, humans read
 * `message`, and `details` carries structured extras (e.g. the failing field
 * paths for INVALID_INPUT).
 */
export const errorCodes = [
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'UNKNOWN_METHOD',
  'FORBIDDEN_SENDER',
  'NOT_FOUND',
  'CONFLICT',
  'CANCELLED',
  'KEYCHAIN_UNAVAILABLE',
  // A saved secret would go to a host, port or user it was not saved for: the user must confirm first.
  'DESTINATION_UNCONFIRMED',
  'NOT_IMPLEMENTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The one serialisable error shape that crosses every transport. */
export interface ContractError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export function contractError(code: ErrorCode, message: string, details?: unknown): ContractError {
  return details === undefined ? { code, message } : { code, message, details };
}

const codes: ReadonlySet<unknown> = new Set(errorCodes);

/** Exactly what `contractErrorSchema.safeParse(value).success` says (test/unit/contract/error-codes.test.ts checks it). */
export function isContractError(value: unknown): value is ContractError {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { code, message } = value as Record<string, unknown>;
  return codes.has(code) && typeof message === 'string';
}

/**
 * A field-level problem, flattened from zod so it survives structured clone and
 * names the field the user has to fix.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The part of a z.ZodError these helpers read; structural, so this module needs no zod. */
export interface IssueList {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

export function issuesFromZod(error: IssueList): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Builds INVALID_INPUT with a message that names each bad field. */
export function invalidInput(error: IssueList, what: string): ContractError {
  const issues = issuesFromZod(error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return contractError('INVALID_INPUT', `Invalid ${what}: ${summary}`, { issues });
}
