import type { z } from 'zod';
import { invalidInput } from '../../contract/error-codes';

/** zod at a boundary: the error names each field and the fix ("service.port: must be from 1 to 65535"). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error, what);
  return parsed.data;
}
