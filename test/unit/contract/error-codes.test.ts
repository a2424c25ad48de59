import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractErrorSchema, errorCodes, invalidInput, isContractError } from '../../../src-main/contract/errors';
import * as zodFree from '../../../src-main/contract/error-codes';

// Values close to the error shape and far from it: objects with a code (known, unknown, wrong type),
// a message (string or not), extra keys; arrays, null, primitives, class instances.
const codeLike = fc.oneof(fc.constantFrom(...errorCodes), fc.constantFrom('', 'invalid_input', 'NOPE', 'toString'), fc.anything());
const errorLike = fc.oneof(
  fc.record({ code: codeLike, message: fc.oneof(fc.string(), fc.anything()), details: fc.anything() }, { requiredKeys: [] }),
  fc.record({ code: codeLike, message: fc.string() }).map((e) => Object.assign(new Error(e.message), { code: e.code })),
  // An array carrying both keys is still no error object (z.object refuses arrays).
  fc.record({ code: fc.constantFrom(...errorCodes), message: fc.string() }).map((e) => Object.assign([e], e)),
  fc.anything(),
);

describe('error codes without zod', () => {
  it('isContractError says exactly what contractErrorSchema says, for near-misses and noise', () => {
    fc.assert(
      fc.property(errorLike, (value) => {
        expect(isContractError(value)).toBe(contractErrorSchema.safeParse(value).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('errors re-exports the zod-free helpers themselves (one list of codes, one isContractError)', () => {
    expect(errorCodes).toBe(zodFree.errorCodes);
    expect(isContractError).toBe(zodFree.isContractError);
    expect(contractErrorSchema.shape.code.options).toEqual([...zodFree.errorCodes]);
  });

  it('imports nothing, so the CLI paths that need only the codes never load zod', () => {
    const source = readFileSync(new URL('../../../src-main/contract/error-codes.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export .* from)\b/m);
  });

  it('invalidInput names each field of a real ZodError', () => {
    const parsed = z.object({ port: z.number().int(), host: z.object({ name: z.string() }) }).safeParse({ port: 1.5, host: { name: 3 } });
    const error = invalidInput(parsed.error!, 'profile');
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^Invalid profile: port: .+; host\.name: .+$/);
    expect(error.details).toEqual({ issues: [expect.objectContaining({ path: 'port' }), expect.objectContaining({ path: 'host.name' })] });
  });
});
