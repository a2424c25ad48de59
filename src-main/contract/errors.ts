import { z } from 'zod';

/**
 * Error codes every transport understands. Kept small on purpose: the renderer
 * branches on `code`, humans read `message`, and `details` carries structured
 * extras (e.g. the failing field paths for INVALID_INPUT).
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

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const contractErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});

/** The one serialisable error shape that crosses every transport. */
export type ContractError = z.infer<typeof contractErrorSchema>;

export function contractError(code: ErrorCode, message: string, details?: unknown): ContractError {
  return details === undefined ? { code, message } : { code, message, details };
}

export function isContractError(value: unknown): value is ContractError {
  return contractErrorSchema.safeParse(value).success;
}

/**
 * A field-level problem, flattened from zod so it survives structured clone and
 * names the field the user has to fix.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Builds INVALID_INPUT with a message that names each bad field. */
export function invalidInput(error: z.ZodError, what: string): ContractError {
  const issues = issuesFromZod(error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return contractError('INVALID_INPUT', `Invalid ${what}: ${summary}`, { issues });
}
