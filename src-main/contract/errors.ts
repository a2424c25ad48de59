import { z } from 'zod';
import { errorCodes, type ContractError, type ErrorCode } from './error-codes';

// The codes, the error shape and its helpers are zod-free (./error-codes, which the CLI's hot paths
// import directly); here are their schemas for the contract, built from the same list.
export * from './error-codes';

export const errorCodeSchema = z.enum(errorCodes);

export const contractErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});

// The schema and the hand-written types must describe the same shape: each line fails to compile when they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameCode: Same<z.infer<typeof errorCodeSchema>, ErrorCode> = true;
const sameError: Same<z.infer<typeof contractErrorSchema>, ContractError> = true;
void sameCode;
void sameError;
